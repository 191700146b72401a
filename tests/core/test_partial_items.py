"""Facts true of a muscle only in part (`partial: true`): never asked, marked "(in part)"."""

from __future__ import annotations

from quizzer.model import Facet
from tests.banks import bundled_library, bundled_questions


def test_a_partial_fact_is_never_asked_and_is_marked_in_part_where_it_is_shown() -> None:
    # Platysma covers only the lower part of the posterior triangle of the neck: "Which
    # cautions apply?" must neither key it nor offer it as wrong (the brachial plexus
    # under it would then be a wrong option too), and "(sources differ)" would say that
    # the texts disagree, which they do not.
    from quizzer.tui.screens.sheet import _item_line

    library = bundled_library()[0]
    platysma = library.muscle("platysma")
    item = next(i for i in platysma.items(Facet.CAUTIONS) if i.id == "posterior-triangle-of-neck")
    assert item.partial and item.disputed and item.doubt == "in part"
    plain = next(i for i in platysma.items(Facet.CAUTIONS) if i.id == "carotid-artery")
    assert not plain.partial and plain.doubt is None
    questions = [q for q in bundled_questions(0) if q.muscle == "platysma" and q.facet is Facet.CAUTIONS]
    listed = next(q for q in questions if q.id.endswith("/cautions/all/basic"))
    assert f"{item.text[0].lower()}{item.text[1:]} (in part)" in listed.answer
    assert "sources differ" not in listed.answer
    assert all(item.id not in q.items for q in questions if q.options)
    assert "(in part)" in _item_line(item)[1].plain
