"""``claimtrack dates PHRASE --on DATE``: a phrase's resolution and why, through the real CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Project, invoke_in


def run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    result = invoke_in(tmp_path, "dates", *args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("phrase", "on", "kind", "start", "end"),
    [
        ("about two months ago", "2024-06-28", "relative", "2024-03-01", "2024-05-31"),
        ("ten weeks before", "2024-04-26", "event", "2024-02-13", "2024-02-19"),
        ("the following day", "April 26, 2024", "event", "2024-04-27", "2024-04-27"),
        ("Thursday last week", "2024-07-30", "relative", "2024-07-25", "2024-07-25"),
        ("last month", "2024-01-10..2024-01-31", "relative", "2023-12-01", "2023-12-31"),
        ("10 days after April 26, 2024", None, "composed", "2024-05-06", "2024-05-06"),
        ("summer of 2023", None, "absolute", "2023-06-01", "2023-08-31"),
    ],
)  # fmt: skip
def test_dates_json_gives_the_interval_the_rule_and_the_anchor(
    tmp_path: Path, phrase: str, on: str | None, kind: str, start: str, end: str
) -> None:
    code, out, err = run(tmp_path, phrase, *(["--on", on] if on else []), "--format", "json")
    assert code == 0, err
    record = json.loads(out)
    assert (record["kind"], record["resolved"]["start"], record["resolved"]["end"]) == (
        kind, start, end,
    )  # fmt: skip
    assert record["rule"]
    assert (record["anchor"] is None) == (kind == "absolute")


def test_dates_table_says_why(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "a few weeks ago", "--on", "2024-07-30")
    assert code == 0
    assert "2024-06-29..2024-07-19" in out and "a few" in out and "counted from" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["last month"], "give --on DATE"),
        (["soonish", "--on", "2024-01-01"], "not understood"),
        (["last month", "--on", "last week"], "--on needs an absolute date"),
        (["last month", "--on", "2024-13-01"], "--on"),
        (["the following year", "--on", "9999-03-01"], "1-9999"),
    ],
)
def test_dates_bad_input_exits_2_with_a_message(
    tmp_path: Path, args: list[str], message: str
) -> None:
    code, out, err = run(tmp_path, *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


EXTREMES = """\
subjects:
  pat-smith: {name: Pat Smith}
claims:
  - id: year-9999
    subject: pat-smith
    statement: x
    slot: wedding
    when: "9999"
    sources:
      - {article: a.txt, attribution: named_outlet, attributed_to: Planet, quote: married in 2012}
  - id: all-years
    subject: pat-smith
    statement: x
    slot: wedding
    when: "0001..9999"
    sources:
      - {article: a.txt, attribution: named_outlet, attributed_to: Planet, quote: married in 2012}
  - id: very-old
    subject: pat-smith
    statement: x
    slot: age
    age: 150
    as_of: "0001-01-01"
    sources:
      - {article: a.txt, attribution: named_outlet, attributed_to: Planet, quote: married in 2012}
  - id: past-the-end
    subject: pat-smith
    statement: x
    slot: separation
    when: the following year
    anchor: year-9999
    sources:
      - {article: a.txt, attribution: named_outlet, attributed_to: Planet, quote: married in 2012}
"""


def test_dates_at_the_ends_of_years_1_to_9999_never_crash(
    make_project: Callable[..., Project], tmp_path: Path
) -> None:
    p = make_project(EXTREMES)
    check = p.run("check")
    assert check.exit_code == 1
    assert "age 150 as of 0001-01-01 gives a birth date before year 1 (date-out-of-range)" in (
        check.stdout
    )
    assert "falls outside years 1-9999 (date-out-of-range)" in check.stdout
    for args in (["conflicts"], ["timeline"], ["list", "--format", "json"], ["export"],
                 ["show", "very-old"], ["show", "past-the-end", "--format", "json"],
                 ["report", "-o", str(tmp_path / "r.html")]):  # fmt: skip
        result = p.run(*args)
        assert result.exit_code == 0, (args, result.output)
        assert "internal error" not in result.output and "Traceback" not in result.output
    shown = json.loads(p.run("show", "past-the-end", "--format", "json").stdout)
    assert "1-9999" in shown["sources"][0]["resolution_error"]
