"""``claimtrack export``: the whole ledger as schema.org Claim JSON-LD, JSON or CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from claimtrack.cli.base import project_options

# Kept here, not imported, so that ``--help`` (and ``schema``, which shares ``--output``) does not
# load the export machinery; tests/test_startup.py checks that it matches
# claimtrack.export.EXPORT_FORMATS.
EXPORT_FORMATS = ("claimreview", "json", "csv")


def output_option(function: Any) -> Any:
    """``-o/--output FILE``: written atomically; ``-`` (or no option) is standard output."""
    return click.option(
        "-o",
        "--output",
        metavar="FILE",
        type=click.Path(dir_okay=False, path_type=str),
        help="Write to FILE (atomically) instead of standard output; never the claims file, never "
        "into the seeds folder.",
    )(function)


def write_or_echo(text: str, output: str | None, data: str, seeds: str) -> bool:
    """Write ``text`` to ``output``, or to standard output when it is None or ``-``.

    Returns True when a file was written. Refuses (exit 2) the claims file and the seeds folder.
    """
    if output is None or output == "-":
        click.echo(text, nl=False)
        return False
    from claimtrack.export import guard_output
    from claimtrack.files import write_output

    target = Path(output)
    guard_output(target, Path(data), Path(seeds))
    write_output(target, text)
    return True


@click.command()
@project_options
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="json",
    show_default=True,
    help="claimreview: schema.org Claim JSON-LD; json: the whole ledger; csv: one row per "
    "(claim, source).",
)
@output_option
def export(data: str, seeds: str, fmt: str, output: str | None) -> None:
    """Export the whole ledger for other tools.

    claimreview is schema.org Claim JSON-LD (one Claim per claim, with its claimant, its
    appearances in the articles and the first of them; copies point at their original with
    isBasedOn), for fact-checking and linked-data tools. json is every subject, article and claim
    as the other commands print them. csv has one row per citation, for spreadsheets.
    """
    from claimtrack.cli.base import warn_loaded
    from claimtrack.export import export_text, guard_output
    from claimtrack.ledger import open_ledger

    if output is not None and output != "-":
        guard_output(Path(output), Path(data), Path(seeds))  # before any work
    # A published export is the whole ledger or nothing: no entry left out for its problems.
    ledger = open_ledger(Path(data), Path(seeds), data, seeds, whole=True)
    warn_loaded(ledger, data)  # an unreadable article, say: reported as every command does
    text = export_text(ledger, fmt)
    if write_or_echo(text, output, data, seeds):
        count = len(ledger.claims)
        click.echo(f"wrote {output}: {count} claim{'s' * (count != 1)} as {fmt}", err=True)
