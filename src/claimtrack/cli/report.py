"""``claimtrack report``: the ledger as one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from claimtrack.cli.base import InputError, project_options
from claimtrack.cli.options import subject_option


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(output: str, data: str, seeds: str) -> Path:
    """The file to write, refusing the claims file, anything in the seeds folder, or a folder.

    Paths are compared resolved (symlinks followed), so ``./data/../data/claims.yaml`` or a link
    to an article is refused too. Raises :class:`InputError` (exit 2).
    """
    from claimtrack.files import check_target
    from claimtrack.problems import UsageError

    target = Path(output)
    try:
        real = target.resolve()
    except (OSError, RuntimeError):  # RuntimeError before Python 3.13
        raise InputError(f"cannot write {output}: a symbolic link loop") from None
    if real == Path(data).resolve():
        raise InputError(f"refusing to write the report onto the claims file {data}")
    if _inside(real, Path(seeds).resolve()):
        raise InputError(
            f"refusing to write the report into the seeds folder {seeds} ({output}): "
            "it holds the articles"
        )
    if real.is_dir():
        raise InputError(f"{output} is a folder: give a file name, e.g. {output.rstrip('/')}/report.html")
    if not real.parent.is_dir():
        raise InputError(f"{output}: no such folder {target.parent}")
    try:
        check_target(target)  # what else can never be written (a block device)
    except UsageError as exc:
        raise InputError(str(exc)) from None
    return target


@click.command()
@project_options
@click.option(
    "-o", "--output", default="report.html", show_default=True, metavar="FILE",
    help="Where to write the HTML page ('-' for standard output).",
)
@subject_option("Only claims about or involving this subject (a key, name or alias, any case).")
def report(data: str, seeds: str, output: str, subject: str | None) -> None:
    """Write one self-contained HTML page: the timeline, the conflicts side by side, the sourcing
    profile of every article and every claim with its quotes. It needs no network to view and
    prints cleanly.
    """
    from claimtrack.cli.base import open_analysis
    from claimtrack.files import write_output
    from claimtrack.report import render_report

    target = None if output == "-" else check_output(output, data, seeds)
    analysis = open_analysis(data, seeds)
    html = render_report(
        analysis, subject=subject, data_name=data, seeds_name=seeds
    )
    if target is None:
        click.echo(html, nl=False)
        return
    write_output(target, html)
    click.echo(f"wrote {output}", err=True)
