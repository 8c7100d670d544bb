"""The slot registry, participants, amounts, states and disputes, on a fictional story of our own
(tests/fixtures/vale-okafor: four outlets on a couple's separation), through the real CLI."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Project, invoke, invoke_in

STORY = Path(__file__).resolve().parent / "fixtures" / "vale-okafor"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    root = tmp_path / "story"
    shutil.copytree(STORY, root)
    return root


def disputes(root: Path, *args: str) -> dict[str, Any]:
    result = invoke_in(root, "conflicts", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def sides(document: dict[str, Any]) -> dict[str, list[list[str]]]:
    return {
        d["slot"]: [[c["claim"]["id"] for c in p["claims"]] for p in d["positions"]]
        for d in document["conflicts"]
    }


def edit(root: Path, old: str, new: str) -> None:
    path = root / "data" / "claims.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_story_is_clean_and_gives_exactly_its_disputes(story: Path) -> None:
    check = invoke_in(story, "check", "--format", "json")
    assert check.exit_code == 0, check.output
    assert json.loads(check.stdout)["warnings"] == 0
    assert sides(disputes(story)) == {
        # filed under either partner: one event
        "separation": [["separated-march"], ["separated-may"]],
        # $20 million and $20.5 million agree with each other, not with $35 million
        "settlement": [["settlement-20m", "settlement-20.5m"], ["settlement-35m"]],
        "children": [["two-children"], ["three-children"]],
        # a state: only the two claims of July 2 compare
        "status": [["still-together"], ["finalizing-divorce"]],
    }


def test_a_dispute_says_what_each_value_rests_on(story: Path) -> None:
    document = disputes(story, "--slot", "settlement")
    (dispute,) = document["conflicts"]
    assert dispute["kind"] == "number"
    assert dispute["summary"] == (
        "$20 million / $20.5 million (2 claims, 2 citations, 2 origins: The Courier Record, "
        "Pressline Weekly) vs $35 million (1 claim, 1 citation, 1 origin: The Courier Record)"
    )
    first = dispute["positions"][0]["strength"]
    assert (first["claims"], first["anonymous_insider"], first["named_outlet"]) == (2, 1, 1)
    assert dispute["reason"].startswith("$20 million / $20.5 million and $35 million cannot both")


def test_what_was_compared_is_counted(story: Path) -> None:
    compared = disputes(story)["compared"]
    # £3.3 million is another currency: alone among the house prices, so not compared.
    assert compared == {
        "claims": 19, "compared": 18, "slots": 7, "events": 7, "not_compared": 1, "no_slot": 0,
        "no_value": 0, "alone": 1, "many": 0, "no_time": 0, "linked": 0,
    }  # fmt: skip
    table = invoke_in(story, "conflicts", env={"COLUMNS": "200"})
    assert "4 conflicts; compared 18 of 19 claims in 7 slots (7 events); not compared 1" in (
        " ".join(table.output.split())
    )


def test_no_conflicts_still_says_what_was_compared(story: Path) -> None:
    result = invoke_in(story, "conflicts", "--subject", "Theo")
    assert result.exit_code == 0
    assert result.output.startswith("no conflicts; compared 18 of 19 claims")


def test_look_alikes_stay_quiet(story: Path) -> None:
    found = {c for s in sides(disputes(story)).values() for side in s for c in side}
    for quiet in ("house-4.2m", "house-over-4m", "house-records", "house-pounds", "theo-7",
                  "theo-8", "trying-again", "discussing-divorce", "married-eleven-years",
                  "married-11-years"):  # fmt: skip
        assert quiet not in found


def test_moving_a_claim_to_the_other_partner_keeps_the_conflict(story: Path) -> None:
    edit(story, "  - id: separated-may\n    subject: jun-okafor\n    involves: [rowan-vale]",
         "  - id: separated-may\n    subject: rowan-vale\n    involves: [jun-okafor]")  # fmt: skip
    assert "separation" in sides(disputes(story))


def test_ages_are_their_subjects_own_whoever_is_involved(story: Path) -> None:
    # "Vale, 40, and Okafor, 38" filed as two ages, each involving the other: not one event.
    edit(story, "  - id: theo-7", """\
  - id: vale-40
    subject: rowan-vale
    involves: [jun-okafor]
    statement: Vale is 40.
    slot: age
    age: 40
    sources:
      - {article: lantern.txt, attribution: named_outlet, attributed_to: the Lantern, quote: "Rowan Vale"}
  - id: okafor-38
    subject: jun-okafor
    involves: [rowan-vale]
    statement: Okafor is 38.
    slot: age
    age: 38
    sources:
      - {article: lantern.txt, attribution: named_outlet, attributed_to: the Lantern, quote: "Jun Okafor"}
  - id: theo-7""")
    assert "age" not in sides(disputes(story))
    assert invoke_in(story, "check").exit_code == 0


def test_a_split_event_is_warned_about(story: Path) -> None:
    # Theo added to one side: the participant sets differ and no subject is shared.
    edit(story, "  - id: separated-may\n    subject: jun-okafor\n    involves: [rowan-vale]",
         "  - id: separated-may\n    subject: jun-okafor\n    involves: [rowan-vale, theo-vale]")  # fmt: skip
    assert "separation" not in sides(disputes(story))
    result = invoke_in(story, "check")
    assert result.exit_code == 0  # a warning
    assert "(split-event)" in result.output and "separated-may" in result.output


def test_a_state_that_changed_is_no_conflict_but_one_at_the_same_time_is(story: Path) -> None:
    edit(story, "    value: discussing divorce\n",
         "    value: discussing divorce\n    as_of: May 2025\n")  # fmt: skip
    status = sorted(
        (d for d in disputes(story)["conflicts"] if d["slot"] == "status"), key=lambda d: d["as_of"]
    )
    assert [d["as_of"] for d in status] == ["2025-05", "2025-07-01..2025-07-10"]
    assert [[c["claim"]["id"] for c in p["claims"]] for p in status[0]["positions"]] == [
        ["trying-again"],
        ["discussing-divorce"],
    ]


def test_a_slot_declared_many_is_not_compared(story: Path) -> None:
    edit(story, "  children:\n    type: number\n", "  children:\n    type: number\n    cardinality: many\n")
    document = disputes(story)
    assert "children" not in sides(document)
    assert document["compared"]["many"] == 2


def test_registry_findings(story: Path) -> None:
    edit(story, "    slot: separation\n    when: May 2025", "    slot: seperation\n    when: May 2025")
    edit(story, "    value: $35 million", "    value: £35 million")
    edit(story, "    value: two children", "    value: a couple")
    edit(story, "    slot: age\n    age: 8", "    slot: age\n    value: eight")
    edit(story, "  - id: theo-7", """\
  - id: vale-bought-boat
    subject: rowan-vale
    statement: Vale bought a boat for $2 million.
    sources:
      - {article: courier.txt, attribution: named_outlet, attributed_to: the Courier, quote: "Property records"}
  - id: theo-7""")
    result = invoke_in(story, "check")
    assert result.exit_code == 1
    out = result.output
    assert "error: claim 'separated-may': slot 'seperation' is not declared in 'slots:' " \
        "(did you mean 'separation'?) (undeclared-slot)" in out
    assert "'£35 million' is not in the unit of slot 'settlement' (USD) (slot-value-type)" in out
    assert "'a couple' is not a number or amount" in out
    assert "slot 'age' holds age values: give 'age', not 'value' (slot-value-type)" in out
    assert "claim 'vale-bought-boat' states '$2 million' but has no slot" in out
    assert "(value-without-slot)" in out
    lines = [line for line in out.splitlines() if "(undeclared-slot)" in line]
    assert lines[0].startswith("data/claims.yaml:") and ":11: error:" in lines[0]


def test_a_bad_registry_is_a_schema_error(story: Path) -> None:
    edit(story, "    type: amount\n    unit: USD\n", "    type: amount\n")
    result = invoke_in(story, "check")
    assert result.exit_code == 1
    assert "an 'amount' needs its 'unit'" in result.output
    assert "Traceback" not in result.output


def test_without_a_registry_nothing_new_is_reported(make_project: Callable[..., Project]) -> None:
    p = make_project()
    result = p.run("check")
    assert result.exit_code == 0, result.output


def test_an_unquoted_number_is_a_value(story: Path) -> None:
    # The story writes `value: 3` unquoted (a YAML integer), like `when: 2012`.
    assert "    value: 3\n" in (story / "data" / "claims.yaml").read_text(encoding="utf-8")
    (children,) = [d for d in disputes(story)["conflicts"] if d["slot"] == "children"]
    assert [p["value"] for p in children["positions"]] == ["two children", "3"]
    edit(story, "    value: 3\n", "    value: true\n")
    result = invoke_in(story, "check")
    assert result.exit_code == 1 and "(wrong-type)" in result.output


def test_csv_and_terminal_show_the_same_disputes(story: Path) -> None:
    document = disputes(story)
    rows = list(csv.DictReader(io.StringIO(invoke_in(story, "conflicts", "--format", "csv").stdout)))
    assert {row["dispute"] for row in rows} == {str(n) for n in range(1, 5)}
    claims_in_csv = {row["claim"].split("\n")[0] for row in rows if row["claim"]}
    claims_in_json = {
        c["claim"]["id"] for d in document["conflicts"] for p in d["positions"] for c in p["claims"]
    }
    assert claims_in_csv == claims_in_json
    table = invoke_in(story, "conflicts", env={"COLUMNS": "200"}).output
    for n, dispute in enumerate(document["conflicts"], 1):
        assert f"{n}. " in table and dispute["summary"].split(" (")[0] in table


def test_report_shows_the_same_disputes(story: Path) -> None:
    out = story / "report.html"
    result = invoke_in(story, "report", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count('<article class="conflict"') == 4
    assert "compared 18 of 19 claims" in html
    assert "$20 million / $20.5 million" in html


def test_bundled_story_counts_what_was_compared() -> None:
    document = json.loads(invoke("conflicts", "--format", "json").stdout)
    compared = document["compared"]
    assert compared["claims"] == compared["compared"] + compared["not_compared"]
    assert compared["compared"] > 0 and document["count"] == len(document["conflicts"]) == 8


def test_jsonl_has_one_record_per_dispute(story: Path) -> None:
    result = invoke_in(story, "conflicts", "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["slot"] for r in records] == [d["slot"] for d in disputes(story)["conflicts"]]
    assert all(len(r["positions"]) == 2 for r in records)
    assert invoke_in(story, "conflicts", "--fail").exit_code == 1
