"""Questions written by hand: question files (CSV, as a spreadsheet saves them) and ``questions:`` lists.

A question file has one question per row, in the columns of the exam CSV that
``quizzer exam --format csv`` writes (so an exam can be exported, edited in a spreadsheet
and loaded again): ``question``, ``option A`` … ``option H``, ``correct`` (letters), and
optionally ``kind``, ``answer``, ``explanation``, ``source``, ``topic``, ``deck``,
``muscle`` and ``id`` (the exam CSV's ``version`` and ``number`` are read and ignored).

Reading happens in two steps. ``read_question_file`` (and ``draft`` for one question of a
YAML deck) checks each question on its own and returns ``Draft``s; ``attach`` then places
them in decks and resolves their muscles once every deck is loaded, and builds the
``Question``s. A file with any bad row is refused whole: problems come back as
``(line, "column: message")`` pairs, one per problem.

Identity: a question id has the shape of a generated one, ``deck/muscle/topic/item/kind``
(``-`` for the muscle when there is none). The *item* is the ``id`` cell (a slug, or the item
part of a full id such as the exam CSV writes); without one it is derived from the wording
(the question and its options), so editing the wording starts the question's progress
afresh until ``quizzer ids FILE`` writes the ids into the file.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from quizzer import safetext
from quizzer.files import FileProblem, read_regular_file
from quizzer.model import Deck, Facet, Kind, Muscle, Question, QuestionKey
from quizzer.schema import SLUG
from quizzer.spreadsheet import restore_cell

MAX_OPTIONS = 8
LETTERS = "ABCDEFGH"
OPTION_COLUMNS = tuple(f"option {letter}" for letter in LETTERS)
COLUMNS = (
    "question",
    *OPTION_COLUMNS,
    "correct",
    "kind",
    "answer",
    "explanation",
    "source",
    "topic",
    "deck",
    "muscle",
    "id",
)
IGNORED_COLUMNS = ("version", "number")
"""Written by ``quizzer exam --format csv``; a question file may keep them."""
MAX_FILE_BYTES = 16 * 1024 * 1024

_SLUG = re.compile(SLUG)
_TEXT_FIELDS = ("question", "answer", "explanation")
"""Fields that may hold line breaks; every other field is one line."""


class QuestionFileError(Exception):
    """A question file is refused; ``problems`` are ``(line, "column: message")`` pairs."""

    def __init__(self, problems: Sequence[tuple[int, str]]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(f"{line}: {message}" for line, message in self.problems))


@dataclass(frozen=True)
class Place:
    """Where a field of a question is written: ``line``, ``column`` (0 in CSV) and a label."""

    line: int
    column: int
    label: str


@dataclass(frozen=True)
class Draft:
    """One hand-written question, checked on its own; its deck and muscle are still names."""

    path: str
    question: str
    kind: Kind
    options: tuple[str, ...]
    correct: tuple[int, ...]
    answer: str
    explanation: str
    source: str
    facet: Facet
    label: str
    """The topic as written when it is none of the facets ("" otherwise)."""
    item: str
    variant: str
    derived: bool
    """The item was derived from the wording (no id was given)."""
    deck: str
    """The deck named in the row ("" for the file's own deck)."""
    muscle: str
    places: Mapping[str, Place] = field(default_factory=dict)

    def place(self, name: str) -> Place:
        return self.places.get(name) or self.places["question"]


# --- one question ----------------------------------------------------------------------


def text_trouble(text: str, *, multiline: bool) -> str:
    """What makes ``text`` unfit for a question ("" when it is fine): the deck loader's
    checks (``quizzer.safetext``), so both readers refuse the same text. Control
    characters would reach terminals and break Anki's fields, bidi controls reorder what
    is shown, invisible characters make options that look alike; only ``multiline`` text
    may hold line breaks and tabs."""
    found = safetext.text_problem(text.replace("\r\n", "\n"), prose=multiline)
    return "" if found is None else found[1]


def draft(
    fields: Mapping[str, str], options: Sequence[str], *, path: str, places: Mapping[str, Place]
) -> tuple[Draft | None, list[tuple[str, str]]]:
    """Check one question's fields; the draft, or None and ``(field, message)`` troubles.

    ``fields`` maps column names (``question``, ``correct``, …) to stripped text (absent or
    "" when empty); ``options`` are option A, B, … in order, "" where empty.
    """
    troubles: list[tuple[str, str]] = []
    for name, value in [*fields.items(), *zip(OPTION_COLUMNS, options, strict=False)]:
        trouble = text_trouble(value, multiline=name in _TEXT_FIELDS)
        if trouble:
            troubles.append((name, trouble))
    if troubles:
        return None, troubles
    question = fields.get("question", "")
    if not question:
        troubles.append(("question", "empty question"))
    filled = _options(options, troubles)
    kind = _kind(fields.get("kind", ""), fields.get("correct", ""), filled, question, troubles)
    correct = _correct(fields.get("correct", ""), kind, filled, troubles) if kind else ()
    answer = fields.get("answer", "")
    if kind is not None and question:
        if kind.is_choice:
            answer = answer or _choice_answer(kind, filled, correct)
        elif kind is Kind.CLOZE:
            question, answer = _cloze(question, answer, troubles)
        elif filled:
            troubles.append(
                ("option A", f"a {kind.value} question has no options; give it kind mcq, multi, not or order")
            )
        elif not answer:
            troubles.append(("answer", f"a {kind.value} question needs an answer"))
    facet, label = _facet(fields.get("topic", ""), troubles)
    item, variant, derived = _identity(fields.get("id", ""), question, filled, troubles)
    if troubles or kind is None:
        return None, troubles
    return Draft(
        path=path,
        question=question,
        kind=kind,
        options=tuple(filled),
        correct=correct,
        answer=answer,
        explanation=fields.get("explanation", ""),
        source=fields.get("source", ""),
        facet=facet,
        label=label,
        item=item,
        variant=variant,
        derived=derived,
        deck=fields.get("deck", ""),
        muscle=fields.get("muscle", ""),
        places=places,
    ), []


def _options(options: Sequence[str], troubles: list[tuple[str, str]]) -> list[str]:
    filled = [o for o in options if o]
    if len(options) > MAX_OPTIONS and any(options[MAX_OPTIONS:]):
        troubles.append(("options", f"at most {MAX_OPTIONS} options (A–H)"))
        return filled[:MAX_OPTIONS]
    last = max((i for i, o in enumerate(options) if o), default=-1)
    for index in range(last):
        if not options[index]:
            troubles.append(
                (
                    OPTION_COLUMNS[index],
                    f"empty, but option {LETTERS[last]} is filled: fill the options from A on, without gaps",
                )
            )
    seen: dict[str, int] = {}
    for index, text in enumerate(options[: last + 1]):
        key = " ".join(text.casefold().split())
        if key and key in seen:
            troubles.append((OPTION_COLUMNS[index], f"the same text as option {LETTERS[seen[key]]}"))
        seen.setdefault(key, index)
    return filled


def _kind(
    value: str, correct: str, filled: Sequence[str], question: str, troubles: list[tuple[str, str]]
) -> Kind | None:
    if value:
        key = value.strip().casefold()
        try:
            return Kind(key)
        except ValueError:
            names = [k.value for k in Kind]
            troubles.append(
                ("kind", f"unknown kind {value!r}{_hint(key, names)}; choose from {', '.join(names)}")
            )
            return None
    if filled:
        return Kind.MULTI if len(_letters(correct)) > 1 else Kind.MCQ
    return Kind.CLOZE if ("{{" in question or _BLANK.search(question)) else Kind.BASIC


def _letters(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text.strip()) if part]


