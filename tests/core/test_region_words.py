"""Body region labels are answer options: none may name a muscle (it would give it away)."""

from __future__ import annotations

import re

from quizzer.regions import BODY_REGIONS
from tests.banks import bundled_library


def test_no_region_label_names_a_bundled_muscle() -> None:
    library = bundled_library()[0]
    # The bundled muscles, and the names of muscles a label might borrow as a landmark.
    names = {m.name.lower() for m in library.muscles()} | {
        "deltoid",
        "trapezius",
        "biceps",
        "triceps",
        "pectoralis",
        "latissimus",
        "gluteus",
        "gastrocnemius",
        "soleus",
        "sternocleidomastoid",
        "masseter",
        "temporalis",
    }
    names |= {a.lower() for m in library.muscles() for a in m.aliases if len(a) >= 4}
    for region, label in BODY_REGIONS.items():
        words = label.lower()
        found = [n for n in names if re.search(rf"\b{re.escape(n)}\b", words)]
        assert not found, f"{region}: {label!r} names {found}"
