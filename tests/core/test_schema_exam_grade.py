"""The exam-grade fields: relations checked both ways, own-action references, stretch
movements, groups, qualifiers; each rule reports file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.decks import DeckError, load_library
from quizzer.model import Facet, Kind

DECK = """\
deck: {id: tdeck, name: T}
muscles:
  - id: m-one
    name: Muscle one
    region: hand
    location: Somewhere in the hand.
    origin: [{id: o1, text: Origin one, source: s}]
    insertion: [{id: i1, text: Insertion one, source: s}]
    actions:
      - {id: thumb-flexion, text: Flexes the thumb, source: s}
      - {id: thumb-abduction, text: Abducts the thumb, qualifier: assists, source: s}
    innervation:
      nerve: {id: median-nerve, text: Median nerve, source: s}
      other_nerves: [{id: ulnar-nerve, text: Ulnar nerve, source: s}]
      roots: [C8, T1]
      plexus: brachial
    blood_supply: [{id: a1, text: An artery, source: s}]
    fibers: [{id: parallel, text: Parallel, source: s}]
    joints: [thumb-cmc, thumb-mcp]
    synergists:
      - {action: thumb-flexion, muscles: [m-two], source: s}
    antagonists:
      - {action: thumb-flexion, muscles: [m-two], one_way: [m-two], note: Why., source: s}
    palpation:
      position: seated
      text: Find it on the thenar eminence.
      landmarks: [first metacarpal]
      resisted: thumb-abduction
      source: s
    stretch: {text: Extend the thumb., movements: [thumb-flexion], source: s}
    clinical_tests: [{id: t1, text: A test, type: test, source: s}]
    cautions: [{id: c1, text: Careful here, source: s}]
    conditions: [{id: d1, text: A condition, source: s}]
    trigger_points:
      sites: [{id: s1, text: In the belly, region: thenar-eminence, source: s}]
    sources: [{id: s, title: Book}]
  - id: m-two
    name: Muscle two
    region: hand
    location: Elsewhere in the hand.
    origin: [{id: o1, text: Origin one}]
    insertion: [{id: i2, text: Insertion two}]
    actions: [{id: thumb-flexion, text: Flexes the thumb}]
    innervation: {nerve: {id: median-nerve, text: Median nerve}, roots: [C8]}
    blood_supply: [{id: a1, text: An artery}]
    synergists:
      - {action: thumb-flexion, muscles: [m-one]}
    sources: [{id: s, title: Book}]
groups:
  - id: grp
    name: The group
    description: Two muscles of the hand.
    members: [m-one, m-two]
    actions: [{id: thumb-flexion, text: Flex the thumb, source: s}]
    mnemonic: {id: mn, text: "OT: one, two", source: s}
    sources: [{id: s, title: Book}]