def _correct(
    text: str, kind: Kind, filled: Sequence[str], troubles: list[tuple[str, str]]
) -> tuple[int, ...]:
    if not kind.is_choice:
        if text:
            troubles.append(
                ("correct", f"a {kind.value} question has no options to be right; leave correct empty")
            )
        return ()
    if len(filled) < 2:
        troubles.append(
            ("option B" if filled else "option A", f"a {kind.value} question needs at least two options")
        )
        return ()
    if not text:
        troubles.append(("correct", "no right letter: name the right option, e.g. B (or A, C for several)"))
        return ()
    out: list[int] = []
    top = LETTERS[len(filled) - 1]
    for part in _letters(text):
        letter = part.upper()
        if len(letter) != 1 or letter not in LETTERS:
            troubles.append(("correct", f"{part!r} is not an option letter (A–{top})"))
            return ()
        index = LETTERS.index(letter)
        if index >= len(filled):
            troubles.append(("correct", f"letter {letter} is beyond the options (only A–{top} are filled)"))
            return ()
        if index in out:
            troubles.append(("correct", f"letter {letter} is named twice"))
            return ()
        out.append(index)
    if kind in (Kind.MCQ, Kind.NOT) and len(out) != 1:
        troubles.append(
            ("correct", f"a {kind.value} question has one right letter; give it kind multi for several")
        )
    if kind is Kind.ORDER:
        missing = [LETTERS[i] for i in range(len(filled)) if i not in out]
        if missing:
            troubles.append(
                (
                    "correct",
                    "an order question lists every option's letter, first "
                    f"to last (missing: {', '.join(missing)})",
                )
            )
        return tuple(out)
    return tuple(sorted(out))


