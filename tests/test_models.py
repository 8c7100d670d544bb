"""The plain validator (claimtrack.models) accepts exactly what the pydantic schema (claimtrack.spec)
accepts, and builds the same records.

The loader trusts the plain validator for valid files and asks pydantic only when it refuses, so
the one disagreement that would do harm is the plain validator accepting what pydantic refuses.
Hypothesis builds valid files and then breaks them one value at a time, with the values that sit
on the edges of the rules (lengths, slugs, types YAML can produce, the one-value-per-slot rule).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from claimtrack import spec
from claimtrack.loader import load_claims, parse_claims_text
from claimtrack.models import (
    ClaimsFile,
    claims_file_from_data,
    claims_file_from_rows,
    claims_file_to_rows,
)

ROOT = Path(__file__).resolve().parent.parent

_EDGE_VALUES = st.sampled_from(
    [
        None, True, False, 0, 1, -1, 151, 150, 2012, 1.0, 0.5, "", " ", "a", "a\n", "\na", "A",
        "x" * 200, "x" * 201, "x" * 100_000, "x" * 100_001, "ok-slug", "ok.slug_2", "-bad",
        "Bad", "bad slug", "é", "named_outlet", "anonymous_insider", "direct_quote", "Named_outlet",
        "2023-08", "last month", "set", "amount", "date", "many", "one", [], ["a"], [1],
        ["ok-slug", "Bad"], {}, {"a": 1}, ["x" * 201],
        "public_record", "representative", "own_post", "https://x.org/a", "http://x", "HTTPS://X",
        "ftp://x", "javascript:alert(1)", "https://", "https:///x", "https://x y", "https://x\n",
        " https://x", "file:///etc/passwd",
    ]
)  # fmt: skip
_VALUES = _EDGE_VALUES | st.text(max_size=6) | st.integers(-3, 200)
EDGES: list[Any] = list(_EDGE_VALUES.elements)  # type: ignore[attr-defined]


def _source(article: str = "a.txt") -> dict[str, Any]:
    return {"article": article, "attribution": "named_outlet", "attributed_to": "Us", "quote": "q"}


@st.composite
def valid_files(draw: st.DrawFn) -> dict[str, Any]:
    """A valid claims file with optional fields present or not."""
    claims = []
    for index in range(draw(st.integers(1, 3))):
        claim: dict[str, Any] = {
            "id": f"c{index}",
            "subject": "s",
            "statement": "Something happened.",
            "sources": [_source() for _ in range(draw(st.integers(1, 2)))],
        }
        kind = draw(st.sampled_from(["none", "when", "age", "age_as_of", "value"]))
        if kind != "none":
            claim["slot"] = "slot"
        if kind == "when":
            claim["when"] = draw(st.sampled_from(["2012", 2012, "last month"]))
        elif kind.startswith("age"):
            claim["age"] = draw(st.integers(0, 150))
            if kind == "age_as_of":
                claim["as_of"] = draw(st.sampled_from(["summer of 2023", 2023]))
        elif kind == "value":
            claim["value"] = draw(st.sampled_from(["yes", 47, "$60 million"]))
            if draw(st.booleans()):
                claim["as_of"] = "2024-05"
        for optional, value in (("involves", ["t"]), ("contradicts", ["c0"]), ("note", "n")):
            if draw(st.booleans()):
                claim[optional] = value
        if draw(st.booleans()):
            claim["sources"][0]["note"] = "a note"
        for optional, value in (("via", "Us Weekly"), ("said_on", "2024-06-28"),
                                ("url", "https://example.org/a"), ("document", "case 24-1")):
            if draw(st.booleans()):
                claim["sources"][0][optional] = value
        if kind == "when" and draw(st.booleans()):
            claim["anchor"] = draw(st.sampled_from(["c0", "2024-04-26", 2024]))
        claims.append(claim)
    data: dict[str, Any] = {
        "subjects": {"s": {"name": "S", "aliases": ["Ess"]}, "t": {"name": "T"}},
        "claims": claims,
    }
    if draw(st.booleans()):
        data["version"] = 1
    if draw(st.booleans()):
        data["slots"] = {
            "slot": {"type": draw(st.sampled_from(["date", "age", "text", "number"]))},
            "price": {"type": "amount", "unit": "USD", "changes_over_time": True},
            "status": {"type": "set", "values": ["married", "separated"], "cardinality": "many",
                       "description": "marital status"},
        }  # fmt: skip
    if draw(st.booleans()):
        data["articles"] = {
            "a.txt": {"outlet": "Us", "date": draw(st.sampled_from(["2024-01", 2024])),
                      "date_basis": "the byline"},
        }  # fmt: skip
    return data


def _containers(data: Any) -> list[Any]:
    out = [data]
    children = data.values() if isinstance(data, dict) else data
    for value in children:
        if isinstance(value, (dict, list)):
            out.extend(_containers(value))
    return out


_KEYS_TO_ADD = st.sampled_from(
    ["note", "when", "age", "value", "slot", "as_of", "extra", "date", "date_basis", "aliases",
     "name", "quote", "article", "involves", "contradicts", "sources", "claims", "type", "unit",
     "values", "cardinality", "changes_over_time", "description", "slots", 3, None]
)  # fmt: skip


@st.composite
def broken_files(draw: st.DrawFn) -> dict[str, Any]:
    """A valid file with one to three values replaced, keys added, or keys removed."""
    data = copy.deepcopy(draw(valid_files()))
    for _ in range(draw(st.integers(1, 3))):
        container = draw(st.sampled_from(_containers(data)))
        if not container:
            continue
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if isinstance(container, list):
            index = draw(st.integers(0, len(container) - 1))
            if action == "delete":
                del container[index]
            else:
                container[index] = copy.deepcopy(draw(_VALUES))
        elif action == "add":
            container[draw(_KEYS_TO_ADD)] = copy.deepcopy(draw(_VALUES))
        else:
            key = draw(st.sampled_from(sorted(container, key=repr)))
            if action == "delete":
                del container[key]
            else:
                container[key] = copy.deepcopy(draw(_VALUES))
    return data


def _pydantic(data: Any) -> ClaimsFile | None:
    try:
        return spec.to_records(spec.ClaimsFile.model_validate(data))
    except ValidationError:
        return None


def _agree(data: Any) -> None:
    plain = claims_file_from_data(data)
    strict = _pydantic(data)
    if plain is not None:
        assert strict is not None, "the plain validator accepted what pydantic refuses"
        assert plain == strict
    elif strict is not None:
        # The one leniency of pydantic's we do not copy: Literal[1] also takes True and 1.0.
        # The loader then uses pydantic's answer, so this costs time, never correctness.
        assert data.get("version") in (True, 1.0) and type(data.get("version")) is not int


SETTINGS = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(valid_files())
def test_valid_files_give_the_same_records(data: dict[str, Any]) -> None:
    records = claims_file_from_data(data)
    assert records is not None
    assert records == _pydantic(data)


@SETTINGS
@given(broken_files())
def test_broken_files_are_refused_by_both_or_neither(data: dict[str, Any]) -> None:
    _agree(data)


@pytest.mark.parametrize(
    "version", [1, True, 1.0, 2, "1", None]
)
def test_version_agrees_or_defers_to_pydantic(version: Any) -> None:
    _agree({"version": version, "claims": []})


def test_records_survive_the_cache_round_trip() -> None:
    """claims_file_to_rows is what the cache stores: through JSON it must come back as equal
    records."""
    text = (ROOT / "data" / "claims.yaml").read_text(encoding="utf-8")
    data, problems = parse_claims_text(text, "claims.yaml")
    assert problems == []
    records = claims_file_from_data(data)
    assert records is not None and len(records.claims) > 100
    stored = json.loads(json.dumps(claims_file_to_rows(records)))
    assert claims_file_from_rows(stored) == records
    assert records == _pydantic(data)


def test_version_1_0_loads_through_pydantic(tmp_path: Path) -> None:
    """A file the plain validator refuses but the schema accepts still loads, with no problem."""
    path = tmp_path / "claims.yaml"
    path.write_text("version: 1.0\nsubjects: {s: {name: S}}\nclaims: []\n", encoding="utf-8")
    result = load_claims(path)
    assert result.problems == []
    assert result.claims == ClaimsFile(1, {}, {"s": spec.to_records(
        spec.ClaimsFile.model_validate({"subjects": {"s": {"name": "S"}}})).subjects["s"]}, [])


def _full_file() -> dict[str, Any]:
    """A valid file in which every field of every record is present (once with age, once with
    when, once with value), so that each can be replaced or removed below."""
    source = _source() | {"note": "n", "via": "Us", "said_on": "2024-06-28",
                          "url": "https://x.org/a", "document": "case 1"}
    claim = {"id": "c0", "subject": "s", "statement": "x", "sources": [source],
             "involves": ["t"], "contradicts": ["c1"], "note": "n"}  # fmt: skip
    return {
        "version": 1,
        "articles": {"a.txt": {"outlet": "Us", "date": "2024-01", "date_basis": "byline",
                               "copy_of": "b.txt", "url": "https://x", "note": "n"}},
        "subjects": {"s": {"name": "S", "aliases": ["Ess"], "note": "n"}, "t": {"name": "T"}},
        "claims": [claim | {"slot": "age", "age": 40, "as_of": "2023"},
                   claim | {"id": "c1", "slot": "wedding", "when": "2012", "anchor": "c0"},
                   claim | {"id": "c2", "slot": "status", "value": "yes"}],
    }  # fmt: skip


def _single_mutations() -> list[Any]:
    """Every field of every record: removed, or replaced by each edge value; plus an unknown key."""
    cases: list[Any] = []
    for container_path in [(), ("articles", "a.txt"), ("subjects", "s"), ("claims", 0),
                           ("claims", 1), ("claims", 2), ("claims", 0, "sources", 0)]:  # fmt: skip
        container: Any = _full_file()
        for part in container_path:
            container = container[part]
        for key in [*container, "extra", "age", "when", "value", "as_of", "slot", "date",
                    "anchor"]:
            for value in [*EDGES, "<delete>"]:
                cases.append((container_path, key, value))
    return cases


@pytest.mark.parametrize("container_path, key, value", _single_mutations())
def test_each_field_each_edge_value_agrees(container_path: Any, key: str, value: Any) -> None:
    data = _full_file()
    container: Any = data
    for part in container_path:
        container = container[part]
    if value == "<delete>":
        container.pop(key, None)
    else:
        container[key] = value
    _agree(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken_files() | valid_files())
def test_entries_built_while_parsing_change_no_problem(data: dict[str, Any]) -> None:
    """The loader turns each valid entry into a record as its mapping closes (to keep memory
    down); the problems it reports must be exactly those of validating the whole parsed data."""
    import yaml

    from claimtrack.loader import Positions, _load, validation_problems

    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    loaded = _load(text.encode("utf-8"), "claims.yaml")
    plain, syntax = parse_claims_text(text, "claims.yaml")  # no sizes: nothing built early
    assert syntax == []
    if not isinstance(plain, dict):
        return
    expected, problems = validation_problems(plain, "claims.yaml", Positions(text))
    assert [(p, p.message) for p in loaded.problems] == [(p, p.message) for p in problems]
    assert loaded.claims == expected
