"""``claimtrack report``: the ledger as one self-contained HTML page."""

from __future__ import annotations

import click

from claimtrack.cli.base import open_analysis, output_target, project_options, write_or_echo
from claimtrack.cli.options import output_option, subject_option


@click.command()
@project_options
@output_option("Where to write the HTML page ('-' for standard output).", default="report.html")
@subject_option("Only claims about or involving this subject (a key, name or alias, any case).")
def report(data: str, seeds: str, output: str, subject: str | None) -> None:
    """Write one self-contained HTML page: the timeline, the conflicts side by side, the sourcing
    profile of every article and every claim with its quotes. It needs no network to view and
    prints cleanly.
    """
    from claimtrack.report import render_report

    target = output_target(output, data, seeds)  # before any work
    html = render_report(open_analysis(data, seeds), subject=subject, data_name=data,
                         seeds_name=seeds)  # fmt: skip
    write_or_echo(html, target)
    if target is not None:
        click.echo(f"wrote {output}", err=True)
