"""Citations that reuse one quote are one origin: found without comparing every pair of quotes
(a value thousands of claims share made that quadratic), and exactly as every pair would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.resolve import _same_words, _shared_quotes


def _groups(n: int, pairs: list[tuple[int, int]]) -> set[frozenset[int]]:
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in pairs:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    found: dict[int, set[int]] = {}
    for i in range(n):
        found.setdefault(find(i), set()).add(i)
    return {frozenset(g) for g in found.values()}


def _every_pair(quotes: list[str]) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(quotes)) for j in range(i) if _same_words(quotes[i], quotes[j])]


# Few words, so that quotes often hold one another; pieces of words and doubled spaces too.
_WORD = st.sampled_from(["they", "split", "in", "may", "ay", "the", "house", "ouse", "", "sold"])
_QUOTE = st.lists(_WORD, min_size=0, max_size=9).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(_QUOTE, max_size=14), st.data())
def test_the_same_groups_as_every_pair(quotes: list[str], data: st.DataObject) -> None:
    # quotes cut out of one another, as copies shorten a sentence
    for _ in range(data.draw(st.integers(0, 4))):
        if quotes:
            whole = data.draw(st.sampled_from(quotes))
            a = data.draw(st.integers(0, len(whole)))
            b = data.draw(st.integers(a, len(whole)))
            quotes.append(whole[a:b])
    assert _groups(len(quotes), list(_shared_quotes(quotes))) == _groups(
        len(quotes), _every_pair(quotes)
    )


def test_a_quote_inside_a_longer_one_starting_mid_word() -> None:
    quotes = [
        "an insider said they split in may after the house sold",
        "nsider said they split in may",  # starts and ends inside words: still the same words
        "they split in may",  # four words: too common to tell
        "they split in may",
        "the house was sold in may of that year",
        "insider said they split in may",
    ]
    assert _groups(6, list(_shared_quotes(quotes))) == {
        frozenset({0, 1, 5}), frozenset({2}), frozenset({3}), frozenset({4})
    } == _groups(6, _every_pair(quotes))
