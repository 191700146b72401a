"""Picture questions on exam papers: inlined maps in HTML, map files for Markdown, data:
images in GIFT, words in CSV; unique ids, nothing names the muscle, byte-identical reruns."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizzer.cli import cli
from quizzer.decks import load_library
from quizzer.export import maps
from quizzer.export.exam import Exam, ExamError, build_exam, make_versions
from quizzer.export.exam_csv import write_csv
from quizzer.export.exam_files import render_exam
from quizzer.export.exam_html import write_key_html, write_paper_html
from quizzer.export.exam_md import write_key_md, write_paper_md
from quizzer.model import Library, Question
from tests.exam.test_gift import _check_version

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def library() -> Library:
    """The decks ``mini_pool`` was generated from (the bundled muscles make distractors)."""
    return load_library([DATA / "mini.yaml"])[0]


@pytest.fixture(scope="module")
def pictures(mini_pool: list[Question]) -> list[Question]:
    out = [q for q in mini_pool if maps.pictured(q)]
    assert len(out) == 8  # both picture questions of each of the four muscles
    return out


@pytest.fixture(scope="module")
def exam(pictures: list[Question], library: Library) -> Exam:
    """Every picture question on one paper (selection would keep only one: they all name
    each other's muscles), in two versions with shuffled options."""
    return Exam(
        title="Maps",
        seed=5,
        questions=tuple(pictures),
        versions=make_versions(pictures, count=2, seed=5),
        muscles=maps.muscles_for(pictures, library),
    )


def _items(page: str) -> list[str]:
    return re.findall(r'<li class="q"[^>]*>.*?</div></li>', page, re.DOTALL)


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", html, re.DOTALL)


def _names(exam: Exam) -> list[str]:
    return [m.name for m in exam.muscles.values()]


def test_html_paper_inlines_each_map_with_ids_unique_on_the_page(exam: Exam) -> None:
    for version in exam.versions:
        page = write_paper_html(exam, version)
        items = _items(page)
        assert len(items) == len(version.items)
        for item, chunk in zip(version.items, items, strict=True):
            q = item.question
            svgs = _svgs(chunk)
            if q.picture:  # the stem map, then the names as options
                assert len(svgs) == 1 and '<figure class="map">' in chunk
                assert svgs[0] == maps.draw(
                    exam.muscles[q.picture], height=250, id_prefix=f"qz-map-{item.number}"
                )
            else:  # one small map per option, in option order, and not its words
                assert svgs == [
                    maps.draw(
                        exam.muscles[maps.option_map(q, i)],
                        height=180,
                        id_prefix=f"qz-map-{item.number}-{chr(97 + i)}",
                    )
                    for i in range(4)
                ]
                assert not any(option in chunk for option in q.options)
            for svg in svgs:
                ET.fromstring(svg)  # well-formed
                assert not any(name in svg for name in _names(exam))
        ids = re.findall(r' id="([^"]+)"', page)
        assert len(ids) == len(set(ids))
        assert set(re.findall(r"url\(#([^)]+)\)", page)) <= set(ids)
        assert "Pain maps: solid red = essential zone" in page
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)  # self-contained


def test_html_key_marks_and_names_every_map(exam: Exam) -> None:
    for version in exam.versions:
        key = write_key_html(exam, version)
        for item in version.items:
            q = item.question
            chunk = next(c for c in _items(key) if f'<div class="num">{item.number}.</div>' in c)
            if q.picture:
                assert len(_svgs(chunk)) == 1
                continue
            rows = re.findall(r"<li( class=\"right\")?><span>.*?</li>", chunk, re.DOTALL)
            assert [bool(r) for r in rows] == [i in q.correct for i in range(4)]
            captions = re.findall(r'<span class="caption"><b>([^<]+)</b>: ([^<]+)</span>', chunk)
            assert captions == [(exam.muscles[maps.option_map(q, i)].name, q.options[i]) for i in range(4)]


