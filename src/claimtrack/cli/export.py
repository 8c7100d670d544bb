"""``claimtrack export``: the whole ledger as schema.org Claim JSON-LD, JSON or CSV."""

from __future__ import annotations

import click

from claimtrack.cli.base import open_ledger, output_target, project_options, write_or_echo
from claimtrack.cli.options import output_option

# Kept here, not imported, so that ``--help`` does not load the export machinery;
# tests/test_startup.py checks that it matches claimtrack.export.EXPORT_FORMATS.
EXPORT_FORMATS = ("claimreview", "json", "csv")


@click.command()
@project_options
@click.option(
    "-f", "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True,
    help="claimreview: schema.org Claim JSON-LD; json: the whole ledger; csv: one row per "
    "(claim, source).",
)  # fmt: skip
@output_option()
def export(data: str, seeds: str, fmt: str, output: str | None) -> None:
    """Export the whole ledger for other tools.

    claimreview is schema.org Claim JSON-LD (one Claim per claim, with its claimant, its
    appearances in the articles and the first of them; copies point at their original with
    isBasedOn), for fact-checking and linked-data tools. json is every subject, article and claim
    as the other commands print them. csv has one row per citation, for spreadsheets.
    """
    from claimtrack.export import export_text

    target = output_target(output, data, seeds)  # before any work
    # A published export is the whole ledger or nothing: no entry left out for its problems.
    ledger = open_ledger(data, seeds, whole=True)
    write_or_echo(export_text(ledger, fmt), target)
    if target is not None:
        count = len(ledger.claims)
        click.echo(f"wrote {output}: {count} claim{'s' * (count != 1)} as {fmt}", err=True)
