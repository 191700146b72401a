"""New cards of "All decks" come region by region, head to foot, within the day's total."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from quizzer.decks import load_library
from quizzer.progress import Rating
from quizzer.regions import REGION_GROUPS
from quizzer.session import OTHER_DECKS, StudyService, open_study, start_study
from tests.fakeclock import FakeClock


def _open(atlas: Path, tmp_path: Path, clock: FakeClock) -> StudyService:
    library, selected = load_library([atlas], include_bundled=False)
    return open_study(
        library, selected, data_dir=tmp_path / "progress", clock=clock, seed=0, utc_offset=timedelta(0)
    ).service


def _served_new(
    service: StudyService, clock: FakeClock, decks: list[str] | None = None, limit: int = 500
) -> list[str]:
    """The decks of the new cards a sitting serves, answered right at a person's pace."""
    session = start_study(service, decks)
    served: list[str] = []
    while session.current is not None and len(served) < limit:
        shown = session.current
        if shown.question.kind.is_choice:
            session.choose(list(shown.question.correct))
        else:
            session.answer(Rating.EASY)
        clock.advance(seconds=8)
        if shown.status.label == "new":
            served.append(shown.question.deck)
    return served


def test_regions_are_listed_head_to_foot_with_other_decks_last(
    atlas_decks: Path, tmp_path: Path, clock: FakeClock
) -> None:
    service = _open(atlas_decks, tmp_path, clock)
    assert [r.id for r in service.regions] == [*REGION_GROUPS, OTHER_DECKS]
    assert service.regions[-1].title == "Other decks"
    assert service.regions[-1].decks == ("class-questions",)
    assert "masseter" in service.regions[0].decks and "soleus" in service.regions[-3].decks
    # A deck is listed once, in its muscle's region (brachioradialis, filed with the arm's
    # decks, is a forearm muscle), and by name within its region.
    listed = [deck for region in service.regions for deck in region.decks]
    assert sorted(listed) == sorted(service.decks)
    forearm = next(r for r in service.regions if r.id == "forearm-hand")
    assert "brachioradialis" in forearm.decks
    assert forearm.decks[:5] == (
        "abductor-digiti-minimi-hand",
        "abductor-pollicis-brevis",
        "abductor-pollicis-longus",
        "adductor-pollicis",
        "brachioradialis",
    )


def test_names_in_the_order_a_person_reads_them() -> None:
    from quizzer.session.rules import by_region

    names = {"w10": "Week 10", "w2": "Week 2", "b": "biceps", "a": "Anconeus"}
    [other] = by_region(list(names), {}, names)
    assert other.decks == ("a", "b", "w2", "w10")


def test_all_decks_introduce_the_first_region_first(
    atlas_decks: Path, tmp_path: Path, clock: FakeClock
) -> None:
    service = _open(atlas_decks, tmp_path, clock)
    head = set(service.regions[0].decks)
    assert service.counts().new == 20  # the day's total, not 143 decks' worth
    served = _served_new(service, clock)
    assert len(served) == 20
    assert set(served) <= head
    # Within the region the decks take turns (interleaved), not one muscle after another.
    assert len(set(served)) == len(head)


def test_when_a_region_has_given_what_it_may_the_next_one_follows(
    atlas_decks: Path, tmp_path: Path, clock: FakeClock
) -> None:
    service = _open(atlas_decks, tmp_path, clock)
    service.update_settings(new_per_day=2, new_per_day_total=30)
    head, neck = (set(r.decks) for r in service.regions[:2])
    served = _served_new(service, clock)
    assert len(served) == 30
    # Head and jaw: 7 decks × 2 a day; then the neck's decks, in turn.
    assert set(served[:14]) == head
    assert set(served[14:]) <= neck and len(set(served[14:])) == 16


def test_a_region_row_studies_its_own_decks_only(atlas_decks: Path, tmp_path: Path, clock: FakeClock) -> None:
    service = _open(atlas_decks, tmp_path, clock)
    leg = next(r for r in service.regions if r.id == "leg")
    served = _served_new(service, clock, list(leg.decks))
    assert len(served) == 20 and set(served) <= set(leg.decks)


def test_decks_with_no_region_come_last(atlas_decks: Path, tmp_path: Path, clock: FakeClock) -> None:
    service = _open(atlas_decks, tmp_path, clock)
    foot = next(r for r in service.regions if r.id == "foot")
    chosen = ["class-questions", *foot.decks]
    service.update_settings(new_per_day_total=1000, new_per_day=1000)
    served = _served_new(service, clock, chosen)
    assert served.count("class-questions") == 2
    # Only at the foot's end, where its last cards each overlap one just answered (they
    # wait ten minutes while any other new card can go first), may the next come sooner.
    assert "class-questions" not in served[: len(served) * 3 // 5]
