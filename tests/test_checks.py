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
    "bad-anchor": ('when: "2012"', "when: two years after\n    anchor: nope", (33, 13)),
    "anchor-cycle": ('when: "2012"', "when: two years after\n    anchor: wedding", (33, 13)),
    "via-suggested": (
        "    outlet: Daily Planet", "    outlet: Morning Star\n  u.txt:\n    outlet: Daily Planet",
        (28, 24),
    ),
    "anchor-needed": ('when: "2012"', "when: the following day", (32, 11)),
    "date-out-of-range": ('when: "2012"', 'when: next year\n    anchor: "9999-06-01"', (32, 11)),
    "article-metadata": (
        "  a.txt:\n    outlet: Daily Planet",
        "  a.txt:\n    outlet: Daily Planet\n    copy_of: zz.txt",
        (4, 14),
    ),
    "age-undated": ('    slot: wedding\n    when: "2012"', "    slot: age\n    age: 42", (32, 10)),
    "copy-of-cycle": (
        "  a.txt:\n    outlet: Daily Planet",
        "  a.txt:\n    outlet: Daily Planet\n    copy_of: u.txt\n  u.txt:\n    copy_of: a.txt",
        (4, 14),
    ),
    "copy-of-later": (
        "  a.txt:\n    outlet: Daily Planet",
        "  a.txt:\n    outlet: Daily Planet\n    copy_of: u.txt\n  u.txt:\n"
        "    date: 2025-01-01\n    date_basis: a guess",
        (4, 14),
    ),
    "alias-shared": (
        "  lee: {name: Lee Jones}", "  lee: {name: Lee Jones, aliases: [Pat Smith]}", (6, 36)
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
    assert problem.hint == (
        'closest passage, line 2 (words that differ in *stars*): "separated *eight* months ago,"'
    )


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
    assert problem.hint is None and problem.message.startswith("claim 'sep': quote not found in seeds/")


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
    # The registry's rules have their cases in tests/test_slots.py.
    covered |= {"undeclared-slot", "slot-value-type", "value-without-slot", "split-event"}
    assert {rule.code for rule in RULES} <= covered


def test_cli_check_exit_codes(make_project: Callable[..., Project], tmp_path: Path) -> None:
    assert project(make_project, VALID).run("check").exit_code == 0
    bad = project(make_project, VALID.replace("contradicts: [sep]", "contradicts: [sepp]"))
    result = bad.run("check")
    assert result.exit_code == 1
    assert "data/claims.yaml:22:19: error: claim 'hard-year': contradicts unknown claim 'sepp'" in result.stdout
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


def test_an_invalid_article_date_is_one_problem_not_one_per_citing_claim(
    make_project: Callable[..., Project],
) -> None:
    """The date that is not a date is the cause: the relative dates and ages cited in that
    article are not reported again as cited in an undated article."""
    claims = VALID.replace(
        "  a.txt:\n    outlet: Daily Planet",
        "  a.txt:\n    outlet: Daily Planet\n  u.txt:\n    date: mid January 2024\n"
        "    date_basis: the byline",
    ).replace('when: "2012"', "when: last year")
    claims += """\
  - id: pat-age
    subject: pat
    statement: Pat is 42.
    slot: age
    age: 42
    sources:
      - article: u.txt
        attribution: anonymous_insider
        attributed_to: friends
        quote: They married in 2012
"""
    found = codes(project(make_project, claims))
    assert [code for _, _, code in found] == ["bad-date"]
    assert found[0][:2] == (5, 11)
    undated = codes(project(make_project, claims.replace("    date: mid January 2024\n    date_basis: the byline\n", "    outlet: Planet Weekly\n")))
    assert sorted(code for _, _, code in undated) == ["age-undated", "relative-date-undated"]


def test_select_ignore_strict_and_quiet(make_project: Callable[..., Project]) -> None:
    claims = VALID.replace("contradicts: [sep]", "contradicts: [sepp]").replace(
        "  lee: {name: Lee Jones}", "  lee: {name: Lee Jones, aliases: [Pat Smith]}"
    )
    p = project(make_project, claims)
    everything = p.run("check")
    assert everything.exit_code == 1
    assert "(dangling-contradicts)" in everything.stdout and "(alias-shared)" in everything.stdout
    # --ignore: the error is neither shown nor counted; a warning alone passes the gate...
    ignored = p.run("check", "--ignore", "dangling-contradicts")
    assert ignored.exit_code == 0
    assert "(dangling-contradicts)" not in ignored.stdout
    assert ignored.stdout.splitlines()[-1].startswith("0 errors, 1 warning: ")
    # ...unless --strict.
    assert p.run("check", "--ignore", "dangling-contradicts", "--strict").exit_code == 1
    # --select, repeatable or comma-separated.
    selected = p.run("check", "--select", "alias-shared")
    assert selected.exit_code == 0 and "(dangling-contradicts)" not in selected.stdout
    both = p.run("check", "--select", "alias-shared,dangling-contradicts")
    assert both.stdout == p.run("check", "--select", "alias-shared", "--select", "dangling-contradicts").stdout
    assert both.exit_code == 1 and "(alias-shared)" in both.stdout
    # --quiet: the problems only, no summary; nothing at all when clean.
    quiet = p.run("check", "--quiet")
    assert quiet.stdout.splitlines() == everything.stdout.splitlines()[:-1]
    assert quiet.exit_code == 1
    assert project(make_project, VALID).run("check", "-q").stdout == ""
    # An unknown code is a usage error that suggests the code meant.
    unknown = p.run("check", "--ignore", "dangling-contradict")
    assert unknown.exit_code == 2
    assert "unknown code 'dangling-contradict' (did you mean 'dangling-contradicts'?)" in unknown.stderr


def test_ignoring_a_syntax_error_does_not_pass_the_gate(
    make_project: Callable[..., Project],
) -> None:
    """Nothing in a file that did not parse was checked: the gate fails whatever is ignored."""
    p = project(make_project, VALID.replace("    subject: pat\n    involves", "   subject: pat\n    involves"))
    result = p.run("check", "--ignore", "yaml-syntax")
    assert result.exit_code == 1
    assert "(yaml-syntax)" not in result.stdout
    assert result.stdout.endswith("(the claims file did not load: nothing in it was checked)\n")


@pytest.mark.parametrize(
    ("article", "quote"),
    [
        ("Pat Smith said\u2026 it is over, a friend said.", "said... it is over"),
        ("Pat Smith said... it is over, a friend said.", "said\u2026 it is over"),
        ("Pat Smith said \u2026 it is over, a friend said.", "said ... it is over"),
    ],
)
def test_an_ellipsis_is_folded_like_the_other_typography(
    make_project: Callable[..., Project], article: str, quote: str
) -> None:
    """'…' against '...' is the same as curly against straight quotes; the anchor still points
    at the exact words."""
    claims = f"""\
subjects:
  pat: {{name: Pat Smith}}
claims:
  - id: over
    subject: pat
    statement: It is over.
    sources:
      - article: a.txt
        attribution: anonymous_insider
        attributed_to: a friend
        quote: "{quote}"
"""
    text = " date 2024-03-08 Headline\n" + article + "\n"
    p = make_project(claims, {"a.txt": text})
    report = check_project(p.data, p.seeds, "data/claims.yaml", "seeds")
    assert [x.code for x in report.problems] == []
    assert report.ledger is not None
    anchor = report.ledger.anchors[(0, 0)]
    assert text[anchor.start : anchor.end].startswith("said")
    assert text[anchor.start : anchor.end].endswith("it is over")
    near = make_project(claims.replace("it is over", "it is done"), {"a.txt": text})
    assert "quote-not-found" in [x.code for x in check_project(near.data, near.seeds, "data/claims.yaml", "seeds").problems]
