"""The question bank's cache: a hit equals a fresh build, and any change rebuilds it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizzer import bank as bank_module
from quizzer.bank import Bank, load_bank
from quizzer.decks import DeckError, load_library
from quizzer.generate import generate


def _dicts(bank: Bank) -> list[dict[str, object]]:
    return [q.to_dict() for q in bank.questions]


def _cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("bank-*.pickle")) if folder.exists() else []


def test_a_cached_bank_equals_a_fresh_one(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    built = load_bank(seed=0, cache_dir=cache)
    assert [p.name[:13] for p in _cache_files(cache)] == ["bank-bundled-"]
    again = load_bank(seed=0, cache_dir=cache)
    library, selected = load_library()
    assert again.library == built.library == library
    assert again.selected == built.selected == selected
    assert _dicts(again) == _dicts(built) == [q.to_dict() for q in generate(library, selected)]


def test_a_hit_reads_no_yaml_and_generates_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_bank(seed=0, cache_dir=cache)
    code = (
        "import sys; from pathlib import Path; from quizzer.bank import load_bank;"
        f"b = load_bank(seed=0, cache_dir=Path({str(cache)!r}));"
        "print(len(b.questions), 'yaml' in sys.modules, 'quizzer.generate' in sys.modules,"
        " 'quizzer.decks' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert int(out[0]) > 100 and out[1:] == ["False", "False", "False"]


def test_a_changed_deck_file_rebuilds_the_bank(tmp_path: Path, mini_deck: Path) -> None:
    cache = tmp_path / "cache"
    deck = tmp_path / "mini.yaml"
    shutil.copy(mini_deck, deck)
    first = load_bank([deck], seed=0, cache_dir=cache)
    text = deck.read_text(encoding="utf-8")
    name = first.library.decks[-1].name
    deck.write_text(text.replace(f"name: {name}", f"name: {name} renamed", 1), encoding="utf-8")
    os.utime(deck, ns=(deck.stat().st_atime_ns, deck.stat().st_mtime_ns + 10**9))
    second = load_bank([deck], seed=0, cache_dir=cache)
    assert {d.name for d in second.library.decks} - {d.name for d in first.library.decks} \
        == {f"{name} renamed"}


def test_a_same_size_edit_with_its_old_time_still_rebuilds(tmp_path: Path,
                                                           mini_deck: Path) -> None:
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


def test_seed_and_code_are_part_of_the_key(tmp_path: Path, mini_deck: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    zero = load_bank([mini_deck], seed=0, cache_dir=cache)
    seven = load_bank([mini_deck], seed=7, cache_dir=cache)
    library, selected = load_library([mini_deck])
    assert _dicts(seven) == [q.to_dict() for q in generate(library, selected, seed=7)]
    assert _dicts(seven) != _dicts(zero)
    # Editing the generator's code (another stamp of its files) must not serve the old bank.
    calls: list[str] = []
    real_generate = generate

    def counting(*args: object, **kwargs: object) -> object:
        calls.append("generate")
        return real_generate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("quizzer.generate.generate", counting)
    load_bank([mini_deck], seed=7, cache_dir=cache)
    assert calls == []
    monkeypatch.setattr(bank_module, "_code_stamps", lambda: [("generate/choice.py", "0" * 32)])
    load_bank([mini_deck], seed=7, cache_dir=cache)
    assert calls == ["generate"]


def test_given_deck_sets_get_their_own_cache_files(tmp_path: Path, mini_deck: Path) -> None:
    cache = tmp_path / "cache"
    load_bank(seed=0, cache_dir=cache)
    load_bank([mini_deck], seed=0, cache_dir=cache)
    assert len(_cache_files(cache)) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", b"\x80\x05K\x01."])
def test_a_damaged_cache_is_rebuilt(tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "cache"
    good = load_bank(seed=0, cache_dir=cache)
    [saved] = _cache_files(cache)
    saved.write_bytes(damage)
    again = load_bank(seed=0, cache_dir=cache)
    assert _dicts(again) == _dicts(good)
    # ...and the damaged file was replaced by a good one.
    assert load_bank(seed=0, cache_dir=cache).library == good.library
    assert saved.stat().st_size > 1000


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    bank = load_bank(seed=0, cache_dir=blocked / "cache")
    assert len(bank.questions) > 100 and blocked.read_text(encoding="utf-8") == "not a folder"


def test_a_bank_that_cannot_be_pickled_is_not_cached(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def unpicklable(*_args: object, **_kwargs: object) -> None:
        raise TypeError("cannot pickle 'generator' object")

    monkeypatch.setattr(bank_module.pickle, "dump", unpicklable)
    bank = load_bank(seed=0, cache_dir=tmp_path / "cache")
    assert len(bank.questions) > 100 and _cache_files(tmp_path / "cache") == []
    assert list((tmp_path / "cache").iterdir()) == []  # no temporary file left either


def test_leftovers_of_a_killed_writer_are_removed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    old = cache / "bank-bundled-0123.pickleabc.tmp"
    recent = cache / "bank-bundled-0123.pickledef.tmp"
    for leftover in (old, recent):
        leftover.write_bytes(b"half a bank")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    load_bank(seed=0, cache_dir=cache)
    # The old one is a dead writer's; the recent one may belong to a Quizzer writing now.
    assert not old.exists() and recent.exists()


def test_two_installs_sharing_a_data_folder_keep_separate_banks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    load_bank(seed=0, cache_dir=cache)
    monkeypatch.setattr(bank_module, "_PACKAGE", tmp_path / "another" / "quizzer")
    assert bank_module._file_name([]) != _cache_files(cache)[0].name


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
