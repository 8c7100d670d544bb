"""``claimtrack check``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from claimtrack.cli.base import project_options, use_colour


@click.command()
@project_options
@click.option(
    "--format", "fmt", type=click.Choice(["auto", "text", "json", "github"]), default="auto",
    show_default=True,
    help="auto: GitHub annotations under GitHub Actions, colour on a terminal, plain otherwise.",
)
def check(data: str, seeds: str, fmt: str) -> None:
    """Validate the claims file against the articles: the CI gate.

    Reports every problem at once, linter style (FILE:LINE:COL: severity: message (code)).
    Exit 0 when clean (warnings allowed), 1 on errors, 2 on unusable input.
    """
    from claimtrack.checks import check_project
    from claimtrack.problems import ExitCode, has_errors
    from claimtrack.render.problems import problems_github, problems_json, problems_text

    report = check_project(Path(data), Path(seeds), data, seeds)
    articles = report.articles
    summary = f"{data}: {_count(report.claims, 'claim')}, {_count(report.sources, 'source')}, " + (
        _count(articles, "article")
    )
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if fmt == "json":
        counts = {"data": data, "seeds": seeds, "claims": report.claims,
                   "sources": report.sources, "articles": articles}
        click.echo(problems_json(report.problems, counts), nl=False)
    elif fmt == "github":
        click.echo(problems_github(report.problems), nl=False)
        click.echo(summary, err=True)
    else:
        click.echo(problems_text(report.problems, summary, colour=use_colour()), nl=False)
    sys.exit(int(ExitCode.FINDINGS if has_errors(report.problems) else ExitCode.OK))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"
