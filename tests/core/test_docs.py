"""Every command has help text and a README section with an example."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from quizzer.cli import cli

README = (Path(__file__).resolve().parent.parent.parent / "README.md").read_text(encoding="utf-8")
CTX = click.Context(cli)
COMMANDS = cli.list_commands(CTX)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_a_readme_section(name: str) -> None:
    command = cli.get_command(CTX, name)
    assert command is not None and (command.help or "").strip()
    assert f"### `quizzer {name}" in README
    section = README.split(f"### `quizzer {name}", 1)[1].split("\n### ", 1)[0]
    assert f"quizzer {name}" in section.split("```sh", 1)[-1], "no example"


def test_readme_set_up_is_two_commands_and_ci_runs_the_second() -> None:
    set_up = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0].strip() for b in set_up.split("```sh\n")[1:]]
    assert len(blocks) == 2
    ci = (Path(__file__).resolve().parent.parent.parent / ".ci" / "run").read_text()
    assert blocks[1] in ci


REPO = Path(__file__).resolve().parent.parent.parent
_ABSOLUTE = re.compile(r"(?<![\w.:/])/(?:work|home|root|tmp|usr|opt|mnt|srv)/[^\s`)\]]*")
_LINK = re.compile(r"\]\(([^)#\s]+)")
_BACKTICKED_PATH = re.compile(r"`(\.\./[\w./-]+|[\w-]+/[\w./-]+\.\w+)`")


@pytest.mark.parametrize("doc", ["README.md", "decks/SCHEMA.md"])
def test_docs_point_to_nothing_outside_the_repository(doc: str) -> None:
    """A reader of a clone (or an sdist) can open every file the docs send them to: no
    absolute paths, no link or ``../`` path that leaves the repository (SCHEMA.md once sent
    readers to a reference list on the authors' machine)."""
    path = REPO / doc
    text = path.read_text(encoding="utf-8")
    assert _ABSOLUTE.findall(text) == []
    for target in _LINK.findall(text):
        if "://" in target:
            continue
        resolved = (path.parent / target).resolve()
        assert resolved.is_relative_to(REPO) and resolved.exists(), target
    for target in _BACKTICKED_PATH.findall(text):
        # `../schema.json` is written from a region folder (decks/hip/…); others from the root.
        base = path.parent / "hip" if target.startswith("../") else REPO
        assert (base / target).resolve().is_relative_to(REPO), target
