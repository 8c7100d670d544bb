"""Plain values read as numbers: the issue's examples, and properties of the ranges."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack.numbers import Quantity, compatible_units, parse_quantity


def q(text: str, unit: str | None = None) -> Quantity:
    found = parse_quantity(text, unit)
    assert found is not None, text
    return found


def agree(a: str, b: str) -> bool:
    qa, qb = q(a), q(b)
    assert compatible_units(qa, qb), (a, b)
    return qa.overlaps(qb) and qb.overlaps(qa)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("$60 million", "more than $60 million"),
        ("$60 million", "$60,850,000"),
        ("more than $60 million", "$60,850,000"),
        ("$20 million", "$20.5 million"),
        ("two children", "2"),
        ("about 20", "21"),
        ("nearly 20", "19"),
        ("at least 5", "5"),
        ("up to 3", "3"),
        ("eleven years", "11 years"),
        ("$1.2bn", "$1,200,000,000"),
        ("a million dollars", "$1 million"),
        ("€5m", "EUR 5 million"),
    ],
)
def test_values_that_agree(a: str, b: str) -> None:
    assert agree(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("$20 million", "$35 million"),
        ("two children", "3"),
        ("$60 million", "$70 million"),  # a rounding is half-open: 65 million is 70's
        ("more than $60 million", "$50 million"),
        ("fewer than 3", "3"),
        ("nearly 20", "20"),
        ("12", "13"),
    ],
)
def test_values_that_conflict(a: str, b: str) -> None:
    assert not agree(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("$5 million", "£5 million"), ("11 years", "11 months"), ("40%", "40"), ("$3", "3")],
)
def test_different_units_do_not_compare(a: str, b: str) -> None:
    assert not compatible_units(q(a), q(b))


@pytest.mark.parametrize("text", ["Paris", "two or three", "France", "", "  ", "11 years or so"])
def test_what_is_not_a_number_is_text(text: str) -> None:
    assert parse_quantity(text) is None


def test_precision_follows_the_writing() -> None:
    assert (q("$60 million").low, q("$60 million").high) == (55_000_000, 65_000_000)
    assert (q("$20.5 million").low, q("$20.5 million").high) == (20_450_000, 20_550_000)
    assert (q("$60,850,000").low, q("$60,850,000").high) == (60_845_000, 60_855_000)
    three = q("3")
    assert three.low == three.high == 3 and three.low_closed and three.high_closed
    assert q("two children").noun == "child" and q("3 children").noun == "child"
    more = q("more than $60 million")
    assert more.low == 60_000_000 and not more.low_closed and more.high is None


def test_a_declared_unit_applies_to_a_bare_number() -> None:
    assert q("20 million", "USD").currency == "USD"
    assert q("3", "children").noun == "child"
    assert q("£3", "USD").currency == "GBP"  # the value's own currency wins (check flags it)


@given(st.integers(0, 10**12))
def test_every_written_integer_contains_itself(n: int) -> None:
    for text in (str(n), f"{n:,}", f"${n:,}"):
        found = q(text)
        assert found.low is not None and found.high is not None
        assert found.low <= n and (n < found.high or (n == found.high and found.high_closed))


@given(st.integers(1, 999), st.sampled_from(["thousand", "million", "billion"]))
def test_a_scaled_number_contains_its_exact_value(n: int, scale: str) -> None:
    factor = {"thousand": 10**3, "million": 10**6, "billion": 10**9}[scale]
    rounded = q(f"${n} {scale}")
    assert rounded.overlaps(q(f"${n * factor:,}"))
    assert rounded.overlaps(q(f"more than ${n} {scale}"))
    assert not rounded.overlaps(q(f"${n * 3 + 2} {scale}"))  # a rounding is at most n/2 wide


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_overlap_is_symmetric(a: int, b: int) -> None:
    for x, y in ((q(str(a)), q(str(b))), (q(f"about {a}"), q(f"at least {b}"))):
        assert x.overlaps(y) == y.overlaps(x)
    assert q(str(a)).overlaps(q(str(b))) == (a == b or ((a >= 1000 or b >= 1000) and _near(a, b)))


def _near(a: int, b: int) -> bool:
    """Both readings as ranges (numbers of 1,000 or more are rounded at their last non-zero
    digit): do they meet?"""

    def span(n: int) -> tuple[Fraction, Fraction, bool]:
        text = str(n)
        stripped = text.rstrip("0")
        if n < 1000 or len(stripped) == len(text) or not stripped:
            return Fraction(n), Fraction(n), True
        half = Fraction(10 ** (len(text) - len(stripped))) / 2
        return n - half, n + half, False

    (la, ha, ca), (lb, hb, cb) = span(a), span(b)
    lo, hi = max(la, lb), min(ha, hb)
    return lo < hi or (lo == hi and ca and cb)
