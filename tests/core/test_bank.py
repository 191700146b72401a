"""The question bank's cache: a hit equals a fresh build, any change rebuilds what it touches,
and nothing in the cache folder is trusted that this install did not write."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from quizzer import bank as bank_module
from quizzer.bank import Bank, UnknownDeck, load_bank, prepare_bank
from quizzer.bank import folder as folder_module
from quizzer.decks import DeckError, load_library
from quizzer.generate import generate
from tests.banks import bundled_bank
from tests.bench.synth import write_atlas
from tests.bundled import EIGHT, stand_in_for_bundled

DATA = Path(__file__).parent.parent / "data"


def _spy(real_parse: Callable[[Path, bool], Any], parsed: list[str]) -> Callable[[Path, bool], Any]:
    """``parse_file`` that notes the name of each file it parses in ``parsed``."""

    def parse(path: Path, bundled: bool) -> Any:
        parsed.append(path.name)
        return real_parse(path, bundled)

    return parse


def _fresh(paths: list[Path], seed: int = 0) -> Bank:
    library, selected = load_library(paths)
    return Bank(library, selected, generate(library, selected, seed=seed))


def _same(cached: Bank, fresh: Bank) -> None:
    """The same library, choice and questions: every field, options and order included."""
    assert cached.library == fresh.library
    assert cached.selected == fresh.selected
    assert [q.id for q in cached.questions] == [q.id for q in fresh.questions]
    assert cached.questions == fresh.questions


def _banks(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if p.is_dir()) if cache.exists() else []


def _entries(cache: Path) -> list[Path]:
    """A bank's files but its index: parsed deck files and decks with their questions."""
    return sorted([*cache.glob("*/*.parse"), *cache.glob("*/*.deck")])


ON_THE_BUNDLED_ATLAS = {"test_a_cached_bank_equals_a_fresh_one"}
"""Tests run on the real bundled decks; the others test the cache's mechanics, which do not
depend on which decks are bundled, on eight stand-ins (a cold build of the atlas takes seconds)."""


