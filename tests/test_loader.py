"""The claims loader: YAML syntax, duplicate keys, aliases, tags, schema errors — each located."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack.loader import Positions, iter_paths, load_claims, parse_claims_text, resolve_plain
from claimtrack.problems import UsageError


def load_text(tmp_path: Path, text: str | bytes) -> list[tuple[int, int, str]]:
    path = tmp_path / "claims.yaml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    result = load_claims(path, "claims.yaml")
    return [(p.line, p.column, p.code) for p in sorted(result.problems)]


VALID = """\
subjects:
  pat:
    name: Pat
claims:
  - id: one
    subject: pat
    statement: Pat did a thing.
    slot: wedding
    when: 2012
    sources:
      - article: a.txt
        attribution: named_outlet
        attributed_to: The Planet
        quote: did a thing
"""


def test_valid_file_loads_and_unquoted_year_is_a_string(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(VALID)
    result = load_claims(path, "c.yaml")
    assert result.problems == []
    assert result.claims is not None
    assert result.claims.claims[0].when == "2012"
    assert result.claims.subjects["pat"].name == "Pat"


def test_core_schema_resolution() -> None:
    assert resolve_plain("2024-01-05") == "2024-01-05"  # no date objects: the model decides
    assert resolve_plain("yes") == "yes"  # YAML 1.2: only true/false are booleans
    assert resolve_plain("true") is True
    assert resolve_plain("~") is None
    assert resolve_plain("42") == 42
    assert resolve_plain("-1.5") == -1.5
    assert resolve_plain("1.2.3") == "1.2.3"


def test_syntax_error_is_a_located_problem(tmp_path: Path) -> None:
    assert load_text(tmp_path, "claims:\n  - id: [unclosed\n") == [(3, 1, "yaml-syntax")]


def test_tab_indentation_says_tab(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("claims:\n\t- id: x\n")
    problems = load_claims(path, "c.yaml").problems
    assert [(p.line, p.column, p.code) for p in problems] == [(2, 1, "yaml-syntax")]
    assert "tab" in problems[0].message


def test_duplicate_key_points_at_second_key(tmp_path: Path) -> None:
    text = VALID.replace("    name: Pat\n", "    name: Pat\n    name: Patricia\n")
    assert load_text(tmp_path, text) == [(4, 5, "duplicate-key")]


def test_unknown_key_points_at_the_key(tmp_path: Path) -> None:
    text = VALID.replace("    slot: wedding\n", "    slot: wedding\n    colour: red\n")
    assert load_text(tmp_path, text) == [(9, 5, "unknown-key")]


def test_missing_field_points_at_the_mapping(tmp_path: Path) -> None:
    text = VALID.replace("        quote: did a thing\n", "")
    assert load_text(tmp_path, text) == [(11, 9, "missing-field")]


def test_wrong_type_and_bad_attribution(tmp_path: Path) -> None:
    text = VALID.replace("statement: Pat did a thing.", "statement: [a, list]").replace(
        "attribution: named_outlet", "attribution: gossip"
    )
    assert load_text(tmp_path, text) == [(7, 16, "wrong-type"), (12, 22, "invalid-value")]


def test_no_source(tmp_path: Path) -> None:
    text = VALID.split("    sources:")[0] + "    sources: []\n"
    assert load_text(tmp_path, text) == [(10, 14, "no-source")]


def test_two_values_in_one_claim(tmp_path: Path) -> None:
    text = VALID.replace("    when: 2012\n", "    when: 2012\n    age: 4\n")
    problems = load_text(tmp_path, text)
    assert problems == [(5, 5, "invalid-value")]


def test_alias_is_refused_without_expansion(tmp_path: Path) -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    problems = load_text(tmp_path, laughs)
    aliases = [(line, col) for line, col, code in problems if code == "yaml-alias"]
    assert aliases[0] == (2, 8)
    assert len(aliases) == 8 * 9  # every alias reported, none expanded


def test_python_tag_is_refused(tmp_path: Path) -> None:
    text = "claims: !!python/object/apply:os.system ['echo pwned']\n"
    assert load_text(tmp_path, text)[0] == (1, 9, "yaml-tag")


DEEP_CASES = {
    # text, where the 65th level (the root mapping is the first) opens
    "flow": ("claims: " + "[" * 5000 + "]" * 5000 + "\n", (1, 8 + 64)),
    "flow, spaced": ("claims: " + "[ " * 3000 + "\n", (1, 8 + 2 * 63 + 1)),
    "flow, mappings": ("claims: " + "{a: " * 3000 + "\n", (1, 8 + 4 * 63 + 1)),
    "flow, after a valid entry": (
        "claims:\n  - id: x\n    involves: [a, b]\n  - " + "[" * 2000 + "\n",
        (4, 5 + 62),
    ),
    "block": ("claims:\n" + "".join("  " * d + "k:\n" for d in range(1, 201)), (65, 129)),
}


@pytest.mark.parametrize("case", sorted(DEEP_CASES))
@pytest.mark.parametrize("parser", ["default", "pure-python", "limit-20"])
def test_deep_nesting_is_bounded_by_claimtrack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, parser: str
) -> None:
    """The 65th level is claimtrack's ``yaml-too-deep`` whatever the YAML library's own limit.

    ``limit-20`` stands for a YAML library that gives up far sooner than libyaml's 1,000 levels,
    and scans ahead as libyaml does: its error must not replace claimtrack's own."""
    import yaml

    from claimtrack import loader

    class ShallowParser(yaml.SafeLoader):  # type: ignore[misc]
        def get_event(self) -> yaml.Event:
            if self.flow_level > 20 or len(self.states) > 40:
                raise yaml.MarkedYAMLError(
                    "while scanning", self.get_mark(), "too deep for this library", self.get_mark()
                )
            return super().get_event()  # type: ignore[no-any-return]

    if parser != "default":
        chosen = yaml.SafeLoader if parser == "pure-python" else ShallowParser
        monkeypatch.setattr(loader, "_parser_class", lambda: chosen)
    text, (line, column) = DEEP_CASES[case]
    problems = load_text(tmp_path, text)
    assert problems == [(line, column, "yaml-too-deep")]


