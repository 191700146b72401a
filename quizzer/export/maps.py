"""Referral pain maps for the exports: which maps a question shows, drawn or put in words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from quizzer.atlas.svg import render_svg
from quizzer.generate.pictures import map_in_words
from quizzer.model import Facet, Kind, Library, Muscle, Question

STEM_ALT = "Referral pain map"
"""Alt text of a stem map: it must not name the muscle (the question asks for it)."""


def option_map(q: Question, index: int) -> str:
    """The muscle whose map stands for option ``index``, or "" for a text option.

    Maps are keyed by option text, so this holds in any option order (exam versions).
    """
    if not q.option_pictures:
        return ""
    return dict(q.option_pictures).get(q.options[index], "")


def is_referral_card(q: Question) -> bool:
    """True for the referral-pattern flashcard (``…/referral/all/basic``): its back shows the map."""
    key = q.key
    return key.facet is Facet.REFERRAL and key.kind is Kind.BASIC and key.whole_facet and not key.variant


def pictured(q: Question) -> list[str]:
    """Every muscle whose map a picture question needs (stem first, then options in order)."""
    if not q.picture and not q.option_pictures:
        return []
    out = [q.picture] if q.picture else []
    out += [option_map(q, i) for i in range(len(q.options)) if option_map(q, i)]
    return list(dict.fromkeys(out))


class MissingMap(LookupError):
    """A question pictures a muscle that the loaded decks do not have."""


def muscles_for(questions: Iterable[Question], library: Library | None) -> dict[str, Muscle]:
    """The muscles whose maps ``questions`` need, by id (in first-use order).

    Raises:
        MissingMap: naming the first question whose muscle is not in ``library``.
    """
    index = {m.id: m for m in library.muscles()} if library is not None else {}
    out: dict[str, Muscle] = {}
    for q in questions:
        for muscle_id in pictured(q):
            if muscle_id in out:
                continue
            if muscle_id not in index:
                raise MissingMap(
                    f"question {q.id} shows the referral map of {muscle_id!r}, "
                    "but that muscle is not among the loaded decks"
                )
            out[muscle_id] = index[muscle_id]
    return out


def draw(muscle: Muscle, *, height: int, id_prefix: str = "") -> str:
    """The map without the muscle's name, as an SVG document (no trailing newline)."""
    return render_svg(muscle, title=False, height=height, id_prefix=id_prefix).rstrip("\n")


def words(muscle: Muscle) -> str:
    """The map in words, e.g. "essential: buttock; spillover: calf" (as picture options read)."""
    return map_in_words(muscle)


def stem_in_words(q: Question, muscles: Mapping[str, Muscle]) -> str:
    """The stem for formats without pictures: the stem map is described in words."""
    if not q.picture:
        return q.question
    return f"{q.question} (The map shows {words(muscles[q.picture])}.)"
