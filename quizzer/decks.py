"""YAML deck files → model, with every problem reported as ``file:line:col: message``."""

from __future__ import annotations

import difflib
import gc
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

import yaml

from quizzer import safetext
from quizzer import schema as s
from quizzer.discovery import bundled_decks_dir, deck_files
from quizzer.files import FileProblem, read_regular_file
from quizzer.model import (
    Deck,
    Distractor,
    Facet,
    Group,
    Innervation,
    Item,
    Library,
    Muscle,
    Palpation,
    ReferralZone,
    Relation,
    Source,
    Stretch,
    Zone,
)
from quizzer.questions import Draft, Place, QuestionFileError, attach, draft, read_question_file
from quizzer.vocab import JOINTS, RETIRED_JOINTS

MAX_FILE_BYTES = 16 * 1024 * 1024
"""Deck files larger than this are refused before parsing."""

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
_MAP, _SEQ = _TAG + "map", _TAG + "seq"
_SOURCE_SPEC = s.ITEM_FIELDS["source"].spec
_RELATIONS = (".synergists[", ".antagonists[")
_ACTION_REF_KEYS = {"action": _RELATIONS, "resisted": (".palpation",), "muscles": _RELATIONS}
"""Keys whose values refer to the muscle's own actions or to itself, with the parts of the
key path they sit under (a synergist or antagonist entry, the palpation block)."""
_MARKED_KEYS = {"muscles": _RELATIONS, "movements": (".stretch",)}
"""Keys whose places cross-file checks report (relation muscles, stretch movements)."""
_KNOWN_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP, _SEQ})
_SLUG_RE = re.compile(s.SLUG)
_PATTERNS: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    found = _PATTERNS.get(pattern)
    if found is None:
        found = _PATTERNS[pattern] = re.compile(pattern)
    return found