"""


def _load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    return load_library([path], include_bundled=False)[0]


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(DeckError) as info:
        _load(tmp_path, text)
    return [str(p) for p in info.value.problems]


def test_every_exam_grade_field_loads(tmp_path: Path) -> None:
    library = _load(tmp_path, DECK)
    m = library.muscle("m-one")  # type: ignore[attr-defined]
    assert m.joints == ("thumb-cmc", "thumb-mcp")
    assert m.innervation.plexus == "brachial"
    assert [n.id for n in m.innervation.other_nerves] == ["ulnar-nerve"]
    assert m.synergists[0].muscles == ("m-two",) and m.antagonists[0].one_way == ("m-two",)
    assert m.palpation.position == "seated" and m.palpation.resisted == "thumb-abduction"
    assert m.stretch.movements == ("thumb-flexion",)
    assert [i.id for i in m.items(Facet.FIBERS)] == ["parallel"]
    assert m.items(Facet.CLINICAL_TESTS)[0].fields["type"] == "test"
    assert [i.id for i in m.items(Facet.CAUTIONS)] == ["c1"]
    assert [i.id for i in m.items(Facet.CONDITIONS)] == ["d1"]
    abduction = m.items(Facet.ACTIONS)[1]
    assert abduction.qualifier == "assists"
    assert abduction.qualified_text == "Abducts the thumb (assists)"
    assert m.trigger_point_sites[0].fields["region"] == "thenar-eminence"
    [group] = list(library.groups())  # type: ignore[attr-defined]
    assert group.members == ("m-one", "m-two") and group.mnemonic.id == "mn"
    assert library.muscle("m-two").joints is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "{action: thumb-flexion, muscles: [m-one]}",
            "{action: thumb-flexion, muscles: [m-two]}",
            "t.yaml:47:42: muscles[1].synergists[0].muscles: 'm-two' cannot be related to itself",
        ),
        (
            "      - {action: thumb-flexion, muscles: [m-one]}\n",
            "      - {action: thumb-flexion, muscles: [m-one], one_way: [m-one]}\n",
            "one_way needs a note",
        ),
        (
            "    synergists:\n      - {action: thumb-flexion, muscles: [m-one]}\n",
            "",
            "t.yaml:21:42: muscles[0].synergists[0].muscles: 'm-two' does not list 'm-one' among "
            "its synergists",
        ),
        (
            "resisted: thumb-abduction",
            "resisted: thumb-abduct",
            "t.yaml:28:17: muscles[0].palpation.resisted: unknown action 'thumb-abduct' (did you "
            "mean 'thumb-abduction'?)",
        ),
        (
            "{action: thumb-flexion, muscles: [m-two], source: s}",
            "{action: wrist-flexion, muscles: [m-two], source: s}",
            "muscles[0].synergists[0].action: unknown action 'wrist-flexion'",
        ),
        (
            "movements: [thumb-flexion]",
            "movements: [thumb-extension]",
            "muscles[0].stretch.movements: 'thumb-extension' is not an action of any muscle",
        ),
        (
            "joints: [thumb-cmc, thumb-mcp]",
            "joints: [thumb-cmc, elbw]",
            "unknown value 'elbw' (did you mean 'elbow'?)",
        ),
        ("plexus: brachial", "plexus: brachal", "unknown value 'brachal'"),
        ("members: [m-one, m-two]", "members: [m-one, grp]", "a group, not a muscle 'grp'"),
        ("  - id: grp\n", "  - id: m-two\n", "group id 'm-two' is also used by"),
        (
            'mnemonic: {id: mn, text: "OT: one, two", source: s}',
            'mnemonic: {id: mn, text: "OT: one, two", source: x}',
            "groups[0].mnemonic.source: unknown source 'x'; it must be the id of one of this group's sources",
        ),
        ("type: test,", "type: exam,", "unknown value 'exam'"),
        ("region: thenar-eminence", "region: thenar", "unknown value 'thenar'"),
        (
            "roots: [C8, T1]",
            "roots: []",
            "t.yaml:15:14: muscles[0].innervation.roots: empty list: only a cranial nerve "
            "(plexus: cranial) has no spinal roots",
        ),
    ],
)
def test_each_rule_names_its_place(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in DECK
    problems = _problems(tmp_path, DECK.replace(old, new, 1))
    assert any(message in p for p in problems), problems


def test_a_deck_needs_muscles_or_groups(tmp_path: Path) -> None:
    assert _problems(tmp_path, "deck: {id: e, name: E}\n") == [
        f"{tmp_path / 't.yaml'}:1:1: a deck needs 'muscles', 'groups' or 'questions'"
    ]


def test_a_deck_of_groups_only_loads(tmp_path: Path) -> None:
    muscles, groups = DECK.split("groups:\n")
    (tmp_path / "m.yaml").write_text(muscles, encoding="utf-8")
    (tmp_path / "g.yaml").write_text("deck: {id: g, name: G}\ngroups:\n" + groups, "utf-8")
    library, selected = load_library([tmp_path / "g.yaml", tmp_path / "m.yaml"], include_bundled=False)
    assert selected == ["g", "tdeck"] and [g.id for g in library.groups()] == ["grp"]


def test_a_cranial_nerve_has_no_spinal_roots(tmp_path: Path) -> None:
    """A muscle of the head (CN V, VII) has ``roots: []``; its cards ask for the nerve only
    (innervation is one flashcard, as for any muscle, and the single best answer)."""
    from quizzer.generate import generate

    deck = DECK.replace("roots: [C8, T1]\n      plexus: brachial", "roots: []\n      plexus: cranial")
    library = _load(tmp_path, deck)
    assert library.muscle("m-one").innervation.roots == ()  # type: ignore[attr-defined]
    cards = [
        q
        for q in generate(library, seed=0)  # type: ignore[arg-type]
        if q.muscle == "m-one" and q.facet is Facet.INNERVATION
    ]
    assert [q.question for q in cards if q.kind is Kind.BASIC] == ["Which nerve supplies muscle one?"]
    for q in cards:
        assert "root" not in q.question, q
        assert "()" not in q.answer and not any("()" in o for o in q.options), q


_REFERRAL = """\
      referral:
        description: Pain over the thumb.
        zones: [{region: thumb, zone: essential}, {region: thenar-eminence, zone: spillover}]
"""
_SITES = "      sites: [{id: s1, text: In the belly, region: thenar-eminence, source: s}]\n"
_BOOKS = "    sources: [{id: s, title: Book}]\n  - id: m-two"


def _with_referral(source: str, books: str = "[{id: s, title: Book}, {id: ts, title: Manual}]") -> str:
    referral = _REFERRAL + (f"        source: {source}\n" if source else "")
    return DECK.replace(_SITES, _SITES + referral, 1).replace(
        _BOOKS, f"    sources: {books}\n  - id: m-two", 1
    )


def test_a_referral_pattern_cites_its_own_source(tmp_path: Path) -> None:
    # Fourth sample review, §4.6: every referral card cited all the muscle's books (Gray's,
    # Kendall …) for a Travell & Simons pattern.
    from quizzer.generate import generate

    for source, books, cited in (
        ("ts", "[{id: s, title: Book}, {id: ts, title: Manual}]", "Manual"),
        ("", "[{id: s, title: Book}, {id: travell-simons, title: T&S}]", "T&S"),
        ("", "[{id: s, title: Book}, {id: ts, title: Manual}]", "Book; Manual"),
    ):
        library = _load(tmp_path, _with_referral(source, books))
        m = library.muscle("m-one")  # type: ignore[attr-defined]
        assert m.referral_source == (source or ("travell-simons" if cited == "T&S" else None))
        asked = [q for q in generate(library, ["tdeck"], seed=0) if q.muscle == "m-one"]  # type: ignore[arg-type]
        referral = [q for q in asked if q.facet is Facet.REFERRAL]
        assert referral, [q.id for q in asked]
        assert {q.source for q in referral} == {cited}, {q.id: q.source for q in referral}


def test_a_referral_source_must_be_one_of_the_muscles(tmp_path: Path) -> None:
    problems = _problems(tmp_path, _with_referral("gray"))
    assert any("muscles[0].trigger_points.referral.source: unknown source 'gray'" in p for p in problems), (
        problems
    )
