"""A commented skeleton deck for a new muscle, walked from the deck schema (so it has every field).

Required fields are blanks to fill (``key:`` with nothing after it, which the validator
reports with its line until it is filled); optional fields are the same lines commented
out. Each line says what the field holds. Nothing here is hand-written per field: a field
added to ``quizzer/schema.py`` appears in the skeleton by itself.
"""

from __future__ import annotations

import textwrap

from quizzer import schema as s
from quizzer.questions import slug_of

_WIDTH = 96
_LONG_ENUM = 8
"""Enums with more values than this are listed on comment lines of their own."""

HEADER = """\
# {name}: a new Quizzer deck, written by `quizzer new muscle`.
#
# 1. Fill in every blank (a key with nothing after it). `quizzer validate {file}`
#    lists the blanks still empty, each with its line.
# 2. Lines that start with "# " are optional fields: remove the "# " (keep the spaces
#    before it) to use one, or delete them. Uncomment a block's lines together.
# 3. Lists show one entry: copy it for each more (every entry needs its own id, a
#    lowercase slug such as 'outer-ilium', kept when you reword the text).
# Facts must agree with the standard texts; give each muscle its sources.
"""


def muscle_skeleton(name: str, *, file: str = "FILE", schema_path: str = "") -> str:
    """The skeleton deck text for one new muscle called ``name``."""
    slug = slug_of(name)
    out: list[str] = []
    if schema_path:
        out.append(f"# yaml-language-server: $schema={schema_path}")
    out += HEADER.format(name=name, file=file).splitlines()
    filled = {"deck.id": slug, "deck.name": name, "muscles[].id": slug, "muscles[].name": name}
    seen: set[str] = set()
    for key, f in s.DECK.fields.items():
        # The muscles list is what this skeleton is for, whatever the schema says of it.
        optional = not f.required and key not in ("deck", "muscles")
        _field(key, f, key, 0, "", optional, _Out(out, filled, seen))
    return "\n".join(out) + "\n"


class _Out:
    """The lines written so far, the values already known, and the hints already given."""

    def __init__(self, lines: list[str], filled: dict[str, str], seen: set[str]) -> None:
        self.lines = lines
        self.filled = filled
        self.seen = seen

    def hint(self, key: str, f: s.Field) -> str:
        """A field's hint the first time its key and meaning appear (lists repeat item fields)."""
        text = _hint(f)
        if (key + text) in self.seen:
            return ""
        self.seen.add(key + text)
        return text


def _hint(f: s.Field) -> str:
    spec = f.spec
    words = f.description or getattr(spec, "description", "")
    kind = ""
    if isinstance(spec, s.Str):
        if spec.enum and len(spec.enum) <= _LONG_ENUM:
            kind = "one of: " + ", ".join(spec.enum)
        elif spec.enum:
            kind = "one of the values listed above"
        elif spec.pattern == s.SLUG:
            kind = "a lowercase slug"
        elif spec.pattern == s.ROOT:
            kind = "e.g. L4"
    elif isinstance(spec, s.Int):
        kind = f"a whole number {spec.minimum}–{spec.maximum}"
    elif isinstance(spec, s.Bool):
        kind = "true or false"
    elif isinstance(spec, s.MuscleRef) and "muscle id" not in words:
        kind = "a muscle id"
    elif isinstance(spec, s.KeyedMap):
        kind = "keys: " + ", ".join(spec.keys)
    text = " ".join(part for part in (words, f"({kind})" if kind else "") if part)
    return f"  # {text}" if text else ""


def _line(indent: int, lead: str, text: str, commented: bool) -> str:
    """One line: ``lead`` ("- " for a list's first key) sits inside the indentation."""
    pad = " " * (indent - len(lead)) + lead
    return f"{' ' * (indent - len(lead))}# {lead}{text}" if commented else f"{pad}{text}"


def _enum_lines(spec: s.Spec, indent: int, out: _Out) -> None:
    if isinstance(spec, s.Str) and spec.enum and len(spec.enum) > _LONG_ENUM:
        values = ", ".join(spec.enum)
        if values in out.seen:
            return
        out.seen.add(values)
        for chunk in textwrap.wrap(f"(one of: {values})", _WIDTH - indent - 2):
            out.lines.append(f"{' ' * indent}# {chunk}")


def _field(key: str, f: s.Field, path: str, indent: int, lead: str, commented: bool, out: _Out) -> None:
    spec = f.spec
    _enum_lines(spec.item if isinstance(spec, s.List) else spec, indent, out)
    value = out.filled.get(path)
    if value is not None:
        out.lines.append(_line(indent, lead, f"{key}: {value}", commented) + out.hint(key, f))
        return
    out.lines.append(_line(indent, lead, f"{key}:", commented) + out.hint(key, f))
    _value(spec, path, indent + 2, commented, out)


def _value(spec: s.Spec, path: str, indent: int, commented: bool, out: _Out) -> None:
    if isinstance(spec, s.Obj):
        _fields(spec, path, indent, "", commented, out)
    elif isinstance(spec, s.List):
        item = spec.item
        for _ in range(max(1, spec.min_items)):
            if isinstance(item, s.Obj):
                _fields(item, path + "[]", indent + 2, "- ", commented, out)
            else:
                hint = out.hint("-", s.Field(item))
                out.lines.append(_line(indent + 2, "- ", "", commented).rstrip() + hint)
    elif isinstance(spec, s.KeyedMap):
        # One example key; the hint on the map's own line lists the others.
        example = spec.keys[0]
        _field(example, s.Field(spec.value), f"{path}.<{example}>", indent, "", commented, out)


def _fields(spec: s.Obj, path: str, indent: int, lead: str, commented: bool, out: _Out) -> None:
    first = True
    for key, f in spec.fields.items():
        _field(key, f, f"{path}.{key}", indent, lead if first else "", commented or not f.required, out)
        first = False
