"""Per-entry validation: a claim, subject or article entry with a schema problem is reported and
left out, and everything else is still validated, anchored and checked (issue 18)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import Project, copy_repository_project, invoke_in


def _bundled_with(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    root = copy_repository_project(tmp_path / "project")
    path = root / "data" / "claims.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return root


TYPO = (
    "        attribution: named_outlet\n        attributed_to: Life & Style\n"
    '        quote: "who married the ballet performer in 2011"',
    "        attributon: named_outlet\n        attributed_to: Life & Style\n"
    '        quote: "who married the ballet performer in 2011"',
)
WRONG_QUOTE = (
    'quote: "Portman and Millepied got married in 2012"',
    'quote: "Portman and Millepied got wed in 2012"',
)


def test_one_broken_claim_does_not_hide_the_findings_in_the_others(tmp_path: Path) -> None:
    root = _bundled_with(tmp_path, TYPO, WRONG_QUOTE)
    result = invoke_in(root, "check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == (
        "2 errors, 0 warnings: data/claims.yaml: 117 of 118 claims valid, 215 sources, 5 articles"
    )
    assert any(
        "claim 'wedding-2011': sources[0].attributon: unknown key 'attributon' "
        "(did you mean 'attribution'?) (unknown-key)" in line for line in lines
    )
    # The missing 'attribution' is the same mistake: not a second problem.
    assert not any("missing-field" in line for line in lines)
    # The planted wrong quote, in another claim, is found in the same run.
    assert any("quote not found" in line and "(quote-not-found)" in line for line in lines)


def test_a_re_run_from_the_cache_reports_the_same(tmp_path: Path) -> None:
    root = _bundled_with(tmp_path, TYPO, WRONG_QUOTE)
    first = invoke_in(root, "check")
    second = invoke_in(root, "check")
    assert second.stdout == first.stdout and second.exit_code == 1
    listed = invoke_in(root, "list", "--format", "json")
    assert "wedding-2011" not in {claim["id"] for claim in json.loads(listed.stdout)}
    fixed = root / "data" / "claims.yaml"
    fixed.write_text(fixed.read_text(encoding="utf-8").replace("attributon:", "attribution:"))
    after = invoke_in(root, "list", "--format", "json")
    assert "wedding-2011" in {claim["id"] for claim in json.loads(after.stdout)}


def test_query_commands_work_on_the_rest_and_say_how_many_were_left_out(tmp_path: Path) -> None:
    root = _bundled_with(tmp_path, TYPO)
    result = invoke_in(root, "list", "--format", "json")
    assert result.exit_code == 0
    ids = {claim["id"] for claim in json.loads(result.stdout)}
    assert len(ids) == 117 and "wedding-2011" not in ids and "wedding-2012" in ids
    assert "1 of 118 claims in data/claims.yaml left out: not valid" in result.stderr
    shown = invoke_in(root, "show", "wedding-2012")
    assert shown.exit_code == 0
    left = invoke_in(root, "show", "wedding-2011")
    assert left.exit_code == 2
    assert "claim 'wedding-2011' is left out: it does not match the claims file's format" in left.stderr
    # export publishes the ledger: all of it or nothing.
    exported = invoke_in(root, "export", "--format", "json")
    assert exported.exit_code == 2 and exported.stdout == ""
    assert "data/claims.yaml cannot be used (1 problem; run 'claimtrack check')" in exported.stderr
    conflicts = invoke_in(root, "conflicts", "--format", "json")
    assert conflicts.exit_code == 0
    assert "1 of 118 claims in data/claims.yaml left out" in conflicts.stderr


BROKEN_NEIGHBOURS = """\
subjects:
  pat-smith:
    name: Pat Smith
    aliases: [Smith]
  lee-jones:
    name: Lee Jones
    alias: [Jones]
claims:
  - id: split
    subject: pat-smith
    statement: Pat Smith and Lee Jones separated.
    contradicts: [together, nowhere]
    sources:
      - article: a.txt
        attribution: anonymous_insider
        attributed_to: a source
        quote: separated eight months ago
  - id: together
    subject: pat-smith
    statement: Still together.
    sources: []
  - id: jones-split
    subject: lee-jones
    statement: Lee Jones separated from Pat Smith.
    sources:
      - article: a.txt
        attribution: anonymous_insider
        attributed_to: a source
        quote: separated eight months ago
