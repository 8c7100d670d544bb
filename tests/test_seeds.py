"""The bundled project end to end: the seeds are unchanged, the ledger is clean, and `conflicts`
surfaces exactly the genuine contradictions of the coverage (and none of the apparent ones).
"""

from __future__ import annotations

import hashlib
import json

import pytest

from conftest import REPO, SEEDS, invoke

SEED_SHA256 = {
    "000_d9aef8a038ee8d87.txt": "faa4101cdb9848a756e128a5ed6dac9354cea947763933974058892451b9cd3a",
    "001_1ef6b52c2d1eff1a.txt": "341938b353ed53fa439674cb11493f14be0aed3d1186ef8b4a3f650330bee9c0",
    "002_f9f3f9eec0cacd86.txt": "a731716ba909c03a966ce096e58afac8e75c1dfaed7cb9b2868c50775cd654d0",
    "003_eed9f197d463ef0c.txt": "ae3ad4ac0262cb7e62ebdbf342c3685bace93d2021a4ae722b8f115910295581",
    "004_7b01bd8a63ffcb3d.txt": "2455757ad400a73813863a0446834b1d70f537b95a25b185a317e444b92a6680",
}
SHARED_SEEDS = REPO.parent / "shared" / "seeds"

# The genuine contradictions of the coverage, as disputes: (kind, the claims of each value). Each
# is explained in the README ("The seeds' conflicts") and in the claims' notes.
Sides = tuple[tuple[str, ...], ...]
GENUINE: set[tuple[str, Sides]] = {
    ("date", (("wedding-2011",), ("wedding-2012",))),
    ("date", (("separation-eight-months-ago",), ("separation-august-2023",))),
    ("date", (("divorce-finalized-last-month",), ("divorce-finalized-this-past-march",))),
    (
        "explicit",
        (
            ("portman-suspects-cheating-many-years",),
            ("affair-short-lived-and-over", "affair-brief-liaison"),
        ),
    ),
    ("explicit", (("couple-working-on-marriage",), ("decision-to-leave-august-2023",))),
    ("explicit", (("millepied-date-nights",), ("portman-living-apart-with-kids",))),
    ("explicit", (("portman-not-said-leaving",), ("divorce-filed-july-2023",))),
    ("explicit", (("portman-blindsided",), ("portman-suspected-infidelity",))),
}


def test_seeds_are_byte_for_byte_the_shared_ones() -> None:
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(SEEDS.glob("*"))}
    assert found == SEED_SHA256
    if SHARED_SEEDS.is_dir():
        for name in SEED_SHA256:
            assert (SHARED_SEEDS / name).read_bytes() == (SEEDS / name).read_bytes()


def test_bundled_data_is_clean() -> None:
    result = invoke("check", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["errors"] == 0 and report["warnings"] == 0
    assert report["articles"] == 5
    assert report["claims"] > 60


def conflict_set(*args: str) -> set[tuple[str, Sides]]:
    result = invoke("conflicts", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {
        (
            c["kind"],
            tuple(tuple(side["claim"]["id"] for side in p["claims"]) for p in c["positions"]),
        )
        for c in json.loads(result.stdout)["conflicts"]
    }


def claims_in(found: set[tuple[str, Sides]]) -> set[str]:
    return {claim for _, sides in found for side in sides for claim in side}


def test_conflicts_are_exactly_the_genuine_ones() -> None:
    assert conflict_set() == GENUINE


@pytest.mark.parametrize(
    "claim_id",
    [
        "amalia-age-6",
        "amalia-age-7",  # her birthday falls between January and March
        "affair-reported-summer-2023",
        "affair-rumors-june-2023",  # June is in summer
        "camille-etienne-age-25",
        "camille-etienne-age-25-summer-2023",
        "portman-still-hurt",  # a state that changes: January, March and June differ in time
        "portman-stronger-finding-joy",
        "portman-fully-healed",
    ],
)
def test_apparent_conflicts_stay_quiet(claim_id: str) -> None:
    assert claim_id not in claims_in(conflict_set())


def test_ages_pin_amalias_birthday() -> None:
    result = invoke("timeline", "--subject", "Amalia", "--format", "json")
    pinned = json.loads(result.stdout)["pinned"]
    assert pinned == [
        {
            "subject": "amalia-millepied",
            "event": "birth",
            "slot": "age",
            "between": {"start": "2017-01-28", "end": "2017-03-08", "precision": "range"},
            "claims": ["amalia-age-6", "amalia-age-7"],
        }
    ]


def test_copy_is_not_an_independent_origin() -> None:
    result = invoke("conflicts", "--slot", "wedding", "--format", "json")
    dispute = json.loads(result.stdout)["conflicts"][0]
    by_value = {p["value"]: p["strength"] for p in dispute["positions"]}
    # 2012 is cited by Us Weekly (003) and by 001, its rewrite: two sources, one origin.
    assert by_value["2012"]["sources"] == 2
    assert by_value["2012"]["origins"] == 1
    assert by_value["2011"]["origins"] == 1
    assert dispute["summary"] == (
        "2011 (1 claim, 1 citation, 1 origin: Life & Style) vs "
        "2012 (1 claim, 2 citations, 1 origin: Us Weekly + 1 copy)"
    )


def test_conflict_filters_and_fail_flag() -> None:
    assert claims_in(conflict_set("--slot", "wedding")) == {"wedding-2011", "wedding-2012"}
    assert len(conflict_set("--article", "004")) == 3
    # The children are involved in the claim that she lives apart with them: Aleph has one.
    assert len(conflict_set("--subject", "Aleph")) == 1
    assert conflict_set("--subject", "Mescal") == set()
    assert invoke("conflicts", "--fail", "--format", "json").exit_code == 1
    assert invoke("conflicts", "--fail", "--subject", "Mescal").exit_code == 0
    ambiguous = invoke("conflicts", "--article", "00")
    assert ambiguous.exit_code == 2
    assert "000_d9aef8a038ee8d87.txt" in ambiguous.output


def test_conflicts_table_and_csv() -> None:
    table = invoke("conflicts", "--slot", "separation", env={"COLUMNS": "200"})
    assert table.exit_code == 0
    assert "dates 2023-07 and 2023-08 do not overlap" in table.output
    assert "\x1b[" not in table.output  # not a terminal: no colour codes
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(invoke("conflicts", "--format", "csv").stdout)))
    assert {row["dispute"] for row in rows} == {str(n) for n in range(1, len(GENUINE) + 1)}


def test_timeline_is_in_date_order_and_marks_conflicts() -> None:
    events = json.loads(invoke("timeline", "--subject", "portman", "--format", "json").stdout)[
        "events"
    ]
    starts = [e["when"]["start"] or "" for e in events]
    assert starts == sorted(starts)
    wedding = [e for e in events if e["event"] == "wedding"]
    assert {e["claim"]["id"]: e["conflicts_with"] for e in wedding} == {
        "wedding-2011": ["wedding-2012"],
        "wedding-2012": ["wedding-2011"],
    }