@dataclass(frozen=True)
class Problem:
    """One problem in a deck file, with its place."""

    path: str
    line: int
    """1-based; 0 when the problem has no place inside a file (a missing path)."""
    column: int
    message: str

    def __str__(self) -> str:
        if self.line < 1:
            return f"{self.path}: {self.message}"
        if self.column < 1:  # a CSV row: file:line: column: message
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class DeckError(Exception):
    """Deck files have problems; ``problems`` lists each with its place."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class _Ref:
    muscle_id: str
    line: int
    column: int
    where: str


class _FileChecker:
    """Walks one composed YAML tree against the schema, collecting problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.refs: list[_Ref] = []
        self.sources: list[tuple[str, yaml.Node, str]] = []
        self.opposes: list[tuple[list[str], yaml.Node, str]] = []
        self.roots: list[tuple[list[str], yaml.Node, str]] = []
        """Each ``innervation.roots`` list, its node and path (checked once parsed)."""
        """A distractor's ``opposes`` list, its node and path (checked once parsed)."""
        """Each item's ``source`` value, node and key path, checked after the walk."""
        self.muscle_marks: dict[str, tuple[int, int]] = {}
        self.action_refs: list[tuple[Any, yaml.Node, str]] = []
        """Values naming the muscle's own actions (synergist/antagonist ``action``,
        palpation ``resisted``) and relation ``muscles``, checked once parsed."""
        self.marks: dict[str, tuple[int, int]] = {}
        """Places of the values cross-file checks report on, by key path."""
        self.source = ""
        """The file's text, to place a refused character exactly (see ``_unsafe``)."""

    def problem(self, node: yaml.Node, where: str, message: str) -> None:
        mark = node.start_mark
        prefix = f"{where}: " if where else ""
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, prefix + message))

    def check(self, node: yaml.Node, spec: s.Spec, where: str) -> Any:
        """The plain value of ``node`` if it fits ``spec``; ``None`` after recording why not."""
        # Fast path for the commonest case, free text (most of a deck's nodes).
        if spec.__class__ is s.Str and node.__class__ is yaml.ScalarNode and node.tag == _STR:
            text = node.value.strip()
            if text and spec.enum is None and spec.pattern is None:
                return text if safetext.is_plain(text) else self._unsafe(node, where, text)
        if node.tag not in _KNOWN_TAGS:
            self.problem(node, where, f"the tag {_short_tag(node.tag)} is not allowed in deck files")
            return None
        if isinstance(spec, s.Obj):
            return self._obj(node, spec, where)
        if isinstance(spec, s.List):
            return self._list(node, spec, where)
        if isinstance(spec, s.KeyedMap):
            return self._keyed(node, spec, where)
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, where, f"expected {_expected(spec)}, got {_kind(node)}")
            return None
        tag = node.tag
        if tag == _NULL:
            self.problem(node, where, f"missing value: expected {_expected(spec)}")
            return None
        if isinstance(spec, s.Bool):
            if tag != _BOOL:
                self.problem(node, where, f"expected true or false, got {_excerpt(node.value)}")
                return None
            return node.value.lower() in ("true", "yes", "on")
        if isinstance(spec, s.Int):
            if tag != _INT:
                self.problem(node, where, f"expected a whole number, got {_excerpt(node.value)}")
                return None
            try:
                value = int(node.value.replace("_", ""), 10)
            except ValueError:
                self.problem(node, where, f"expected a whole number, got {_excerpt(node.value)}")
                return None
            if (spec.minimum is not None and value < spec.minimum) or (
                spec.maximum is not None and value > spec.maximum
            ):
                self.problem(node, where, f"{value} is out of range {spec.minimum}–{spec.maximum}")
                return None
            return value
        if tag == _BOOL:
            self.problem(node, where, f"expected {_expected(spec)}, got {_excerpt(node.value)} (a yes/no)")
            return None
        text = node.value.strip()
        if not text:
            self.problem(node, where, f"empty text: expected {_expected(spec)}")
            return None
        if isinstance(spec, s.MuscleRef):
            if not _SLUG_RE.match(text):
                self.problem(node, where, f"{_excerpt(text)} is not a muscle id (a lowercase slug)")
                return None
            mark = node.start_mark
            self.refs.append(_Ref(text, mark.line + 1, mark.column + 1, where))
            return text
        if spec.enum is not None and text not in spec.enum:
            self.problem(node, where, _unknown_value(text, spec.enum))
            return None
        if spec.pattern is not None and not _compiled(spec.pattern).match(text):
            what = (
                "a lowercase slug such as 'hip-abduction'"
                if spec.pattern == s.SLUG
                else ("a spinal root such as 'L4'" if spec.pattern == s.ROOT else spec.pattern)
            )
            self.problem(node, where, f"{_excerpt(text)} is not {what}")
            return None
        return text if safetext.is_plain(text) else self._unsafe(node, where, text)

    def _unsafe(self, node: yaml.Node, where: str, text: str) -> str | None:
        """``text``, or None after reporting a character deck text may not hold, placed at
        the character itself when the file spells it literally (else at the value)."""
        found = safetext.deck_text_problem(text, where)
        if found is None:
            return text
        index, message = found
        start, end = node.start_mark, node.end_mark
        at = self.source.find(text[index], start.index, end.index) if self.source else -1
        if at < 0:
            self.problem(node, where, message)
        else:
            line = start.line + self.source.count("\n", start.index, at)
            column = at - self.source.rfind("\n", 0, at)
            self.problems.append(Problem(self.path, line + 1, column, f"{where}: {message}"))
        return None

    def _obj(self, node: yaml.Node, spec: s.Obj, where: str) -> dict[str, Any] | None:
        if not isinstance(node, yaml.MappingNode):
            # The whole file is not a mapping: it is not a deck at all (say a deck path that
            # links to another file), so none of its content is echoed.
            got = _kind(node) if where else f"{_kind(node, quote=False)} (is this a deck file?)"
            self.problem(node, where, f"expected a mapping, got {got}")
            return None
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        ok = True
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.problem(key_node, where, "keys must be plain words")
                ok = False
                continue
            sub = f"{where}.{key}" if where else key
            if key in seen:
                self.problem(key_node, sub, f"duplicate key (first at line {seen[key]})")
                ok = False
                continue
            seen[key] = key_node.start_mark.line + 1
            f = spec.fields.get(key)
            if f is None:
                self.problem(key_node, sub, f"unknown key{_did_you_mean(key, spec.fields)}")
                ok = False
                continue
            value = self.check(value_node, f.spec, sub)
            if value is None:
                ok = False
            else:
                out[key] = value
                if key == "source" and f.spec is _SOURCE_SPEC:
                    self.sources.append((value, value_node, sub))
                elif key == "opposes":
                    self.opposes.append((value, value_node, sub))
                elif key == "roots":
                    self.roots.append((value, value_node, sub))
                elif key in _ACTION_REF_KEYS or key in _MARKED_KEYS:
                    if any(part in where for part in _ACTION_REF_KEYS.get(key, ())):
                        self.action_refs.append((value, value_node, sub))
                    if any(part in where for part in _MARKED_KEYS.get(key, ())):
                        mark = value_node.start_mark
                        self.marks[sub] = (mark.line + 1, mark.column + 1)
                elif key == "cloze" and (trouble := _cloze_trouble(value)):
                    self.problem(value_node, sub, trouble)
                    ok = False
        for name, f in spec.fields.items():
            if f.required and name not in seen:
                self.problem(node, where, f"missing required key {name!r}")
                ok = False
        return out if ok else None

    def _list(self, node: yaml.Node, spec: s.List, where: str) -> list[Any] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, where, f"expected a list, got {_kind(node)}")
            return None
        if len(node.value) < spec.min_items:
            self.problem(
                node,
                where,
                "empty list: at least one item is required"
                if not node.value or spec.min_items == 1
                else f"at least {spec.min_items} items are required",
            )
            return None
        out: list[Any] = []
        ids: dict[str, int] = {}
        ok = True
        for index, child in enumerate(node.value):
            sub = f"{where}[{index}]"
            value = self.check(child, spec.item, sub)
            if value is None:
                ok = False
                continue
            key = value.get("id") if spec.unique_ids else (value if spec.unique else None)
            if isinstance(key, str):
                if key in ids:
                    label = "id" if spec.unique_ids else "entry"
                    self.problem(child, sub, f"duplicate {label} {key!r} (first at line {ids[key]})")
                    ok = False
                    continue
                if spec.unique_ids and key in s.RESERVED_IDS:
                    self.problem(child, sub, f"the id {key!r} is reserved; choose another")
                    ok = False
                    continue
                ids[key] = child.start_mark.line + 1
            out.append(value)
        if ok and spec.unique_ids:
            # Two items that look the same would make options a student cannot tell apart
            # (an order question of identical steps has no right answer).
            ordered = where.endswith((".rice", ".grades"))
            for index, first, what in safetext.lookalike_items(out, ordered=ordered):
                self.problem(
                    node.value[index],
                    f"{where}[{index}]",
                    f"its {what} looks the same as that of {out[first]['id']!r} "
                    f"(line {node.value[first].start_mark.line + 1}): options would "
                    "be impossible to tell apart",
                )
                ok = False
        return out if ok else None

    def _keyed(self, node: yaml.Node, spec: s.KeyedMap, where: str) -> dict[str, Any] | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, where, f"expected a mapping, got {_kind(node)}")
            return None
        fields = {key: s.Field(spec.value) for key in spec.keys}
        return self._obj(node, s.Obj(fields), where)