def _choice_answer(kind: Kind, filled: Sequence[str], correct: Sequence[int]) -> str:
    texts = [filled[i] for i in correct]
    if kind is Kind.ORDER:
        return " → ".join(texts)
    return "; ".join(texts)


_ANKI_GAP = re.compile(r"\{\{c\d+::(.*?)\}\}", re.DOTALL)
_PLAIN_GAP = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_BLANK = re.compile(r"_{3,}")


def _cloze(question: str, answer: str, troubles: list[tuple[str, str]]) -> tuple[str, str]:
    """The question with gaps as ``{{c1::…}}`` and the answer (the filled-in text).

    Gaps may be written ``{{c1::gap}}`` (as Anki and ``quizzer cards`` write them),
    ``{{gap}}``, or as blanks ``_____`` that the answer fills (as the exam CSV prints them:
    the answer is then the whole sentence, or the gap's words).
    """
    if "{{" in question or "}}" in question:
        text = _ANKI_GAP.sub(lambda m: "{{" + m.group(1).split("::")[0] + "}}", question)
        marks = _PLAIN_GAP.findall(text)
        outside = _PLAIN_GAP.sub("", text)
        if not marks or "{{" in outside or "}}" in outside or any(not g.strip() for g in marks):
            troubles.append(
                (
                    "question",
                    "unbalanced or empty cloze gap: mark each gap {{c1::like this}} or {{like this}}",
                )
            )
            return question, answer
        if any("::" in g or "{" in g or "}" in g for g in marks):
            troubles.append(("question", "a cloze gap may not contain '::' or braces"))
            return question, answer
        marked = _PLAIN_GAP.sub(lambda m: "{{c1::" + m.group(1).strip() + "}}", text)
        return marked, answer or _PLAIN_GAP.sub(lambda m: m.group(1).strip(), text)
    parts = _BLANK.split(question)
    gaps: list[str] = []
    if len(parts) > 1 and answer:
        whole = re.fullmatch("(.+?)".join(re.escape(p) for p in parts), answer, re.DOTALL)
        if whole:
            gaps = [g.strip() for g in whole.groups()]
        elif len(parts) == 2:
            gaps = [answer]
        elif len(answer.split(" / ")) == len(parts) - 1:
            gaps = [g.strip() for g in answer.split(" / ")]
    if len(parts) < 2 or not gaps or not all(gaps):
        troubles.append(
            (
                "question",
                "a cloze question needs gaps marked {{c1::like this}} "
                "or {{like this}}, or blanks _____ that the answer fills",
            )
        )
        return question, answer
    marked = parts[0] + "".join("{{c1::" + g + "}}" + rest for g, rest in zip(gaps, parts[1:], strict=True))
    return marked, parts[0] + "".join(g + rest for g, rest in zip(gaps, parts[1:], strict=True))


