"""Item-writing rules of the fourth review (sample 4b) over the whole bank: every bundled
deck and the exam-grade fixture, seeds 0–4 (the banks of ``test_item_writing``).

Each rule reads the deck data, not the generator's code: what a list of holders, a wrong
option, a flashcard or a cloze gap may say, given what the data records."""

from __future__ import annotations

import re

import pytest

from quizzer.generate.text import WORDING, mid
from quizzer.model import Facet, Item, Muscle, flat_brackets
from tests.core.item_rules import Bank, own_items
from tests.core.test_item_writing import BANKS


@pytest.fixture(params=list(BANKS))
def bank(request: pytest.FixtureRequest) -> Bank:
    return BANKS[request.param]()


def _words(text: str) -> str:
    return " ".join(text.lower().rstrip(".").split())


# --- holder lists keep the holder's qualifier (review 4b, T78 and pattern 3) -----------

_HOLDER_FACETS = (
    Facet.ORIGIN,
    Facet.INSERTION,
    Facet.ACTIONS,
    Facet.INNERVATION,
    Facet.BLOOD_SUPPLY,
    Facet.CLINICAL_TESTS,
    Facet.CAUTIONS,
    Facet.CONDITIONS,
)
_RELATIONS = {WORDING[f].is_.split("{m}")[0]: f for f in _HOLDER_FACETS}
_HOLDER_LIST = re.compile(r'"([^"]+)" is (' + "|".join(re.escape(r) for r in _RELATIONS) + r")(.+?)\.(?= |$)")


def _sensory_only(facet: Facet, item: Item) -> bool:
    """A nerve the data records as carrying only sensation from the muscle: not its
    nerve supply (the exam's nerve supply is the motor nerve)."""
    return facet is Facet.INNERVATION and "sensory" in (item.qualifier or "").lower()


def test_a_holder_list_names_each_holder_with_its_qualifier_and_never_a_sensory_nerve(
    bank: Bank,
) -> None:
    # Review 4b, T78: '"Intercostal nerves" is the nerve supply of the diaphragm, …' although
    # the data says "sensory only, to its outer rim" (the phrenic nerve is its only motor
    # nerve); T20: "AIIS is an origin of iliacus" without "a few anterior fibers".
    held: dict[tuple[Facet, str], list[tuple[Muscle, Item]]] = {}
    for m in bank.muscles.values():
        for facet in _HOLDER_FACETS:
            for item in own_items(m, facet):
                if not item.disputed:
                    held.setdefault((facet, _words(item.text)), []).append((m, item))
    qualified = sensory = 0
    for q in bank.generated:
        for text, relation, names in _HOLDER_LIST.findall(q.explanation):
            facet = _RELATIONS[relation]
            for m, item in held.get((facet, _words(text)), []):
                found = re.search(rf"(?:^|, | and ){re.escape(mid(m.name))}( \(|,| and |$)", names)
                if _sensory_only(facet, item):
                    sensory += 1
                    assert found is None, (q.id, m.id, text, "a sensory-only nerve named as the nerve supply")
                elif item.qualifier and found is not None:
                    qualified += 1
                    rest = names[found.end(1) :]
                    assert found.group(1) == " (" and rest.startswith(flat_brackets(item.qualifier)), (
                        q.id,
                        m.id,
                        text,
                        "holder named without its qualifier",
                    )
    assert qualified > 100 or len(bank.muscles) < 100
    assert sensory > 0 or "diaphragm" not in bank.muscles
