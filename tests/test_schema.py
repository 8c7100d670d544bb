"""The published JSON Schema: shipped equal to what ``claimtrack schema`` prints, referenced by the
claims file for editors, accepted by a third-party validator for good files and not for bad ones,
and written safely with ``-o``."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from claimtrack.cli.schema import schema_text
from claimtrack.loader import Positions, parse_claims_text, validation_problems
from conftest import DATA, MINIMAL_CLAIMS, REPO, Project, invoke, invoke_in

jsonschema = pytest.importorskip("jsonschema")

SHIPPED = REPO / "schema" / "claims.schema.json"
MODELINE = "# yaml-language-server: $schema=../schema/claims.schema.json"


def schema() -> dict[str, Any]:
    import json

    loaded: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return loaded


def plain_data(text: str) -> Any:
    """YAML as the loader reads it: dates stay strings (``yaml.safe_load`` would make dates)."""
    data, problems = parse_claims_text(text, "claims.yaml")
    assert problems == []
    return data


def schema_errors(data: Any) -> list[str]:
    validator_class = jsonschema.validators.validator_for(schema())
    validator = validator_class(schema())
    return sorted(error.message for error in validator.iter_errors(data))


# --- the command and the shipped file ----------------------------------------------------------


def test_shipped_schema_is_exactly_what_the_command_prints() -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    assert result.stdout.encode("utf-8") == SHIPPED.read_bytes(), (
        "schema/claims.schema.json is stale: run 'claimtrack schema -o schema/claims.schema.json'"
    )


def test_output_is_deterministic_indented_and_ends_with_one_newline() -> None:
    first, second = invoke("schema").stdout, invoke("schema").stdout
    assert first == second == schema_text()
    assert first.endswith("}\n") and not first.endswith("\n\n")
    assert first.startswith('{\n  "') and '\n    "' in first  # indented by two


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    document = schema()
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.validators.validator_for(document).check_schema(document)


def _properties(node: Any, where: str = "#") -> Iterator[tuple[str, Any]]:
    """Every (location, property schema) in the schema, at any depth."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{where}/properties/{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}/{i}")


def test_every_property_and_every_record_has_a_description() -> None:
    document = schema()
    properties = list(_properties(document))
    assert len(properties) > 20
    missing = [where for where, prop in properties if not prop.get("description")]
    assert missing == []
    records = {"": document, **document["$defs"]}
    assert [name for name, record in records.items() if not record.get("description")] == []


# --- the claims file points editors at it --------------------------------------------------


