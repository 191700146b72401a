"""The per-muscle question builder: ids, tags, sources and per-question randomness."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from quizzer.generate.pools import Pools
from quizzer.generate.text import mid
from quizzer.model import Deck, Facet, Item, Kind, Muscle, Question

ALL = "all"
"""The item part of a question id for questions about a whole facet (reserved id)."""


class Builder:
    """Collects the questions of one muscle; knows how to name and seed them."""

    def __init__(self, pools: Pools, deck: Deck, muscle: Muscle, seed: int) -> None:
        self.pools = pools
        self.deck = deck
        self.muscle = muscle
        self.seed = seed
        self.m = mid(muscle.name)
        self.questions: list[Question] = []

    def name_of(self, muscle_id: str) -> str:
        return self.pools.by_id[muscle_id].name

    def question_id(self, facet: Facet, item: str, kind: Kind, variant: str = "") -> str:
        base = f"{self.deck.id}/{self.muscle.id}/{facet.value}/{item}/{kind.value}"
        return f"{base}/{variant}" if variant else base

    def rng(self, question_id: str) -> random.Random:
        """Randomness for one question: depends on the seed and the id only."""
        return random.Random(f"{self.seed}|{question_id}")

    def hide_name(self, text: str) -> str:
        """Blank out the muscle's own names so a "which muscle" stem does not give it away."""
        for name in (self.muscle.name, *self.muscle.aliases):
            text = re.sub(re.escape(name), "this muscle", text, flags=re.IGNORECASE)
        return text

    def source(self, items: Iterable[Item] = ()) -> str:
        titles: list[str] = []
        for item in items:
            if item.source:
                title = self.muscle.source_text(item)
                if title not in titles:
                    titles.append(title)
        return "; ".join(titles) if titles else self.muscle.source_text()

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
        items: Iterable[str] = (),
    ) -> None:
        qid = self.question_id(facet, item, kind, variant)
        tags = (
            f"quizzer::deck::{self.deck.id}",
            f"quizzer::muscle::{self.muscle.id}",
            f"quizzer::topic::{facet.topic.value}",
            f"quizzer::facet::{facet.value}",
            f"quizzer::kind::{kind.value}",
        )
        self.questions.append(
            Question(
                id=qid,
                deck=self.deck.id,
                muscle=self.muscle.id,
                facet=facet,
                kind=kind,
                question=question,
                answer=answer,
                options=tuple(options),
                correct=tuple(correct),
                explanation=explanation.strip(),
                tags=tags,
                source=self.source(sources),
                fact=f"{self.deck.id}/{self.muscle.id}/{facet.value}/{item}",
                items=tuple(items),
                muscle_name=self.muscle.name,
                deck_name=self.deck.name,
            )
        )
