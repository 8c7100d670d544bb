"""Conflict detection on small real projects: dates, ages, plain values, explicit links, origins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from claimtrack.conflicts import consistent_groups, filter_disputes, find_disputes
from claimtrack.ledger import open_ledger
from claimtrack.resolve import origins_for, resolve_all
from conftest import DATA, SEEDS, Project

A = """ date 2024-03-08 Couple Splits After Eleven Years
Pat Smith and Lee Jones separated eight months ago, a source said.
The divorce was finalized last month, the Planet reported.
The pair married in 2012 and have a daughter, Ada, 7.
"""
B = """ date 2024-01-27 Insiders Say Marriage Is Over
Pat Smith married Lee Jones in 2011, according to insiders.
The couple separated in August 2023, the Planet confirmed.
Their daughter Ada, 6, lives with her mother.
"""
C = """ date 2024-06-08 Pat Smith Moves On
Pat Smith finalized the divorce this past March. Ada, 7, is thriving.
Ada, 4, was seen at school.
"""

HEAD = """\
subjects:
  pat: {name: Pat Smith, aliases: [Smith]}
  ada: {name: Ada Smith}
claims:
"""


def claim(
    cid: str, subject: str, slot: str, value: str, article: str, quote: str, extra: str = ""
) -> str:
    return f"""\
  - id: {cid}
    subject: {subject}
    statement: {cid}
    slot: {slot}
    {value}
    sources:
      - {{article: {article}, attribution: named_outlet, attributed_to: the Planet, quote: "{quote}"}}
{extra}"""


def project(make_project: Callable[..., Project], *claims: str) -> Project:
    return make_project(HEAD + "".join(claims), {"a.txt": A, "b.txt": B, "c.txt": C})


def conflicts_of(p: Project) -> list[tuple[str, str, str]]:
    """Two-valued disputes as (kind, the first value's claim, the second's)."""
    ledger = open_ledger(p.data, p.seeds, "data/claims.yaml", "seeds")
    found, _ = find_disputes(ledger, resolve_all(ledger))
    out = []
    for d in found:
        ids = ["+".join(ledger.claims[i].id for i in p.claims) for p in d.positions]
        out.append((d.kind, *ids))
    return out  # type: ignore[return-value]


def test_years_that_do_not_overlap_conflict(make_project: Callable[..., Project]) -> None:
    p = project(
        make_project,
        claim("wed-2012", "pat", "wedding", 'when: "2012"', "a.txt", "married in 2012"),
        claim("wed-2011", "pat", "wedding", 'when: "2011"', "b.txt", "married Lee Jones in 2011"),
    )
    assert conflicts_of(p) == [("date", "wed-2011", "wed-2012")]


def test_relative_dates_conflict_only_once_resolved(make_project: Callable[..., Project]) -> None:
    # "eight months ago" in an article of 2024-03-08 is July 2023; August 2023 does not overlap.
    p = project(
        make_project,
        claim(
            "sep-8m",
            "pat",
            "separation",
            "when: eight months ago",
            "a.txt",
            "separated eight months ago",
        ),
        claim(
            "sep-aug", "pat", "separation", "when: August 2023", "b.txt", "separated in August 2023"
        ),
        claim(
            "fin-last",
            "pat",
            "divorce-finalized",
            "when: last month",
            "a.txt",
            "finalized last month",
        ),
        claim(
            "fin-march",
            "pat",
            "divorce-finalized",
            "when: this past March",
            "c.txt",
            "this past March",
        ),
    )
    assert conflicts_of(p) == [
        ("date", "fin-last", "fin-march"),
        ("date", "sep-8m", "sep-aug"),
    ]


def test_containing_intervals_do_not_conflict(make_project: Callable[..., Project]) -> None:
    p = project(
        make_project,
        claim("sep-year", "pat", "separation", 'when: "2023"', "b.txt", "separated in August 2023"),
        claim("sep-aug", "pat", "separation", "when: August 2023", "b.txt", "The couple separated"),
    )
    assert conflicts_of(p) == []


def test_ages_whose_birthday_fits_between_are_consistent(
    make_project: Callable[..., Project],
) -> None:
    p = project(
        make_project,
        claim("ada-6", "ada", "age", "age: 6", "b.txt", "Ada, 6"),
        claim("ada-7", "ada", "age", "age: 7", "a.txt", "Ada, 7"),
    )
    assert conflicts_of(p) == []
    ledger = open_ledger(p.data, p.seeds, "d", "s")
    groups = consistent_groups(ledger, resolve_all(ledger))
    assert [(g.subject, str(g.intersection)) for g in groups] == [("ada", "2017-01-28..2017-03-08")]


def test_ages_that_cannot_both_hold_conflict(make_project: Callable[..., Project]) -> None:
    p = project(
        make_project,
        claim("ada-7", "ada", "age", "age: 7", "c.txt", "Ada, 7"),
        claim("ada-4", "ada", "age", "age: 4", "c.txt", "Ada, 4"),
    )
    assert conflicts_of(p) == [("age", "ada-7", "ada-4")]


def test_plain_values_differ(make_project: Callable[..., Project]) -> None:
    p = project(
        make_project,
        claim("home-a", "pat", "residence", "value: Paris", "a.txt", "Pat Smith"),
        claim("home-b", "pat", "residence", 'value: " paris"', "b.txt", "Pat Smith"),
        claim("home-c", "pat", "residence", "value: London", "c.txt", "Pat Smith"),
    )
    # One dispute of two values (Paris, however spaced, against London), not two pairs.
    assert conflicts_of(p) == [("value", "home-a+home-b", "home-c")]


def test_explicit_links_once_even_if_both_sides_link(make_project: Callable[..., Project]) -> None:
    p = project(
        make_project,
        claim("x", "pat", "marriage", "", "a.txt", "separated", "    contradicts: [y]\n"),
        claim("y", "pat", "marriage", "", "b.txt", "insiders", "    contradicts: [x]\n"),
    )
    assert conflicts_of(p) == [("explicit", "x", "y")]


def test_filters(make_project: Callable[..., Project]) -> None:
    p = project(
        make_project,
        claim("wed-2012", "pat", "wedding", 'when: "2012"', "a.txt", "married in 2012"),
        claim("wed-2011", "pat", "wedding", 'when: "2011"', "b.txt", "married Lee Jones in 2011"),
        claim("ada-7", "ada", "age", "age: 7", "c.txt", "Ada, 7"),
        claim("ada-4", "ada", "age", "age: 4", "c.txt", "Ada, 4"),
    )
    ledger = open_ledger(p.data, p.seeds, "d", "s")
    found, _ = find_disputes(ledger, resolve_all(ledger))
    assert len(filter_disputes(ledger, found, subjects={"ada"})) == 1
    assert len(filter_disputes(ledger, found, slot="wedding")) == 1
    assert len(filter_disputes(ledger, found, article="a.txt")) == 1
    assert len(filter_disputes(ledger, found, article="c.txt")) == 1


def test_origins_count_a_copy_once(make_project: Callable[..., Project]) -> None:
    p = project(
        make_project, claim("w", "pat", "wedding", 'when: "2012"', "a.txt", "married in 2012")
    )
    ledger = open_ledger(p.data, p.seeds, "d", "s")
    origins = origins_for(ledger, [("c.txt", "a.txt")])
    assert origins.count(["a.txt", "c.txt"]) == 1
    assert origins.count(["a.txt", "b.txt", "c.txt"]) == 2
    assert origins.origin("c.txt") == "a.txt"


def test_the_suspected_copies_are_gathered_once_per_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each position names its origins by the articles that copy no other: the set of suspected
    copies is built once for the whole document, not once per position (at 100,000 claims a set
    per position was most of a ``conflicts`` re-run)."""
    from claimtrack import records
    from claimtrack.analysis import analyse

    analysis = analyse(open_ledger(DATA, SEEDS, "data/claims.yaml", "seeds"))
    expected = records.conflicts_document(analysis)
    calls: list[int] = []
    gather = records.suspected_copies

    def counted(found: Any) -> frozenset[str]:
        calls.append(1)
        return gather(found)

    monkeypatch.setattr(records, "suspected_copies", counted)
    assert records.conflicts_document(analysis) == expected
    assert sum(len(d["positions"]) for d in expected["conflicts"]) > 2
    assert len(calls) == 1
