"""Start-up as a user sees it: processes started in a real terminal (a tmux pane), timed from
the moment each is spawned to the first frame that shows what was asked for.

``paint_times`` runs scripts interleaved (so all see the same machine noise) inside one
tmux pane, with byte code compiled as ``pip install`` leaves it (this machine sets
PYTHONDONTWRITEBYTECODE; the runs get a byte-code cache of their own, warmed by a first
run of each script). Each script ends by calling ``painted()`` (from ``PREAMBLE``) once the
frame it waits for is on screen.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

PREAMBLE = textwrap.dedent('''
    import importlib.abc, importlib.util, os, sys, time

    def painted():
        with open(os.environ["QZ_PAINTED"], "w") as out:
            out.write(repr(time.monotonic()))

    def patch(patches):
        """Run ``patches[name](module)`` as soon as module ``name`` is imported."""
        class Hook(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path, target=None):
                if name not in patches:
                    return None
                sys.meta_path.remove(self)
                try:
                    spec = importlib.util.find_spec(name)
                finally:
                    sys.meta_path.insert(0, self)
                load = spec.loader.exec_module

                def exec_module(module):
                    load(module)
                    patches[name](module)

                spec.loader.exec_module = exec_module
                return spec

        sys.meta_path.insert(0, Hook())
''')

MINIMAL_APP = PREAMBLE + textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Label

    class Minimal(App):
        def compose(self):
            yield Label("Quizzer")

        def on_mount(self):
            self.call_after_refresh(lambda: (painted(), self.exit()))

    Minimal().run()
""")
"""A minimal Textual app painting one label."""

_HOME = """
def patch_home(module):
    ready = module.HomeScreen.service_ready

    def service_ready(self):
        ready(self)
        self.app.call_after_refresh(lambda: (painted(), self.app.exit()))

    module.HomeScreen.service_ready = service_ready

patch({"quizzer.tui.screens.home": patch_home})
"""

_QUESTION = """
def patch_session(module):
    show = module.SessionScreen.show_current

    async def show_current(self):
        await show(self)
        self.app.call_after_refresh(lambda: (painted(), self.app.exit()))

    module.SessionScreen.show_current = show_current

patch({"quizzer.tui.screens.session": patch_session})
"""


def quizzer_until_home(args: list[str]) -> str:
    """``quizzer ARGS`` until the home screen shows the decks' counts."""
    return PREAMBLE + _HOME + f"from quizzer.cli import main\nmain({args!r})\n"


def quizzer_until_question(args: list[str]) -> str:
    """``quizzer ARGS`` (study or quiz) until the first question is on screen."""
    return PREAMBLE + _QUESTION + f"from quizzer.cli import main\nmain({args!r})\n"


_RUNNER = """
import json, os, subprocess, sys, time
spec = json.load(open(sys.argv[1]))
out = {name: [] for name in spec["scripts"]}
env = dict(os.environ, **spec["env"])
env.pop("PYTHONDONTWRITEBYTECODE", None)
painted = os.path.join(spec["folder"], "painted")

def run(name):
    if spec["before"].get(name):
        subprocess.run([sys.executable, "-c", spec["before"][name]], env=env, check=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", spec["scripts"][name]], env=dict(env, QZ_PAINTED=painted),
                   check=True)
    ended = time.monotonic()
    with open(painted) as file:
        return float(file.read()) - started, ended - started

for name in spec["scripts"]:
    run(name)  # byte code, stores and caches written; every measured run is a later start
for _ in range(spec["runs"]):
    for name in spec["scripts"]:
        out[name].append(run(name))
with open(os.path.join(spec["folder"], "result.json.tmp"), "w") as file:
    json.dump(out, file)
os.replace(os.path.join(spec["folder"], "result.json.tmp"),
           os.path.join(spec["folder"], "result.json"))
"""


def paint_times(
    folder: Path,
    scripts: dict[str, str],
    *,
    runs: int,
    env: dict[str, str],
    before: dict[str, str] | None = None,
    timeout: float = 900,
) -> dict[str, list[tuple[float, float]]]:
    """Per script, ``runs`` pairs (seconds to the first painted frame, seconds to exit).

    ``before[name]``, if given, is a script run (untimed) before each run of ``name``.
    """
    if shutil.which("tmux") is None:
        pytest.skip("tmux is needed to measure start-up in a real terminal")
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "scripts": scripts,
        "runs": runs,
        "folder": str(folder),
        "before": before or {},
        "env": {**env, "PYTHONPYCACHEPREFIX": str(folder / "pycache")},
    }
    (folder / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    (folder / "runner.py").write_text(_RUNNER, encoding="utf-8")
    session = f"quizzer-bench-{os.getpid()}"
    command = f"{sys.executable} {folder / 'runner.py'} {folder / 'spec.json'} 2> {folder / 'errors'}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command], check=True)
    result = folder / "result.json"
    deadline = time.monotonic() + timeout
    try:
        while not result.exists():
            alive = (
                subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode == 0
            )
            if not alive and not result.exists():
                errors = (folder / "errors").read_text(encoding="utf-8", errors="replace")
                raise AssertionError(f"the runs in tmux failed:\n{errors[-3000:]}")
            assert time.monotonic() < deadline, "the runs in tmux did not finish"
            time.sleep(0.5)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    data = json.loads(result.read_text(encoding="utf-8"))
    return {name: [(paint, total) for paint, total in runs_] for name, runs_ in data.items()}
