"""The per-subject question builder: ids, tags, sources and per-question randomness.

A subject is a muscle, or a group of muscles (the hamstrings, the deep six): a group's
questions carry the group's id where a muscle's carry the muscle's (``Question.muscle``).
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from quizzer.generate.pools import Pools
from quizzer.generate.text import mid, name_pattern
from quizzer.model import ALL, Deck, Facet, Group, Item, Kind, Muscle, Question, QuestionKey, Source

__all__ = ["ALL", "Builder"]


class Builder:
    """Collects the questions of one muscle or group; knows how to name and seed them."""

    def __init__(self, pools: Pools, deck: Deck, subject: Muscle | Group, seed: int) -> None:
        self.pools = pools
        self.deck = deck
        self.subject = subject
        self._muscle = subject if isinstance(subject, Muscle) else None
        self.seed = seed
        self.m = mid(subject.name)
        self.questions: list[Question] = []
        self._titles: dict[str, str] | None = None
        self._tags: dict[tuple[Facet, Kind], tuple[str, ...]] = {}
        self.said: dict[Facet, str] = {}
        """Per facet, what a true item is ("an action of gluteus minimus"), made once."""
        self._all_titles = ""

    @property
    def muscle(self) -> Muscle:
        """The muscle asked about (a builder for a group has none)."""
        if self._muscle is None:
            raise TypeError(f"{self.subject.id} is a group, not a muscle")
        return self._muscle

    def name_of(self, muscle_id: str) -> str:
        return self.pools.name_of(muscle_id)

    def key(self, facet: Facet, item: str, kind: Kind, variant: str = "") -> QuestionKey:
        """The key of this subject's question on ``item`` of ``facet``."""
        return QuestionKey(self.deck.id, self.subject.id, facet, item, kind, variant)

    def question_id(self, facet: Facet, item: str, kind: Kind, variant: str = "") -> str:
        """The one place question ids are made: ``deck/subject/facet/item/kind[/variant]``
        (the string form of :meth:`key`)."""
        return self.key(facet, item, kind, variant).id

    def rng(self, question_id: str) -> random.Random:
        """Randomness for one question: depends on the seed and the id only."""
        return random.Random(f"{self.seed}|{question_id}")

    def hide_name(self, text: str) -> str:
        """Blank out the muscle's own names, as whole words, so a "which muscle" stem does
        not give it away ("iliopsoas" keeps its "psoas")."""
        return name_pattern(self.subject.name, self.subject.aliases).sub("this muscle", text)

    def _title(self, source_id: str | None) -> str | None:
        if self._titles is None:
            sources: tuple[Source, ...] = self.subject.sources
            self._titles = {s.id: s.title for s in reversed(sources)}
            self._all_titles = "; ".join(s.title for s in sources)
        return self._titles.get(source_id) if source_id else None

    def source(self, items: Iterable[Item] = (), cite: Iterable[str | None] = ()) -> str:
        """The titles of the items' sources (and of the ``cite`` source ids), or all the
        subject's sources when none is named."""
        titles: list[str] = []
        for source_id in [*(item.source for item in items), *cite]:
            title = self._title(source_id)
            if title and title not in titles:
                titles.append(title)
        if titles:
            return "; ".join(titles)
        self._title(None)
        return self._all_titles

    def add(
        self,
        facet: Facet,
        item: str,
        kind: Kind,
        question: str,
        answer: str,
        *,
        variant: str = "",
        options: Iterable[str] = (),
        correct: Iterable[int] = (),
        explanation: str = "",
        sources: Iterable[Item] = (),
        cite: Iterable[str | None] = (),
        items: Iterable[str] = (),
    ) -> None:
        key = self.key(facet, item, kind, variant)
        if facet is Facet.REFERRAL and self._muscle is not None:
            # A referral pattern (and a client's pain, asked from it) comes from its own
            # source, Travell & Simons, not from every book the muscle cites (with none
            # named, from all of them).
            source = self._muscle.referral_source
            sources, cite = (), (source,) if source else ()
        tags = self._tags.get((facet, kind))
        if tags is None:
            tags = self._tags[facet, kind] = (
                f"quizzer::deck::{self.deck.id}",
                f"quizzer::muscle::{self.subject.id}",
                f"quizzer::topic::{facet.topic.value}",
                f"quizzer::facet::{facet.value}",
                f"quizzer::kind::{kind.value}",
            )
        self.questions.append(
            Question(
                key=key,
                question=question,
                answer=answer,
                options=tuple(options),
                correct=tuple(correct),
                explanation=explanation.strip(),
                tags=tags,
                source=self.source(sources, cite),
                items=tuple(items),
                muscle_name=self.subject.name,
                deck_name=self.deck.name,
            )
        )
