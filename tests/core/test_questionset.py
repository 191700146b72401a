"""The question set's columns: each deck's questions split by kind, as a study queue takes them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizzer.model import Facet, Kind, Question, QuestionKey
from quizzer.questionset import QuestionSet, key_table

KINDS = [Kind.BASIC, Kind.CLOZE, Kind.MCQ, Kind.MULTI, Kind.NOT, Kind.ORDER]


def _question(deck: str, item: int, kind: Kind) -> Question:
    key = QuestionKey(deck, "m", Facet.ACTIONS, f"i{item}", kind)
    return Question(key, "Q?", "A", options=("x", "y") if kind.is_choice else ())


def _naive(questions: QuestionSet, decks: set[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Question by question, as the queue once split them."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    for qid, deck in zip(questions.ids, questions.decks, strict=True):
        if deck in decks:
            choice = questions.get(qid).kind.is_choice  # type: ignore[union-attr]
            out.setdefault(deck, ([], []))[choice].append(qid)
    return out


@given(
    st.lists(st.lists(st.sampled_from(KINDS), max_size=6), min_size=1, max_size=5),
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 8), st.sampled_from(KINDS)), max_size=6),
    st.sets(st.integers(0, 4)),
)
def test_by_kind_gives_each_decks_questions_in_order_split_by_kind(
    parts: list[list[Kind]], written: list[tuple[int, int, Kind]], chosen: set[int]
) -> None:
    """Generated parts deck by deck, then hand-written questions (replacing a generated one
    with their id, or new), in any order of decks."""
    made = [[_question(f"d{p}", i, kind) for i, kind in enumerate(kinds)] for p, kinds in enumerate(parts)]
    own = list({q.id: q for q in (_question(f"d{d}", i, kind) for d, i, kind in written)}.values())
    questions = QuestionSet(
        [(f"d{p}", key_table(part), lambda part=part: part) for p, part in enumerate(made)],  # type: ignore[misc]
        own,
    )
    decks = {f"d{d}" for d in chosen}
    assert questions.by_kind(decks) == _naive(questions, decks)


def test_a_deck_whose_questions_are_all_one_kind_has_an_empty_other_list() -> None:
    part = [_question("d", 0, Kind.BASIC), _question("d", 1, Kind.REVERSE)]
    questions = QuestionSet([("d", key_table(part), lambda: part)])
    assert questions.by_kind({"d"}) == {"d": ([q.id for q in part], [])}
    assert questions.by_kind(set()) == {}
