"""``check --format github`` (workflow-command annotations) and what ``--format auto`` picks:
github under GitHub Actions, colour on a terminal, plain text otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claimtrack.cli import cli
from claimtrack.problems import Problem
from claimtrack.render.problems import problems_github
from conftest import MINIMAL_CLAIMS, Project

BAD_QUOTE = MINIMAL_CLAIMS.replace(
    "quote: separated eight months ago", "quote: separated nine months ago"
)
QUOTE_LINE = "line=19,col=16,title=quote-not-found"
CLOSEST = "claim 'separation-eight-months': " 'quote not found in seeds/a.txt%0Aclosest passage, line 2 (words that differ in *stars*): "separated *eight* months ago,"'
UNCITED = "::warning file=seeds/b.txt,title=article-without-claims::no claim cites this article"

NOT_ACTIONS: dict[str, str | None] = {"GITHUB_ACTIONS": None, "NO_COLOR": None}
ACTIONS: dict[str, str | None] = {"GITHUB_ACTIONS": "true", "NO_COLOR": None}


def run(project: Project, *args: str, env: dict[str, str | None]) -> Result:
    """The CLI in the project folder; ``None`` in ``env`` unsets a variable (e.g. on a CI runner)."""
    old = os.getcwd()
    os.chdir(project.root)
    try:
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_github_format_emits_one_annotation_per_problem(
    make_project: Callable[..., Project],
) -> None:
    result = run(make_project(BAD_QUOTE), "check", "--format", "github", env=NOT_ACTIONS)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::error file=data/claims.yaml,{QUOTE_LINE}::{CLOSEST}",
        UNCITED,
    ]
    # The summary is for the log (standard error), not an annotation.
    assert result.stderr.startswith("data/claims.yaml: 1 claim") and "::" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_clean_project_prints_no_annotation(make_project: Callable[..., Project]) -> None:
    project = make_project()
    (project.seeds / "b.txt").unlink()
    result = run(project, "check", "--format", "github", env=NOT_ACTIONS)
    assert result.exit_code == 0
    assert result.stdout == ""


def test_warnings_alone_do_not_fail(make_project: Callable[..., Project]) -> None:
    result = run(make_project(), "check", "--format", "github", env=NOT_ACTIONS)
    assert result.exit_code == 0
    assert result.stdout == UNCITED + "\n"


def test_auto_picks_github_under_github_actions(make_project: Callable[..., Project]) -> None:
    project = make_project(BAD_QUOTE)
    auto = run(project, "check", env=ACTIONS)
    explicit = run(project, "check", "--format", "auto", env=ACTIONS)
    github = run(project, "check", "--format", "github", env=NOT_ACTIONS)
    assert auto.exit_code == explicit.exit_code == 1
    assert auto.stdout == explicit.stdout == github.stdout
    assert auto.stdout.startswith("::error ")


@pytest.mark.parametrize("value", [None, "", "false", "1", "TRUE"])
def test_auto_is_plain_text_outside_github_actions(
    make_project: Callable[..., Project], value: str | None
) -> None:
    result = run(make_project(BAD_QUOTE), "check", env={"GITHUB_ACTIONS": value, "NO_COLOR": None})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "data/claims.yaml:19:16: error: claim 'separation-eight-months': quote not found in seeds/a.txt (quote-not-found)"
    )
    assert not any(line.startswith("::") for line in lines)
    assert "\x1b[" not in result.output  # not a terminal: no colour


def test_explicit_text_wins_under_github_actions(make_project: Callable[..., Project]) -> None:
    result = run(make_project(BAD_QUOTE), "check", "--format", "text", env=ACTIONS)
    assert result.stdout.startswith("data/claims.yaml:19:16: error: ")


def test_json_is_unaffected_by_github_actions(make_project: Callable[..., Project]) -> None:
    import json

    result = run(make_project(BAD_QUOTE), "check", "--format", "json", env=ACTIONS)
    assert json.loads(result.stdout)["errors"] == 1


# --- escaping -------------------------------------------------------------------------------


def test_properties_escape_commas_colons_and_percent(make_project: Callable[..., Project]) -> None:
    project = make_project(MINIMAL_CLAIMS)
    os.rename(project.data, project.root / "data" / "a,b:c%.yaml")
    (project.root / "data" / "a,b:c%.yaml").write_text(BAD_QUOTE)
    os.rename(project.seeds, project.root / "my,seeds:x")
    result = run(
        project, "check", "--format", "github", "--data", "data/a,b:c%.yaml",
        "--seeds", "my,seeds:x", env=NOT_ACTIONS,
    )  # fmt: skip
    assert result.stdout.splitlines() == [
        f"::error file=data/a%2Cb%3Ac%25.yaml,{QUOTE_LINE}::claim 'separation-eight-months': quote not found in "
        'my,seeds:x/a.txt%0Aclosest passage, line 2 (words that differ in *stars*): "separated *eight* months ago,"',
        "::warning file=my%2Cseeds%3Ax/b.txt,title=article-without-claims::"
        "no claim cites this article",
    ]


def test_message_percent_is_escaped_and_colons_kept(make_project: Callable[..., Project]) -> None:
    claims = MINIMAL_CLAIMS.replace("    slot: separation\n", "    slot: separation\n    50%: x\n")
    result = run(make_project(claims), "check", "--format", "github", env=NOT_ACTIONS)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=data/claims.yaml,line=14,col=5,title=unknown-key::"
        "claim 'separation-eight-months': 50%25: unknown key '50%25'"
    )


def test_renderer_escapes_percent_and_property_separators_and_keeps_one_line() -> None:
    problems = [
        Problem("dir,1/a:b.yaml", 3, 7, "co:de,x", "error", "50% sure:\r\nsecond line", "a hint"),
        Problem("seeds/x.txt", 0, 0, "whole-file", "warning", "line one\nline two"),
        Problem("f.yaml", 4, 0, "no-column", "error", "plain"),
    ]
    # The message and the hint are each made one line; the newline between them is %0A.
    assert problems_github(problems).splitlines() == [
        "::error file=dir%2C1/a%3Ab.yaml,line=3,col=7,title=co%3Ade%2Cx::"
        "50%25 sure: second line%0Aa hint",
        "::warning file=seeds/x.txt,title=whole-file::line one line two",
        "::error file=f.yaml,line=4,title=no-column::plain",
    ]
    assert problems_github([]) == ""


def test_every_annotation_is_one_physical_line_without_escape_sequences() -> None:
    problem = Problem("a\nb.yaml", 1, 1, "c", "error", "x\ny\rz%\x1b[31m", "h1\r\nh2")
    out = problems_github([problem])
    assert out.count("\n") == 1 and out.endswith("\n")
    assert "\r" not in out and "\x1b" not in out
    assert "%0A" in out and "%25" in out


# --- colour only on a terminal -----------------------------------------------------------------


def _run_on_terminal(project: Project, env: dict[str, str]) -> str:
    """Run ``claimtrack check`` with its output on a pseudo-terminal; return what it printed."""
    pty = pytest.importorskip("pty")
    main, child = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "claimtrack", "check"],
            cwd=project.root, stdin=subprocess.DEVNULL, stdout=child, stderr=child, env=env,
        )  # fmt: skip
    finally:
        os.close(child)
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        process.wait(timeout=60)
        os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def _child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    env.update(extra)
    return env


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_auto_uses_colour_on_a_terminal(make_project: Callable[..., Project]) -> None:
    output = _run_on_terminal(make_project(BAD_QUOTE), _child_env())
    assert "\x1b[1;31merror\x1b[0m" in output
    assert "quote not found in seeds/a.txt (quote-not-found)" in output


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_no_color_turns_colour_off_on_a_terminal(make_project: Callable[..., Project]) -> None:
    output = _run_on_terminal(make_project(BAD_QUOTE), _child_env(NO_COLOR="1"))
    assert "\x1b[" not in output
    assert "error: claim 'separation-eight-months': quote not found" in output


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_github_actions_on_a_terminal_still_gives_annotations(
    make_project: Callable[..., Project],
) -> None:
    output = _run_on_terminal(make_project(BAD_QUOTE), _child_env(GITHUB_ACTIONS="true"))
    assert f"::error file=data/claims.yaml,{QUOTE_LINE}::" in output
    assert "\x1b[" not in output
