"""The ``quizzer`` command tree (click); ``quizzer.cli`` imports it when there are arguments
(``quizzer`` alone opens the study app without it)."""

from __future__ import annotations

import difflib
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from quizzer import __version__
from quizzer.commands import UsageProblem

_LAZY_COMMANDS: dict[str, str] = {}
"""Command name → ``module:attribute``, filled at the end of this module."""


class _LazyGroup(click.Group):
    """A group whose subcommands are imported the first time they are asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _LAZY_COMMANDS:
            module_name, attribute = _LAZY_COMMANDS[cmd_name].split(":")
            module = importlib.import_module(module_name)
            self.add_command(getattr(module, attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        # Click suggests only among the commands already imported; offer the lazy ones too,
        # so `quizzer exma` says "Did you mean 'exam'?" in a fresh process.
        name = args[0] if args else ""
        if (
            name
            and not name.startswith("-")
            and not ctx.resilient_parsing
            and self.get_command(ctx, name) is None
        ):
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint}")
        return super().resolve_command(ctx, args)


@click.group(
    cls=_LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="quizzer")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="QUIZZER_HOME",
    help="Where progress is kept (default: the user data folder; env QUIZZER_HOME).",
)
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None) -> None:
    """Quizzer: study muscles, trigger points and strains with spaced repetition."""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir
    if ctx.invoked_subcommand is None:
        # Lazy: Textual is imported only when the app opens, so other commands stay fast.
        from quizzer.cli import open_app

        problem = open_app(data_dir)
        if problem:
            raise UsageProblem(problem)


def run(args: Sequence[str]) -> None:
    """Run ``quizzer ARGS``: every user error ends as one ``quizzer:`` line, never a traceback
    (``quizzer.cli.main``, the console entry point, calls this)."""
    args = list(args)
    try:
        # Not standalone: click's own reports of bad arguments are several lines of usage.
        code = cli.main(args=args, prog_name="quizzer", standalone_mode=False)
    except click.UsageError as exc:
        if isinstance(exc, _NO_ARGS_IS_HELP):
            exc.show()  # a group named alone (`quizzer export`) lists its commands
            sys.exit(exc.exit_code)
        click.echo(_usage_line(exc, args), err=True)
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()  # UsageProblem prints its own `quizzer:` line
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:
        # Click turns Ctrl-C and end of input at a prompt into Abort.
        if isinstance(exc.__cause__, KeyboardInterrupt):
            sys.exit(130)
        click.echo("quizzer: aborted", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    # Without standalone mode, --help, --version and ctx.exit(n) come back as an exit code.
    if isinstance(code, int) and code:
        sys.exit(code)


# Click 8.2+ reports "a group named without a command" as a UsageError that shows help.
_NO_ARGS_IS_HELP: tuple[type[Exception], ...] = tuple(
    t for t in (getattr(click.exceptions, "NoArgsIsHelpError", None),) if t is not None
)


def _usage_line(exc: click.UsageError, args: Sequence[str]) -> str:
    """``quizzer: <command>: <message> (see quizzer <command> --help)`` on one line."""
    from quizzer.safetext import one_line

    message = " ".join(one_line(exc.format_message()).split())
    # Click's parser raises some errors (an option missing its value) without a context.
    path = exc.ctx.command_path if exc.ctx is not None else _command_path(args)
    command = path.partition(" ")[2]
    if not command:
        return f"quizzer: {message} (see quizzer --help)"
    return f"quizzer: {command}: {message} (see {path} --help)"


def _command_path(args: Sequence[str]) -> str:
    """``quizzer export anki``: the (sub)commands that ``args`` name, skipping group options."""
    command: click.Command = cli
    names = ["quizzer"]
    words = iter(args)
    for word in words:
        if not isinstance(command, click.Group):
            break
        if word.startswith("-"):
            option = next(
                (
                    p
                    for p in command.params
                    if isinstance(p, click.Option) and word in (*p.opts, *p.secondary_opts)
                ),
                None,
            )
            if option is not None and not option.is_flag and not option.count:
                next(words, None)  # the option's value (`--data-dir DIR`)
            continue
        sub = command.get_command(click.Context(command), word)
        if sub is None:
            break
        names.append(word)
        command = sub
    return " ".join(names)


# Subcommands that live in their own modules, imported only when named (or listed by
# --help): `quizzer` alone opens the app without loading exam, export or map code.
_LAZY_COMMANDS.update(
    {
        "backup": "quizzer.commands.study:backup",
        "cards": "quizzer.commands.deck_files:cards",
        "exam": "quizzer.commands.exam:exam",
        "export": "quizzer.commands.export:export",
        "ids": "quizzer.commands.authoring:ids",
        "map": "quizzer.commands.pain_map:map_command",
        "new": "quizzer.commands.authoring:new",
        "quiz": "quizzer.commands.study:quiz",
        "settings": "quizzer.commands.settings:settings_command",
        "stats": "quizzer.commands.study:stats",
        "study": "quizzer.commands.study:study",
        "validate": "quizzer.commands.deck_files:validate",
    }
)
