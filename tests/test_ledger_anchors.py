"""Anchors: the quotes' places, kept as columns but read as a mapping of (claim, source) keys."""

from __future__ import annotations

import pytest

from claimtrack.ledger import Anchor, Anchors
from claimtrack.models import Claim, Source


def claim(name: str, sources: int) -> Claim:
    cited = [Source(f"{name}{k}.txt", "named_outlet", "x", "q") for k in range(sources)]
    return Claim(name, "s", "statement", cited)


@pytest.fixture
def anchors() -> Anchors:
    table = Anchors([claim("a", 2), claim("b", 0), claim("c", 3)])
    table.put(2, 2, Anchor("c2.txt", 10, 20, 3, 4, 1))
    table.put(0, 1, Anchor("a1.txt", 1, 5, 1, 2, 2))
    table.put(2, 0, Anchor("c0.txt", 0, 9, 1, 1, 1))
    return table


def test_reads_as_a_mapping_in_claim_order(anchors: Anchors) -> None:
    assert list(anchors) == [(0, 1), (2, 0), (2, 2)]
    assert len(anchors) == 3
    assert anchors[(0, 1)] == Anchor("a1.txt", 1, 5, 1, 2, 2)
    assert anchors.get((2, 2)) == Anchor("c2.txt", 10, 20, 3, 4, 1)
    assert dict(anchors) == {key: anchors[key] for key in [(0, 1), (2, 0), (2, 2)]}


@pytest.mark.parametrize(
    "key", [(0, 0), (1, 0), (0, 2), (2, 3), (3, 0), (-1, 0), (0, -1), (True, 1), "x", (0,)]
)
def test_keys_without_an_anchor(anchors: Anchors, key: object) -> None:
    assert key not in anchors
    assert anchors.get(key) is None  # type: ignore[call-overload]
    with pytest.raises(KeyError):
        anchors[key]  # type: ignore[index]


def test_putting_twice_counts_once(anchors: Anchors) -> None:
    anchors.put(0, 1, Anchor("a1.txt", 2, 6, 1, 3, 1))
    assert len(anchors) == 3 and anchors[(0, 1)].start == 2
    with pytest.raises(KeyError):
        anchors.put(1, 0, Anchor("b0.txt", 0, 1, 1, 1, 1))


def test_json_round_trip(anchors: Anchors) -> None:
    claims = [claim("a", 2), claim("b", 0), claim("c", 3)]
    again = Anchors(claims)
    assert again.fill_from_json(anchors.to_json())
    assert dict(again) == dict(anchors) and len(again) == 3


@pytest.mark.parametrize(
    "stored",
    [
        b"",
        b"{}",
        b"[[0, 0, 0, 0, 0]]",
        b"[[0], [0], [0], [0], [0]]",  # made for other claims: 5 rows expected
        b"[[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 1.5, 0, 0]]",
        b"[[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, -1, 0, 0, 0]]",
        b"[[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 1e999]]",
    ],
)
def test_damaged_json_fills_nothing(anchors: Anchors, stored: bytes) -> None:
    before = dict(anchors)
    assert not anchors.fill_from_json(stored)
    assert dict(anchors) == before