_GAP = re.compile(r"\{\{(.*?)\}\}")


def _cloze_trouble(text: str) -> str:
    """What is wrong with a cloze text's gaps, or "" when they are sound."""
    gaps = _GAP.findall(text)
    if not gaps:
        return "a cloze text needs at least one gap marked {{like this}}"
    if any(not gap.strip() for gap in gaps):
        return "empty cloze gap {{}}"
    if any("::" in gap or "{" in gap or "}" in gap for gap in gaps):
        return "a cloze gap may not contain '::' or braces (Anki reads them as markup)"
    outside = _GAP.sub("", text)
    if "{{" in outside or "}}" in outside:
        return "unbalanced '{{' or '}}' in cloze text"
    return ""


def _expected(spec: s.Spec) -> str:
    if isinstance(spec, s.Int):
        return "a whole number"
    if isinstance(spec, s.Bool):
        return "true or false"
    if isinstance(spec, s.MuscleRef):
        return "a muscle id"
    if isinstance(spec, s.List):
        return "a list"
    if isinstance(spec, (s.Obj, s.KeyedMap)):
        return "a mapping"
    return "text"


def _kind(node: yaml.Node, *, quote: bool = True) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return {_INT: "a number", _FLOAT: "a number", _BOOL: "true/false", _NULL: "nothing"}.get(
        node.tag, f"the text {_excerpt(node.value)}" if quote else "text"
    )


