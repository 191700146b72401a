"""The study package's house rules: arrows point down only, no private reach-ins, one opener."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "quizzer"
SESSION = PACKAGE / "session"

LAYERS = {"rules": 0, "search": 0, "queue": 1, "service": 2, "sitting": 3, "stats": 3}
"""Each module may import only modules of a lower layer (``__init__`` sits above them all)."""


def _session_imports(path: Path) -> set[str]:
    """The ``quizzer.session`` modules a file imports, at run time or for type checking."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("quizzer.session."):
                found.add(node.module.split(".")[2])
            elif node.module == "quizzer.session":
                found.update(alias.name for alias in node.names if alias.name in LAYERS)
        elif isinstance(node, ast.Import):
            found.update(
                alias.name.split(".")[2] for alias in node.names if alias.name.startswith("quizzer.session.")
            )
    return found


def test_every_module_has_a_layer() -> None:
    modules = {p.stem for p in SESSION.glob("*.py")} - {"__init__"}
    assert modules == set(LAYERS)


def test_arrows_point_down_only() -> None:
    upward = [
        f"{path.stem} imports {name}"
        for path in sorted(SESSION.glob("*.py"))
        if path.stem in LAYERS
        for name in sorted(_session_imports(path))
        if LAYERS[name] >= LAYERS[path.stem]
    ]
    assert upward == []


def test_the_bottom_layers_hold_no_store_clock_or_randomness() -> None:
    for name in ("rules", "search", "queue"):
        source = (SESSION / f"{name}.py").read_text(encoding="utf-8")
        assert "quizzer.store" not in source and "datetime.now" not in source, name
        assert "random.Random(" not in source, name


PRIVATE_REACH = re.compile(r"\b(?:service|svc|session|screen\.service)\._[a-z]\w*")
STORE_REACH = re.compile(r"\b(?:service|svc)\.(?:store|planner|rng|cache)\b")


def test_nothing_reaches_into_the_service() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE_REACH.search(line) or STORE_REACH.search(line)
    ]
    assert found == []


def _calls(path: Path, name: str) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Call) and getattr(node.func, "id", None) == name for node in ast.walk(tree)
    )


def test_the_cli_and_the_app_open_the_service_the_same_way() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    openers = {str(path.relative_to(PACKAGE)) for path in files if _calls(path, "open_study")}
    assert openers == {"commands/study.py", "tui/opening.py"}
    direct = {str(path.relative_to(PACKAGE)) for path in files if _calls(path, "open_service")}
    assert direct == {"session/service.py"}  # inside open_study only