@pytest.fixture(autouse=True)
def _bundled(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.originalname not in ON_THE_BUNDLED_ATLAS:
        stand_in_for_bundled(monkeypatch)


@pytest.fixture
def generated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the decks whose questions the bank generates from now on."""
    import quizzer.generate

    calls: list[str] = []
    real = quizzer.generate.generate_deck

    def counting(pools: object, deck: object, seed: int) -> object:
        if sys._getframe(1).f_globals["__name__"] == "quizzer.bank":  # not ``generate``'s
            calls.append(deck.id)  # type: ignore[attr-defined]
        return real(pools, deck, seed)  # type: ignore[arg-type]

    monkeypatch.setattr(quizzer.generate, "generate_deck", counting)
    return calls


@pytest.mark.slow  # a cold build of the whole bundled bank
def test_a_cached_bank_equals_a_fresh_one(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    built = load_bank(seed=0, cache_dir=cache)
    assert len(_banks(cache)) == 1 and (_banks(cache)[0] / "index").is_file()
    assert prepare_bank(seed=0, cache_dir=cache).warm
    again = load_bank(seed=0, cache_dir=cache)
    fresh = bundled_bank()  # load_library() and generate(seed=0), once per test process
    _same(built, fresh)
    _same(again, fresh)


def test_a_hit_reads_no_yaml_and_generates_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    atlas = _atlas(tmp_path / "atlas", 6)
    load_bank([atlas], seed=0, cache_dir=cache)
    code = (
        "import sys; from pathlib import Path; import quizzer.discovery as d;"
        f"d.bundled_decks_dir = lambda: Path({str(EIGHT)!r});"  # as in this test
        "from quizzer.bank import load_bank;"
        f"b = load_bank([Path({str(atlas)!r})], seed=0, cache_dir=Path({str(cache)!r}));"
        "print(len(b.questions), 'yaml' in sys.modules, 'quizzer.generate' in sys.modules,"
        " 'quizzer.decks' in sys.modules, 'hashlib' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    # Nor OpenSSL's bindings (hashlib): a warm load hashes with BLAKE2b alone.
    assert int(out[0]) > 100 and out[1:] == ["False", "False", "False", "False"]


def test_a_changed_deck_file_rebuilds_the_bank(tmp_path: Path, mini_deck: Path) -> None:
    cache = tmp_path / "cache"
    deck = tmp_path / "mini.yaml"
    shutil.copy(mini_deck, deck)
    first = load_bank([deck], seed=0, cache_dir=cache)
    text = deck.read_text(encoding="utf-8")
    name = first.library.decks[-1].name
    deck.write_text(text.replace(f"name: {name}", f"name: {name} renamed", 1), encoding="utf-8")
    assert not prepare_bank([deck], seed=0, cache_dir=cache).warm
    second = load_bank([deck], seed=0, cache_dir=cache)
    assert {d.name for d in second.library.decks} - {d.name for d in first.library.decks} == {
        f"{name} renamed"
    }
    _same(second, _fresh([deck]))


def test_a_same_size_edit_with_its_old_time_still_rebuilds(tmp_path: Path, mini_deck: Path) -> None:
    # `cp -p`, `rsync -t` or a coarse file-system clock: size and time say nothing changed.
    cache = tmp_path / "cache"
    deck = tmp_path / "mini.yaml"
    shutil.copy2(mini_deck, deck)
    first = load_bank([deck], seed=0, cache_dir=cache)
    name = first.library.decks[-1].name
    before = deck.stat()
    text = deck.read_text(encoding="utf-8")
    same_length = name[:-1] + ("X" if name[-1] != "X" else "Y")
    deck.write_text(text.replace(f"name: {name}", f"name: {same_length}", 1), encoding="utf-8")
    os.utime(deck, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert deck.stat().st_size == before.st_size and deck.stat().st_mtime_ns == before.st_mtime_ns
    second = load_bank([deck], seed=0, cache_dir=cache)
    assert same_length in {d.name for d in second.library.decks}


def test_seed_and_code_are_part_of_the_key(
    tmp_path: Path, mini_deck: Path, monkeypatch: pytest.MonkeyPatch, generated: list[str]
) -> None:
    cache = tmp_path / "cache"
    zero = load_bank([mini_deck], seed=0, cache_dir=cache)
    seven = load_bank([mini_deck], seed=7, cache_dir=cache)
    _same(seven, _fresh([mini_deck], seed=7))
    assert [q.to_dict() for q in seven.questions] != [q.to_dict() for q in zero.questions]
    generated.clear()
    load_bank([mini_deck], seed=7, cache_dir=cache)
    assert generated == []
    # Another stamp of Quizzer's code: nothing made by the old code is served.
    monkeypatch.setattr(bank_module, "_code_stamp", lambda: "0" * 32)
    parsed: list[str] = []
    import quizzer.decks

    monkeypatch.setattr(quizzer.decks, "parse_file", _spy(quizzer.decks.parse_file, parsed))
    _same(load_bank([mini_deck], seed=7, cache_dir=cache), _fresh([mini_deck], seed=7))
    assert generated == ["mini"] and "mini.yaml" in parsed


def test_given_deck_sets_get_their_own_banks(tmp_path: Path, mini_deck: Path) -> None:
    cache = tmp_path / "cache"
    load_bank(seed=0, cache_dir=cache)
    load_bank([mini_deck], seed=0, cache_dir=cache)
    load_bank(names=["piriformis"], seed=0, cache_dir=cache)
    assert len(_banks(cache)) == 3
    # Each stays warm while the others are used.
    assert prepare_bank(seed=0, cache_dir=cache).warm
    assert prepare_bank([mini_deck], seed=0, cache_dir=cache).warm


def test_named_decks_are_chosen_and_unknown_names_refused(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    bank = load_bank(names=["piriformis"], seed=0, cache_dir=cache)
    assert bank.selected == ["piriformis"] and {q.deck for q in bank.questions} == {"piriformis"}
    assert load_bank(names=["piriformis"], seed=0, cache_dir=cache).questions == bank.questions
    with pytest.raises(UnknownDeck, match=r"unknown deck .piriformus.*did you mean .piriformis"):
        load_bank(names=["piriformus"], seed=0, cache_dir=cache)


def test_only_the_banks_used_last_are_kept(tmp_path: Path, mini_deck: Path) -> None:
    cache = tmp_path / "cache"
    for seed in range(bank_module.KEEP_BANKS + 2):
        load_bank([mini_deck], seed=seed, cache_dir=cache)
        time.sleep(0.01)
    assert len(_banks(cache)) == bank_module.KEEP_BANKS
    assert not prepare_bank([mini_deck], seed=0, cache_dir=cache).warm  # the oldest went
    assert prepare_bank([mini_deck], seed=bank_module.KEEP_BANKS + 1, cache_dir=cache).warm


def test_stale_entries_are_removed(tmp_path: Path, mini_deck: Path) -> None:
    cache = tmp_path / "cache"
    deck = tmp_path / "mini.yaml"
    shutil.copy(mini_deck, deck)
    load_bank([deck], seed=0, cache_dir=cache)
    before = set(_entries(cache))
    deck.write_text(deck.read_text(encoding="utf-8").replace("name: ", "name: X", 1), encoding="utf-8")
    load_bank([deck], seed=0, cache_dir=cache)
    after = set(_entries(cache))
    # The edited file's parse is replaced; its deck's entry keeps its name.
    assert len(after) == len(before) and [p.suffix for p in after - before] == [".parse"]


# --- what is in the cache folder is never trusted ---------------------------------------


class _Planted:
    """Unpickling this runs a command: what a file planted in an older cache could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., object], tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_runs_nothing_and_is_replaced(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    good = load_bank(seed=0, cache_dir=cache)
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Planted(marker))
    [where] = _banks(cache)
    planted = [where / "index", *_entries(cache), cache / "bank-bundled-0123456789abcdef.pickle"]
    for path in planted:
        path.write_bytes(payload)
    _same(load_bank(seed=0, cache_dir=cache), good)
    assert not marker.exists()
    for path in planted[:-1]:
        assert path.read_bytes().startswith(folder_module.MAGIC)  # replaced by a good one
    assert not planted[-1].exists()  # an older Quizzer's pickle is removed
    assert prepare_bank(seed=0, cache_dir=cache).warm


