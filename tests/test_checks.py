"""Every check rule: a failing case with its exact line, column and code, and a passing case."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from claimtrack.checks import RULES, check_project
from conftest import Project

ARTICLE = """ date 2024-03-08 Couple Splits After Eleven Years
Pat Smith and Lee Jones separated eight months ago, a source said.
"It was a hard year," Pat Smith told the Daily Planet. It was a hard year.
"""
UNDATED = """Pat and Lee: The Story
They married in 2012, friends said last month.
"""

VALID = """\
articles:
  a.txt:
    outlet: Daily Planet
subjects:
  pat: {name: Pat Smith}
  lee: {name: Lee Jones}
claims:
  - id: sep
    subject: pat
    involves: [lee]
    statement: Pat and Lee separated in July 2023.
    slot: separation
    when: eight months ago
    sources:
      - article: a.txt
        attribution: anonymous_insider
        attributed_to: a source
        quote: separated eight months ago
  - id: hard-year
    subject: pat
    statement: Pat says it was a hard year.
    contradicts: [sep]
    sources:
      - article: a.txt
        attribution: direct_quote
        attributed_to: Pat Smith
        quote: '"It was a hard year," Pat Smith told'
  - id: wedding
    subject: pat
    statement: They married in 2012.
    slot: wedding
    when: "2012"
    sources:
      - article: u.txt
        attribution: anonymous_insider
        attributed_to: friends
        quote: They married in 2012
"""

# rule code → (text to replace in VALID, replacement, expected (line, column) of the problem)
CASES: dict[str, tuple[str, str, tuple[int, int]]] = {
    "duplicate-claim-id": ("  - id: hard-year", "  - id: sep", (19, 9)),
    "unknown-subject": ("    involves: [lee]", "    involves: [leee]", (10, 16)),
    "article-outside-seeds": (
        "      - article: a.txt\n        attribution: direct",
        "      - article: ../a.txt\n        attribution: direct",
        (24, 18),
    ),
    "unknown-article": ("      - article: u.txt", "      - article: v.txt", (34, 18)),
    "quote-not-found": (
        "quote: separated eight months ago",
        "quote: separated nine months ago",
        (18, 16),
    ),
    "quote-ambiguous": (
        "quote: '\"It was a hard year,\" Pat Smith told'",
        "quote: It was a hard year",
        (27, 16),
    ),
    "dangling-contradicts": ("contradicts: [sep]", "contradicts: [sepp]", (22, 19)),
    "bad-date": ('when: "2012"', "when: around the holidays", (32, 11)),
    "relative-date-undated": ('when: "2012"', "when: last year", (32, 11)),
    "article-metadata": (
        "  a.txt:\n    outlet: Daily Planet",
        "  a.txt:\n    outlet: Daily Planet\n    copy_of: zz.txt",
        (4, 14),
    ),
    "placeholder": (
        "        attributed_to: a source",
        '        attributed_to: "FILL-IN: who says so"',
        (17, 24),
    ),
    "date-overrides-file": (
        "    outlet: Daily Planet",
        "    outlet: Daily Planet\n    date: 2024-01-01\n    date_basis: a guess",
        (4, 11),
    ),
}


def project(make_project: Callable[..., Project], claims: str) -> Project:
    return make_project(claims, {"a.txt": ARTICLE, "u.txt": UNDATED})


def codes(p: Project) -> list[tuple[int, int, str]]:
    report = check_project(p.data, p.seeds, "data/claims.yaml", "seeds")
    return [(x.line, x.column, x.code) for x in report.problems]


def test_the_valid_project_is_clean(make_project: Callable[..., Project]) -> None:
    assert codes(project(make_project, VALID)) == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fails_at_the_exact_place(make_project: Callable[..., Project], code: str) -> None:
    old, new, (line, column) = CASES[code]
    assert old in VALID
    found = codes(project(make_project, VALID.replace(old, new, 1)))
    assert (line, column, code) in found, found
    # The passing case is the valid project, which has no problem of this code.
    assert code not in {c for _, _, c in codes(project(make_project, VALID))}


def test_unresolvable_date_needs_a_resolvable_anchor(make_project: Callable[..., Project]) -> None:
    # "this past Smarch" is not in the grammar: bad-date, never resolved.
    found = codes(
        project(make_project, VALID.replace("when: eight months ago", "when: this past Smarch"))
    )
    assert (13, 11, "bad-date") in found


def test_article_without_claims_is_a_warning(make_project: Callable[..., Project]) -> None:
    p = make_project(VALID, {"a.txt": ARTICLE, "u.txt": UNDATED, "z.txt": "Nobody cites me.\n"})
    report = check_project(p.data, p.seeds, "data/claims.yaml", "seeds")
    uncited = [x for x in report.problems if x.code == "article-without-claims"]
    assert [(x.path, x.severity) for x in uncited] == [("seeds/z.txt", "warning")]


def test_quote_not_found_suggests_the_closest_passage(make_project: Callable[..., Project]) -> None:
    p = project(
        make_project,
        VALID.replace("quote: separated eight months ago", "quote: separated nine months ago"),
    )
    report = check_project(p.data, p.seeds, "data/claims.yaml", "seeds")
    (problem,) = [x for x in report.problems if x.code == "quote-not-found"]
    assert problem.hint is not None and "separated eight months ago" in problem.hint


def test_closest_passage_is_searched_for_the_first_quotes_only(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose quotes are all broken is reported quickly: the fuzzy search is capped."""
    import claimtrack.checks as checks

    monkeypatch.setattr(checks, "MAX_CLOSEST_SEARCHES", 0)
    p = project(
        make_project,
        VALID.replace("quote: separated eight months ago", "quote: separated nine months ago"),
    )
    report = check_project(p.data, p.seeds, "data/claims.yaml", "seeds")
    (problem,) = [x for x in report.problems if x.code == "quote-not-found"]
    assert problem.hint is None and problem.message.startswith("quote not found in seeds/")


def test_quote_matching_tolerates_only_whitespace_and_typography(
    make_project: Callable[..., Project],
) -> None:
    curly = VALID.replace(
        "quote: separated eight months ago", 'quote: "Pat Smith and  Lee\\nJones separated"'
    )
    assert codes(project(make_project, curly)) == []
    case = VALID.replace("quote: separated eight months ago", "quote: SEPARATED eight months ago")
    assert "quote-not-found" in {c for _, _, c in codes(project(make_project, case))}


def test_every_rule_has_a_case() -> None:
    covered = set(CASES) | {"unresolvable-date", "article-without-claims"}
    assert {rule.code for rule in RULES} <= covered


def test_cli_check_exit_codes(make_project: Callable[..., Project], tmp_path: Path) -> None:
    assert project(make_project, VALID).run("check").exit_code == 0
    bad = project(make_project, VALID.replace("contradicts: [sep]", "contradicts: [sepp]"))
    result = bad.run("check")
    assert result.exit_code == 1
    assert "data/claims.yaml:22:19: error: contradicts unknown claim 'sepp'" in result.stdout
    missing = bad.run("check", "--data", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2


def test_a_folder_named_like_an_article_is_a_warning(
    make_project: Callable[..., Project],
) -> None:
    """Not skipped in silence: someone may have meant it as an article."""
    p = make_project()
    (p.seeds / "extra.txt").mkdir()
    result = p.run("check")
    assert result.exit_code == 0
    assert "seeds/extra.txt: warning: is a folder, not an article file; it is not read " \
        "(article-not-a-file)" in result.output
    listed = p.run("list", "--format", "json")
    assert listed.exit_code == 0 and "extra.txt" not in listed.stdout
