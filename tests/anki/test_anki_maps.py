"""Referral pain maps in the Anki package: SVG media, picture cards and referral cards in real Anki."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import genanki
import pytest
from anki.cards import Card
from anki.collection import Collection
from click.testing import CliRunner

from quizzer.cli import cli
from quizzer.decks import load_library
from quizzer.export import maps
from quizzer.export.anki import map_file, write_package
from quizzer.model import Kind, Question
from tests.anki.ankitools import T0, export, import_package, questions_of

SVG = "{http://www.w3.org/2000/svg}"


def _cards(col: Collection, questions: list[Question]) -> dict[str, Card]:
    by_guid = {genanki.guid_for(q.id): q.id for q in questions}
    return {by_guid[col.get_note(n).guid]: col.get_note(n).cards()[0] for n in col.find_notes("")}


def _body(rendered: str) -> str:
    return rendered.split("</style>", 1)[1]


def _srcs(html: str) -> list[str]:
    return re.findall(r'<img class="qz-map" src="([^"]+)"', html)


@pytest.fixture
def imported(col: Collection, mini_deck: Path, tmp_path: Path) -> tuple[list[Question], dict[str, Card]]:
    questions = questions_of(mini_deck)
    export(mini_deck, tmp_path / "mini.apkg")
    import_package(col, tmp_path / "mini.apkg")
    return questions, _cards(col, questions)


def test_maps_land_in_the_media_folder_and_nothing_is_missing(
    col: Collection, imported: tuple[list[Question], dict[str, Card]], mini_deck: Path
) -> None:
    questions, _ = imported
    library, _ = load_library([mini_deck], include_bundled=False)
    folder = Path(col.media.dir())
    names = sorted(p.name for p in folder.iterdir())
    assert names == [map_file(m) for m in ("alpha", "beta", "delta", "gamma")]
    for muscle in library.muscles():
        text = (folder / map_file(muscle.id)).read_text(encoding="utf-8")
        assert text == maps.draw(muscle, height=320) + "\n"
        root = ET.fromstring(text)
        assert root.tag == f"{SVG}svg"
        # The file is shown on "whose pattern is this?" cards: it must not name the muscle.
        assert muscle.name not in text and muscle.id not in text
        assert root.findtext(f"{SVG}title") == "Referral pattern"
        assert not list(root.iter(f"{SVG}script"))
    check = col.media.check()
    assert list(check.missing) == [] and list(check.unused) == []
    message, ok = col.fix_integrity()
    assert ok and message.splitlines() == ["Database rebuilt and optimized."]
    assert col.note_count() == col.card_count() == len(questions)


def test_whose_pattern_card_shows_the_map_on_both_sides(
    imported: tuple[list[Question], dict[str, Card]],
) -> None:
    questions, cards = imported
    whose = [q for q in questions if q.id.endswith("/mcq/map-which-muscle")]
    assert len(whose) == 4
    for q in whose:
        front, back = _body(cards[q.id].question()), _body(cards[q.id].answer())
        assert _srcs(front) == [map_file(q.muscle)]
        assert _srcs(back) == [map_file(q.muscle)]
        assert f'alt="{maps.STEM_ALT}"' in front
        # Options are the muscle names, tappable as native radio buttons (no script needed).
        assert front.count('<input type="radio" name="qz"') == len(q.options) == 4
        right = q.options[q.correct[0]]
        assert re.search(rf'<li class="qz-right" data-i="{q.correct[0]}"><span>{right}</span>', back)


def test_which_map_card_offers_one_map_per_option_and_marks_the_right_one(
    imported: tuple[list[Question], dict[str, Card]],
) -> None:
    questions, cards = imported
    which = [q for q in questions if q.id.endswith("/mcq/which-map")]
    assert len(which) == 4
    for q in which:
        front, back = _body(cards[q.id].question()), _body(cards[q.id].answer())
        expected = [map_file(maps.option_map(q, i)) for i in range(len(q.options))]
        assert _srcs(front) == _srcs(back) == expected
        assert expected[q.correct[0]] == map_file(q.muscle)
        assert 'class="qz-choices qz-pictures"' in front
        assert front.count('<input type="radio" name="qz"') == 4
        # Each option's words are its alt text: the card still reads without images.
        for option in q.options:
            assert f'alt="{option}"' in front
        rows = re.findall(
            r'<li( class="qz-right")? data-i="(\d)"><span><img class="qz-map" '
            r'src="([^"]+)"',
            back,
        )
        assert [(bool(c), int(i), src) for c, i, src in rows] == [
            (i in q.correct, i, expected[i]) for i in range(4)
        ]
        # The back names the muscle under each map; the front names none of the options.
        names = {
            "alpha": "Alpha muscle",
            "beta": "Beta muscle",
            "gamma": "Gamma muscle",
            "delta": "Delta muscle",
        }
        captions = re.findall(r'<span class="qz-cap">([^<]+)</span>', back)
        assert captions == [names[maps.option_map(q, i)] for i in range(4)]
        assert not any(name in front for name in names.values())


def test_referral_card_back_shows_the_map(
    imported: tuple[list[Question], dict[str, Card]],
) -> None:
    questions, cards = imported
    referral = [q for q in questions if q.id.endswith("/referral/all/basic")]
    assert {q.muscle for q in referral} == {"alpha", "beta", "gamma", "delta"}
    for q in referral:
        front, back = _body(cards[q.id].question()), _body(cards[q.id].answer())
        assert _srcs(front) == []
        assert _srcs(back) == [map_file(q.muscle)]
    others = [q for q in questions if not maps.pictured(q) and q not in referral]
    for q in others:
        assert _srcs(_body(cards[q.id].answer())) == []


def test_without_the_decks_picture_questions_are_refused(mini_deck: Path, tmp_path: Path) -> None:
    questions = questions_of(mini_deck)
    with pytest.raises(maps.MissingMap, match=r"map-which-muscle|which-map"):
        write_package(questions, tmp_path / "x.apkg", now=T0)
    assert not (tmp_path / "x.apkg").exists()
    # Text-only questions still export; referral cards then simply have no map.
    text_only = [q for q in questions if not maps.pictured(q)]
    result = write_package(text_only, tmp_path / "y.apkg", now=T0)
    assert result.media == () and result.notes == len(text_only)


def test_only_the_maps_the_chosen_kinds_need(col: Collection, mini_deck: Path, tmp_path: Path) -> None:
    result = export(mini_deck, tmp_path / "cloze.apkg", kinds={Kind.CLOZE})
    assert result.media == ()
    result = export(mini_deck, tmp_path / "basic.apkg", kinds={Kind.BASIC})
    assert result.media == tuple(map_file(m) for m in ("alpha", "beta", "delta", "gamma"))
    import_package(col, tmp_path / "basic.apkg")
    check = col.media.check()
    assert list(check.missing) == [] and list(check.unused) == []


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

# The card as Anki's reviewer shows it on a phone; once loaded, the harness reports each map
# image: whether the SVG decoded, and where it was laid out.
_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head>
<body class="card"><div id="qa">CARD</div><pre id="out"></pre><script>
window.addEventListener("load", function () {
  var rows = Array.prototype.map.call(document.querySelectorAll("img.qz-map"), function (img) {
    var r = img.getBoundingClientRect();
    return [img.naturalWidth, Math.round(r.left), Math.round(r.top), Math.round(r.width),
            Math.round(r.height)];
  });
  document.getElementById("out").textContent = JSON.stringify({width: window.innerWidth,
                                                                rows: rows});
});
</script></body></html>"""


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="needs headless chromium")
def test_picture_cards_load_their_maps_in_a_phone_browser(
    col: Collection, imported: tuple[list[Question], dict[str, Card]]
) -> None:
    assert CHROMIUM is not None
    questions, cards = imported
    which = next(q for q in questions if q.id.endswith("/mcq/which-map"))
    whose = next(q for q in questions if q.id.endswith("/mcq/map-which-muscle"))
    folder = Path(col.media.dir())
    results = {}
    for name, side in (
        ("which-front", cards[which.id].question()),
        ("which-back", cards[which.id].answer()),
        ("whose-front", cards[whose.id].question()),
    ):
        page = folder / f"{name}.html"
        page.write_text(_PAGE.replace("CARD", side), "utf-8")
        done = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--window-size=390,900",
                "--virtual-time-budget=3000",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        found = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.DOTALL)
        assert found and found.group(1), done.stdout[-1000:]
        results[name] = json.loads(html.unescape(found.group(1)))
    for name in ("which-front", "which-back"):
        screen, boxes = results[name]["width"], results[name]["rows"]
        assert screen <= 500 and len(boxes) == 4
        assert all(natural > 0 for natural, *_ in boxes), boxes  # every SVG decoded
        # Two columns, two rows, all on a phone-wide screen, every map a good size.
        lefts = sorted({left for _, left, _, _, _ in boxes})
        tops = sorted({top for _, _, top, _, _ in boxes})
        assert len(lefts) == 2 and len(tops) == 2, boxes
        assert all(left + width <= screen and 120 <= height <= 300 for _, left, _, width, height in boxes), (
            boxes
        )
    screen, ((natural, left, _, width, height),) = (
        results["whose-front"]["width"],
        results["whose-front"]["rows"],
    )
    assert natural > 0 and left >= 0 and left + width <= screen and height >= 200


