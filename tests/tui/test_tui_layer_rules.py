"""Layer rules: Textual lives only in quizzer/tui; the app never touches SQLite or YAML."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "quizzer"
TUI = PACKAGE / "tui"


def _modules_outside_tui() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if TUI in path.parents or path.name == "__main__.py":
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _imports(tree: ast.AST) -> list[tuple[str, bool]]:
    """(module, at module level) for every import in a file."""
    out: list[tuple[str, bool]] = []
    top = set(map(id, getattr(tree, "body", [])))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, id(node) in top))
    return out


def _printed(code: str) -> str:
    """What ``python -c code`` prints, in a fresh process (it must succeed)."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_core_modules_never_load_textual() -> None:
    modules = _modules_outside_tui()
    assert "quizzer.session" in modules and "quizzer.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert 'textual' not in sys.modules, name\n"
        "print('ok')\n"
    )
    assert _printed(code) == "ok"


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.rglob("*.py") if TUI not in p.parents),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_only_lazy_imports_of_the_app_outside_tui(path: Path) -> None:
    for module, top_level in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        assert module.split(".")[0] != "textual", f"{path.name} imports {module}"
        if module.startswith("quizzer.tui"):
            assert not top_level, f"{path.name} must import {module} inside a function"


def test_app_talks_only_to_the_session() -> None:
    for path in sorted(TUI.rglob("*.py")):
        for module, _ in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            root = module.split(".")[0]
            assert root not in ("sqlite3", "yaml", "fsrs", "genanki", "anki"), (path.name, module)
            assert module not in ("quizzer.store", "quizzer.schedule"), (path.name, module)


def test_opening_the_home_screen_loads_neither_the_yaml_reader_nor_the_text_checks() -> None:
    """What a warm start of the home screen imports (the app, its home screen, the study
    engine and the question bank, the text made inert) leaves out the deck reader, the
    generator, click, the anatomy's dataclasses, ``quizzer.safetext``'s regular
    expressions (3-5 ms to compile), OpenSSL's bindings (``hashlib``, ``hmac``: 2.5 ms) and
    Textual's DataTable (the deck list is a lighter table): none of it is needed to count
    and show the decks."""
    code = (
        "import sys\n"
        "import quizzer.cli, quizzer.tui.app, quizzer.tui.screens.home, quizzer.session, quizzer.bank\n"
        "from quizzer.tui.inert import make_text_inert\n"
        "make_text_inert()\n"
        "names = ('quizzer.decks', 'quizzer.generate', 'click', 'yaml',\n"
        "         'quizzer.anatomy', 'quizzer.safetext', 'hashlib', 'hmac',\n"
        "         'textual.widgets._data_table')\n"
        "print(sorted(name for name in names if name in sys.modules))\n"
    )
    assert _printed(code) == "[]"
