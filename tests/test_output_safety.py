"""Output that cannot inject: hostile data reaches every command in every format, and comes out
neutralised for that format (and, in JSON and YAML, still the same data).

The story is fictional: two outlets disagree on a wedding year. Its subject's name carries a
right-to-left override (U+202E) and a pop (U+202C), a statement a C1 CSI (U+009B), HTML tags and a
newline followed by ``::error``; an outlet is a spreadsheet formula; and one seeds file's name
holds a newline and a forged GitHub annotation (it cannot sit in git, so it is written here).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimtrack import safe
from conftest import Project

EVIL_NAME = "evil\n::error title=forged::boom.txt"
EVIL_ARTICLE = """ date 2024-03-08 Couple Splits
Pat Smith and Lee Jones separated eight months ago, a source said.
The pair married in 2012 and have a daughter.
"""
PLAIN_ARTICLE = """ date 2024-01-27 Insiders Say
Pat Smith married Lee Jones in 2011, according to insiders.
"""
NAME = "Pat \u202eSmith\u202c"
STATEMENT = "Married in 2012 \u009b31m <script>alert(1)</script> <img src=x onerror=alert(1)>."
FORGED = "+Married in 2011\n::error::forged in a statement"
OUTLET = '=HYPERLINK("http://x.example","click")'
ATTRIBUTED = "@SUM(1+1)*cmd|' /C calc'!A0"

CLAIMS = f"""\
subjects:
  pat-smith:
    name: {json.dumps(NAME)}
    aliases: ["<script>alert(1)</script>"]
articles:
  {json.dumps(EVIL_NAME)}:
    outlet: {json.dumps(OUTLET)}
claims:
  - id: wedding-2012
    subject: pat-smith
    statement: {json.dumps(STATEMENT)}
    slot: wedding
    when: "2012"
    sources:
      - article: {json.dumps(EVIL_NAME)}
        attribution: named_outlet
        attributed_to: {json.dumps(ATTRIBUTED)}
        quote: The pair married in 2012
  - id: wedding-2011
    subject: pat-smith
    statement: {json.dumps(FORGED)}
    slot: wedding
    when: "2011"
    sources:
      - article: b.txt
        attribution: anonymous_insider
        attributed_to: "-2+3"
        quote: married Lee Jones in 2011
