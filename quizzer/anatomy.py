"""The facts a deck states about muscles and groups: frozen data types.

Kept apart from ``quizzer.model`` (which re-exports them: ``from quizzer.model import
Muscle`` works as before) so that what only counts and studies questions (the home screen,
a warm start from the question bank's cache) does not create these classes: each
dataclass costs about half a millisecond to make on Python 3.11, at every start.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from quizzer.model import Facet, Zone, bracketed


@dataclass(frozen=True, slots=True)
class Item:
    """One fact in a list, with a stable id that survives rewording.

    Items with the same id in the same facet of two muscles state the same fact; that is
    how the generator knows a distractor taken from another muscle is not true here.
    """

    id: str
    text: str
    cloze: str | None = None
    """The text with gaps marked ``{{like this}}``; makes a cloze card."""
    note: str | None = None
    """A remark shown with the answer, e.g. where references disagree."""
    disputed: bool = False
    """References disagree: shown on sheets, never asked as a right or wrong option."""
    source: str | None = None
    """The id of one of the muscle's sources that this item comes from."""
    distinctive: bool = False
    """Unique to this muscle among all muscles: may be asked as "which muscle?"."""
    fields: Mapping[str, str] = field(default_factory=dict)
    """Facet-specific structured fields (e.g. tool, duration; tear, healing)."""
    qualifier: str | None = None
    """True only with this qualifier ("assists", "lower fibers", "with the hip flexed"):
    asked with it, and never offered as a wrong option (the item is in the muscle's list)."""

    partial: bool = False
    """True of the muscle only in part (a caution over part of a region it covers): like a
    disputed item (``disputed`` is set with it), never asked either way, but marked "(in
    part)" where it is shown, not "(sources differ)"."""

    @property
    def doubt(self) -> str | None:
        """How a fact never asked is marked where it is shown: "in part", "sources differ",
        or None for a fact that is asked."""
        if self.partial:
            return "in part"
        return "sources differ" if self.disputed else None

    @property
    def qualified_text(self) -> str:
        """The text with its qualifier, as a right answer shows it (one bracket: a text
        that ends in one takes the qualifier into it)."""
        return bracketed(self.text, self.qualifier) if self.qualifier else self.text


@dataclass(frozen=True, slots=True)
class Distractor:
    """A curated false statement for a facet, and why it is false."""

    id: str
    text: str
    why: str
    opposes: tuple[str, ...] = ()
    """Ids of the facet's true items it contradicts: the pair must never share a question,
    or "which is NOT" reads "avoid X" next to "do X"."""


@dataclass(frozen=True, slots=True)
class ReferralZone:
    """A body region (from the fixed vocabulary) that receives referred pain."""

    region: str
    zone: Zone


@dataclass(frozen=True, slots=True)
class Innervation:
    nerve: Item
    roots: tuple[str, ...]
    note: str | None = None
    other_nerves: tuple[Item, ...] = ()
    """Further nerves that supply part of the muscle: true, so never wrong options."""
    plexus: str | None = None
    """A :data:`quizzer.vocab.PLEXUSES` id: where the nerve comes from."""


@dataclass(frozen=True, slots=True)
class Relation:
    """Synergists or antagonists of one of a muscle's actions."""

    action: str
    """The id of one of the muscle's actions."""
    muscles: tuple[str, ...]
    one_way: tuple[str, ...] = ()
    """Muscles of ``muscles`` that need not list this muscle back (``note`` says why)."""
    note: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Palpation:
    position: str
    """A :data:`quizzer.vocab.POSITIONS` id."""
    text: str
    landmarks: tuple[str, ...] = ()
    resisted: str | None = None
    """The id of the action whose resistance makes the muscle stand out."""
    note: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Stretch:
    text: str
    movements: tuple[str, ...]
    """Action ids (of any muscle) of the joint movements that lengthen it."""
    note: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Muscle:
    """Everything the decks say about one muscle."""

    id: str
    name: str
    deck: str
    aliases: tuple[str, ...] = ()
    region: str = ""
    location: str = ""
    deep_to: tuple[str, ...] = ()
    superficial_to: tuple[str, ...] = ()
    innervation: Innervation | None = None
    referral_description: str = ""
    referral_zones: tuple[ReferralZone, ...] = ()
    referral_source: str | None = None
    """The id of the source the referral pattern comes from (``trigger_points.referral.source``;
    Travell & Simons when the muscle cites them and the deck names none); None: all its
    sources."""
    trigger_point_sites: tuple[Item, ...] = ()
    satellites: tuple[str, ...] = ()
    similar_patterns: tuple[str, ...] = ()
    facts: Mapping[Facet, tuple[Item, ...]] = field(default_factory=dict)
    """Item lists by facet (origin, actions, fibers, clinical tests, causes, strain grades ...)."""
    joints: tuple[str, ...] | None = None
    """:data:`quizzer.vocab.JOINTS` ids of the joints it crosses; None when not recorded."""
    synergists: tuple[Relation, ...] = ()
    antagonists: tuple[Relation, ...] = ()
    palpation: Palpation | None = None
    stretch: Stretch | None = None
    distractors: Mapping[Facet, tuple[Distractor, ...]] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()

    def items(self, facet: Facet) -> tuple[Item, ...]:
        return self.facts.get(facet, ())

    def source_text(self, item: Item | None = None) -> str:
        """The citation for an item, or the muscle's sources joined."""
        if item is not None and item.source:
            for source in self.sources:
                if source.id == item.source:
                    return source.title
        return "; ".join(source.title for source in self.sources)


@dataclass(frozen=True, slots=True)
class Group:
    """A group of muscles the exam names (rotator cuff, hamstrings, deep six ...)."""

    id: str
    name: str
    deck: str
    description: str
    members: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    borderline: tuple[str, ...] = ()
    """Muscles some texts count in the group: never offered as outside it."""
    actions: tuple[Item, ...] = ()
    mnemonic: Item | None = None
    note: str | None = None
    sources: tuple[Source, ...] = ()
