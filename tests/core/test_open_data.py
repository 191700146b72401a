"""The bundled muscles against open data: Uberon's origins, insertions and nerves, and the
bone pairs of MyoSuite's myo-sim models. Every bundled muscle agrees with them or is listed,
with its reason, in ``tests/data/open-data/disagreements.yaml``. The checker and what "agree"
means are in ``open_data.py``; the extracts, their licences and the reviewed maps in
``tests/data/open-data/``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from tests.core.open_data import (
    DATA,
    KINDS,
    Disagreement,
    Ours,
    as_entry,
    bundled,
    listed,
    open_data,
)


def _found() -> list[Disagreement]:
    data = open_data()
    return sorted(d for m in bundled().values() for d in data.disagreements(m))


def test_the_reviewed_maps_cover_every_bundled_muscle_attachment_and_source_term() -> None:
    """A muscle, attachment, Uberon term or myo-sim body the maps do not know is a gap in the
    check, not a pass: each must be mapped (the message says where)."""
    assert open_data().problems(bundled()) == []


def test_every_bundled_muscle_agrees_with_the_open_data_or_is_listed_with_its_reason() -> None:
    found = _found()
    known = {x.key for x in listed()}
    new = [d for d in found if d.key not in known]
    assert not new, (
        "disagreements with open data: fix the deck, or list them in "
        f"{DATA / 'disagreements.yaml'} with their kind and reason:\n\n" + "\n".join(as_entry(d) for d in new)
    )


def test_no_listed_disagreement_is_stale() -> None:
    """An entry that no longer disagrees (the deck was fixed, the muscle renamed) goes."""
    found = {d.key for d in _found()}
    stale = [x.key for x in listed() if x.key not in found]
    assert not stale, f"listed in disagreements.yaml but no longer disagreeing: {stale}"


def test_each_listed_disagreement_is_reviewed_once_with_a_kind_and_a_reason() -> None:
    entries = listed()
    assert entries
    counts = Counter(x.key for x in entries)
    assert [k for k, n in counts.items() if n > 1] == []
    for x in entries:
        assert x.kind in KINDS, x
        assert x.source in ("uberon", "myosim"), x
        assert len(x.reason.split()) >= 8, x


def test_most_bundled_muscles_are_checked_and_most_agree() -> None:
    """The check has teeth: the sources speak of most muscles, and the listed disagreements
    are few (a map that swallowed everything, or one that flagged everything, fails)."""
    data = open_data()
    muscles = list(bundled().values())
    checked = [m for m in muscles if data.checked(m)]
    with_disagreement = {d.muscle for d in _found()}
    assert len(checked) >= 0.8 * len(muscles)
    assert len([m for m in checked if m.id not in with_disagreement]) >= 0.8 * len(checked)


# --- the checker itself, on altered copies of real muscles -----------------------------------


def _muscle(mid: str) -> Ours:
    return bundled()[mid]


def test_swapped_origin_and_insertion_disagree_with_uberon() -> None:
    m = _muscle("gluteus-medius")
    assert open_data().disagreements(m) == []
    swapped = replace(m, origin=m.insertion, insertion=m.origin)
    facts = {(d.source, d.fact, d.value) for d in open_data().disagreements(swapped)}
    assert ("uberon", "origin", "ilium") in facts
    assert ("uberon", "insertion", "greater trochanter") in facts


def test_a_bone_uberon_gives_that_we_lack_disagrees_but_a_relation_it_lacks_does_not() -> None:
    m = _muscle("adductor-longus")
    no_pubis = replace(m, origin=(("ischial-tuberosity", "Ischial tuberosity"),))
    assert [d.key for d in open_data().disagreements(no_pubis)] == [
        ("adductor-longus", "uberon", "origin", "pubis")
    ]
    # Uberon gives adductor longus no nerve: any nerve of ours is no disagreement.
    assert open_data().disagreements(replace(m, nerves=("femoral-nerve",))) == []


def test_a_wrong_landmark_on_the_right_bone_disagrees() -> None:
    m = _muscle("teres-minor")
    moved = replace(m, origin=(("scapula-inferior-angle", "Inferior angle of the scapula"),))
    assert [d.key for d in open_data().disagreements(moved)] == [
        ("teres-minor", "uberon", "origin-landmark", "lateral border of scapula")
    ]


def test_nerves_disagree_both_ways() -> None:
    m = _muscle("sartorius")
    assert open_data().disagreements(m) == []
    wrong = replace(m, nerves=("obturator-nerve",))
    (d,) = open_data().disagreements(wrong)
    assert d.key == ("sartorius", "uberon", "nerve", "femoral nerve")
    assert "none of ours" in d.detail and "none of Uberon's" in d.detail
    # Our nerve plus a further one: Uberon's is among ours, and ours among Uberon's.
    assert open_data().disagreements(replace(m, nerves=("femoral-nerve", "obturator-nerve"))) == []
    # Uberon's nerve only as a further nerve: our main nerve is none of Uberon's.
    (d,) = open_data().disagreements(replace(m, nerves=("obturator-nerve", "femoral-nerve")))
    assert d.detail == "our nerve obturator-nerve is none of Uberon's"


def test_myosim_bone_pairs_are_checked_in_either_order() -> None:
    m = _muscle("supinator")  # the arm model lists it radius → ulna, insertion first
    assert open_data().disagreements(m) == []
    no_radius = replace(m, insertion=(("ulna-posterior-border", "Posterior border of the ulna"),))
    myosim = [d.key for d in open_data().disagreements(no_radius) if d.source == "myosim"]
    assert myosim == [("supinator", "myosim", "bones", "radius–ulna")]


@pytest.mark.parametrize(
    ("item_id", "bones"),
    [
        ("greater-trochanter-lateral-surface", {"femur"}),
        ("ischial-tuberosity", {"ischium"}),
        ("linea-aspera-medial-lip", {"femur"}),
        ("coronoid-process", {"mandible"}),
        ("coronoid-process-medial", {"ulna"}),
        ("iliac-fossa", {"ilium"}),
        ("iliac-fascia", set()),
        ("iliotibial-tract", set()),
        ("lumbar-vertebral-bodies-crura", {"lumbar-vertebra"}),
        ("rib-1-costal-cartilage-junction", {"rib-1"}),
        ("rib-12-inferior-border", {"rib"}),
        ("hyoid-intermediate-tendon", {"hyoid"}),
    ],
)
def test_attachments_map_to_bones(item_id: str, bones: set[str]) -> None:
    assert open_data().attachment_bones(item_id) == frozenset(bones)


def test_an_attachment_with_no_landmark_is_reported_not_passed() -> None:
    data = open_data()
    assert data.attachment_bones("somewhere-unheard-of") is None
    m = replace(_muscle("gracilis"), origin=(("somewhere-unheard-of", "Somewhere"),))
    assert any("somewhere-unheard-of" in p for p in data.problems({**bundled(), "gracilis": m}))


def test_bones_agree_when_one_is_part_of_the_other() -> None:
    data = open_data()
    assert data.agree("ilium", "hip-bone") and data.agree("hip-bone", "ilium")
    assert data.agree("atlas", "vertebra")
    assert not data.agree("ilium", "pubis")
    assert not data.agree("cervical-vertebra", "thoracic-vertebra")
