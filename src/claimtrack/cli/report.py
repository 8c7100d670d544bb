"""``claimtrack report``: the ledger as one self-contained HTML page."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import click

from claimtrack.cli.base import InputError, cli, project_options


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(output: str, data: str, seeds: str) -> Path:
    """The file to write, refusing the claims file, anything in the seeds folder, or a folder.

    Paths are compared resolved (symlinks followed), so ``./data/../data/claims.yaml`` or a link
    to an article is refused too. Raises :class:`InputError` (exit 2).
    """
    target = Path(output)
    real = target.resolve()
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
    return target


def write_atomically(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` through a temporary file in the same folder, then
    rename it into place: a reader never sees half a report, and a failure leaves the old file."""
    folder = target.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        try:
            mode = target.stat().st_mode & 0o777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@cli.command()
@project_options
@click.option(
    "-o", "--output", default="report.html", show_default=True, metavar="FILE",
    help="Where to write the HTML page ('-' for standard output).",
)
@click.option("--subject", help="Only claims about or involving this subject (name or alias, any case).")
def report(data: str, seeds: str, output: str, subject: str | None) -> None:
    """Write one self-contained HTML page: the timeline, the conflicts side by side, the sourcing
    profile of every article and every claim with its quotes. It needs no network to view and
    prints cleanly.
    """
    from claimtrack.cli.conflicts import _open
    from claimtrack.report import render_report

    target = None if output == "-" else check_output(output, data, seeds)
    analysis = _open(data, seeds)
    html = render_report(
        analysis, subject=subject, data_name=data, seeds_name=seeds
    )
    if target is None:
        click.echo(html, nl=False)
        return
    try:
        write_atomically(target, html)
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {output}", err=True)