def _excerpt(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message, cut short: a message shows what is wrong, not a file."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _unknown_value(text: str, choices: Sequence[str]) -> str:
    """What is wrong with ``text`` where one of ``choices`` is expected: a retired id
    (``quizzer.vocab.RETIRED_JOINTS``) names the ids that replaced it."""
    replaced = RETIRED_JOINTS.get(text, ())
    if replaced and set(replaced) <= set(choices):
        labels = " and ".join(f"{x!r} ({JOINTS[x].lower()})" for x in replaced)
        return f"{_excerpt(text)} is no longer a joint id: it was split into {labels}; use one or both"
    return f"unknown value {_excerpt(text)}{_did_you_mean(text, choices)}"


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _read_text(path: Path) -> tuple[bytes, str]:
    """The file's bytes and text, or a DeckError naming what is wrong with its bytes."""
    name = str(path)
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES, what="a deck must be a YAML file")
    except FileProblem as exc:
        raise DeckError([Problem(name, 1, 1, str(exc))]) from None
    nul = raw.find(b"\0")
    if nul >= 0:
        line, col = _place(raw, nul)
        raise DeckError([Problem(name, line, col, "binary file (NUL byte): not a YAML deck")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _place(raw, exc.start)
        raise DeckError([Problem(name, line, col, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})")]) from None
    if not text.strip():
        raise DeckError([Problem(name, 1, 1, "file is empty: expected 'deck' and 'muscles'")])
    control = safetext.raw_control(text)
    if control is not None:
        index, message = control
        line, col = text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
        raise DeckError([Problem(name, line, col, message)])
    return raw, text


def _place(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


class _Loader(yaml.CSafeLoader):
    """libyaml's safe loader with a leaner resolver.

    Deck files use no path resolvers, so their per-node bookkeeping is skipped, and the
    implicit-tag regexes are looked up once per first character. Tags come out exactly as
    the safe loader's (a test compares them).
    """

    _by_first: ClassVar[dict[str, tuple[tuple[str, re.Pattern[str]], ...]]] = {}

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                first = value[:1]
                resolvers = self._by_first.get(first)
                if resolvers is None:
                    resolvers = tuple(self.yaml_implicit_resolvers.get(first, [])) + tuple(
                        self.yaml_implicit_resolvers.get(None, [])
                    )
                    self._by_first[first] = resolvers
                for tag, regexp in resolvers:
                    if regexp.match(value):
                        return tag
            return str(self.DEFAULT_SCALAR_TAG)
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


def _compose(text: str, name: str, raw: bytes | None = None) -> yaml.Node:
    if "*" in text:
        # Aliases would let a tiny file expand into billions of nodes when walked;
        # refuse them while parsing, before anything is built.
        try:
            for event in yaml.parse(text, Loader=yaml.CSafeLoader):
                if isinstance(event, yaml.AliasEvent):
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
                    raise DeckError(
                        [Problem(name, line, column, "YAML aliases (*name) are not allowed in deck files")]
                    )
        except yaml.MarkedYAMLError as exc:
            raise DeckError([_syntax_problem(exc, name)]) from None
    try:
        # libyaml reads the bytes directly (faster than handing it a str).
        node = yaml.compose(raw if raw is not None else text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise DeckError([_syntax_problem(exc, name)]) from None
    except yaml.YAMLError as exc:
        raise DeckError([Problem(name, 1, 1, "YAML error: " + " ".join(str(exc).split()))]) from None
    if node is None:
        raise DeckError([Problem(name, 1, 1, "file is empty: expected 'deck' and 'muscles'")])
    return node


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = " ".join(p for p in (exc.context, exc.problem) if p)
    return Problem(name, line, col, f"YAML syntax error: {what}")


@dataclass
class _Parsed:
    deck: Deck
    checker: _FileChecker
    drafts: list[Draft] = field(default_factory=list)
    """The deck's hand-written ``questions:``, placed once every deck is loaded."""


def _parse_file(path: Path, *, bundled: bool) -> _Parsed:
    # A deck builds hundreds of thousands of small acyclic objects; the cycle collector
    # would rescan them again and again for nothing, so it waits until the file is done.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse_file_unguarded(path, bundled=bundled)
    finally:
        if enabled:
            gc.enable()


def _parse_file_unguarded(path: Path, *, bundled: bool) -> _Parsed:
    name = str(path)
    raw, text = _read_text(path)
    node = _compose(text, name, raw)
    checker = _FileChecker(name)
    checker.source = text
    data = checker.check(node, s.DECK, "")
    if data is None:
        raise DeckError(checker.problems)
    deck_info = data["deck"]
    raw_muscles = data.get("muscles", [])
    raw_groups = data.get("groups", [])
    if not raw_muscles and not raw_groups and "questions" not in data:
        checker.problem(node, "", "a deck needs 'muscles', 'groups' or 'questions'")
        raise DeckError(checker.problems)
    muscles = [_muscle(raw, deck_info["id"]) for raw in raw_muscles]
    groups = [_group(raw, deck_info["id"]) for raw in raw_groups]
    _check_sources({"muscles": raw_muscles, "groups": raw_groups}, checker)
    _check_opposes(raw_muscles, checker)
    _check_own_actions(raw_muscles, checker)
    _check_roots(raw_muscles, checker)
    drafts = _drafts(node, data.get("questions", ()), name, checker)
    # Marks of muscle and group ids, for cross-file reports.
    ids = {"muscles": [m.id for m in muscles], "groups": [g.id for g in groups]}
    for key, entry_ids in ids.items():
        if not entry_ids:
            continue
        list_node = next(v for k, v in node.value if k.value == key)
        for child, entry_id in zip(list_node.value, entry_ids, strict=True):
            id_node = next(v for k, v in child.value if k.value == "id")
            checker.muscle_marks[entry_id] = (id_node.start_mark.line + 1, id_node.start_mark.column + 1)
    if checker.problems:
        raise DeckError(checker.problems)
    deck = Deck(
        id=deck_info["id"],
        name=deck_info["name"],
        description=deck_info.get("description", ""),
        path=name,
        muscles=tuple(muscles),
        bundled=bundled,
        groups=tuple(groups),
    )
    return _Parsed(deck, checker, drafts)


def _drafts(
    root: yaml.Node, items: Sequence[dict[str, Any]], name: str, checker: _FileChecker
) -> list[Draft]:
    """A YAML deck's ``questions:``, checked like a question file's rows (file:line:col)."""
    node = next((v for k, v in root.value if k.value == "questions"), None)
    out: list[Draft] = []
    for index, (raw, child) in enumerate(zip(items, node.value if node else [], strict=True)):
        where = f"questions[{index}]"
        nodes = {k.value: v for k, v in child.value}
        places = {
            key: Place(v.start_mark.line + 1, v.start_mark.column + 1, f"{where}.{key}")
            for key, v in nodes.items()
        }
        options = nodes.get("options")
        for i, option in enumerate(options.value if isinstance(options, yaml.SequenceNode) else []):
            places[f"option {chr(65 + i)}"] = Place(
                option.start_mark.line + 1, option.start_mark.column + 1, f"{where}.options[{i}]"
            )
        whole = Place(child.start_mark.line + 1, child.start_mark.column + 1, where)
        places.setdefault("question", whole)
        fields = {k: v for k, v in raw.items() if k != "options"}
        made, troubles = draft(fields, list(raw.get("options", ())), path=name, places=places)
        for field_name, message in troubles:
            place = places.get(field_name, places.get("options", whole))
            checker.problems.append(Problem(name, place.line, place.column, f"{place.label}: {message}"))
        if made is not None:
            out.append(made)
    return out


def _check_sources(lists: dict[str, list[dict[str, Any]]], checker: _FileChecker) -> None:
    """Every ``source`` must name one of its own muscle's (or group's) sources."""
    known = {
        key: [{src["id"] for src in raw["sources"]} for raw in entries] for key, entries in lists.items()
    }
    for value, node, where in checker.sources:
        key = where[: where.index("[")]
        index = int(where[len(key) + 1 : where.index("]")])
        ids = known[key][index]
        if value not in ids:
            whose = "muscle" if key == "muscles" else "group"
            checker.problem(
                node,
                where,
                f"unknown source {value!r}{_did_you_mean(value, ids)}; "
                f"it must be the id of one of this {whose}'s sources",
            )


def _check_own_actions(muscles: list[dict[str, Any]], checker: _FileChecker) -> None:
    """Synergist/antagonist ``action`` and palpation ``resisted`` name the muscle's own
    actions; a muscle is never its own synergist or antagonist."""
    for value, node, where in checker.action_refs:
        index = int(where[len("muscles[") : where.index("]")])
        raw = muscles[index]
        if where.endswith(".muscles"):
            if raw["id"] in value:
                checker.problem(node, where, f"{raw['id']!r} cannot be related to itself")
            continue
        known = [item["id"] for item in raw["actions"]]
        if value not in known:
            checker.problem(
                node,
                where,
                f"unknown action {value!r}{_did_you_mean(value, known)}; "
                "it must be the id of one of this muscle's actions",
            )


def _check_roots(muscles: list[dict[str, Any]], checker: _FileChecker) -> None:
    """Only a cranial nerve has no spinal roots: ``roots: []`` needs ``plexus: cranial``."""
    for roots, node, where in checker.roots:
        index = int(where[len("muscles[") : where.index("]")])
        if not roots and muscles[index]["innervation"].get("plexus") != "cranial":
            checker.problem(
                node, where, "empty list: only a cranial nerve (plexus: cranial) has no spinal roots"
            )


def _check_opposes(muscles: list[dict[str, Any]], checker: _FileChecker) -> None:
    """A distractor's ``opposes`` ids must be true items of the same muscle and facet."""
    keys = {facet.value: (block, key) for facet, block, key, _ in _FACET_KEYS}
    for ids, node, where in checker.opposes:
        index = int(where[len("muscles[") : where.index("]")])
        facet = where.split(".distractors.", 1)[1].split("[", 1)[0]
        raw = muscles[index]
        if facet == Facet.INNERVATION.value:
            known = {raw["innervation"]["nerve"]["id"]}
        else:
            block, key = keys[facet]
            container = raw.get(block, {}) if block else raw
            known = {item["id"] for item in container.get(key, ())}
        for value in ids:
            if value not in known:
                checker.problem(
                    node,
                    where,
                    f"unknown item {value!r}{_did_you_mean(value, known)}; it must be the id "
                    f"of one of this muscle's {facet} items",
                )


def _item(raw: dict[str, Any], *extra: str) -> Item:
    return Item(
        id=raw["id"],
        text=raw["text"],
        cloze=raw.get("cloze"),
        note=raw.get("note"),
        # A fact true only in part is never asked either way, as a disputed one.
        disputed=bool(raw.get("disputed", False)) or bool(raw.get("partial", False)),
        partial=bool(raw.get("partial", False)),
        source=raw.get("source"),
        distinctive=bool(raw.get("distinctive", False)),
        fields={key: str(raw[key]) for key in extra if key in raw},
        qualifier=raw.get("qualifier"),
    )


_FACET_KEYS: tuple[tuple[Facet, str, str, tuple[str, ...]], ...] = (
    (Facet.ORIGIN, "", "origin", ()),
    (Facet.INSERTION, "", "insertion", ()),
    (Facet.ACTIONS, "", "actions", ()),
    (Facet.BLOOD_SUPPLY, "", "blood_supply", ()),
    (Facet.FIBERS, "", "fibers", ()),
    (Facet.CLINICAL_TESTS, "", "clinical_tests", ("type",)),
    (Facet.CAUTIONS, "", "cautions", ()),
    (Facet.CONDITIONS, "", "conditions", ()),
    (Facet.TP_SYMPTOMS, "trigger_points", "symptoms", ()),
    (Facet.TP_CAUSES, "trigger_points", "causes", ()),
    (Facet.TP_PREVENTION, "trigger_points", "prevention", ()),
    (
        Facet.SELF_TREATMENT,
        "trigger_points",
        "self_treatment",
        ("tool", "technique", "duration", "frequency"),
    ),
    (Facet.PROFESSIONAL_HELP, "trigger_points", "professional_help", ()),
    (Facet.TIME_TO_RELIEF, "trigger_points", "time_to_relief", ()),
    (Facet.DIAGNOSTIC_SIGNS, "trigger_points", "diagnostic_signs", ()),
    (Facet.DIFFERENTIAL, "trigger_points", "differential", ()),
    (Facet.STRAIN_MECHANISM, "strain", "mechanism", ("type",)),
    (Facet.STRAIN_SYMPTOMS, "strain", "symptoms", ()),
    (Facet.STRAIN_CAUSES, "strain", "causes", ()),
    (Facet.STRAIN_ACTIVITIES, "strain", "activities", ()),
    (Facet.STRAIN_TREATMENT, "strain", "treatment", ()),
    (Facet.RICE, "strain", "rice", ("letter",)),
    (Facet.STRAIN_GRADES, "strain", "grades", ("grade", "name", "tear", "symptoms", "healing", "see_doctor")),
)


def _muscle(raw: dict[str, Any], deck_id: str) -> Muscle:
    facts: dict[Facet, tuple[Item, ...]] = {}
    for facet, block, key, extra in _FACET_KEYS:
        container = raw.get(block, {}) if block else raw
        if key in container:
            facts[facet] = tuple(_item(item, *extra) for item in container[key])
    tp = raw.get("trigger_points", {})
    referral = tp.get("referral", {})
    nerve = raw["innervation"]
    depth = raw.get("depth", {})
    return Muscle(
        id=raw["id"],
        name=raw["name"],
        deck=deck_id,
        aliases=tuple(raw.get("aliases", ())),
        region=raw["region"],
        location=raw["location"],
        deep_to=tuple(depth.get("deep_to", ())),
        superficial_to=tuple(depth.get("superficial_to", ())),
        innervation=Innervation(
            nerve=_item(nerve["nerve"]),
            roots=tuple(nerve["roots"]),
            note=nerve.get("note"),
            other_nerves=tuple(_item(item) for item in nerve.get("other_nerves", ())),
            plexus=nerve.get("plexus"),
        ),
        referral_description=referral.get("description", ""),
        referral_zones=tuple(
            ReferralZone(zone["region"], Zone(zone["zone"])) for zone in referral.get("zones", ())
        ),
        referral_source=_referral_source(referral, raw) if referral else None,
        trigger_point_sites=tuple(_item(item, "region") for item in tp.get("sites", ())),
        satellites=tuple(tp.get("satellites", ())),
        similar_patterns=tuple(tp.get("similar_patterns", ())),
        facts=facts,
        distractors={
            Facet(key): tuple(
                Distractor(d["id"], d["text"], d["why"], tuple(d.get("opposes", ()))) for d in items
            )
            for key, items in raw.get("distractors", {}).items()
        },
        sources=_sources(raw),
        joints=tuple(raw["joints"]) if "joints" in raw else None,
        synergists=_relations(raw.get("synergists", ())),
        antagonists=_relations(raw.get("antagonists", ())),
        palpation=_palpation(raw["palpation"]) if "palpation" in raw else None,
        stretch=_stretch(raw["stretch"]) if "stretch" in raw else None,
    )


REFERRAL_SOURCE = "travell-simons"
"""The default source of a referral pattern: the trigger-point manual, when the muscle cites it."""


def _referral_source(referral: dict[str, Any], raw: dict[str, Any]) -> str | None:
    if "source" in referral:
        return str(referral["source"])
    return REFERRAL_SOURCE if any(src["id"] == REFERRAL_SOURCE for src in raw["sources"]) else None


def _sources(raw: dict[str, Any]) -> tuple[Source, ...]:
    return tuple(Source(src["id"], src["title"], src.get("url")) for src in raw["sources"])


def _relations(raw: Iterable[dict[str, Any]]) -> tuple[Relation, ...]:
    return tuple(
        Relation(
            action=entry["action"],
            muscles=tuple(entry["muscles"]),
            one_way=tuple(entry.get("one_way", ())),
            note=entry.get("note"),
            source=entry.get("source"),
        )
        for entry in raw
    )


def _palpation(raw: dict[str, Any]) -> Palpation:
    return Palpation(
        position=raw["position"],
        text=raw["text"],
        landmarks=tuple(raw.get("landmarks", ())),
        resisted=raw.get("resisted"),
        note=raw.get("note"),
        source=raw.get("source"),
    )


def _stretch(raw: dict[str, Any]) -> Stretch:
    return Stretch(
        text=raw["text"],
        movements=tuple(raw["movements"]),
        note=raw.get("note"),
        source=raw.get("source"),
    )


def _group(raw: dict[str, Any], deck_id: str) -> Group:
    return Group(
        id=raw["id"],
        name=raw["name"],
        deck=deck_id,
        description=raw["description"],
        members=tuple(raw["members"]),
        aliases=tuple(raw.get("aliases", ())),
        borderline=tuple(raw.get("borderline", ())),
        actions=tuple(_item(item) for item in raw.get("actions", ())),
        mnemonic=_item(raw["mnemonic"]) if "mnemonic" in raw else None,
        note=raw.get("note"),
        sources=_sources(raw),
    )


Reader = Callable[[Path, bool], "_Parsed"]
"""Reads one deck file (path, whether bundled) into its deck and the facts the cross-file
checks need; raises DeckError. The question bank's cache (``quizzer.bank``) passes one that
serves unchanged files without parsing them again."""

ParsedFile = _Parsed
FileChecker = _FileChecker


def parse_file(path: Path, bundled: bool) -> _Parsed:
    """One deck file read and checked on its own: the default ``Reader``."""
    return _parse_file(path, bundled=bundled)


def load_library(
    paths: Sequence[Path] = (),
    *,
    include_bundled: bool = True,
    read: Reader = parse_file,
) -> tuple[Library, list[str]]:
    """Load decks into one library.

    Returns the library and the ids of the decks that ``paths`` named (all bundled decks
    when ``paths`` is empty). Bundled decks are always loaded too (unless excluded) so that
    references and distractors can use their muscles; a given deck with the same deck id as
    a bundled one replaces it. Raises DeckError listing every problem found. Each file is
    read with ``read``; the checks across files run here, on whatever it returns.
    """
    problems: list[Problem] = []
    given: list[_Parsed] = []
    sheets: list[tuple[str, list[Draft]]] = []
    """Question files (CSV) among ``paths``, with their checked rows."""
    order: list[str] = []
    """The given files' paths, in order (for the selected decks)."""
    files = deck_files(paths)
    for path in files:
        if not path.exists():
            problems.append(Problem(str(path), 0, 0, "no such file or folder"))
            continue
        order.append(str(path))
        if is_question_file(path):
            try:
                sheets.append((str(path), read_question_file(path)))
            except QuestionFileError as exc:
                problems.extend(Problem(str(path), line, 0, message) for line, message in exc.problems)
            continue
        try:
            given.append(read(path, False))
        except DeckError as exc:
            problems.extend(exc.problems)
    if paths and not files and not problems:
        problems.append(
            Problem(str(paths[0]), 0, 0, "no deck files (.yaml, or .csv question files) found here")
        )
    given_resolved = {Path(p.deck.path).resolve() for p in given}
    given_ids = {p.deck.id for p in given}
    bundled: list[_Parsed] = []
    if include_bundled:
        for path in deck_files([bundled_decks_dir()]):
            if path.resolve() in given_resolved or is_question_file(path):
                continue
            try:
                parsed = read(path, True)
            except DeckError as exc:
                problems.extend(exc.problems)
                continue
            if parsed.deck.id not in given_ids:
                bundled.append(parsed)
    # Given decks that are the bundled files themselves count as bundled.
    bundled_dir = bundled_decks_dir().resolve()
    all_parsed = bundled + given
    problems.extend(_cross_check(all_parsed))
    if problems:
        raise DeckError(problems)
    decks = []
    for parsed in all_parsed:
        deck = parsed.deck
        if bundled_dir in Path(deck.path).resolve().parents:
            deck = replace(deck, bundled=True)
        decks.append(deck)
    # Hand-written questions are placed last: a row may name any loaded deck and muscle.
    own = [(p.deck.path, p.drafts) for p in all_parsed if p.drafts]
    fed: dict[str, list[str]] = {}
    if own or sheets:
        placed = attach(decks, own + sheets, {p.deck.path: p.deck.id for p in all_parsed})
        problems = [
            Problem(path, place.line, place.column, f"{place.label}: {message}")
            for path, place, message in placed.problems
        ]
        if problems:
            raise DeckError(problems)
        decks, fed = placed.decks, placed.fed
    if paths:
        by_path = {p.deck.path: [p.deck.id] for p in given}
        selected = list(
            dict.fromkeys(
                d for path in order for d in (fed.get(path, []) if path not in by_path else by_path[path])
            )
        )
    else:
        selected = [p.deck.id for p in bundled]
    return Library(tuple(decks)), selected


def is_question_file(path: Path) -> bool:
    """A CSV question file (rather than a YAML deck)."""
    return path.suffix.lower() == ".csv"


def _cross_check(parsed: list[_Parsed]) -> list[Problem]:
    problems: list[Problem] = []
    deck_seen: dict[str, str] = {}
    muscle_seen: dict[str, str] = {}
    for p in parsed:
        if p.deck.id in deck_seen:
            problems.append(
                Problem(p.deck.path, 1, 1, f"deck id {p.deck.id!r} is also used by {deck_seen[p.deck.id]}")
            )
        deck_seen.setdefault(p.deck.id, p.deck.path)
        for muscle in p.deck.muscles:
            line, col = p.checker.muscle_marks.get(muscle.id, (1, 1))
            if muscle.id in muscle_seen:
                problems.append(
                    Problem(
                        p.deck.path,
                        line,
                        col,
                        f"muscle id {muscle.id!r} is also defined in {muscle_seen[muscle.id]}",
                    )
                )
            muscle_seen.setdefault(muscle.id, f"{p.deck.path}:{line}:{col}")
        for group in p.deck.groups:
            line, col = p.checker.muscle_marks.get(group.id, (1, 1))
            if group.id in muscle_seen:
                problems.append(
                    Problem(
                        p.deck.path,
                        line,
                        col,
                        f"group id {group.id!r} is also used by {muscle_seen[group.id]}",
                    )
                )
            muscle_seen.setdefault(group.id, f"{p.deck.path}:{line}:{col}")
    groups = {g.id for p in parsed for g in p.deck.groups}
    for p in parsed:
        for ref in p.checker.refs:
            if ref.muscle_id not in muscle_seen or ref.muscle_id in groups:
                what = "a group, not a muscle" if ref.muscle_id in groups else "unknown muscle"
                problems.append(
                    Problem(
                        p.deck.path,
                        ref.line,
                        ref.column,
                        f"{ref.where}: {what} {ref.muscle_id!r}{_did_you_mean(ref.muscle_id, muscle_seen)}",
                    )
                )
    if not problems:
        problems.extend(_check_relations(parsed))
    return problems


def _check_relations(parsed: list[_Parsed]) -> list[Problem]:
    """Synergists and antagonists are listed both ways (A opposes B ⇒ B opposes A) unless
    the entry names the other muscle in ``one_way`` with a note saying why; stretch
    movements are actions some muscle in the decks performs."""
    problems: list[Problem] = []
    muscles = {m.id: m for p in parsed for m in p.deck.muscles}
    actions = {item.id for m in muscles.values() for item in m.items(Facet.ACTIONS)}
    for p in parsed:
        for index, muscle in enumerate(p.deck.muscles):
            prefix = f"muscles[{index}]"
            for key in ("synergists", "antagonists"):
                for n, entry in enumerate(getattr(muscle, key)):
                    where = f"{prefix}.{key}[{n}].muscles"
                    line, col = p.checker.marks.get(where, (1, 1))
                    if entry.one_way and not entry.note:
                        problems.append(
                            Problem(
                                p.deck.path,
                                line,
                                col,
                                f"{prefix}.{key}[{n}]: one_way needs a note "
                                "saying why the other muscle does not list it",
                            )
                        )
                    for other in entry.muscles:
                        if other in entry.one_way or other not in muscles:
                            continue
                        back = {m for e in getattr(muscles[other], key) for m in e.muscles}
                        if muscle.id not in back:
                            problems.append(
                                Problem(
                                    p.deck.path,
                                    line,
                                    col,
                                    f"{where}: {other!r} does not list {muscle.id!r} among its "
                                    f"{key}; add it there, or name {other!r} in one_way with a "
                                    "note giving the reason",
                                )
                            )
                    for other in entry.one_way:
                        if other not in entry.muscles:
                            problems.append(
                                Problem(
                                    p.deck.path,
                                    line,
                                    col,
                                    f"{prefix}.{key}[{n}].one_way: {other!r} "
                                    "is not one of this entry's muscles",
                                )
                            )
            if muscle.stretch is not None:
                where = f"{prefix}.stretch.movements"
                line, col = p.checker.marks.get(where, (1, 1))
                for movement in muscle.stretch.movements:
                    if movement not in actions:
                        problems.append(
                            Problem(
                                p.deck.path,
                                line,
                                col,
                                f"{where}: {movement!r} is not an action of any muscle in the "
                                f"decks{_did_you_mean(movement, actions)}",
                            )
                        )
    return problems


@dataclass(frozen=True)
class BlueprintEntry:
    """One line of an exam blueprint: ``count`` questions on ``topic`` (of ``kind`` if given)."""

    topic: str
    kind: str | None
    count: int
    path: str
    line: int
    column: int

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


def load_blueprint(path: Path) -> list[BlueprintEntry]:
    """Read an exam blueprint: a mapping of topic to a count, or to counts per kind.

    Only the shape is checked here (names are the exam's business); problems raise
    DeckError with ``file:line:col`` places.
    """
    name = str(path)
    empty = Problem(name, 1, 1, "blueprint is empty: expected lines like 'origin: 3'")
    # Read here rather than through the deck reader, whose messages talk about decks.
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DeckError([Problem(name, 1, 1, f"cannot read file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _place(raw, exc.start)
        raise DeckError([Problem(name, line, col, "not UTF-8 text")]) from None
    if not text.strip() or "\0" in text:
        raise DeckError(
            [
                empty
                if not text.strip()
                else Problem(name, 1, 1, "binary file (NUL byte): not a YAML blueprint")
            ]
        )
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise DeckError([_syntax_problem(exc, name)]) from None
    except yaml.YAMLError as exc:
        raise DeckError([Problem(name, 1, 1, f"YAML error: {exc}")]) from None
    if root is None:
        raise DeckError([empty])
    checker = _FileChecker(name)
    if not isinstance(root, yaml.MappingNode):
        checker.problem(root, "", f"expected a mapping of topic: count, got {_kind(root)}")
        raise DeckError(checker.problems)
    from quizzer.model import Kind

    kind_names = tuple(kind.value for kind in Kind)
    count = s.Int(minimum=0, maximum=10_000)
    out: list[BlueprintEntry] = []
    seen: set[str] = set()
    for key_node, value_node in root.value:
        topic = checker.check(key_node, s.Str(), "")
        if topic is None:
            continue
        if topic in seen:
            checker.problem(key_node, topic, "duplicate topic")
            continue
        seen.add(topic)
        mark = key_node.start_mark
        if isinstance(value_node, yaml.MappingNode):
            kinds = checker.check(value_node, s.KeyedMap(kind_names, count), topic)
            for kind_node, _ in value_node.value if kinds is not None else ():
                kmark = kind_node.start_mark
                out.append(
                    BlueprintEntry(
                        topic, kind_node.value, kinds[kind_node.value], name, kmark.line + 1, kmark.column + 1
                    )
                )
            continue
        value = checker.check(value_node, count, topic)
        if value is not None:
            out.append(BlueprintEntry(topic, None, value, name, mark.line + 1, mark.column + 1))
    if checker.problems:
        raise DeckError(checker.problems)
    return out
