"""Import rules for the engine: one home per library, no Textual in the core, no AGPL anki."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent.parent / "quizzer"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(("library", "home"), [("fsrs", "schedule.py"), ("sqlite3", "store.py")])
def test_each_library_has_one_home(library: str, home: str) -> None:
    users = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if library in _imports(p))
    assert users == [home]


def test_nothing_in_quizzer_imports_anki() -> None:
    assert [p for p in PACKAGE.rglob("*.py") if "anki" in _imports(p)] == []


def test_the_engine_and_its_commands_import_no_textual_fsrs_or_sqlite_eagerly() -> None:
    code = (
        "import sys, quizzer.session, quizzer.session.stats;"
        "assert 'textual' not in sys.modules, 'textual';"
        "import quizzer.cli;"
        "print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    code = "import sys, quizzer.cli; print('fsrs' in sys.modules, 'sqlite3' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "False False", result.stderr