def _damages(data: bytes) -> Iterator[tuple[str, bytes]]:
    yield "empty", b""
    yield "text", b"not a cache file at all"
    yield "truncated", data[: len(data) // 2]
    yield "one bit flipped", data[:-5] + bytes([data[-5] ^ 1]) + data[-4:]
    yield "magic only", folder_module.MAGIC


@pytest.mark.parametrize("damage", [name for name, _ in _damages(b"x" * 100)])
@pytest.mark.parametrize("which", ["index", "entry"])
def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path, damage: str, which: str) -> None:
    cache = tmp_path / "cache"
    good = load_bank(seed=0, cache_dir=cache)
    target = _banks(cache)[0] / "index" if which == "index" else _entries(cache)[3]
    target.write_bytes(dict(_damages(target.read_bytes()))[damage])
    _same(load_bank(seed=0, cache_dir=cache), good)
    assert prepare_bank(seed=0, cache_dir=cache).warm  # the damaged file was rewritten
    _same(load_bank(seed=0, cache_dir=cache), good)


def test_a_file_signed_with_another_key_is_not_trusted(
    tmp_path: Path, mini_deck: Path, generated: list[str]
) -> None:
    # Crafted cache files in the right format, with lies in them: without this install's
    # key their signatures cannot be right.
    cache, other = tmp_path / "cache", tmp_path / "other"
    deck = tmp_path / "mini.yaml"
    shutil.copy(mini_deck, deck)
    original = deck.read_text(encoding="utf-8")
    load_bank([deck], seed=0, cache_dir=cache)
    load_bank([deck], seed=0, cache_dir=other)  # the same layout, another key
    [mine], [theirs] = _banks(cache), _banks(other)
    shutil.copy(theirs / "index", tmp_path / "their-index")
    deck.write_text(original.replace("name: ", "name: Crafted ", 1), encoding="utf-8")
    load_bank([deck], seed=0, cache_dir=other)
    deck.write_text(original, encoding="utf-8")
    # Their entry of the deck (now with the crafted name) under its name in mine, and their
    # index of the original files in place of mine.
    slot = bank_module._slot(load_library([deck])[0].deck("mini")) + ".deck"
    shutil.copy(theirs / slot, mine / slot)
    shutil.copy(tmp_path / "their-index", mine / "index")
    assert not prepare_bank([deck], seed=0, cache_dir=cache).warm
    generated.clear()
    bank = load_bank([deck], seed=0, cache_dir=cache)
    _same(bank, _fresh([deck]))
    assert not any(d.name.startswith("Crafted") for d in bank.library.decks)
    assert generated == ["mini"]


