"""YAML mistakes reported where they are, in words a curator can act on (issue 18): the cases are
what people really get wrong when they edit a claims file by hand."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimtrack import loader
from claimtrack.loader import parse_claims_text
from conftest import Project

BASE = """\
subjects:
  pat-smith:
    name: Pat Smith
claims:
  - id: split
    subject: pat-smith
    statement: Pat Smith and Lee Jones separated.
    sources:
      - article: a.txt
        attribution: anonymous_insider
        attributed_to: a source
        quote: separated eight months ago
      - article: b.txt
        attribution: named_outlet
        attributed_to: the Daily Planet
        quote: "The couple separated in August 2023"
  - id: wedding
    subject: pat-smith
    statement: "They married in 2011."
    sources:
      - article: b.txt
        attribution: named_outlet
        attributed_to: insiders
        quote: 'married Lee Jones in 2011'
"""

NEVER_CLOSED = "this quoted value, opened here, is never closed: end it with the same quote"


def _with(line: int, text: str) -> str:
    lines = BASE.splitlines()
    lines[line - 1] = text
    return "\n".join(lines) + "\n"


AFTER_QUOTE = (
    "text after the closing quote: a quoted value ends at its closing quote; put the whole value "
    'in quotes (inside double quotes write a quote as \\", or use single quotes around the value)'
)

CASES: dict[str, tuple[str, int, int, str]] = {
    "double quote left open in a quote": (
        _with(12, '        quote: "separated eight months ago'), 12, 16, NEVER_CLOSED,
    ),
    "double quote left open in a statement": (
        _with(7, '    statement: "Pat Smith and Lee Jones separated.'), 7, 16, NEVER_CLOSED,
    ),
    "single quote left open": (
        _with(12, "        quote: 'separated eight months ago"), 12, 16, NEVER_CLOSED,
    ),
    "quote left open on the last value": (
        _with(24, "        quote: 'married Lee Jones in 2011"), 24, 16, NEVER_CLOSED,
    ),
    "text after a closing double quote": (
        _with(12, '        quote: "separated" eight months ago'), 12, 28, AFTER_QUOTE,
    ),
    "text after a closing single quote": (
        _with(7, "    statement: 'Pat Smith' and Lee Jones separated."), 7, 28, AFTER_QUOTE,
    ),
    "colon in an unquoted value": (
        _with(7, "    statement: Pat Smith: separated from Lee Jones."), 7, 25,
        "unexpected ':': quote a value that contains ': ', and check this line's indentation",
    ),
    "tab in the indentation": (
        _with(6, "\tsubject: pat-smith"), 6, 1,
        "tab character: YAML is indented with spaces, never tabs",
    ),
    "dedented key": (
        _with(7, "   statement: Pat Smith and Lee Jones separated."), 7, 4,
        "bad indentation: this line starts at column 4, but the keys of the mapping above start "
        "at column 5 (line 6): line it up with the one it belongs to",
    ),
    "over-indented key": (
        _with(7, "      statement: Pat Smith and Lee Jones separated."), 7, 7,
        "bad indentation: this line starts at column 7, further in than line 6 (column 5), so "
        "YAML reads it as more of that line's value: keys of one mapping line up",
    ),
    "over-indented key under a list item": (
        _with(6, "      subject: pat-smith"), 6, 7,
        "bad indentation: this line starts at column 7, further in than line 5 (column 5), so "
        "YAML reads it as more of that line's value: keys of one mapping line up",
    ),
    "source item dedented": (
        _with(13, "    - article: b.txt"), 13, 5,
        "bad indentation: this '-' is at column 5, but the items of the list above start at "
        "column 7 (line 9): line it up with the one it belongs to",
    ),
    "first source item dedented to its key": (
        _with(9, "    - article: a.txt"), 9, 5,
        "bad indentation: the keys of this '- ' item start at column 7, but the lines below it "
        "(from line 10) at column 9: move the '-' to column 7",
    ),
    "first source item dedented to the claims": (
        _with(9, "  - article: a.txt"), 9, 3,
        "bad indentation: the keys of this '- ' item start at column 5, but the lines below it "
        "(from line 10) at column 9: move the '-' to column 7",
    ),
    "last key of a source dedented to the claim's keys": (
        _with(12, "    quote: separated eight months ago"), 12, 5,
        "bad indentation: this line starts at column 5, left of the lines around it (line 11 at "
        "column 9, line 13 at column 7): line it up with the keys of its mapping",
    ),
    "missing '-' before a source, its keys left where they were": (
        _with(13, "      article: b.txt"), 13, 7,
        "bad indentation: this line starts at column 7, where the '-' of the items above is "
        "(line 9): if it starts a new item, begin it with '- '",
    ),
    "first key of a subject indented further than the next": (
        BASE.replace("    name: Pat Smith\n", "     name: Pat Smith\n    aliases: [Smith]\n"
                     "    note: the one who left\n"), 3, 6,
        "bad indentation: this line starts at column 6, but the keys below it (from line 4) "
        "start at column 5: keys of one mapping line up",
    ),
    "source item over-indented": (
        _with(13, "        - article: b.txt"), 13, 9,
        "bad indentation: this '-' is at column 9, but the items of the list above start at "
        "column 7 (line 9): line it up with the one it belongs to",
    ),
    "claim item at the wrong level": (
        _with(17, " - id: wedding"), 17, 2,
        "bad indentation: this '-' is at column 2, but the items of the list above start at "
        "column 3 (line 5): line it up with the one it belongs to",
    ),
    "claim item one space in": (
        _with(17, "   - id: wedding"), 17, 4,
        "bad indentation: this '-' is at column 4, but the items of the list above start at "
        "column 3 (line 5): line it up with the one it belongs to",
    ),
    "missing '-' before a source": (
        _with(13, "        article: b.txt"), 13, 9,
        "duplicate key 'article' (first at line 9): if a new item starts here, begin it with "
        "'- '; the first value is kept",
    ),
    "missing '-' before a claim": (
        _with(17, "    id: wedding"), 17, 5,
        "duplicate key 'id' (first at line 5): if a new item starts here, begin it with '- '; "
        "the first value is kept",
    ),
}


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both parsers PyYAML offers: the analysis must not depend on which one is installed."""
    import yaml

    if request.param == "pure-python":
        monkeypatch.setattr(loader, "_parser_class", lambda: yaml.SafeLoader)
    elif getattr(yaml, "CSafeLoader", None) is None:
        pytest.skip("PyYAML without libyaml")
    return str(request.param)


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_mistake_is_reported_where_it_is(case: str, parser: str) -> None:
    text, line, column, message = CASES[case]
    _, problems = parse_claims_text(text, "claims.yaml")
    assert [(p.line, p.column, p.message) for p in problems] == [(line, column, message)]


