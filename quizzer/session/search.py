"""The Browse search language: free words plus ``field:value`` filters over the questions.

``hip kind:mcq state:new`` finds new multiple-choice questions that mention "hip". Free
words also find a muscle (or group) by any of its names: ``glute med``, ``TFL``, ``SCM``,
``lats``; the questions about the muscle they name come first. Pure rules over questions,
card states and names, so that any front end searches alike.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quizzer.model import Facet, Kind, Library, Question
from quizzer.progress import Status

__all__ = [
    "FIELDS",
    "STATES",
    "Names",
    "Query",
    "SearchIndex",
    "filter_problem",
    "filter_values",
    "matches",
    "name_words",
    "named",
    "parse_query",
    "search",
    "subject_names",
]

Names = Mapping[str, Sequence[str]]
"""Muscle or group id → its names: the display name first, then its aliases."""


def subject_names(library: Library) -> dict[str, tuple[str, ...]]:
    """Every muscle's and group's names (``Names``), in the library's order."""
    out: dict[str, tuple[str, ...]] = {}
    for muscle in library.muscles():
        out.setdefault(muscle.id, (muscle.name, *muscle.aliases))
    for group in library.groups():
        out.setdefault(group.id, (group.name, *group.aliases))
    return out


_GENERIC = frozenset({"muscle", "muscles", "group", "of", "the"})
"""Words of a name that name nothing by themselves ("SITS muscles", "Thenar group")."""


def name_words(name: str) -> list[str]:
    """A name as search words: lower case, hyphens as spaces, apostrophes and brackets
    gone, generic words left out ("Tailor's muscle" → tailors; "Abductor digiti minimi
    (hand)" → abductor digiti minimi hand; "Muscles of mastication" → mastication)."""
    words = re.sub(r"['’()]", "", name.lower().replace("-", " ")).split()
    return [w for w in words if w not in _GENERIC] or words


def named(words: Sequence[str], names: Names) -> list[str]:
    """The muscles and groups that free ``words`` name: one of their names (or their id)
    has as many words (generic ones such as "muscles" aside), each starting with the
    search word in its place (``glute med`` names gluteus medius by its alias and by
    "GLUTEus MEDius", ``glute m`` the three glutei; ``tfl``, ``scm``, ``lats`` and
    ``sits`` name theirs by their aliases; ``hip`` names no "hip adductors")."""
    wanted = name_words(" ".join(words))
    if not wanted:
        return []
    found = []
    for subject, all_names in names.items():
        for name in (*all_names, subject):
            have = name_words(name)
            if len(wanted) == len(have) and all(h.startswith(w) for w, h in zip(wanted, have, strict=True)):
                found.append(subject)
                break
    return found


FIELDS = ("muscle", "facet", "kind", "state", "deck", "id")


@dataclass(frozen=True)
class Query:
    """A parsed search: free words plus ``field:value`` filters (all must match)."""

    words: tuple[str, ...]
    filters: tuple[tuple[str, str], ...]


def parse_query(text: str) -> Query:
    """Split ``"hip kind:mcq state:new"`` into words and filters (case-insensitive)."""
    words: list[str] = []
    filters: list[tuple[str, str]] = []
    for token in text.lower().split():
        name, sep, value = token.partition(":")
        if sep and name in FIELDS and value:
            filters.append((name, value))
        else:
            words.append(token)
    return Query(tuple(words), tuple(filters))


def _subject(q: Question, names: Names) -> str:
    """The question's muscle (or group): its id and every name, lower case."""
    return " ".join((q.muscle, q.muscle_name, *names.get(q.muscle, ()))).lower()


def _haystack(q: Question, subject: str) -> str:
    """The text that free words of a search are looked for in."""
    return " ".join(
        (q.question.lower(), q.answer.lower(), subject, q.id.lower(), " ".join(q.options).lower())
    )


