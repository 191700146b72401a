"""Qualifiers and disputed facts as an item writer wants them, over the whole bank (every
bundled deck and the exam-grade fixture, seeds 0–4; banks from ``test_item_writing``):
brackets never stacked or nested, an agonist's qualifier never read as the answer's, no
disputed fact given as a reason, and the key not the only hedged option."""

from __future__ import annotations

import re

import pytest

from quizzer.generate.text import movement_label
from quizzer.model import Facet, Kind, bracketed, flat_brackets
from tests.core.item_rules import Bank, item_of
from tests.core.test_item_writing import BANKS


@pytest.fixture(params=list(BANKS))
def bank(request: pytest.FixtureRequest) -> Bank:
    return BANKS[request.param]()


# --- P6: one bracket at a time ---------------------------------------------------------

_NESTED = re.compile(r"\([^()]*\(")
_STACKED = re.compile(r"\)\s*\(")


def test_brackets_are_never_stacked_or_nested(bank: Bank) -> None:
    """ "Nuchal ligament (ligamentum nuchae) (lower part (cervical part, inconstant))" reads
    as a puzzle: a qualifier joins the bracket its text ends in, after a semicolon."""
    checked = 0
    for q in bank.questions:
        for text in (q.question, q.answer, q.explanation, *q.options):
            assert not _NESTED.search(text), (q.id, text)
            assert not _STACKED.search(text), (q.id, text)
            checked += "(" in text
    assert checked > 1000


def test_a_qualifier_joins_the_bracket_its_text_ends_in() -> None:
    assert (
        bracketed("Nuchal ligament (ligamentum nuchae)", "lower part (cervical part, inconstant)")
        == "Nuchal ligament (ligamentum nuchae; lower part; cervical part, inconstant)"
    )
    assert bracketed("Flexes the elbow", "assists") == "Flexes the elbow (assists)"
    assert (
        bracketed("Medially rotates the leg", "with the foot free (non-weight-bearing)")
        == "Medially rotates the leg (with the foot free, non-weight-bearing)"
    )
    assert flat_brackets("posterior (hamstring) part") == "posterior hamstring part"


# --- P1: the agonist's qualifier is the agonist's ---------------------------------------


def _asking(question: str) -> str:
    """The sentence of a stem that asks (its last)."""
    return re.split(r"(?<=[.?])\s+", question.strip())[-1]


def test_an_agonists_qualifier_is_never_left_on_the_question_about_other_muscles(bank: Bank) -> None:
    """ "Which of these muscles is an antagonist of anconeus in extension of the elbow
    (assists)?" reads as though the antagonist assisted: the qualifier goes in a sentence
    about the agonist, or nowhere."""
    checked = 0
    for q in bank.questions:
        if q.facet not in (Facet.SYNERGISTS, Facet.ANTAGONISTS) or q.muscle not in bank.muscles:
            continue
        own = {i.id: i for i in bank.muscles[q.muscle].items(Facet.ACTIONS)}.get(item_of(q))
        if own is None or not own.qualifier:
            continue
        asking = _asking(q.question)
        flat = flat_brackets(own.qualifier)
        assert f"({flat}" not in asking and f"; {flat})" not in asking, (q.id, q.question)
        assert not re.search(r"\)[?.]$", asking), (q.id, q.question)
        checked += 1
    assert checked > 15  # (fewer since fillers that move another part are left out)


# --- P5: a disputed fact is never a reason ----------------------------------------------


def _claims(name: str, label: str) -> re.Pattern[str]:
    """A sentence part that says the muscle performs (or does not perform) a movement."""
    said = re.escape(label)
    return re.compile(
        rf"\b(?:{re.escape(name)} (?:also )?performs|{re.escape(name)} does not "
        rf"perform|it performs) {said}\b",
        re.IGNORECASE,
    )


def test_an_explanation_never_gives_a_disputed_action_as_a_reason(bank: Bank) -> None:
    """ "Psoas major also performs abduction of the hip" when the texts disagree on it
    teaches a disputed fact as settled: the reason falls back to one that holds ("Psoas
    major does not perform adduction of the hip")."""
    checked = 0
    for q in bank.questions:
        if not q.explanation:
            continue
        for x in set(q.items) - {q.muscle}:
            other = bank.muscles.get(x)
            if other is None:
                continue
            for sentence in re.split(r"(?<=\.)\s+", q.explanation):
                if not sentence.startswith(other.name + " "):
                    continue
                checked += 1
                for item in other.items(Facet.ACTIONS):
                    label = movement_label(item.id)
                    if item.disputed and label:
                        assert not _claims(other.name, label).search(sentence), (q.id, sentence)
    assert checked > 100


# --- P3: the key is not the one hedged option --------------------------------------------


def _lone_qualified_keys(bank: Bank) -> tuple[int, int, int]:
    """(action questions whose key is qualified; of those, the ones whose other options
    all read plain, no closing bracket; and the ones where no other option carries a
    qualifier, its words being no muscle's plain action: a gloss such as "(breathing in)"
    is no hedge)."""
    plain = {i.text for m in bank.muscles.values() for i in m.items(Facet.ACTIONS)}
    keyed = bare = unhedged = 0
    for q in bank.questions:
        if q.facet is not Facet.ACTIONS or q.kind is not Kind.MCQ or q.muscle not in bank.muscles:
            continue
        own = {i.id: i for i in bank.muscles[q.muscle].items(Facet.ACTIONS)}
        key = own.get(q.items[q.correct[0]])
        if key is None or not key.qualifier:
            continue
        keyed += 1
        others = [o.rstrip(".") for i, o in enumerate(q.options) if i != q.correct[0]]
        bare += not any(o.endswith(")") for o in others)
        unhedged += not any(o.endswith(")") and o not in plain for o in others)
    return keyed, bare, unhedged


def test_a_qualified_key_is_seldom_the_only_qualified_option(bank: Bank) -> None:
    """A test-wise student picks the hedged option: in 6 of 9 sampled action questions the
    key was the only one with a qualifier (two thirds of the bundled bank's showed the only
    bracket, and 99% the only qualifier). A wrong option is qualified too where one can be
    without becoming true (``quizzer.generate.hedges``); what is left (hand, foot and jaw
    actions narrowed to a joint, a digit or a part no false movement shares) stays under 1
    in 8 (the only bracket) and 1 in 6 (the only qualifier)."""
    keyed, bare, unhedged = _lone_qualified_keys(bank)
    assert keyed > 20
    assert bare <= keyed / 8, (bare, keyed)
    assert unhedged <= keyed / 6, (unhedged, keyed)
