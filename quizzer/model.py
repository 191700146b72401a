"""Frozen data types shared by every layer: decks, muscles, facts and questions.

The facts of muscles and groups (``Muscle``, ``Group``, ``Item`` …) are defined in
``quizzer.anatomy`` and importable from here as well; they are created when first asked
for (what only counts and studies questions never needs them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizzer.anatomy import Distractor as Distractor
    from quizzer.anatomy import Group as Group
    from quizzer.anatomy import Innervation as Innervation
    from quizzer.anatomy import Item as Item
    from quizzer.anatomy import Muscle as Muscle
    from quizzer.anatomy import Palpation as Palpation
    from quizzer.anatomy import ReferralZone as ReferralZone
    from quizzer.anatomy import Relation as Relation
    from quizzer.anatomy import Source as Source
    from quizzer.anatomy import Stretch as Stretch


class Kind(StrEnum):
    """The kinds of question the generator makes."""

    BASIC = "basic"
    REVERSE = "reverse"
    CLOZE = "cloze"
    MCQ = "mcq"
    MULTI = "multi"
    NOT = "not"
    ORDER = "order"

    @property
    def is_choice(self) -> bool:
        """True for the auto-graded kinds that show options."""
        return self in CHOICE_KINDS


CHOICE_KINDS = frozenset({Kind.MCQ, Kind.MULTI, Kind.NOT, Kind.ORDER})


class Topic(StrEnum):
    """The three broad topics a facet belongs to."""

    ANATOMY = "anatomy"
    CLINICAL = "clinical"
    TRIGGER_POINTS = "trigger-points"
    STRAIN = "strain"
    OTHER = "other"
    """Hand-written questions on a topic that is none of the facets."""

    @property
    def title(self) -> str:  # type: ignore[override]  # a name, deliberately not str.title()
        return {
            "anatomy": "Anatomy",
            "clinical": "Assessment and treatment",
            "trigger-points": "Trigger points",
            "strain": "Strain",
            "other": "Other",
        }[self.value]


class Facet(StrEnum):
    """One kind of fact about a muscle; questions are grouped by facet."""

    LOCATION = "location"
    DEPTH = "depth"
    ORIGIN = "origin"
    INSERTION = "insertion"
    ACTIONS = "actions"
    INNERVATION = "innervation"
    BLOOD_SUPPLY = "blood-supply"
    FIBERS = "fibers"
    JOINTS = "joints"
    SYNERGISTS = "synergists"
    ANTAGONISTS = "antagonists"
    GROUP = "group"
    PALPATION = "palpation"
    STRETCH = "stretch"
    CLINICAL_TESTS = "clinical-tests"
    CAUTIONS = "cautions"
    CONDITIONS = "conditions"
    REFERRAL = "referral"
    TP_SYMPTOMS = "tp-symptoms"
    TP_CAUSES = "tp-causes"
    TP_PREVENTION = "tp-prevention"
    SELF_TREATMENT = "self-treatment"
    PROFESSIONAL_HELP = "professional-help"
    TIME_TO_RELIEF = "time-to-relief"
    DIAGNOSTIC_SIGNS = "diagnostic-signs"
    DIFFERENTIAL = "differential"
    SATELLITES = "satellites"
    SIMILAR_PATTERNS = "similar-patterns"
    STRAIN_MECHANISM = "strain-mechanism"
    STRAIN_SYMPTOMS = "strain-symptoms"
    STRAIN_CAUSES = "strain-causes"
    STRAIN_ACTIVITIES = "strain-activities"
    STRAIN_TREATMENT = "strain-treatment"
    RICE = "rice"
    STRAIN_GRADES = "strain-grades"
    QUESTIONS = "questions"
    """Hand-written questions whose topic is none of the facets above."""

    @property
    def title(self) -> str:  # type: ignore[override]  # a name, deliberately not str.title()
        """A human title, e.g. "Blood supply"."""
        return _FACET_TITLES[self]

    @property
    def topic(self) -> Topic:
        if self is Facet.QUESTIONS:
            return Topic.OTHER
        if self in _ANATOMY:
            return Topic.ANATOMY
        if self in _CLINICAL:
            return Topic.CLINICAL
        if self.value.startswith("strain") or self is Facet.RICE:
            return Topic.STRAIN
        return Topic.TRIGGER_POINTS


_ANATOMY = {
    Facet.LOCATION,
    Facet.DEPTH,
    Facet.ORIGIN,
    Facet.INSERTION,
    Facet.ACTIONS,
    Facet.INNERVATION,
    Facet.BLOOD_SUPPLY,
    Facet.FIBERS,
    Facet.JOINTS,
    Facet.SYNERGISTS,
    Facet.ANTAGONISTS,
    Facet.GROUP,
}

_CLINICAL = {
    Facet.PALPATION,
    Facet.STRETCH,
    Facet.CLINICAL_TESTS,
    Facet.CAUTIONS,
    Facet.CONDITIONS,
}

_FACET_TITLES = {
    Facet.LOCATION: "Location",
    Facet.DEPTH: "Depth",
    Facet.ORIGIN: "Origin",
    Facet.INSERTION: "Insertion",
    Facet.ACTIONS: "Actions",
    Facet.INNERVATION: "Innervation",
    Facet.BLOOD_SUPPLY: "Blood supply",
    Facet.FIBERS: "Fiber direction",
    Facet.JOINTS: "Joints crossed",
    Facet.SYNERGISTS: "Synergists",
    Facet.ANTAGONISTS: "Antagonists",
    Facet.GROUP: "Muscle groups",
    Facet.PALPATION: "Palpation",
    Facet.STRETCH: "Stretch",
    Facet.CLINICAL_TESTS: "Clinical tests and signs",
    Facet.CAUTIONS: "Cautions and endangerment sites",
    Facet.CONDITIONS: "Common conditions",
    Facet.REFERRAL: "Referral pattern",
    Facet.TP_SYMPTOMS: "Trigger-point symptoms",
    Facet.TP_CAUSES: "Trigger-point causes",
    Facet.TP_PREVENTION: "Prevention",
    Facet.SELF_TREATMENT: "Self-treatment",
    Facet.PROFESSIONAL_HELP: "Professional help",
    Facet.TIME_TO_RELIEF: "Time to relief",
    Facet.DIAGNOSTIC_SIGNS: "Diagnostic signs",
    Facet.DIFFERENTIAL: "Differential diagnosis",
    Facet.SATELLITES: "Satellite trigger points",
    Facet.SIMILAR_PATTERNS: "Similar pain patterns",
    Facet.STRAIN_MECHANISM: "Strain mechanism",
    Facet.STRAIN_SYMPTOMS: "Strain symptoms",
    Facet.STRAIN_CAUSES: "Strain causes",
    Facet.STRAIN_ACTIVITIES: "Sports and activities at risk",
    Facet.STRAIN_TREATMENT: "Strain treatment",
    Facet.RICE: "RICE protocol",
    Facet.STRAIN_GRADES: "Strain grades",
    Facet.QUESTIONS: "Other topics",
}


class Zone(StrEnum):
    """How strongly a body region receives referred pain."""

    ESSENTIAL = "essential"
    SPILLOVER = "spillover"


_END_GROUP = re.compile(r"\s*\(([^()]*)\)(?=\s*(?:[,;]|$))")
_GROUP = re.compile(r"\(([^()]*)\)")


def flat_brackets(text: str) -> str:
    """``text`` with no bracket of its own, to stand inside one: a bracketed group that
    ends the text or one of its parts joins it ("ribs 3–12 (thoracic and cervical parts)"
    → "ribs 3–12, thoracic and cervical parts"; with a comma of its own, after a semicolon:
    "lower part (cervical part, inconstant)" → "lower part; cervical part, inconstant");
    one inside a part just loses its brackets ("posterior (hamstring) part" → "posterior
    hamstring part")."""
    while "(" in text:
        flat = _END_GROUP.sub(lambda g: ("; " if "," in g.group(1) else ", ") + g.group(1), text)
        flat = _GROUP.sub(lambda g: g.group(1), flat)
        if flat == text:  # an unmatched bracket: left as it is
            break
        text = flat
    return text


def bracketed(text: str, extra: str) -> str:
    """``text`` followed by ``extra`` in brackets, never two brackets in a row nor one
    inside another: after a text that ends in a bracket, ``extra`` joins it after a
    semicolon ("Nuchal ligament (ligamentum nuchae)" with "lower part" → "Nuchal ligament
    (ligamentum nuchae; lower part)")."""
    extra = flat_brackets(extra)
    body = text.rstrip()
    if not body.endswith(")"):
        return f"{text} ({extra})"
    depth = 0
    for at in range(len(body) - 1, -1, -1):
        depth += (body[at] == ")") - (body[at] == "(")
        if depth == 0:
            return f"{body[:-1]}; {extra})"
    return f"{text} ({extra})"  # an unmatched bracket: not merged into


@dataclass(frozen=True, slots=True)
class Deck:
    id: str
    name: str
    path: str
    muscles: tuple[Muscle, ...]
    description: str = ""
    bundled: bool = False
    groups: tuple[Group, ...] = ()
    questions: tuple[Question, ...] = ()
    """Questions written by hand (question files, a deck's ``questions:``), asked as written."""


@dataclass(frozen=True, slots=True)
class Library:
    """All loaded decks; cross-references resolve within it."""

    decks: tuple[Deck, ...]

    def muscles(self) -> Iterator[Muscle]:
        for deck in self.decks:
            yield from deck.muscles

    def groups(self) -> Iterator[Group]:
        for deck in self.decks:
            yield from deck.groups

    def muscle(self, muscle_id: str) -> Muscle:
        for muscle in self.muscles():
            if muscle.id == muscle_id:
                return muscle
        raise KeyError(muscle_id)

    def deck(self, deck_id: str) -> Deck:
        for deck in self.decks:
            if deck.id == deck_id:
                return deck
        raise KeyError(deck_id)


QUESTION_KEYS = (
    "id",
    "deck",
    "muscle",
    "facet",
    "kind",
    "question",
    "answer",
    "options",
    "correct",
    "explanation",
    "tags",
    "source",
)


ALL = "all"
"""The item of a question about a whole facet ("select all the actions"); a reserved item id."""
WHICH_MUSCLE = "which-muscle"
"""Key variant: the question names a fact and asks whose it is."""
WHOSE_MAP = "map-which-muscle"
"""Key variant of ``…/referral/all/mcq``: the stem shows a pain map and asks whose it is."""
WHICH_MAP = "which-map"
"""Key variant of ``…/referral/all/mcq``: the stem names the muscle and the options are maps."""


NO_MUSCLE = "-"
"""The muscle part of the id of a question about no muscle (a hand-written one); never a
slug, so never a muscle id."""


@dataclass(frozen=True, slots=True)
class QuestionKey:
    """What a question is about, as data: the parts its id is made of.

    The generator builds one per question from data ids only (never wording or randomness),
    and so do question files (the author's id, or one derived from the wording, as the
    item); its string form, ``deck/muscle/facet/item/kind`` plus ``/variant`` when one item
    yields several questions, keys progress in the store, Anki note GUIDs and exam keys, so
    it must never change for an existing question. Code that needs to know what a question
    is about reads these fields; nothing splits the string.
    """

    deck: str
    muscle: str
    """A muscle or group id; "" for a hand-written question about no muscle (``-`` in the id)."""
    facet: Facet
    item: str
    """A data item id, or ``ALL`` for a question about the whole facet."""
    kind: Kind
    variant: str = ""
    """Tells apart several questions of one item and kind ("which-muscle", "which-map")."""
    id: str = field(init=False, default="", repr=False, compare=False)
    """The string form: the question id (computed once: ids are looked up everywhere)."""
    fact: str = field(init=False, default="", repr=False, compare=False)
    """The fact tested (``deck/muscle/facet/item``): questions sharing it are siblings."""

    def __post_init__(self) -> None:
        # The one place the string form is written. (Facet and Kind are StrEnums: formatted,
        # a member is its value.)
        fact = f"{self.deck}/{self.muscle or NO_MUSCLE}/{self.facet}/{self.item}"
        object.__setattr__(self, "fact", fact)
        object.__setattr__(
            self, "id", f"{fact}/{self.kind}/{self.variant}" if self.variant else f"{fact}/{self.kind}"
        )

    @property
    def topic(self) -> str:
        """``deck/muscle/facet``: the muscle's facet the question is about."""
        return f"{self.deck}/{self.muscle or NO_MUSCLE}/{self.facet}"

    @property
    def whole_facet(self) -> bool:
        """True for a question about every item of a facet at once."""
        return self.item == ALL

    def __str__(self) -> str:
        return self.id


@dataclass(frozen=True, slots=True)
class Question:
    """One generated question. Its id is its key's string form, built from data ids only.

    ``options``/``correct``: for ``mcq``, ``multi`` and ``not`` the indices of the right
    options; for ``order`` the option indices in the right order. Empty for other kinds.
    ``question`` for ``cloze`` uses Anki's ``{{c1::...}}`` gap markup.
    """

    key: QuestionKey
    question: str
    answer: str
    options: tuple[str, ...] = ()
    correct: tuple[int, ...] = ()
    explanation: str = ""
    tags: tuple[str, ...] = ()
    source: str = ""
    items: tuple[str, ...] = ()
    """Ids of the data items this question names, right or wrong (for give-away checks)."""
    muscle_name: str = ""
    deck_name: str = ""
    picture: str = ""
    """A muscle id whose referral pain map the stem shows ("whose pattern is this?");
    "" for text-only questions. Draw it with ``quizzer.atlas`` (not in the jsonl form)."""
    option_pictures: tuple[tuple[str, str], ...] = ()
    """(option text, muscle id) pairs: options that are pain maps, keyed by text so that
    reordering the options keeps each with its map. Empty for text-only options."""
    id: str = field(init=False, default="")
    """``str(key)``, computed once: ids are compared and looked up everywhere."""
    fact: str = field(init=False, default="")
    """``key.fact``, computed once: the fact this question tests; siblings share it."""

    def __post_init__(self) -> None:
        key = self.key
        object.__setattr__(self, "id", key.id)
        object.__setattr__(self, "fact", key.fact)

    @property
    def deck(self) -> str:
        return self.key.deck

    @property
    def muscle(self) -> str:
        return self.key.muscle

    @property
    def facet(self) -> Facet:
        return self.key.facet

    @property
    def kind(self) -> Kind:
        return self.key.kind

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form used by ``quizzer cards --format jsonl``."""
        return {
            "id": self.id,
            "deck": self.deck,
            "muscle": self.muscle,
            "facet": self.facet.value,
            "kind": self.kind.value,
            "question": self.question,
            "answer": self.answer,
            "options": list(self.options),
            "correct": list(self.correct),
            "explanation": self.explanation,
            "tags": list(self.tags),
            "source": self.source,
        }


def with_written(decks: Sequence[Deck], generated: Iterable[Sequence[Question]]) -> list[Question]:
    """The questions of ``decks``: the generated ones (``generated``, deck by deck), then every
    deck's hand-written questions as written; a hand-written question takes the place of the
    generated one with its id (an edited exam CSV read back).

    Here rather than in the generator so that a bank read from the cache (``quizzer.bank``)
    is put together the same way without loading the generator.
    """
    out = [q for questions in generated for q in questions]
    own = [q for deck in decks for q in deck.questions]
    if not own:
        return out
    written = {q.id for q in own}
    return [q for q in out if q.id not in written] + own


_ANATOMY_TYPES = frozenset(
    {
        "Distractor",
        "Group",
        "Innervation",
        "Item",
        "Muscle",
        "Palpation",
        "ReferralZone",
        "Relation",
        "Source",
        "Stretch",
    }
)
"""The types ``quizzer.anatomy`` defines, importable from here too."""


def __getattr__(name: str) -> Any:
    if name in _ANATOMY_TYPES:
        from quizzer import anatomy

        value = getattr(anatomy, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
