"""The Browse search language: free words plus ``field:value`` filters over the questions.

``hip kind:mcq state:new`` finds new multiple-choice questions that mention "hip". Pure
rules over questions and card states, so that any front end searches alike.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quizzer.model import Facet, Kind, Question
from quizzer.progress import Status

__all__ = ["FIELDS", "STATES", "Query", "filter_problem", "filter_values", "matches", "parse_query",
           "search"]

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


def matches(q: Question, query: Query, state: str) -> bool:
    """Whether question ``q`` (whose card is in ``state``) matches every part of ``query``."""
    values = {"muscle": f"{q.muscle} {q.muscle_name.lower()}", "facet": q.facet.value,
              "kind": q.kind.value, "state": state, "deck": q.deck, "id": q.id.lower()}
    for name, value in query.filters:
        # An id names one card (Stats opens a leech with it), and one id can be the start
        # of another's: it must match whole.
        found = value == values[name] if name == "id" else value in values[name]
        if not found:
            return False
    if query.words:
        haystack = _haystack(q)
        return all(word in haystack for word in query.words)
    return True


def _haystack(q: Question) -> str:
    """The text that free words of a search are looked for in."""
    return " ".join((q.question, q.answer, q.muscle_name, q.id, " ".join(q.options))).lower()


def search(questions: Sequence[Question], text: str, states: Mapping[str, str]) -> list[Question]:
    """The questions matching the search text, in their original order."""
    query = parse_query(text)
    return [q for q in questions if matches(q, query, states.get(q.id, "new"))]


STATES = (*(status.label for status in Status), "suspended")


def filter_values(questions: Sequence[Question]) -> dict[str, list[str]]:
    """What each filter can name: fixed lists for kind, facet and state (a state no card is
    in yet is still a state), the loaded muscles, decks and ids for the rest."""
    return {"kind": [k.value for k in Kind], "facet": [f.value for f in Facet], "state": list(STATES),
            "muscle": sorted({q.muscle for q in questions}),
            "deck": sorted({q.deck for q in questions}), "id": [q.id.lower() for q in questions]}


def filter_problem(text: str, questions: Sequence[Question],
                   values: Mapping[str, Sequence[str]]) -> str | None:
    """Why the search cannot match anything, in one line (None: every filter names something).

    A filter value is a part of a name (``kind:mc`` finds mcq), so it is wrong only when it
    is part of no name at all; an id must be whole. ``kinds:mcq`` is no filter at all (a word
    no question contains), so its name is checked too.
    """
    query = parse_query(text)
    names = {"muscle": {f"{q.muscle} {q.muscle_name.lower()}" for q in questions}}
    for name, value in query.filters:
        known = values[name]
        haystacks = names.get(name, known)
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
        if sep and value and name.isalpha() and not any(word in _haystack(q) for q in questions):
            close = difflib.get_close_matches(name, FIELDS, n=1)
            hint = f"did you mean {close[0]}:?" if close else "filters: " + " ".join(f"{f}:" for f in FIELDS)
            return f"{name}: is not a filter ({hint})"
    return None
