"""The click group, the options every command shares, and the one place errors become exit codes.

Only the ``claimtrack.cli`` package imports click. Library modules are imported inside the
commands so that ``--help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from claimtrack import __version__

F = TypeVar("F", bound=Callable[..., Any])

ISSUES_URL = "https://github.com/claimtrack/claimtrack/issues"


class InputError(click.ClickException):
    """Unusable input (exit 2): a missing claims file, an unknown article reference, ..."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        from claimtrack.text import printable

        # Messages quote the user's files (keys, values): no escape sequence reaches the terminal.
        click.echo(f"claimtrack: error: {printable(self.format_message())}", err=True)


class ClaimtrackGroup(click.Group):
    """Turns library errors into clean messages; an unexpected error is one line, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from claimtrack import cache
        from claimtrack.problems import ExitCode, UsageError

        cache.disable(False)  # --no-cache holds for one invocation (matters under CliRunner)
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise InputError(str(exc)) from None
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # The reader went away (``| head``): not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("claimtrack: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:
            if os.environ.get("CLAIMTRACK_DEBUG"):
                raise
            from claimtrack.text import one_line

            name = type(exc).__name__
            detail = one_line(str(exc))
            detail = detail if len(detail) <= 200 else detail[:197] + "..."
            click.echo(
                f"claimtrack: internal error: {name}: {detail} "
                f"(this is a bug; please report it at {ISSUES_URL}, with CLAIMTRACK_DEBUG=1 output)",
                err=True,
            )
            ctx.exit(int(ExitCode.INTERNAL))


def _no_cache(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    from claimtrack import cache

    cache.disable(value)
    return value


def data_option(help: str = "The claims YAML file.") -> Callable[[F], F]:
    """``--data FILE`` (default ``data/claims.yaml``): the one declaration every command shares."""
    return click.option(
        "--data", "data", default="data/claims.yaml", show_default=True, metavar="FILE",
        type=click.Path(path_type=str), help=help,
    )


def seeds_option(help: str = "Folder of article .txt files.") -> Callable[[F], F]:
    """``--seeds DIR`` (default ``seeds``)."""
    return click.option(
        "--seeds", "seeds", default="seeds", show_default=True, metavar="DIR",
        type=click.Path(path_type=str), help=help,
    )


def project_options(function: F) -> F:
    """``--data``, ``--seeds`` and ``--no-cache``, shared by every command that reads the project."""
    function = click.option(
        "--no-cache", is_flag=True, expose_value=False, callback=_no_cache, is_eager=True,
        help="Parse everything afresh; do not read or write the cache.",
    )(function)
    function = seeds_option()(function)
    return data_option()(function)


def use_colour(stream: Any = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


@click.group(cls=ClaimtrackGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="claimtrack")
def cli() -> None:
    """Track the claims made in news coverage: who said what, in which article, on whose
    authority, and where the coverage contradicts itself.

    Articles are plain-text files in a seeds folder; claims are curated in a YAML file that ties
    each claim to the exact words of each article that makes it.
    """
