"""What Anki reads as markup or structure in a field never comes from deck text."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import genanki
from anki.collection import Collection

from quizzer.decks import load_library
from quizzer.export.anki import write_package
from quizzer.generate import generate
from quizzer.model import Kind, Library
from tests.anki.ankitools import T0, import_package


def _library(tmp_path: Path, mini_deck: Path, name: str) -> Library:
    text = mini_deck.read_text(encoding="utf-8").replace("name: Alpha muscle", f"name: '{name}'")
    deck = tmp_path / "deck.yaml"
    deck.write_text(text, encoding="utf-8")
    library, _ = load_library([deck], include_bundled=False)
    return library


def test_a_field_separator_in_deck_text_cannot_shift_fields(
    col: Collection, mini_deck: Path, tmp_path: Path
) -> None:
    # The loader refuses U+001F; a question that holds one anyway (built in code, or read
    # from anywhere else) must still export as notes Anki imports whole.
    library, selected = load_library([mini_deck], include_bundled=False)
    questions = [
        dataclasses.replace(
            q, question=q.question + "\x1f extra", explanation="why\x1fnot", source=q.source + "\x1b[2J"
        )
        for q in generate(library, selected)
    ]
    out = tmp_path / "sep.apkg"
    write_package(questions, out, now=T0, library=library)
    import_package(col, out)
    assert len(col.find_notes("")) == len(questions)
    by_guid = {genanki.guid_for(q.id): q for q in questions}
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        q = by_guid[note.guid]
        fields = dict(note.items())
        assert len(fields) == {Kind.CLOZE: 4, Kind.BASIC: 5, Kind.REVERSE: 5}.get(q.kind, 6)
        assert fields["Explanation"] == "whynot"
        assert fields["Source"] == q.source.replace("\x1b", "").replace("[", "&#91;")
        assert not any(ch in value for value in fields.values() for ch in "\x1f\x1b")


def test_anki_markup_in_a_muscle_name_stays_inside_the_image_attribute(
    col: Collection, mini_deck: Path, tmp_path: Path
) -> None:
    library = _library(tmp_path, mini_deck, "Alpha [latex]x[/latex] [sound:boom.mp3] muscle")
    questions = generate(library, ["mini"])
    out = tmp_path / "latex.apkg"
    write_package(questions, out, now=T0, library=library)
    import_package(col, out)
    referral = next(q for q in questions if q.id == "mini/alpha/referral/all/basic")
    note = next(
        note for note in map(col.get_note, col.find_notes("")) if note.guid == genanki.guid_for(referral.id)
    )
    assert "[" not in note["Image"]
    answer = note.cards()[0].answer()
    images = re.findall(r"<img\b[^>]*>", answer)
    ours = [tag for tag in images if 'class="qz-map"' in tag]
    assert len(ours) == 1 and "latex" not in answer.split("</style>", 1)[1].replace(
        "&#91;latex]x&#91;/latex]", ""
    )
    assert 'alt="Referral pain map of Alpha &#91;latex]x&#91;/latex] &#91;sound:boom.mp3] muscle"' in ours[0]
    assert not col.media.check().missing