def test_markdown_links_map_files_written_beside_it(exam: Exam) -> None:
    files = render_exam(exam, ["md"])
    written = sorted(name for name in files if name.startswith("maps/"))
    assert written == sorted(f"maps/{m}.svg" for m in exam.muscles)
    assert {"maps/alpha.svg", "maps/beta.svg", "maps/gamma.svg", "maps/delta.svg"} <= set(written)
    for name in written:
        root = ET.fromstring(files[name])
        assert root.findtext("{http://www.w3.org/2000/svg}title") == "Referral pattern"
        assert not any(n in files[name] for n in _names(exam))
    for version in exam.versions:
        paper, key = write_paper_md(exam, version), write_key_md(exam, version)
        linked = set(re.findall(r"\]\((maps/[a-z0-9-]+\.svg)\)", paper + key))
        assert linked == set(written)
        for item in version.items:
            q = item.question
            if q.picture:
                assert f"![Referral pain map](maps/{q.picture}.svg)" in paper
            else:
                for i in range(4):
                    image = f"![Map {chr(65 + i)}](maps/{maps.option_map(q, i)}.svg)"
                    assert f"- **{chr(65 + i)}.** {image}\n" in paper  # the map, no words
                    tick = "✔" if i in q.correct else "·"
                    assert f"- {tick} **{chr(65 + i)}.** {image} " in key


def test_gift_embeds_each_map_as_a_data_image(exam: Exam) -> None:
    _check_version(exam, 0)  # the Moodle reader port: stems, answers, weights, pictures
    _check_version(exam, 1)


def test_csv_puts_the_stem_map_in_words(exam: Exam) -> None:
    rows = list(csv.DictReader(io.StringIO(write_csv(exam, exam.versions[0]), newline="")))
    for row, item in zip(rows, exam.versions[0].items, strict=True):
        q = item.question
        if q.picture:
            described = maps.words(exam.muscles[q.picture])
            assert row["question"] == f"{q.question} (The map shows {described}.)"
        else:
            assert [row[f"option {c}"] for c in "ABCD"] == [
                maps.words(exam.muscles[maps.option_map(q, i)]) for i in range(4)
            ]


def test_same_exam_same_bytes(exam: Exam, pictures: list[Question], library: Library) -> None:
    again = Exam(
        title="Maps",
        seed=5,
        questions=tuple(pictures),
        versions=make_versions(pictures, count=2, seed=5),
        muscles=maps.muscles_for(pictures, library),
    )
    formats = ["html", "md", "gift", "csv"]
    assert render_exam(exam, formats) == render_exam(again, formats)


def test_without_the_decks_a_picture_question_is_a_clear_error(
    pictures: list[Question],
) -> None:
    made = build_exam(pictures, n=1, seed=0)
    with pytest.raises(
        ExamError,
        match=r"^question mini/\w+/referral/all/mcq/[a-z-]+ shows "
        r"the referral map of '\w+'",
    ):
        render_exam(made, ["html"])


@pytest.mark.slow  # two exam runs in new processes
def test_cli_writes_the_maps_folder_and_reruns_byte_identical(tmp_path: Path) -> None:
    deck = str(DATA / "mini.yaml")
    for seed in range(10):  # the first seed whose paper holds a picture question
        args = [
            "exam",
            deck,
            "--kinds",
            "mcq",
            "--topics",
            "referral",
            "-n",
            "2",
            "--seed",
            str(seed),
            "--versions",
            "2",
        ]
        result = CliRunner().invoke(cli, [*args, "-o", str(tmp_path / f"one{seed}")])
        assert result.exit_code == 0, result.stderr
        if (tmp_path / f"one{seed}" / "maps").is_dir():
            break
    else:
        pytest.fail("no seed put a picture question on the paper")
    CliRunner().invoke(cli, [*args, "-o", str(tmp_path / "two")])
    one = sorted(p.relative_to(tmp_path / f"one{seed}") for p in (tmp_path / f"one{seed}").rglob("*"))
    two = sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*"))
    assert one == two and Path("maps") in one
    assert not [p for p in one if p.name.startswith(".")]  # no temporary files left
    for rel in one:
        if (tmp_path / "two" / rel).is_file():
            assert (tmp_path / f"one{seed}" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes()
    paper = (tmp_path / "two" / "exam-A-paper.md").read_text(encoding="utf-8")
    for linked in re.findall(r"\]\((maps/[^)]+)\)", paper):
        assert (tmp_path / "two" / linked).is_file()