def test_a_quoted_value_spanning_lines_on_purpose_is_not_blamed() -> None:
    text = BASE.replace(
        '    statement: "They married in 2011."', '    statement: "They married\n      in 2011."'
    ).replace("        attributed_to: insiders", "       attributed_to: insiders")
    _, problems = parse_claims_text(text, "claims.yaml")
    assert [(p.line, p.column) for p in problems] == [(24, 8)]
    assert problems[0].message.startswith("bad indentation: this line starts at column 8")


def test_the_cli_reports_an_unclosed_quote_at_the_quote(
    make_project: Callable[..., Project],
) -> None:
    project = make_project(_with(12, '        quote: "separated eight months ago'))
    result = project.run("check")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"data/claims.yaml:12:16: error: {NEVER_CLOSED} (yaml-syntax)\n")


def test_random_slips_in_the_bundled_file_are_reported_at_their_line() -> None:
    """One line of the real claims file indented in or out, stripped of its '- ' or of its
    closing quote, or indented with a tab: the problem is reported at that line. (Known exception:
    a 'key:' that opens a nested block dedented to column 1 becomes a valid top-level key; the
    parser stops lines later, at the first line that fits nowhere.)"""
    import random

    from conftest import DATA

    lines = DATA.read_text(encoding="utf-8").splitlines()
    rng = random.Random(18)
    checked = 0
    for _ in range(200):
        mutated = list(lines)
        number = rng.randrange(len(lines))
        line = lines[number]
        slip = rng.choice(["dedent", "indent", "dash", "quote", "tab"])
        if slip == "dedent" and line.startswith("    "):
            line = line[rng.choice([1, 2, 4]) :]
        elif slip == "indent":
            line = " " * rng.choice([1, 2, 4]) + line
        elif slip == "dash":
            line = line.replace("- ", "", 1)
        elif slip == "quote" and '"' in line:
            at = line.rindex('"')
            line = line[:at] + line[at + 1 :]
        elif slip == "tab":
            line = "\t" + line.lstrip()
        opener_to_column_one = not line.startswith(" ") and line.rstrip().endswith(":")
        mutated[number] = line
        _, problems = parse_claims_text("\n".join(mutated) + "\n", "claims.yaml")
        for problem in problems:
            if problem.code == "yaml-syntax" and not opener_to_column_one:
                checked += 1
                assert problem.line == number + 1, (slip, lines[number], line, problem.message)
    assert checked > 50