def test_ordinary_syntax_errors_are_not_blamed_on_nesting(tmp_path: Path) -> None:
    text = "claims:\n  - id: x\n    involves: [a, [b, c]\n  - id: y\n"
    codes = [code for _, _, code in load_text(tmp_path, text)]
    assert codes == ["yaml-syntax"]


@pytest.mark.parametrize("text", ["", "# only a comment\n# and another\n", "---\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    assert [code for _, _, code in load_text(tmp_path, text)] == ["empty-file"]


def test_not_utf8_points_at_the_byte(tmp_path: Path) -> None:
    assert load_text(tmp_path, b"claims:\n  - id: caf\xe9\n") == [(2, 12, "not-utf8")]


def test_top_level_list(tmp_path: Path) -> None:
    assert load_text(tmp_path, "- a\n- b\n") == [(1, 1, "wrong-type")]


def test_multiple_documents(tmp_path: Path) -> None:
    assert load_text(tmp_path, "claims: []\n---\nclaims: []\n")[0] == (
        2,
        1,
        "yaml-multiple-documents",
    )


def test_missing_and_directory_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        load_claims(tmp_path / "nope.yaml", "nope.yaml")
    with pytest.raises(UsageError, match="is a directory"):
        load_claims(tmp_path, "dir")


def test_positions_cover_every_path() -> None:
    data, problems = parse_claims_text(VALID, "c.yaml")
    assert problems == []
    positions = Positions(VALID)
    assert positions.value(("claims", 0, "sources", 0, "quote")) == (14, 16)
    assert positions.key(("claims", 0, "slot")) == (8, 5)
    for path in iter_paths(data):
        assert positions.value(path)[0] >= 1


BROKEN_ENTRIES = {
    "attribution": ("attribution: anonymous-insider", "did you mean 'anonymous_insider'?"),
    "key": ("atribution: named_outlet", "did you mean 'attribution'?"),
    "empty quote": ('quote: ""', "must not be empty"),
    "quote as number": ("quote: 12", "must be text, got 12"),
    "quote as list": ("quote: [a]", "must be text"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_ENTRIES))
def test_schema_messages_are_claimtracks_own(tmp_path: Path, case: str) -> None:
    """Every schema message is worded by claimtrack, names the claim by id, and never repeats the
    validator's own words, which change between pydantic releases."""
    line, wanted = BROKEN_ENTRIES[case]
    text = VALID.replace("attribution: named_outlet", "attribution: named_outlet\n        " + line)
    if case in ("attribution", "key"):
        text = VALID.replace("attribution: named_outlet", line)
    elif case.startswith("quote") or case == "empty quote":
        text = VALID.replace("quote: did a thing", line)
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    messages = [p.message for p in load_claims(path, "claims.yaml").problems]
    assert messages and all("should" not in m and "Input" not in m for m in messages), messages
    assert any(wanted in m and m.startswith("claim 'one': sources[0]") for m in messages), messages
