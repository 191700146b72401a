"""Finding deck files (nested folders, sorted, hidden entries skipped) and loading's one home:
discovery, the YAML reader and the bank's cache import each other in one direction only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizzer.cli import cli
from quizzer.decks import load_library
from quizzer.discovery import deck_files, split_specs

DATA = Path(__file__).parent.parent / "data"
PACKAGE = Path(__file__).resolve().parent.parent.parent / "quizzer"


def _deck(path: Path, deck_id: str, muscle_id: str) -> None:
    """A copy of the mini deck under another deck id and muscle ids."""
    text = (DATA / "mini.yaml").read_text(encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        text.replace("id: mini", f"id: {deck_id}", 1)
        .replace("alpha", muscle_id)
        .replace("beta", f"{muscle_id}-b")
        .replace("gamma", f"{muscle_id}-g")
        .replace("delta", f"{muscle_id}-d"),
        encoding="utf-8",
    )


def test_folders_are_searched_through_every_sub_folder_in_sorted_order(tmp_path: Path) -> None:
    root = tmp_path / "decks"
    for name in (
        "thigh/vastus.yaml",
        "hip/piriformis.yml",
        "hip/gluteus/medius.yaml",
        "back.yaml",
        "hip.yaml",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("", encoding="utf-8")
    (root / "hip" / "notes.txt").write_text("", encoding="utf-8")
    found = [p.relative_to(root).as_posix() for p in deck_files([root])]
    assert found == [
        "back.yaml",
        "hip/gluteus/medius.yaml",
        "hip/piriformis.yml",
        "hip.yaml",
        "thigh/vastus.yaml",
    ]
    assert deck_files([root]) == deck_files([root])


def test_hidden_entries_are_skipped_and_links_to_folders_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "decks"
    for name in ("a.yaml", ".github/workflows/ci.yml", ".#a.yaml", "sub/.hidden.yaml", "sub/b.yaml"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("", encoding="utf-8")
    (root / "sub" / "loop").symlink_to(root)  # would repeat forever if followed
    (root / "linked.yaml").symlink_to(root / "a.yaml")  # a link to a file is a file
    found = [p.relative_to(root).as_posix() for p in deck_files([root])]
    assert found == ["a.yaml", "sub/b.yaml"]  # linked.yaml is a.yaml again: kept once
    # A file named explicitly is taken as named, even hidden.
    assert deck_files([root / ".#a.yaml"]) == [root / ".#a.yaml"]


def test_a_file_named_twice_is_kept_once(tmp_path: Path) -> None:
    root = tmp_path / "decks"
    (root / "hip").mkdir(parents=True)
    (root / "hip" / "a.yaml").write_text("", encoding="utf-8")
    assert deck_files([root / "hip" / "a.yaml", root, root / "hip" / ".." / "hip" / "a.yaml"]) == [
        root / "hip" / "a.yaml"
    ]


def test_a_nested_deck_folder_loads_and_studies_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quizzer.decks
    import quizzer.generate

    root = tmp_path / "decks"
    _deck(root / "hip" / "one.yaml", "one", "one")
    _deck(root / "thigh" / "deep" / "two.yaml", "two", "two")
    _, selected = load_library([root])
    assert selected == ["one", "two"]
    args = ["--data-dir", str(tmp_path / "home"), "study", str(root), "--plain", "--seed", "0"]
    result = CliRunner().invoke(cli, args, input="\n3\nq\n")
    assert result.exit_code == 0, result.output
    assert "saved: one/one/" in result.output
    assert len(list((tmp_path / "home" / "cache").glob("*/index"))) == 1

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the second start reads the cache")

    monkeypatch.setattr(quizzer.decks, "parse_file", refuse)
    monkeypatch.setattr(quizzer.generate, "generate_deck", refuse)
    again = CliRunner().invoke(cli, args, input="\n3\nq\n")
    assert again.exit_code == 0, again.output
    assert again.output.count("saved: ") == 1


def test_command_line_arguments_split_into_paths_and_deck_ids(tmp_path: Path) -> None:
    (tmp_path / "here.yaml").write_text("", encoding="utf-8")
    paths, names = split_specs([str(tmp_path / "here.yaml"), "piriformis", "x/y", "z.yml"])
    assert paths == [tmp_path / "here.yaml", Path("x/y"), Path("z.yml")]
    assert names == ["piriformis"]


def _imports(module: Path) -> set[str]:
    """Every quizzer module a file imports, at its top or inside functions."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("quizzer"):
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names if alias.name.startswith("quizzer"))
    return out


def test_loading_imports_one_way_discovery_then_reader_then_cache() -> None:
    discovery = _imports(PACKAGE / "discovery.py")
    reader = _imports(PACKAGE / "decks.py")
    cache = set().union(*(_imports(p) for p in (PACKAGE / "bank").glob("*.py")))
    assert not discovery  # the standard library only
    assert "quizzer.discovery" in reader and not any(m.startswith("quizzer.bank") for m in reader)
    assert "quizzer.discovery" in cache and "quizzer.decks" in cache


@pytest.mark.parametrize(
    ("module", "absent"),
    [
        ("quizzer.discovery", ["quizzer.decks", "quizzer.bank", "yaml"]),
        ("quizzer.bank", ["quizzer.decks", "quizzer.generate", "yaml"]),
        ("quizzer.decks", ["quizzer.bank", "quizzer.generate"]),
    ],
)
def test_importing_one_loads_none_of_the_others(module: str, absent: list[str]) -> None:
    code = f"import sys, {module}; print([m for m in {absent!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