class SearchIndex:
    """Questions made ready to search many times (Browse searches on every key): the text
    each is searched in is put together once, on the first search."""

    def __init__(self, questions: Sequence[Question], names: Names | None = None) -> None:
        self.questions = list(questions)
        self.names: Names = names or {}
        self._texts: list[tuple[str, str]] | None = None
        """Per question: (its muscle's names, the whole text searched)."""

    def _prepared(self) -> list[tuple[str, str]]:
        if self._texts is None:
            subjects: dict[str, str] = {}
            for q in self.questions:
                if q.muscle not in subjects:
                    subjects[q.muscle] = _subject(q, self.names)
            self._texts = [(subjects[q.muscle], _haystack(q, subjects[q.muscle])) for q in self.questions]
        return self._texts

    def search(self, text: str, states: Mapping[str, str]) -> list[Question]:
        """The questions matching the search text: first those about the muscles (or
        groups) its free words name (``named``), then the others, each in their order."""
        query = parse_query(text)
        if not query.words and not query.filters:
            return list(self.questions)
        subjects = set(named(query.words, self.names)) if self.names else set()
        first: list[Question] = []
        rest: list[Question] = []
        words = query.words
        for q, (subject, haystack) in zip(self.questions, self._prepared(), strict=True):
            if query.filters and not _passes_filters(q, query, states.get(q.id, "new"), subject):
                continue
            if q.muscle in subjects:
                first.append(q)
            elif all(word in haystack for word in words):
                rest.append(q)
        return first + rest


def _passes_filters(q: Question, query: Query, state: str, subject: str) -> bool:
    for name, value in query.filters:
        # An id names one card (Stats opens a leech with it), and one id can be the start
        # of another's: it must match whole.
        if not (value == q.id.lower() if name == "id" else value in _field(q, name, state, subject)):
            return False
    return True


def _field(q: Question, name: str, state: str, subject: str) -> str:
    """What a filter ``name:`` looks in."""
    if name == "muscle":
        return subject
    if name == "facet":
        return q.facet.value
    if name == "kind":
        return q.kind.value
    if name == "state":
        return state
    return q.deck


def matches(q: Question, query: Query, state: str, names: Names | None = None) -> bool:
    """Whether question ``q`` (whose card is in ``state``) matches every part of ``query``;
    ``names`` adds the aliases of its muscle to what ``muscle:`` and free words look in."""
    subject = _subject(q, names or {})
    return _passes_filters(q, query, state, subject) and all(
        word in _haystack(q, subject) for word in query.words
    )


def search(
    questions: Sequence[Question], text: str, states: Mapping[str, str], names: Names | None = None
) -> list[Question]:
    """The questions matching the search text (``SearchIndex.search``, for one search)."""
    return SearchIndex(questions, names).search(text, states)


STATES = (*(status.label for status in Status), "suspended")


def filter_values(questions: Sequence[Question]) -> dict[str, list[str]]:
    """What each filter can name: fixed lists for kind, facet and state (a state no card is
    in yet is still a state), the loaded muscles, decks and ids for the rest."""
    return {
        "kind": [k.value for k in Kind],
        "facet": [f.value for f in Facet],
        "state": list(STATES),
        "muscle": sorted({q.muscle for q in questions}),
        "deck": sorted({q.deck for q in questions}),
        "id": [q.id.lower() for q in questions],
    }


def filter_problem(
    text: str, questions: Sequence[Question], values: Mapping[str, Sequence[str]], names: Names | None = None
) -> str | None:
    """Why the search cannot match anything, in one line (None: every filter names something).

    A filter value is a part of a name (``kind:mc`` finds mcq), so it is wrong only when it
    is part of no name at all; an id must be whole. ``kinds:mcq`` is no filter at all (a word
    no question contains), so its name is checked too.
    """
    query = parse_query(text)
    subjects = {"muscle": {_subject(q, names or {}) for q in questions}}
    for name, value in query.filters:
        known = values[name]
        haystacks = subjects.get(name, known)
        if value in known if name == "id" else any(value in h for h in haystacks):
            continue
        # A part of a name is a fine filter too ("gluteus"), so it is a fine suggestion.
        parts = [*known, *sorted({p for k in known for p in k.split("-")} - set(known))]
        close = difflib.get_close_matches(value, parts if name != "id" else known, n=1)
        if close:
            return f"{name}:{value} names no {name} (did you mean {name}:{close[0]}?)"
        if name == "id":
            return f"{name}:{value} names no question (an id must be whole: see a question's detail)"
        return f"{name}:{value} names no {name}; {name}s: {', '.join(known)}"
    for word in query.words:
        name, sep, value = word.partition(":")
        if (
            sep
            and value
            and name.isalpha()
            and not any(word in _haystack(q, _subject(q, names or {})) for q in questions)
        ):
            close = difflib.get_close_matches(name, FIELDS, n=1)
            hint = f"did you mean {close[0]}:?" if close else "filters: " + " ".join(f"{f}:" for f in FIELDS)
            return f"{name}: is not a filter ({hint})"
    return None