"""

RAW = ("\u202e", "\u202c", "\u009b", "\x1b")
COMMANDS: list[tuple[str, ...]] = [
    ("list",), ("show", "wedding-2012"), ("show", "wedding-2011"), ("articles",),
    ("conflicts",), ("timeline",), ("diff", "b.txt", "evil"),
]  # fmt: skip
FORMATS = ("table", "json", "jsonl", "yaml", "csv", "markdown")
ENV = {"NO_COLOR": "1", "COLUMNS": "150"}


@pytest.fixture
def hostile(make_project: Callable[..., Project]) -> Project:
    try:
        return make_project(CLAIMS, {EVIL_NAME: EVIL_ARTICLE, "b.txt": PLAIN_ARTICLE})
    except OSError:
        pytest.skip("this file system does not allow a newline in a file name")


def assert_nothing_raw(text: str) -> None:
    for char in RAW:
        assert char not in text, f"U+{ord(char):04X} reached the output raw"
    assert not re.search(r"^[ \t]*::", text, re.MULTILINE), "a line starts a workflow command"


def strings(data: Any) -> set[str]:
    if isinstance(data, str):
        return {data}
    if isinstance(data, list):
        return set().union(*map(strings, data)) if data else set()
    if isinstance(data, dict):
        return strings(list(data)) | strings(list(data.values()))
    return set()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a))
def test_every_command_and_format_neutralises_hostile_data(
    hostile: Project, args: tuple[str, ...], fmt: str
) -> None:
    result = hostile.run(*args, "--format", fmt, env=ENV)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert_nothing_raw(text)
    if fmt in ("json", "jsonl", "yaml"):
        # Escaped, not altered: the document still holds the exact strings of the data.
        docs = (
            [json.loads(line) for line in text.splitlines()] if fmt == "jsonl"
            else [json.loads(text)] if fmt == "json" else [yaml.safe_load(text)]
        )  # fmt: skip
        found = strings(docs)
        if args[0] in ("list", "show", "conflicts"):
            assert NAME in found
        if args == ("show", "wedding-2011"):
            assert FORGED in found
    if fmt == "markdown":
        assert "<script>" not in text and "<img" not in text
        if args[0] in ("list", "show"):
            assert "&lt;script&gt;" in text or "&lt;img" in text
    if fmt == "csv":
        for row in csv.reader(io.StringIO(text, newline="")):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")) or len(cell) == 1
                assert not (cell.startswith("-") and not re.fullmatch(r"-[0-9.]*", cell))
    if fmt == "table" and args == ("show", "wedding-2012"):
        assert "Pat \\u202eSmith\\u202c" in text and "\\x9b31m" in text


def test_check_in_github_format_has_only_its_own_annotations(
    hostile: Project, tmp_path: Path
) -> None:
    # One problem located in the evil article: its quote is not there.
    hostile.data.write_text(
        hostile.data.read_text(encoding="utf-8").replace(
            "quote: The pair married in 2012", "quote: words that are not there"
        ),
        encoding="utf-8",
    )
    result = hostile.run("check", "--format", "github", env=ENV)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 1 and commands[0].startswith("::error file=data/claims.yaml,")
    assert "\n::error title=forged" not in result.stdout
    for other in ("text", "json"):
        shown = hostile.run("check", "--format", other, env=ENV)
        assert shown.exit_code == 1
        assert_nothing_raw(shown.stdout)


def test_github_escapes_follow_githubs_rules() -> None:
    assert safe.github_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert safe.github_property("a:b,c\n::error") == "a%3Ab%2Cc%0A%3A%3Aerror"


def test_export_formats_neutralise_and_keep_the_data(hostile: Project) -> None:
    for fmt in ("json", "claimreview", "csv"):
        result = hostile.run("export", "--format", fmt, env=ENV)
        assert result.exit_code == 0, result.output
        assert_nothing_raw(result.stdout)
        if fmt != "csv":
            assert NAME in strings(json.loads(result.stdout))
    table = hostile.run("export", "--format", "csv", env=ENV).stdout
    rows = list(csv.DictReader(io.StringIO(table, newline="")))
    assert rows[0]["outlet"] == "'" + OUTLET
    assert rows[0]["attributed_to"] == "'" + ATTRIBUTED
    assert rows[1]["statement"].startswith("'+Married in 2011")
    assert rows[1]["attributed_to"] == "'-2+3"


def test_the_html_report_escapes_and_shows_bidi_controls(hostile: Project) -> None:
    out = hostile.root / "report.html"
    result = hostile.run("report", "-o", str(out), env=ENV)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    for char in RAW:
        assert char not in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Pat \\u202eSmith\\u202c" in page


def test_the_same_character_set_everywhere() -> None:
    """One set: terminal, JSON, YAML, Markdown, CSV and HTML all neutralise each character."""
    for char in ("\u202a", "\u202e", "\u2066", "\u2069", "\u009b", "\x7f", "\x1b", "\u200f",
                 "\u2028", "\ufeff", "\udcff"):  # fmt: skip
        text = f"a{char}b"
        assert char not in safe.printable(text)
        assert char not in safe.json_text(json.dumps(text, ensure_ascii=False))
        assert json.loads(safe.json_text(json.dumps(text, ensure_ascii=False))) == text
        assert char not in safe.yaml_text({"k": text})
        if char != "\udcff":  # PyYAML cannot read a lone surrogate back, whoever wrote it
            assert yaml.safe_load(safe.yaml_text({"k": text})) == {"k": text}
        assert char not in safe.markdown(text)
        assert char not in safe.csv_cell(text)
        assert char not in safe.html_text(text)
    assert safe.printable("caf\udce9.txt") == "caf\\xe9.txt"  # a byte that was not UTF-8
    assert safe.printable("\u200d") == "\u200d"  # joiners stay: emoji and scripts need them