_FACETS: dict[str, Facet] = {}
for _f in Facet:
    for _name in (_f.value, _f.value.replace("-", " "), _f.title):
        _FACETS.setdefault(_name.casefold(), _f)


def _facet(topic: str, troubles: list[tuple[str, str]]) -> tuple[Facet, str]:
    """The facet a topic names (by id or title, as the exam CSV writes it), else "Other topics".

    Free topics ("Kinesiology") are kept as a label; a near miss of a facet name is a typo.
    """
    if not topic:
        return Facet.QUESTIONS, ""
    key = " ".join(topic.casefold().split())
    found = _FACETS.get(key)
    if found is not None:
        return found, ""
    close = difflib.get_close_matches(key, list(_FACETS), n=1, cutoff=0.85)
    if close:
        troubles.append(
            (
                "topic",
                f"unknown topic {topic!r} (did you mean {close[0]!r}?); "
                "a topic that is none of the facets goes under Other topics "
                "when it is not this close to one",
            )
        )
    return Facet.QUESTIONS, topic


def _identity(
    value: str, question: str, filled: Sequence[str], troubles: list[tuple[str, str]]
) -> tuple[str, str, bool]:
    """(item, variant, derived) of a question's id from its id cell, or from its wording."""
    if not value:
        return derived_item(question, filled), "", True
    if "/" in value:
        parts = value.split("/")
        if len(parts) in (5, 6) and all(parts):
            return parts[3], parts[5] if len(parts) == 6 else "", False
        troubles.append(
            (
                "id",
                f"{value!r} is neither a plain id (a lowercase slug such as "
                "'hip-drop-1') nor a question id deck/muscle/topic/item/kind",
            )
        )
        return "", "", False
    if not _SLUG.match(value):
        troubles.append(("id", f"{value!r} is not a lowercase slug such as 'hip-drop-1'"))
    elif value == "all":
        troubles.append(("id", "the id 'all' is reserved; choose another"))
    return value, "", False


def derived_item(question: str, options: Sequence[str]) -> str:
    """The id item of a question without an id: a hash of its wording (question and options)."""
    words = "\x1e".join(" ".join(text.split()) for text in (question, *options))
    return "q-" + hashlib.blake2b(words.encode("utf-8"), digest_size=6).hexdigest()