def test_a_changed_map_reaches_students_on_reimport(col: Collection, mini_deck: Path, tmp_path: Path) -> None:
    export(mini_deck, tmp_path / "v1.apkg", now=T0)
    import_package(col, tmp_path / "v1.apkg")
    text = mini_deck.read_text(encoding="utf-8")
    old_zone = "{region: lateral-ankle, zone: spillover}"
    assert old_zone in text
    edited = tmp_path / "mini.yaml"
    edited.write_text(text.replace(old_zone, "{region: lateral-knee, zone: spillover}", 1), "utf-8")
    export(edited, tmp_path / "v2.apkg", now=T0 + timedelta(hours=1))
    log = import_package(col, tmp_path / "v2.apkg")
    # Every note updates in place; a new note can only be a symptom question the new zone
    # brings ("A client reports pain … lateral knee").
    assert len(log.conflicting) == 0
    assert all(n.fields[0].startswith("A client reports pain") for n in log.new), log.new
    library, _ = load_library([edited], include_bundled=False)
    new_map = maps.draw(library.muscle("alpha"), height=320) + "\n"
    folder = Path(col.media.dir())
    # Anki keeps the old file and stores the changed one under a new name ...
    (renamed,) = [p for p in folder.iterdir() if p.name.startswith("quizzer-map-alpha-")]
    assert renamed.read_text(encoding="utf-8") == new_map
    # ... and points every note at it: nothing references the old map any more.
    fields = [v for n in col.find_notes("") for v in col.get_note(n).values()]
    assert not any(map_file("alpha") in v for v in fields)
    assert sum(renamed.name in v for v in fields) >= 3  # referral card, whose-map, which-maps
    check = col.media.check()
    assert list(check.missing) == [] and list(check.unused) == [map_file("alpha")]


def test_cli_ships_the_maps_and_anki_finds_every_one(
    col: Collection, mini_deck: Path, tmp_path: Path
) -> None:
    out = tmp_path / "mini.apkg"
    result = CliRunner().invoke(cli, ["export", "anki", str(mini_deck), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    shipped = re.search(r", (\d+) pain maps \(", result.stdout)
    assert shipped, result.stdout
    import_package(col, out)
    files = sorted(p.name for p in Path(col.media.dir()).iterdir())
    assert len(files) == int(shipped.group(1)) >= 4
    assert all(re.fullmatch(r"quizzer-map-[a-z0-9-]+\.svg", name) for name in files)
    check = col.media.check()
    assert list(check.missing) == [] and list(check.unused) == []