def test_claims_file_starts_with_the_yaml_language_server_modeline() -> None:
    first = DATA.read_text(encoding="utf-8").splitlines()[0]
    assert first == MODELINE
    target = (DATA.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == SHIPPED.resolve()
    assert target.is_file()


# --- a third-party validator agrees -------------------------------------------------------


def test_the_curated_claims_file_validates_against_the_schema() -> None:
    assert schema_errors(plain_data(DATA.read_text(encoding="utf-8"))) == []


def test_minimal_project_validates() -> None:
    assert schema_errors(plain_data(MINIMAL_CLAIMS)) == []


def _mutated(old: str, new: str) -> str:
    text = MINIMAL_CLAIMS
    assert old in text
    return text.replace(old, new, 1)


INVALID = {
    "unknown key": _mutated("    slot: separation\n", "    slot: separation\n    colour: red\n"),
    "wrong attribution": _mutated("attribution: anonymous_insider", "attribution: gossip"),
    "missing quote": _mutated("        quote: separated eight months ago\n", ""),
    "no sources": _mutated(
        "    sources:\n      - article: a.txt\n        attribution: anonymous_insider\n"
        "        attributed_to: a source\n        quote: separated eight months ago\n",
        "    sources: []\n",
    ),
    "bad slug": _mutated("id: separation-eight-months", "id: Separation Eight Months"),
    "age out of range": _mutated("    when: eight months ago\n", "    age: -3\n"),
    "unknown top-level key": MINIMAL_CLAIMS + "extras: 1\n",
    "wrong version": "version: 2\n" + MINIMAL_CLAIMS,
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_an_invalid_file_fails_the_schema_and_the_loader(case: str) -> None:
    text = INVALID[case]
    assert schema_errors(plain_data(text)) != [], f"{case}: the JSON Schema accepted it"
    data = plain_data(text)
    entries = len(data.get("claims", [])) if isinstance(data.get("claims"), list) else 0
    model, problems = validation_problems(data, "claims.yaml", Positions(text))
    assert problems, f"{case}: the loader accepted it"
    # Per-entry validation: the broken claim is left out (or, for a problem of the file itself,
    # nothing is kept).
    assert model is None or len(model.claims) < entries, f"{case}: the broken claim was kept"


def test_schema_errors_name_the_problem() -> None:
    assert any("colour" in message for message in schema_errors(plain_data(INVALID["unknown key"])))
    assert any(
        "'quote' is a required property" in m
        for m in schema_errors(plain_data(INVALID["missing quote"]))
    )
    assert any("gossip" in m for m in schema_errors(plain_data(INVALID["wrong attribution"])))


def test_unquoted_year_and_iso_date_are_accepted_as_the_loader_reads_them() -> None:
    text = textwrap.dedent(
        """\
        articles:
          a.txt:
            date: 2024-01-05
            date_basis: the page says so
        claims:
          - id: x
            subject: s
            statement: S.
            slot: wedding
            when: 2012
            sources:
              - {article: a.txt, attribution: direct_quote, attributed_to: S, quote: q}
        """
    )
    data = plain_data(text)
    assert data["claims"][0]["when"] == 2012 and data["articles"]["a.txt"]["date"] == "2024-01-05"
    assert schema_errors(data) == []


# --- schema -o FILE ------------------------------------------------------------------------


def test_output_file_is_written_atomically(make_project: Callable[..., Project]) -> None:
    project = make_project()
    (project.root / "schema").mkdir()
    result = project.run("schema", "-o", "schema/claims.schema.json")
    assert result.exit_code == 0, result.output
    written = project.root / "schema" / "claims.schema.json"
    assert written.read_text(encoding="utf-8") == schema_text()
    assert sorted(p.name for p in written.parent.iterdir()) == ["claims.schema.json"]
    assert result.stdout == ""


def test_output_replaces_an_existing_file(make_project: Callable[..., Project]) -> None:
    project = make_project()
    target = project.root / "schema.json"
    target.write_text("old")
    assert project.run("schema", "-o", "schema.json").exit_code == 0
    assert target.read_text(encoding="utf-8") == schema_text()


def test_dash_means_standard_output(make_project: Callable[..., Project]) -> None:
    result = make_project().run("schema", "-o", "-")
    assert result.exit_code == 0 and result.stdout == schema_text()


@pytest.mark.parametrize(
    "args",
    [
        ["-o", "data/claims.yaml"],
        ["-o", "./data/../data/claims.yaml"],
        ["-o", "seeds/a.txt"],
        ["-o", "seeds/new.txt"],
        ["-o", "seeds/schema.json"],
        ["--data", "data/other.yaml", "-o", "data/other.yaml"],
    ],
)
def test_refuses_to_overwrite_the_claims_file_or_an_article(
    make_project: Callable[..., Project], args: list[str]
) -> None:
    project = make_project()
    (project.root / "data" / "other.yaml").write_text(MINIMAL_CLAIMS)
    before = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    result = project.run("schema", *args)
    assert result.exit_code == 2
    assert "refusing to write" in result.stderr
    after = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    assert after == before


def test_refuses_a_link_to_the_claims_file(make_project: Callable[..., Project]) -> None:
    project = make_project()
    link = project.root / "link.json"
    try:
        link.symlink_to(project.data)
    except OSError:
        pytest.skip("symbolic links are not available here")
    before = project.data.read_bytes()
    assert project.run("schema", "-o", "link.json").exit_code == 2
    assert project.data.read_bytes() == before and link.is_symlink()


def test_missing_output_folder_is_exit_2(tmp_path: Path) -> None:
    result = invoke_in(tmp_path, "schema", "-o", "nowhere/schema.json")
    assert result.exit_code == 2
    assert "no such folder" in result.stderr
    assert not (tmp_path / "nowhere").exists()