"""


def test_references_to_what_was_left_out_do_not_cascade(
    make_project: Callable[..., Project],
) -> None:
    project = make_project(BROKEN_NEIGHBOURS)
    result = project.run("check")
    lines = result.stdout.splitlines()
    codes = [line.rsplit("(", 1)[-1] for line in lines[:-1]]
    # The subject with a typo'd key, the claim with no source: each reported once, at its place.
    assert "data/claims.yaml:7:5: error: subjects.lee-jones.alias: unknown key 'alias' (did you mean 'aliases'?) (unknown-key)" in lines
    assert "data/claims.yaml:21:14: error: claim 'together': sources: claim has no source: give at least one (no-source)" in lines
    # 'together' exists (left out), 'nowhere' does not; 'lee-jones' exists (left out).
    assert any("contradicts unknown claim 'nowhere'" in line for line in lines)
    assert not any("'together'" in line and "dangling" in line for line in lines)
    assert "unknown-subject)" not in codes
    # The rules locate problems of the kept claims in the file, past the left-out one.
    assert any(line.startswith("data/claims.yaml:12:") and "'nowhere'" in line for line in lines)
    assert lines[-1].endswith("2 of 3 claims valid, 2 sources, 2 articles")
    assert result.exit_code == 1


def test_a_subject_written_as_a_name_suggests_its_key(
    make_project: Callable[..., Project],
) -> None:
    project = make_project(BROKEN_NEIGHBOURS.replace("subject: lee-jones", "subject: Lee Jones"))
    message = project.run("check").stdout
    assert "got 'Lee Jones'" in message
    assert "(did you mean 'lee-jones'?)" in message
    project = make_project(BROKEN_NEIGHBOURS.replace("    subject: pat-smith\n    statement: Pat", "    subject: Smith\n    statement: Pat"))
    assert "got 'Smith' (did you mean 'pat-smith'?) (bad-slug)" in project.run("check").stdout


def test_messages_speak_the_curators_language(tmp_path: Path) -> None:
    root = _bundled_with(
        tmp_path,
        ("      - article: 002_f9f3f9eec0cacd86.txt\n        attribution: named_outlet\n"
         "        attributed_to: Life & Style\n        quote: \"who married",
         "      - article: 002\n        attribution: named_outlet\n"
         "        attributed_to: Life & Style\n        quote: \"who married"),
        ("    slot: wedding\n    when: \"2012\"", "    slot: wedding\n    when: \"2012\"\n    value: \"twelve\""),
    )
    lines = invoke_in(root, "check").stdout.splitlines()
    assert any(
        line.endswith(
            ": error: claim 'wedding-2011': sources[0].article: must be text, got 2 (YAML reads "
            "the unquoted 002 as a number: put it in quotes, '002') (wrong-type)"
        )
        for line in lines
    ), lines
    assert any(
        ": error: claim 'wedding-2012': give only one of 'when', 'age', 'value'" in line
        for line in lines
    ), lines
    assert lines[-1].endswith("116 of 118 claims valid, 213 sources, 5 articles")


def test_an_enumerated_value_suggests_the_closest(make_project: Callable[..., Project]) -> None:
    project = make_project(BROKEN_NEIGHBOURS.replace(
        "        attribution: anonymous_insider\n        attributed_to: a source\n        quote: separated eight months ago\n  - id: together",
        "        attribution: anonymous\n        attributed_to: a source\n        quote: separated eight months ago\n  - id: together",
    ))
    (line,) = [
        line for line in project.run("check").stdout.splitlines()
        if line.startswith("data/claims.yaml:15:22: error: claim 'split': sources[0].attribution: "
                           "must be 'named_outlet', 'anonymous_insider'")
    ]  # fmt: skip
    assert line.endswith("got 'anonymous' (did you mean 'anonymous_insider'?) (invalid-value)")


def test_a_claim_is_not_fixed_in_rounds(make_project: Callable[..., Project]) -> None:
    """pydantic checks the rule between 'when' and 'value' only once every field is valid: the
    unknown key and the two values are reported in the same run."""
    project = make_project(BROKEN_NEIGHBOURS.replace(
        "    statement: Lee Jones separated from Pat Smith.\n",
        "    statement: Lee Jones separated from Pat Smith.\n    slot: split\n"
        "    when: 2023\n    value: in August\n    colour: red\n",
    ))
    lines = project.run("check").stdout.splitlines()
    assert "data/claims.yaml:22:5: error: claim 'jones-split': give only one of 'when', 'age', 'value' (got when, value) (invalid-value)" in lines
    assert "data/claims.yaml:28:5: error: claim 'jones-split': colour: unknown key 'colour' (unknown-key)" in lines
