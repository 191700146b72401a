"""Every command has help text and a README section with an example."""

from __future__ import annotations

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
