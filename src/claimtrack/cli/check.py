"""``claimtrack check``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from claimtrack.cli.base import finish, project_options, use_colour

if TYPE_CHECKING:
    from claimtrack.checks import CheckReport
    from claimtrack.problems import Problem


def _codes(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> frozenset[str]:
    """``--select``/``--ignore``: repeatable, or comma-separated; every code must be a known one."""
    from claimtrack.checks import all_codes
    from claimtrack.schema_messages import did_you_mean

    known = all_codes()
    codes = {code.strip() for value in values for code in value.split(",") if code.strip()}
    for code in sorted(codes):
        if code not in known:
            raise click.BadParameter(
                f"unknown code '{code}'" + did_you_mean(code, sorted(known))
                + " (the codes are listed in the README, 'Check rules')",
                ctx=ctx, param=param,
            )  # fmt: skip
    return frozenset(codes)


@click.command()
@project_options
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["auto", "text", "json", "github"]), default="auto",
    show_default=True,
    help="auto: GitHub annotations under GitHub Actions, colour on a terminal, plain otherwise.",
)
@click.option(
    "--select", multiple=True, metavar="CODE[,CODE]", callback=_codes,
    help="Report only these codes (repeatable, or comma-separated).",
)
@click.option(
    "--ignore", multiple=True, metavar="CODE[,CODE]", callback=_codes,
    help="Do not report these codes (repeatable, or comma-separated).",
)
@click.option("--strict", is_flag=True, help="Warnings fail the gate too (exit 1).")
@click.option("--quiet", "-q", is_flag=True, help="Only the problems: no summary line.")
def check(
    data: str, seeds: str, fmt: str, select: frozenset[str], ignore: frozenset[str], strict: bool,
    quiet: bool,
) -> None:  # fmt: skip
    """Validate the claims file against the articles: the CI gate.

    Reports every problem at once, linter style (FILE:LINE:COL: severity: message (code)).
    Exit 0 when clean (warnings allowed, unless --strict), 1 on errors, 2 on unusable input.
    """
    from claimtrack.checks import check_project
    from claimtrack.problems import ExitCode
    from claimtrack.render.problems import PROBLEM_RENDERERS, Findings

    report = check_project(Path(data), Path(seeds), data, seeds)
    problems = [
        p for p in report.problems
        if (not select or p.code in select) and p.code not in ignore
    ]  # fmt: skip
    summary = None if quiet else _summary(report, problems, data)
    found = Findings(problems, report.counts(data, seeds), summary, use_colour())
    out, err = PROBLEM_RENDERERS[_chosen(fmt)](found)
    click.echo(out, nl=False)
    if err is not None:
        click.echo(err, err=True)
    finish(ExitCode.FINDINGS if _failed(report, problems, strict) else ExitCode.OK)


def _chosen(fmt: str) -> str:
    """``auto``: GitHub annotations under GitHub Actions, else text."""
    if fmt != "auto":
        return fmt
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _summary(report: CheckReport, problems: list[Problem], data: str) -> str:
    """``data/claims.yaml: 118 claims, 216 sources, 5 articles``, and whether anything was
    checked at all."""
    from claimtrack.problems import has_errors

    claims = _count(report.claims, "claim")
    if report.claims_in_file > report.claims:
        claims = f"{report.claims} of {_count(report.claims_in_file, 'claim')} valid"
    summary = (f"{data}: {claims}, {_count(report.sources, 'source')}, "
               f"{_count(report.articles, 'article')}")  # fmt: skip
    if report.ledger is None and has_errors(report.problems) and not has_errors(problems):
        summary += " (the claims file did not load: nothing in it was checked)"
    return summary


def _failed(report: CheckReport, problems: list[Problem], strict: bool) -> bool:
    """Errors among the reported problems (or any problem, ``strict``) fail the gate; so does a
    claims file that did not load, even when its problems are not reported: nothing in it was
    checked."""
    from claimtrack.problems import has_errors

    failed = has_errors(problems) or (strict and bool(problems))
    return failed or (report.ledger is None and has_errors(report.problems))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"