def _hint(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- question files --------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """A question file's cells: the header's column names and each row with its first line."""

    delimiter: str
    bom: bool
    header: list[str]
    rows: list[tuple[int, list[str]]]


def read_sheet(path: Path) -> Sheet:
    """The cells of a CSV file (formula escapes undone); QuestionFileError for bad bytes."""
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES, what="a question file must be a CSV file")
    except FileProblem as exc:
        raise QuestionFileError([(1, str(exc))]) from None
    if b"\0" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\0")) + 1
        raise QuestionFileError([(line, "binary file (NUL byte): not a CSV question file")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise QuestionFileError(
            [(line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}): save the sheet as 'CSV UTF-8'")]
        ) from None
    if not text.strip():
        raise QuestionFileError(
            [(1, "file is empty: expected a header row such as question,option A,option B,correct")]
        )
    delimiter = _delimiter(text.splitlines()[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        while True:
            start = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            records.append((start, [restore_cell(cell.strip()).strip() for cell in record]))
    except csv.Error as exc:
        raise QuestionFileError([(reader.line_num, f"CSV syntax error: {exc}")]) from None
    records = [(line, cells) for line, cells in records if any(cells)]
    if not records:
        raise QuestionFileError([(1, "file is empty: expected a header row")])
    (_, header), *rows = records
    return Sheet(delimiter, raw.startswith(b"\xef\xbb\xbf"), header, rows)


def _delimiter(first_line: str) -> str:
    """Comma, or the semicolon or tab that a spreadsheet in some locales writes instead."""
    known = {*COLUMNS, *IGNORED_COLUMNS}

    def score(sep: str) -> int:
        return sum(_column_name(cell) in known for cell in first_line.split(sep))

    return max((",", ";", "\t"), key=score)


def _column_name(cell: str) -> str:
    name = " ".join(cell.replace("_", " ").casefold().split()).strip('"')
    option = re.fullmatch(r"option ([a-z])", name)
    return f"option {option.group(1).upper()}" if option else name


def read_question_file(path: Path) -> list[Draft]:
    """Every question of a CSV question file; QuestionFileError listing every bad row."""
    sheet = read_sheet(path)
    columns, problems = _columns(sheet.header)
    if "question" not in columns or len(set(columns) - {""}) < len([c for c in columns if c]):
        raise QuestionFileError(problems)  # rows cannot be read without their columns
    if not problems and not sheet.rows:
        problems.append((1, "no questions: the file has a header row but no rows under it"))
    drafts: list[Draft] = []
    ids: dict[str, int] = {}
    for line, cells in sheet.rows:
        extra = [c for c in cells[len(columns) :] if c]
        if extra:
            problems.append(
                (line, f"the row has {len(cells)} cells but the header names {len(columns)} columns")
            )
            continue
        values = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(columns) if name}
        options = [values.pop(name, "") for name in OPTION_COLUMNS]
        while options and not options[-1]:
            options.pop()
        fields = {k: v for k, v in values.items() if k in COLUMNS and v}
        places = {name: Place(line, 0, name) for name in (*COLUMNS, "options")}
        made, troubles = draft(fields, options, path=str(path), places=places)
        problems.extend((line, f"{name}: {message}") for name, message in troubles)
        if made is None:
            continue
        key = fields.get("id") or made.item
        if key in ids:
            problems.append(
                (
                    line,
                    f"id: the same question and options as line {ids[key]}"
                    if made.derived
                    else f"id: duplicate id {key!r} (first at line {ids[key]})",
                )
            )
            continue
        ids[key] = line
        drafts.append(made)
    if problems:
        raise QuestionFileError(problems)
    return drafts


def _columns(header: Sequence[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """Each header cell's column name ("" for an unnamed, ignorable column) and problems."""
    problems: list[tuple[int, str]] = []
    out: list[str] = []
    known = [*COLUMNS, *IGNORED_COLUMNS]
    for index, cell in enumerate(header):
        name = _column_name(cell)
        if not name:
            out.append("")
            continue
        if name not in known:
            hint = _hint(name, known) or (
                "; the columns are question, option A … option H, "
                "correct, kind, answer, explanation, source, topic, "
                "deck, muscle, id"
            )
            problems.append((1, f"{cell}: unknown column{hint}"))
        elif name in out:
            problems.append(
                (1, f"{cell}: the column is named twice (columns {out.index(name) + 1} and {index + 1})")
            )
        out.append(name)
    if not problems and "question" not in out:
        problems.append((1, "question: no 'question' column in the header row"))
    return out, problems


# --- placing questions in decks --------------------------------------------------------


def deck_name_of(path: Path) -> str:
    """A file's deck name: its name without the extension, in words ("hip-week-3" → "Hip week 3")."""
    words = " ".join(path.stem.replace("_", " ").replace("-", " ").split())
    return (words[:1].upper() + words[1:]) or "Questions"


def slug_of(name: str) -> str:
    """A deck id for a deck name: ASCII letters and digits joined by hyphens."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", plain.casefold()))
    if slug:
        return slug
    return "deck-" + hashlib.blake2b(name.encode("utf-8"), digest_size=4).hexdigest()


@dataclass
class Placed:
    """The outcome of ``attach``: decks with their questions, the decks each file fed, problems."""

    decks: list[Deck]
    fed: dict[str, list[str]]
    """File path → ids of the decks its questions went to, in order of first use."""
    problems: list[tuple[str, Place, str]]
    """(file, place, message)."""


def attach(
    decks: Sequence[Deck],
    files: Sequence[tuple[str, Sequence[Draft]]],
    own_deck: Mapping[str, str] | None = None,
) -> Placed:
    """Put each draft in its deck (creating decks that no file defines) and build its Question.

    A row's ``deck`` names a loaded deck by id or name; an unknown name makes a new deck of
    questions; no deck means the file's own deck (``own_deck[path]``: a YAML deck's id, or
    the CSV file's name in words). Muscles are found by id, name or alias.
    """
    own_deck = own_deck or {}
    by_key: dict[str, str] = {}
    names: dict[str, str] = {}
    for deck in decks:
        names[deck.id] = deck.name
        by_key.setdefault(deck.id.casefold(), deck.id)
        by_key.setdefault(deck.name.casefold(), deck.id)
    muscles: dict[str, Muscle] = {}
    for deck in decks:
        for m in deck.muscles:
            for key in (m.id, m.name, *m.aliases):
                muscles.setdefault(key.casefold(), m)
    new: dict[str, tuple[str, str]] = {}
    """Deck id → (name, path) of decks made by question files."""
    questions: dict[str, list[Question]] = {}
    seen: dict[str, tuple[str, Place, bool]] = {}
    placed = Placed([], {}, [])
    for path, drafts in files:
        fed = placed.fed.setdefault(path, [])
        for d in drafts:
            name = d.deck or own_deck.get(path) or deck_name_of(Path(path))
            deck_id = by_key.get(name.casefold()) or by_key.get(slug_of(name))
            if deck_id is None:
                deck_id = slug_of(name)
                by_key[name.casefold()] = by_key[deck_id] = deck_id
                names[deck_id] = name
                new[deck_id] = (name, path)
            muscle: Muscle | None = None
            if d.muscle:
                muscle = muscles.get(d.muscle.casefold())
                if muscle is None:
                    close = difflib.get_close_matches(d.muscle.casefold(), list(muscles), n=1)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    placed.problems.append((path, d.place("muscle"), f"unknown muscle {d.muscle!r}{hint}"))
                    continue
            q = _question(d, deck_id, names[deck_id], muscle)
            first = seen.get(q.id)
            if first is not None:
                where = f"{first[0]}:{first[1].line}"
                what = "the same question and options as" if d.derived and first[2] else "the same id as"
                placed.problems.append((path, d.place("id"), f"duplicate question: {what} {where} ({q.id})"))
                continue
            seen[q.id] = (path, d.place("id"), d.derived)
            questions.setdefault(deck_id, []).append(q)
            if deck_id not in fed:
                fed.append(deck_id)
    for deck in decks:
        extra = tuple(questions.get(deck.id, ()))
        placed.decks.append(_with_questions(deck, deck.questions + extra) if extra else deck)
    for deck_id, (name, path) in new.items():
        placed.decks.append(
            Deck(id=deck_id, name=name, path=path, muscles=(), questions=tuple(questions.get(deck_id, ())))
        )
    return placed


def _with_questions(deck: Deck, questions: tuple[Question, ...]) -> Deck:
    return replace(deck, questions=questions)


def _question(d: Draft, deck_id: str, deck_name: str, muscle: Muscle | None) -> Question:
    muscle_id = muscle.id if muscle is not None else ""
    tags = [f"quizzer::deck::{deck_id}"]
    if muscle_id:
        tags.append(f"quizzer::muscle::{muscle_id}")
    tags += [
        f"quizzer::topic::{d.facet.topic.value}",
        f"quizzer::facet::{d.facet.value}",
        f"quizzer::kind::{d.kind.value}",
    ]
    if d.label:
        tags.append(f"quizzer::label::{slug_of(d.label)}")
    return Question(
        QuestionKey(deck_id, muscle_id, d.facet, d.item, d.kind, d.variant),
        question=d.question,
        answer=d.answer,
        options=d.options,
        correct=d.correct,
        explanation=d.explanation,
        tags=tuple(tags),
        source=d.source,
        muscle_name=muscle.name if muscle is not None else "",
        deck_name=deck_name,
    )
