"""The options commands share, declared once: the same name, short flag, metavar and wording
wherever an option makes sense (``--subject NAME`` everywhere, never ``--subject TEXT``).

Each factory takes the help text, since what a filter keeps differs by command (claims, conflicts,
events); everything else is fixed here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

import click

from claimtrack.cli.base import completer
from claimtrack.render.view import DATA_FORMATS

F = TypeVar("F", bound=Callable[..., Any])

# Kept here, not imported, so that ``--help`` does not load pydantic; a test checks they match
# claimtrack.models.ATTRIBUTIONS.
ATTRIBUTION_CHOICES = (
    "named_outlet", "anonymous_insider", "direct_quote", "public_record", "representative",
    "own_post",
)  # fmt: skip


class Decorator(Protocol):
    """What each factory returns: an option decorator that keeps the command's type."""

    def __call__(self, function: F, /) -> F: ...


def format_option(formats: Sequence[str] = DATA_FORMATS) -> Decorator:
    """``-f/--format``: a table on a terminal (auto), or a machine format."""
    machine = ", ".join(f for f in formats if f not in ("auto", "table"))
    return click.option(
        "-f", "--format", "fmt", type=click.Choice(list(formats)), default="auto",
        show_default=True, help=f"auto/table: a table (colour only on a terminal); {machine}.",
    )  # fmt: skip


def subject_option(help: str) -> Decorator:
    """``-s/--subject NAME``: a key, name or alias (any case)."""
    return click.option(
        "-s", "--subject", metavar="NAME", shell_complete=completer("complete_subject"), help=help
    )


def article_option(help: str) -> Decorator:
    """``-a/--article REF``: a file name, stem or unique prefix."""
    return click.option(
        "-a", "--article", metavar="REF", shell_complete=completer("complete_article"), help=help
    )


def slot_option(help: str) -> Decorator:
    """``--slot SLOT``."""
    return click.option("--slot", metavar="SLOT", shell_complete=completer("complete_slot"),
                        help=help)  # fmt: skip


def attribution_option(choices: Sequence[str], help: str) -> Decorator:
    """``--attribution KIND`` (repeatable)."""
    return click.option(
        "--attribution", "attributions", multiple=True, type=click.Choice(list(choices)),
        metavar="KIND", help=f"{help} KIND: {', '.join(choices)}.",
    )  # fmt: skip


def date_options(what: str) -> Decorator:
    """``--since DATE`` and ``--until DATE`` (inclusive; python-dateutil reads them)."""

    def decorate(function: F) -> F:
        function = click.option(
            "--until", metavar="DATE", help=f"{what} dated on or before DATE."
        )(function)
        return click.option("--since", metavar="DATE", help=f"{what} dated on or after DATE.")(
            function
        )

    return decorate


def text_option(help: str) -> Decorator:
    """``-t/--text TEXT``."""
    return click.option("-t", "--text", metavar="TEXT", help=help)


def limit_option(what: str = "the first N only") -> Decorator:
    """``-n/--limit N``."""
    return click.option("-n", "--limit", type=click.IntRange(min=1), metavar="N",
                        help=f"Show {what}.")  # fmt: skip


def sort_option(choices: Sequence[str], help: str, default: str) -> Decorator:
    """``--sort KEY``."""
    return click.option(
        "--sort", type=click.Choice(list(choices)), default=default, show_default=True, help=help
    )


def output_option(
    help: str = "Write to FILE (atomically) instead of standard output; never the claims file, "
    "never into the seeds folder.",
    default: str | None = None,
) -> Decorator:
    """``-o/--output FILE``: written atomically; ``-`` (or no option, unless ``default``) is
    standard output (:func:`claimtrack.cli.base.output_target`)."""
    return click.option(
        "-o", "--output", metavar="FILE", default=default, show_default=default is not None,
        type=click.Path(path_type=str), help=help,
    )  # fmt: skip


def what_option(kinds: str, help: str, for_csv: str) -> Decorator:
    """``--what KIND``: which kind of record to show (``all``, or one of ``kinds``, space-separated);
    CSV holds one kind a file, ``for_csv`` unless chosen (:func:`which_records`)."""
    return click.option(
        "--what", type=click.Choice(["all", *kinds.split()]), default=None,
        help=f"Which records: {help} Default: all, but {for_csv} for CSV, one kind of record per "
        "file.",
    )  # fmt: skip


def which_records(what: str | None, fmt: str, for_csv: str) -> str:
    """``--what`` as chosen, else ``all`` (``for_csv`` for CSV)."""
    return what or (for_csv if fmt == "csv" else "all")