def test_the_folder_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o002)
    try:
        load_bank(seed=0, cache_dir=tmp_path / "cache")
    finally:
        os.umask(old)
    for path in [tmp_path / "cache", *_banks(tmp_path / "cache")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o700
    key = tmp_path / "cache" / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    for path in _entries(tmp_path / "cache"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_folder_left_open_is_made_private(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    os.chmod(cache, 0o777)
    good = load_bank(seed=0, cache_dir=cache)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    _same(load_bank(seed=0, cache_dir=cache), good)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a folder to another user needs root"
)
def test_a_folder_of_another_user_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    os.chown(cache, 4242, 4242)
    bank = load_bank(seed=0, cache_dir=cache)
    _same(bank, _fresh([]))
    assert list(cache.iterdir()) == []
    load_bank(seed=0, cache_dir=tmp_path / "mine")
    # A deck entry (what a start reads; a parse entry is read only when its file changed).
    [entry] = sorted((tmp_path / "mine").glob("*/*.deck"))[:1]
    os.chown(entry, 4242, 4242)  # a file of another user in my folder is not read
    _same(load_bank(seed=0, cache_dir=tmp_path / "mine"), bank)
    assert entry.stat().st_uid == os.geteuid()  # replaced by mine


def test_a_readable_key_is_replaced_and_its_files_not_trusted(tmp_path: Path, generated: list[str]) -> None:
    cache = tmp_path / "cache"
    good = load_bank(seed=0, cache_dir=cache)
    key = cache / "key"
    old = key.read_bytes()
    os.chmod(key, 0o644)  # others could have read it, and signed anything with it
    generated.clear()
    _same(load_bank(seed=0, cache_dir=cache), good)
    assert key.read_bytes() != old and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(generated) == len(good.selected)  # nothing signed with the old key was used


def test_links_and_fifos_in_the_folder_are_not_followed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    good = load_bank(seed=0, cache_dir=cache)
    [where] = _banks(cache)
    index = where / "index"
    index.unlink()
    os.mkfifo(index)  # reading it would block forever
    entry = _entries(cache)[0]
    elsewhere = tmp_path / "elsewhere.deck"
    shutil.move(entry, elsewhere)
    entry.symlink_to(elsewhere)
    _same(load_bank(seed=0, cache_dir=cache), good)
    assert index.is_file() and not entry.is_symlink()


def test_a_link_in_place_of_the_folder_is_not_used(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir(mode=0o700)
    (tmp_path / "cache").symlink_to(target)
    _same(load_bank(seed=0, cache_dir=tmp_path / "cache"), _fresh([]))
    assert list(target.iterdir()) == []


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    bank = load_bank(seed=0, cache_dir=blocked / "cache")
    assert len(bank.questions) > 100 and blocked.read_text(encoding="utf-8") == "not a folder"


def test_a_bank_that_cannot_be_encoded_is_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> bytes:
        raise TypeError("cannot encode a generator")

    monkeypatch.setattr(bank_module.codec, "encode", refuse)
    bank = load_bank(seed=0, cache_dir=tmp_path / "cache")
    _same(bank, _fresh([]))
    [where] = _banks(tmp_path / "cache")
    assert list(where.iterdir()) == []  # no index, no entry, no temporary file


def test_nothing_is_cached_on_a_nearly_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The progress store needs the room more: a full disk must never cost an answer.
    margins: list[int] = []

    def full(folder: Path, *, margin: int = 0) -> bool:
        margins.append(margin)
        return True

    monkeypatch.setattr("quizzer.files.nearly_full", full)
    _same(load_bank(seed=0, cache_dir=tmp_path / "cache"), _fresh([]))
    assert margins and margins[0] >= bank_module.ROOM
    assert _entries(tmp_path / "cache") == [] and not list((tmp_path / "cache").glob("*/index"))


def test_leftovers_of_a_killed_writer_are_removed(tmp_path: Path, mini_deck: Path) -> None:
    cache = tmp_path / "cache"
    load_bank([mini_deck], seed=0, cache_dir=cache)
    [where] = _banks(cache)
    old, recent = where / "index.abc.tmp", where / "0123.deck.def.tmp"
    for leftover in (old, recent):
        leftover.write_bytes(b"half a bank")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    (where / "index").unlink()  # the next load writes the index, then tidies up
    load_bank([mini_deck], seed=0, cache_dir=cache)
    # The old one is a dead writer's; the recent one may belong to a Quizzer writing now.
    assert not old.exists() and recent.exists()


def test_two_installs_sharing_a_data_folder_keep_separate_banks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    load_bank(seed=0, cache_dir=cache)
    monkeypatch.setattr(bank_module, "_PACKAGE", tmp_path / "another" / "quizzer")
    assert bank_module._bank_name([], [], 0) != _banks(cache)[0].name


def test_deck_problems_are_raised_not_cached(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    bad = tmp_path / "bad.yaml"
    bad.write_text("deck: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DeckError):
            load_bank([bad], seed=0, cache_dir=cache)
    missing = tmp_path / "missing.yaml"
    with pytest.raises(DeckError, match="no such file"):
        load_bank([missing], seed=0, cache_dir=cache)


def test_a_problem_in_one_file_is_found_without_parsing_the_others_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    atlas = _atlas(tmp_path / "atlas", 5)
    load_bank([atlas], seed=0, cache_dir=cache)
    broken = sorted(atlas.glob("*.yaml"))[2]
    broken.write_text(broken.read_text(encoding="utf-8").replace("region:", "regoin:", 1), encoding="utf-8")
    import quizzer.decks

    parsed: list[str] = []
    monkeypatch.setattr(quizzer.decks, "parse_file", _spy(quizzer.decks.parse_file, parsed))
    with pytest.raises(DeckError, match="regoin"):
        load_bank([atlas], seed=0, cache_dir=cache)
    assert parsed == [broken.name]


_OWN_QUESTIONS = """\
deck: {id: class-questions, name: Class questions}
questions:
  - id: nerve-of-alpha
    question: Which nerve supplies alpha?
    options: [Upper nerve, Lower nerve, Middle nerve]
    correct: A
    topic: innervation
    muscle: alpha
  - id: eversion
    question: What is turning the sole outward called?
    answer: Eversion
"""


def test_hand_written_questions_are_served_as_a_fresh_load_gives_them(
    tmp_path: Path, generated: list[str]
) -> None:
    """Question files (CSV) feed other decks or make their own, and a deck's ``questions:``
    come last: the cache puts them together exactly as ``generate`` does."""
    cache = tmp_path / "cache"
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(DATA / "mini.yaml", folder / "mini.yaml")
    shutil.copy(DATA / "questions.csv", folder / "questions.csv")
    (folder / "own.yaml").write_text(_OWN_QUESTIONS, encoding="utf-8")
    fresh = _fresh([folder])
    assert any(q.facet.value == "questions" for q in fresh.questions)
    _same(load_bank([folder], seed=0, cache_dir=cache), fresh)
    generated.clear()
    _same(load_bank([folder], seed=0, cache_dir=cache), fresh)
    assert generated == []
    # An edited question file changes the questions it feeds, and nothing else is made again.
    sheet = folder / "questions.csv"
    sheet.write_text(
        sheet.read_text(encoding="utf-8-sig").replace(
            "Which nerve supplies alpha?", "Which nerve reaches alpha?"
        ),
        encoding="utf-8",
    )
    bank = load_bank([folder], seed=0, cache_dir=cache)
    _same(bank, _fresh([folder]))
    assert any(q.question == "Which nerve reaches alpha?" for q in bank.questions)
    assert set(generated) <= {"questions", "mini"}  # the deck it makes (no muscles) at most
    # A row with the id of a generated question replaces it (an edited exam CSV read back).
    target = next(
        q for q in bank.questions if q.deck == "mini" and q.kind.value == "mcq" and q.facet.value == "origin"
    )
    with (folder / "override.csv").open("w", encoding="utf-8") as out:
        out.write(
            "question,option A,option B,option C,correct,topic,deck,muscle,id\n"
            f"Reworded?,Right,Wrong,Also wrong,A,origin,mini,{target.muscle},{target.id}\n"
        )
    generated.clear()
    bank = load_bank([folder], seed=0, cache_dir=cache)
    _same(bank, _fresh([folder]))
    assert [q.question for q in bank.questions if q.id == target.id] == ["Reworded?"]
    assert generated == ["mini"]  # the deck it feeds, whose questions changed
    # A question file alone makes a deck of its own.
    alone = tmp_path / "kinesiology.csv"
    alone.write_text(
        "question,answer,kind\nWhat is turning the sole outward called?,Eversion,basic\n", encoding="utf-8"
    )
    bank = load_bank([alone], seed=0, cache_dir=cache)
    _same(bank, _fresh([alone]))
    assert bank.selected == ["kinesiology"] and len(bank.questions) == 1
    _same(load_bank([alone], seed=0, cache_dir=cache), bank)


def _parsed_decks(cache: Path) -> dict[str, object]:
    """What each parse entry holds for its deck: a ``Deck``, or where to find it."""
    import zlib

    from quizzer.bank import codec

    folder = folder_module.Folder.open(cache)
    assert folder is not None
    out: dict[str, object] = {}
    for path in cache.glob("*/*.parse"):
        sections = bank_module._sections(folder.read(path) or b"")
        assert sections is not None
        [_, values] = codec.decode(zlib.decompress(sections[0]), bank_module._registry())
        out[path.name] = values["deck"]
    return out


def test_a_deck_is_kept_once_in_its_entry_and_its_parsed_file_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deck file's parse entry does not hold the deck again when the deck's entry holds it
    as parsed: it names that entry and its deck's digest. A question file that feeds the
    deck changes the deck's entry; the parse entry then holds its own deck, and is rewritten
    with the deck's entry, so no start parses the file again for it."""
    from quizzer.model import Deck

    cache = tmp_path / "cache"
    folder = _atlas(tmp_path / "class", 5)
    shutil.copy(DATA / "mini.yaml", folder / "mini.yaml")
    _same(load_bank([folder], seed=0, cache_dir=cache), _fresh([folder]))
    held = _parsed_decks(cache)
    assert len(held) == 6 + len(list(EIGHT.rglob("*.yaml"))) and all(
        isinstance(deck, tuple) for deck in held.values()
    )
    sheet = folder / "feed.csv"
    sheet.write_text(
        "question,option A,option B,option C,correct,topic,deck,muscle\n"
        "Which one is right?,Right,Wrong,Also wrong,A,origin,mini,alpha\n",
        encoding="utf-8",
    )
    _same(load_bank([folder], seed=0, cache_dir=cache), _fresh([folder]))
    held = _parsed_decks(cache)
    assert sum(isinstance(deck, Deck) for deck in held.values()) == 1  # mini's, fed by the sheet
    import quizzer.decks

    parsed: list[str] = []
    monkeypatch.setattr(quizzer.decks, "parse_file", _spy(quizzer.decks.parse_file, parsed))
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("right", "left"), encoding="utf-8")
    _same(load_bank([folder], seed=0, cache_dir=cache), _fresh([folder]))
    assert parsed == []
    sheet.unlink()
    _same(load_bank([folder], seed=0, cache_dir=cache), _fresh([folder]))
    assert parsed == [] and all(isinstance(deck, tuple) for deck in _parsed_decks(cache).values())
    # A deck entry gone (or holding another deck) leaves its file to be parsed again.
    for entry in cache.glob("*/*.deck"):
        entry.unlink()
    _same(load_bank([folder], seed=0, cache_dir=cache), _fresh([folder]))
    assert len(parsed) == len(held)


def test_the_cache_of_an_atlas_takes_about_one_and_a_half_times_its_yaml(tmp_path: Path) -> None:
    """Size is deterministic, so it is checked here (``bench_bank`` checks it at 600
    muscles): each deck once, in its entry; numbers as narrow as they can be; a deck
    entry's parts compressed at ``ENTRY_LEVEL``. 20 one-muscle files (and the eight
    stand-ins for the bundled decks): 1.50× the files' YAML (2.22× with a second copy of
    each deck, a key table per entry, 4-byte numbers and zlib's level 1)."""
    cache = tmp_path / "cache"
    atlas = _atlas(tmp_path / "atlas", 20)
    load_bank([atlas], seed=0, cache_dir=cache)
    yaml = sum(path.stat().st_size for path in atlas.glob("*.yaml"))
    size = sum(path.stat().st_size for path in cache.rglob("*") if path.is_file())
    assert size <= 1.6 * yaml, size / yaml


# --- incremental: a hit is exactly what a fresh load and generation give ------------------


def _hashed_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The deck files the bank hashes from now on (its ``_digest`` spied on), in order."""
    hashed: list[str] = []
    real = bank_module._digest

    def digest(path: Path) -> str:
        hashed.append(str(path))
        return real(path)

    monkeypatch.setattr(bank_module, "_digest", digest)
    return hashed


def _atlas(folder: Path, muscles: int) -> Path:
    """A synthetic atlas, one file per muscle, whose muscles share actions, nerves and
    arteries (so each one's wrong options come from the others)."""
    write_atlas(folder, muscles=muscles, per_file=1, seed=3)
    return folder


@pytest.mark.slow  # a whole-bank pass of several seconds: CI runs it after the quick suite
def test_editing_one_file_regenerates_its_deck_and_those_that_drew_on_it(
    tmp_path: Path, generated: list[str]
) -> None:
    cache = tmp_path / "cache"
    atlas = _atlas(tmp_path / "atlas", 30)
    load_bank([atlas], seed=0, cache_dir=cache)
    assert len(generated) == 30
    edited = sorted(atlas.glob("*.yaml"))[7]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("location: ", "location: Edited ", 1), encoding="utf-8")
    generated.clear()
    bank = load_bank([atlas], seed=0, cache_dir=cache)
    _same(bank, _fresh([atlas]))
    # No other deck's questions read a location: they ask the pools only for what they
    # show of another muscle (its name, map, actions, joints …), and those answers hold
    # (a deck that reads the whole muscle, as a group deck reads its members', would not).
    assert "synthetic-007" in generated and len(generated) <= 3, generated
    # A file renamed keeps its parsed deck; its questions are made again (its path is
    # part of the deck), and nobody else's.
    generated.clear()
    edited.rename(atlas / "renamed.yaml")
    _same(load_bank([atlas], seed=0, cache_dir=cache), _fresh([atlas]))
    assert generated == ["synthetic-007"]
    generated.clear()
    _same(load_bank([atlas], seed=0, cache_dir=cache), _fresh([atlas]))
    assert generated == []


def test_a_deck_whose_reads_could_not_be_recorded_is_always_regenerated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generated: list[str]
) -> None:
    from quizzer.bank import trace

    cache = tmp_path / "cache"
    atlas = _atlas(tmp_path / "atlas", 4)
    monkeypatch.setattr(trace.Recorder, "trace", lambda self, deck: None)
    load_bank([atlas], seed=0, cache_dir=cache)
    generated.clear()
    _same(load_bank([atlas], seed=0, cache_dir=cache), _fresh([atlas]))
    assert generated == []  # nothing changed: the index vouches for the whole bank
    (atlas / "extra.yml").write_text((DATA / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    _same(load_bank([atlas], seed=0, cache_dir=cache), _fresh([atlas]))
    assert sorted(generated) == ["mini", *(f"synthetic-00{i}" for i in range(4))]


def test_the_generator_takes_from_other_decks_only_what_it_asks_the_pools(tmp_path: Path) -> None:
    """Else no trace is complete, and every change regenerates every deck (right, but the
    cache is no longer incremental): read another muscle only through a Pools method."""
    from quizzer.bank.trace import Digests, Recorder
    from quizzer.generate import Pools, generate_deck

    library, _ = load_library([_atlas(tmp_path / "atlas", 6), DATA / "mini.yaml"])
    pools, digests = Pools(library), Digests()
    for deck in library.decks:
        recorder = Recorder(pools, digests)
        assert generate_deck(recorder, deck, 0) == generate_deck(pools, deck, 0)  # type: ignore[arg-type]
        assert recorder.incomplete is None, (deck.id, recorder.incomplete)
        # Read whole, the list of every muscle would make each deck depend on all of them.
        assert "muscles" not in {call[0] for call in recorder.calls}, deck.id


def test_a_plain_attribute_of_the_pools_is_recorded_as_read_whole(tmp_path: Path) -> None:
    from quizzer.bank.trace import Digests, Recorder, holds
    from quizzer.generate import Pools

    library, _ = load_library([])
    pools, digests = Pools(library), Digests()
    recorder = Recorder(pools, digests)
    deck = library.decks[0]
    assert recorder.muscles == pools.muscles  # read, and recorded as read
    trace = recorder.trace(deck)
    assert trace is not None and trace["calls"][0][0] == "muscles"
    assert holds(trace, deck, Pools(library), Digests())
    other, _ = load_library([DATA / "mini.yaml"])
    assert not holds(trace, other.deck(deck.id), Pools(other), Digests())


_EDITS = (
    "text",
    "action",
    "region",
    "zone",
    "location",
    "satellite",
    "add",
    "remove",
    "rename",
    "same",
    "own",
    "sheet",
)


@pytest.mark.slow
def test_hits_equal_fresh_loads_after_any_edits() -> None:
    import random
    import re
    import tempfile

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from quizzer.regions import BODY_REGIONS, MUSCLE_REGIONS

    @settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.tuples(st.sampled_from(_EDITS), st.integers(0, 10**6)), min_size=1, max_size=3))
    def run(edits: list[tuple[str, int]]) -> None:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            atlas = _atlas(root / "atlas", 6)
            cache = root / "cache"
            load_bank([atlas], seed=0, cache_dir=cache)
            for edit, number in edits:
                rng = random.Random(number)
                files = sorted(atlas.glob("*.y*ml"))
                file = rng.choice(files)
                text = file.read_text(encoding="utf-8")
                if edit == "text":
                    lines = list(re.finditer(r"text: (.*)", text))
                    line = rng.choice(lines)
                    text = text[: line.start(1)] + "Changed " + line.group(1) + text[line.end(1) :]
                elif edit == "action":
                    own = set(re.findall(r"action-(\d+)", text))
                    free = [n for n in range(60) if str(n) not in own]
                    text = re.sub(r"action-\d+", f"action-{rng.choice(free)}", text, count=1)
                elif edit == "region":
                    text = re.sub(
                        r"\n    region: .*",
                        f"\n    region: {rng.choice(list(MUSCLE_REGIONS))}",
                        text,
                        count=1,
                    )
                elif edit == "zone":
                    used = set(re.findall(r"\{region: ([a-z-]+), zone", text))
                    unused = [r for r in BODY_REGIONS if r not in used]
                    text = re.sub(
                        r"\{region: [a-z-]+, zone", f"{{region: {rng.choice(unused)}, zone", text, count=1
                    )
                elif edit == "location":
                    text = text.replace("location: ", "location: Moved ", 1)
                elif edit == "satellite":
                    others = [f"synthetic-muscle-{i}" for i in range(6)]
                    text = re.sub(
                        r"satellites: \[.*\]",
                        f"satellites: [{', '.join(rng.sample(others, 2))}]",
                        text,
                        count=1,
                    )
                elif edit == "add":
                    extra = (DATA / "mini.yaml").read_text(encoding="utf-8")
                    (atlas / f"extra-{number}.yml").write_text(
                        extra.replace("id: mini", f"id: mini-{number}", 1).replace(
                            "id: alpha", f"id: alpha-{number}"
                        ),
                        encoding="utf-8",
                    )
                    text = None  # type: ignore[assignment]
                elif edit == "remove":
                    added = sorted(atlas.glob("extra-*.yml"))
                    if added:
                        added[0].unlink()
                    text = None  # type: ignore[assignment]
                elif edit == "own":  # a question written into a deck
                    text += (
                        (
                            f"questions:\n  - id: own-{number}\n    question: Which one is "
                            f"{number}?\n    answer: This one\n"
                        )
                        if "questions:" not in text
                        else f"  - id: own-{number}\n    question: Which is {number}?\n    answer: That one\n"
                    )
                elif edit == "sheet":  # a question file feeding a deck of the atlas
                    (atlas / "sheet.csv").write_text(
                        "question,option A,option B,option C,correct,topic,deck,muscle,id\n"
                        f"Which is {number}?,One,Two,Three,A,origin,{file.stem},"
                        f"synthetic-muscle-{rng.randrange(6)},sheet-{number}\n",
                        encoding="utf-8",
                    )
                    text = None  # type: ignore[assignment]
                elif edit == "rename":
                    file.rename(file.with_name(f"renamed-{number}-{file.name}"))
                    text = None  # type: ignore[assignment]
                if text is not None:
                    file.write_text(text, encoding="utf-8")
                try:
                    fresh = _fresh([atlas])
                except DeckError:
                    with pytest.raises(DeckError):
                        load_bank([atlas], seed=0, cache_dir=cache)
                    continue
                _same(load_bank([atlas], seed=0, cache_dir=cache), fresh)
                _same(load_bank([atlas], seed=0, cache_dir=cache), fresh)  # warm

    run()


def test_the_index_names_every_file_hashed_and_every_deck(tmp_path: Path) -> None:
    from quizzer.discovery import bundled_decks_dir, deck_files

    load_bank(seed=0, cache_dir=tmp_path / "cache")
    [where] = _banks(tmp_path / "cache")
    data = (where / "index").read_bytes()
    index = json.loads(data[len(folder_module.MAGIC) + 32 :])
    library, selected = load_library()
    assert [p for p, _ in index["files"]] == [str(p) for p in deck_files([bundled_decks_dir()])]
    assert [row[0] for row in index["decks"]] == [bank_module._slot(d) for d in library.decks]
    # What the home screen lists of each deck, known without decoding the decks.
    from quizzer.regions import deck_region

    assert [row[2:] for row in index["decks"]] == [
        [d.id, d.name, deck_region(d, library), bool(d.questions)] for d in library.decks
    ]
    assert index["selected"] == selected


def test_a_warm_start_decodes_decks_and_questions_only_when_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting and queueing need only each deck's key table: a warm start decodes no
    question until one is asked for (then only its deck's), and the decks themselves only
    when the library is (those with hand-written questions at once)."""
    cache = tmp_path / "cache"
    fresh = load_bank(seed=0, cache_dir=cache)
    decoded: list[str] = []
    entry = bank_module._Entry
    deck, questions = entry.deck, entry.questions

    def counted(name: str, method: Any) -> Any:
        def call(self: Any) -> Any:
            decoded.append(name)
            return method(self)

        return call

    monkeypatch.setattr(entry, "deck", counted("deck", deck))
    monkeypatch.setattr(entry, "questions", counted("questions", questions))
    bank = load_bank(seed=0, cache_dir=cache)
    own = sum(1 for d in fresh.library.decks if d.questions and d.id in fresh.selected)
    assert decoded == ["deck"] * own
    assert bank.about == [(d, n, r) for d, n, r in fresh.about]
    first = fresh.questions[0]
    assert bank.source.get(first.id) == first
    assert decoded == ["deck"] * own + ["questions"]
    assert bank.library == fresh.library
    assert decoded.count("deck") == own + len(fresh.library.decks)
    assert bank.questions == fresh.questions


def test_an_unchanged_file_is_not_hashed_again_but_a_same_size_edit_with_its_old_time_is(
    tmp_path: Path, mini_deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files older than the index's stamp keep their digest while their status (size,
    # times, inode) is unchanged; restoring the modification time cannot restore the
    # change time, so the edit is still read.
    monkeypatch.setattr(bank_module, "RECENT_NS", 0)
    cache = tmp_path / "cache"
    deck = tmp_path / "mini.yaml"
    shutil.copy2(mini_deck, deck)
    first = load_bank([deck], seed=0, cache_dir=cache)
    hashed = _hashed_files(monkeypatch)
    assert prepare_bank([deck], seed=0, cache_dir=cache).warm and str(deck) not in hashed
    name = first.library.decks[-1].name
    before = deck.stat()
    text = deck.read_text(encoding="utf-8")
    same_length = name[:-1] + ("X" if name[-1] != "X" else "Y")
    deck.write_text(text.replace(f"name: {name}", f"name: {same_length}", 1), encoding="utf-8")
    os.utime(deck, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert deck.stat().st_size == before.st_size and deck.stat().st_mtime_ns == before.st_mtime_ns
    pending = prepare_bank([deck], seed=0, cache_dir=cache)
    assert str(deck) in hashed and not pending.warm
    assert same_length in {d.name for d in pending.load().library.decks}


def test_a_file_too_recent_to_vouch_for_is_hashed_at_the_next_start_only(
    tmp_path: Path, mini_deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Copied just before the first start, the file's change time is within RECENT_NS of
    # the index's stamp: the next start hashes it, and records a stamp that vouches for it.
    cache = tmp_path / "cache"
    deck = tmp_path / "mini.yaml"
    shutil.copy(mini_deck, deck)
    load_bank([deck], seed=0, cache_dir=cache)
    real_time = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real_time() + 2 * bank_module.RECENT_NS)
    hashed = _hashed_files(monkeypatch)
    for start in range(3):
        hashed.clear()
        pending = prepare_bank([deck], seed=0, cache_dir=cache)
        assert pending.warm
        pending.load()
        assert (str(deck) in hashed) == (start == 0), start


@pytest.mark.parametrize("change", ["deleted", "damaged", "another entry"])
def test_a_deck_entry_changed_after_a_warm_start_is_not_trusted(tmp_path: Path, change: str) -> None:
    # A warm start reads one file of key tables; each deck entry is read when first needed
    # and must still be the one the index signed (the cache deleted or rebuilt since by
    # another Quizzer): otherwise the bank is rebuilt from the decks, and the cache mended.
    cache = tmp_path / "cache"
    good = load_bank(seed=0, cache_dir=cache)
    pending = prepare_bank(seed=0, cache_dir=cache)
    assert pending.warm
    bank = pending.load()
    [where] = _banks(cache)
    decks = sorted(where.glob("*.deck"))
    folder = folder_module.Folder.open(cache)
    assert folder is not None
    bodies = {path: folder.read(path) for path in decks}
    for at, target in enumerate(decks):
        if change == "deleted":
            target.unlink()
        elif change == "damaged":
            data = target.read_bytes()
            target.write_bytes(data[:-5] + bytes([data[-5] ^ 1]) + data[-4:])
        else:  # signed by this install, but not the entry the index names: another deck's
            other = bodies[decks[(at + 1) % len(decks)]]
            assert other is not None and folder.write(target, other) is not None
    _same(bank, good)
    assert prepare_bank(seed=0, cache_dir=cache).warm
    _same(load_bank(seed=0, cache_dir=cache), good)


def test_a_warm_start_reads_the_index_the_key_tables_and_only_the_decks_it_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    fresh = load_bank(seed=0, cache_dir=cache)
    read: list[str] = []
    real = folder_module.Folder.read_signed

    def read_signed(self: Any, path: Path) -> Any:
        read.append(path.name)
        return real(self, path)

    monkeypatch.setattr(folder_module.Folder, "read_signed", read_signed)
    bank = load_bank(seed=0, cache_dir=cache)
    own = [d for d in fresh.library.decks if d.questions and d.id in fresh.selected]
    assert read[:2] == ["index", "tables"]
    assert sorted(read[2:]) == sorted(bank_module._slot(d) + ".deck" for d in own)
    first = fresh.questions[0]
    assert bank.source.get(first.id) == first
    assert len(read) == 2 + len(own) + (first.deck not in {d.id for d in own})


def test_the_key_tables_file_keeps_each_fact_once(tmp_path: Path) -> None:
    """The tables file a warm start inflates and splits holds each question's fact and, for
    its id, only what follows the fact (``/mcq``): no id in full. A warm start gives every
    id, fact and topic back as they were."""
    import zlib

    from quizzer.bank import codec

    cache = tmp_path / "cache"
    fresh = load_bank(seed=0, cache_dir=cache)
    [where] = _banks(cache)
    read = folder_module.Folder.open(cache).read_signed(where / "tables")  # type: ignore[union-attr]
    assert read is not None
    _key, tables = codec.decode(zlib.decompress(read[0]), bank_module._MODEL)
    stored = {qid for _, table in tables for qid in table[0]}
    ids = {q.id for q in fresh.questions}
    assert stored and not stored & ids and all(end.startswith("/") for end in stored)
    assert len(stored) < 50
    warm = load_bank(seed=0, cache_dir=cache)
    assert warm.source.ids == [q.id for q in fresh.questions]
    assert warm.source.facts == [q.fact for q in fresh.questions]
    assert warm.source.topics == [q.key.topic for q in fresh.questions]
