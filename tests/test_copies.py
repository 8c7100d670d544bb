"""Tests for claimtrack.copies: finding articles that copy (rewrite) another."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import subprocess
import sys
import unicodedata
import zlib
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack import copies
from claimtrack.copies import (
    DEFAULT_THRESHOLD,
    CopyCandidate,
    containment,
    find_copies,
    resemblance,
    shingles,
    words,
)
from claimtrack.text import FOLD_PAIRS, fold_chars

SEEDS = Path(__file__).parent.parent / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "copies"


def read_dir(directory: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.txt"))}


def seed_id(texts: dict[str, str], number: str) -> str:
    (name,) = (name for name in texts if name.startswith(f"{number}_"))
    return name


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    texts = read_dir(SEEDS)
    assert len(texts) >= 4, f"expected the seed articles in {SEEDS}"
    return texts


@pytest.fixture(scope="module")
def fixtures() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in FIXTURES.glob("*.txt")}


# --- the seeds ------------------------------------------------------------------------------


def test_seed_001_and_003_are_the_only_copy_pair(seeds: dict[str, str]) -> None:
    found = find_copies(seeds)
    assert len(found) == 1, found
    (candidate,) = found
    assert {candidate.copy, candidate.original} == {seed_id(seeds, "001"), seed_id(seeds, "003")}
    # A rewrite, not a duplicate: well above the threshold, well below 1.
    assert 0.3 <= candidate.containment <= 0.6
    assert candidate.shared >= 100


def test_seed_pair_is_found_whichever_way_round(seeds: dict[str, str]) -> None:
    # Text alone cannot tell which of two near-duplicates is the rewrite (001 rewrites 003 but is
    # the longer text, with credits and an embed); direction comes from curated copy_of, and a
    # suspected pair only joins the two articles into one origin.
    (candidate,) = find_copies(seeds)
    assert {candidate.copy, candidate.original} == {seed_id(seeds, "001"), seed_id(seeds, "003")}


def test_seed_001_003_both_directions_clear_the_threshold(seeds: dict[str, str]) -> None:
    a = shingles(seeds[seed_id(seeds, "001")])
    b = shingles(seeds[seed_id(seeds, "003")])
    assert containment(a, b) >= DEFAULT_THRESHOLD + 0.05
    assert containment(b, a) >= DEFAULT_THRESHOLD + 0.05


def test_other_seed_pairs_are_far_below_the_threshold(seeds: dict[str, str]) -> None:
    canonical = {seed_id(seeds, "001"), seed_id(seeds, "003")}
    sets = {name: shingles(text) for name, text in seeds.items()}
    others = [
        max(containment(sets[a], sets[b]), containment(sets[b], sets[a]))
        for a, b in itertools.combinations(sorted(sets), 2)
        if {a, b} != canonical
    ]
    assert len(others) == len(seeds) * (len(seeds) - 1) // 2 - 1
    assert max(others) < DEFAULT_THRESHOLD / 5


# --- own fixtures ---------------------------------------------------------------------------


def test_shortened_rewrite_is_found_as_the_copy(fixtures: dict[str, str]) -> None:
    found = find_copies(fixtures)
    assert [(c.copy, c.original) for c in found] == [("rewrite", "original")]
    (candidate,) = found
    expected = containment(shingles(fixtures["rewrite"]), shingles(fixtures["original"]))
    assert candidate.containment == round(expected, 3)
    assert candidate.containment >= 0.4
    assert candidate.resemblance == round(
        resemblance(shingles(fixtures["rewrite"]), shingles(fixtures["original"])), 3
    )


def test_unrelated_text_is_not_paired(fixtures: dict[str, str]) -> None:
    found = find_copies(fixtures, threshold=0.05, min_shared=1)
    assert all("unrelated" not in (c.copy, c.original) for c in found)


def test_exact_duplicate(fixtures: dict[str, str]) -> None:
    texts = {"b-dup": fixtures["original"], "a-orig": fixtures["original"]}
    assert find_copies(texts) == [
        CopyCandidate(
            copy="a-orig",  # a full tie: the smaller id is named the copy
            original="b-dup",
            containment=1.0,
            resemblance=1.0,
            shared=len(shingles(fixtures["original"])),
        )
    ]


def test_typographic_and_ascii_punctuation_give_the_same_shingles() -> None:
    curly = "Portman’s “Black Swan” co-star said—quietly—that she ‘didn’t know’."
    plain = "Portman's \"Black Swan\" co-star said - quietly - that she 'didn't know'."
    assert words(curly) == words(plain)
    assert words(plain) == [
        "portmans", "black", "swan", "co", "star", "said", "quietly", "that", "she", "didnt", "know"
    ]  # fmt: skip
    assert shingles(curly) == shingles(plain)


def test_case_and_whitespace_do_not_matter() -> None:
    assert shingles("The  Quick\nbrown FOX jumps\tover") == shingles(
        "the quick brown fox jumps over"
    )


def test_ascii_fast_path_agrees_with_the_unicode_path() -> None:
    # Every ASCII character between words; the trailing "é" sends the text down the regex path.
    ascii_text = " ".join(f"w{code}{chr(code)}x" for code in range(128))
    assert words(ascii_text + " é")[:-1] == words(ascii_text)
    assert words(ascii_text + " é")[-1] == "é"


def test_non_ascii_text() -> None:
    assert words("Camille Étienne paid £100,000\u00a0in CAFÉ fees") == [
        "camille", "étienne", "paid", "100", "000", "in", "café", "fees"
    ]  # fmt: skip


# --- determinism ----------------------------------------------------------------------------


def test_shingle_hash_is_crc32_of_the_normalised_words() -> None:
    assert shingles("One, two; THREE four five!") == frozenset(
        {zlib.crc32(b"one two three four five")}
    )
    assert shingles("a b c d e f", k=3) == frozenset(
        zlib.crc32(s) for s in (b"a b c", b"b c d", b"c d e", b"d e f")
    )


def test_same_result_twice_and_independent_of_insertion_order(
    seeds: dict[str, str], fixtures: dict[str, str]
) -> None:
    texts = {**seeds, **fixtures, "dup": fixtures["original"], "dup2": fixtures["rewrite"]}
    first = find_copies(texts)
    assert find_copies(texts) == first
    items = list(texts.items())
    random.Random(7).shuffle(items)
    assert find_copies(dict(items)) == first
    assert first == sorted(first, key=lambda c: (-c.containment, c.copy, c.original))


def test_same_result_across_processes_with_different_hash_seeds() -> None:
    script = (
        "import json, sys; from pathlib import Path; from claimtrack.copies import find_copies;"
        "texts = {p.name: p.read_text(encoding='utf-8') for p in Path(sys.argv[1]).glob('*.txt')};"
        "print(json.dumps([[c.copy, c.original, c.containment, c.resemblance, c.shared]"
        " for c in find_copies(texts, 0.0, min_shared=1)]))"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", script, str(SEEDS)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) >= 1


# --- boilerplate ----------------------------------------------------------------------------

BOILERPLATE = (
    "Sign up for our morning newsletter and get the best of the day's news delivered to your "
    "inbox. We use cookies to improve your experience on our site; by continuing to browse you "
    "agree to our use of cookies. Follow us on social media for breaking news, and share this "
    "article with your friends. Copyright 2024 Dunmore Evening Post. All rights reserved."
)


def body(seed: int, n_words: int = 60) -> str:
    vocabulary = [
        "council", "bridge", "harbour", "traffic", "library", "school", "police", "fire",
        "river", "market", "minister", "budget", "station", "hospital", "road", "rail",
        "festival", "court", "mayor", "street", "village", "museum", "park", "summer",
        "winter", "night", "morning", "week", "month", "year", "report", "plan", "vote",
        "election", "money", "jobs", "homes", "water", "power", "health", "team", "club",
    ]  # fmt: skip
    rng = random.Random(seed)
    return " ".join(rng.choice(vocabulary) for _ in range(n_words))


def test_boilerplate_heavy_texts_do_not_all_pair_up() -> None:
    # 60 articles: a short unique body each, and a longer block of boilerplate shared by all.
    texts = {f"article-{i:02d}": f"{body(i)}\n\n{BOILERPLATE}" for i in range(60)}
    # The boilerplate alone would make every pair a "copy"...
    assert containment(shingles(texts["article-00"]), shingles(texts["article-01"])) > 0.4
    # ... but it is in more than max_df (50) articles, so it is ignored.
    assert find_copies(texts) == []


def test_boilerplate_does_not_hide_a_real_copy() -> None:
    texts = {f"article-{i:02d}": f"{body(i)}\n\n{BOILERPLATE}" for i in range(60)}
    texts["article-copy"] = f"{body(5)}\n\n{BOILERPLATE}"
    found = find_copies(texts)
    assert [(c.copy, c.original) for c in found] == [("article-05", "article-copy")]
    # Scored without the boilerplate: the body, and the k - 1 = 4 shingles that straddle the
    # body and the boilerplate.
    assert found[0].containment == 1.0
    assert found[0].shared == len(shingles(body(5))) + 4


def test_max_df_is_a_parameter() -> None:
    texts = {f"article-{i}": f"{body(i)}\n\n{BOILERPLATE}" for i in range(6)}
    assert len(find_copies(texts)) == 15  # 6 articles, 15 pairs: the boilerplate counts
    assert find_copies(texts, max_df=5) == []


# --- empty and small inputs -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t ", "—“”’!?", "only four words here"])
def test_texts_without_shingles(text: str) -> None:
    assert shingles(text) == frozenset()
    assert containment(shingles(text), shingles("only four words here, and more")) == 0.0


def test_empty_inputs() -> None:
    assert containment(frozenset(), frozenset()) == 0.0
    assert containment(frozenset(), frozenset({1})) == 0.0
    assert resemblance(frozenset(), frozenset()) == 0.0
    assert find_copies({}) == []
    assert find_copies({"a": ""}) == []
    assert find_copies({"a": "", "b": "", "c": "   "}) == []
    assert find_copies({"a": "", "b": "one two three four five six seven"}) == []


def test_containment_is_directional() -> None:
    small = frozenset({1, 2})
    big = frozenset({1, 2, 3, 4})
    assert containment(small, big) == 1.0
    assert containment(big, small) == 0.5
    assert resemblance(small, big) == 0.5


def test_min_shared_filters_tiny_overlaps() -> None:
    texts = {"a": "one two three four five six", "b": "one two three four five six"}
    assert find_copies(texts) == []  # 2 shared shingles < min_shared 5
    (candidate,) = find_copies(texts, min_shared=2)
    assert candidate.containment == 1.0


@pytest.mark.parametrize(
    "kwargs",
    [{"threshold": -0.1}, {"threshold": 1.5}, {"k": 0}, {"max_df": 1}, {"min_shared": 0}],
)
def test_bad_parameters(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        find_copies({"a": "x"}, **kwargs)  # type: ignore[arg-type]


# --- the fast paths agree with the straightforward method -----------------------------------
#
# find_copies counts in ranges of hash values, walks only the rarest shingles of each article
# (prefix filtering) and tokenises mostly-ASCII text without casefold. These tests hold each of
# those to a plain implementation of the documented method.


def reference_word_bytes(text: str) -> list[bytes]:
    """The documented normalisation, done the plain way."""
    folded = fold_chars(unicodedata.normalize("NFKC", text).casefold()).replace("'", "")
    return re.sub(r"[\W_]+", " ", folded).encode("utf-8").split()


def reference_copies(
    texts: dict[str, str], threshold: float, k: int, max_df: int, min_shared: int
) -> list[CopyCandidate]:
    """Every pair compared with set operations: the documented method, without an index."""
    sets = {doc_id: shingles(text, k) for doc_id, text in texts.items()}
    frequency = Counter(h for doc_shingles in sets.values() for h in doc_shingles)
    boilerplate = {h for h, count in frequency.items() if count > max_df}
    scored = {doc_id: doc_shingles - boilerplate for doc_id, doc_shingles in sets.items()}
    found = []
    for a, b in itertools.combinations(sorted(texts), 2):
        count = len(scored[a] & scored[b])
        if count < min_shared:
            continue
        in_a, in_b = count / len(scored[a]), count / len(scored[b])
        if max(in_a, in_b) < threshold:
            continue
        copy, original, score = (a, b, in_a) if in_a >= in_b else (b, a, in_b)
        union = len(scored[a] | scored[b])
        found.append(CopyCandidate(copy, original, round(score, 3), round(count / union, 3), count))
    return sorted(found, key=lambda c: (-c.containment, c.copy, c.original))


def random_corpus(seed: int) -> dict[str, str]:
    """Articles from a small vocabulary: rewrites of each other, shared boilerplate, noise."""
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(rng.choice([3, 12, 40, 200]))]
    boilerplate = [rng.choice(vocabulary) for _ in range(rng.randrange(0, 30))]
    texts: dict[str, str] = {}
    for number in range(rng.randrange(1, 25)):
        if texts and rng.random() < 0.5:  # a rewrite: part of another article, words added
            source = rng.choice(list(texts.values())).split()
            start = rng.randrange(len(source) + 1)
            body = source[start : start + rng.randrange(len(source) + 1)]
            for _ in range(rng.randrange(0, 1 + len(body) // 4)):
                body.insert(rng.randrange(len(body) + 1), rng.choice(vocabulary))
        else:
            body = [rng.choice(vocabulary) for _ in range(rng.randrange(0, 160))]
        if rng.random() < 0.4:
            body += boilerplate
        texts[f"doc-{number:02d}"] = " ".join(body)
    return texts


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    threshold=st.sampled_from([0.0, 0.05, 0.25, 0.5, 0.9, 1.0]),
    k=st.integers(1, 6),
    max_df=st.integers(2, 8),
    min_shared=st.integers(1, 8),
)
def test_find_copies_agrees_with_comparing_every_pair(
    seed: int, threshold: float, k: int, max_df: int, min_shared: int
) -> None:
    texts = random_corpus(seed)
    expected = reference_copies(texts, threshold, k, max_df, min_shared)
    assert find_copies(texts, threshold, k, max_df=max_df, min_shared=min_shared) == expected
    # The same when counting in ranges of hash values, as at newsroom scale.
    for partitions in (2, 16):
        with mock.patch.object(copies, "_partition_count", return_value=partitions):
            found = find_copies(texts, threshold, k, max_df=max_df, min_shared=min_shared)
        assert found == expected, partitions


def test_prefix_filtering_finds_every_pair_of_a_large_corpus() -> None:
    # Rewrites of many lengths under a default threshold: most pairs are found from a few rare
    # shingles and counted exactly afterwards, the small ones by walking every posting.
    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(300)]
    originals = [" ".join(rng.choices(vocabulary, k=rng.randrange(20, 400))) for _ in range(40)]
    texts = {f"original-{i}": text for i, text in enumerate(originals)}
    for i in range(80):
        source = rng.choice(originals).split()
        keep = source[: rng.randrange(len(source) // 5, len(source) + 1)]
        texts[f"rewrite-{i}"] = " ".join(keep + rng.choices(vocabulary, k=rng.randrange(0, 200)))
    expected = reference_copies(texts, DEFAULT_THRESHOLD, 5, 50, 5)
    assert len(expected) > 40
    assert find_copies(texts) == expected


@settings(max_examples=300, deadline=None)
@given(
    tokens=st.lists(
        st.sampled_from([b"a", b"bb", b"w1", b"\xc3\xa9t\xc3\xa9", b"x" * 30]), max_size=60
    ),
    k=st.integers(1, 40),
)
def test_shingles_cut_in_bulk_are_the_joined_windows(tokens: list[bytes], k: int) -> None:
    windows = zip(*(tokens[i:] for i in range(k)), strict=False)
    assert copies._hashes(tokens, k) == {zlib.crc32(b" ".join(window)) for window in windows}


def test_control_characters_between_words_cannot_cut_shingles_short() -> None:
    # Shingles are cut out of a string whose words are joined with control characters (marks);
    # the ones in a text are word breaks and never reach it.
    body = " ".join(f"w{i % 7}" for i in range(60))
    texts = {
        "plain": body,
        "controls": "".join(f"{word}{chr(i % 32)}" for i, word in enumerate(body.split())),
        "unicode": "é " + "\x01\x02".join(body.split()),
    }
    expected = reference_copies(texts, 0.0, 5, 50, 1)
    assert [c.containment for c in expected] == [1.0, 1.0, 1.0]
    assert find_copies(texts, 0.0, min_shared=1) == expected


@pytest.mark.parametrize("size", [1, 2, 3, 7, 10, 99, 100, 101, 1000, 4095, 12345])
@pytest.mark.parametrize("threshold", [0.0, 0.1, 0.25, 0.3, 1 / 3, 0.7, 0.99, 1.0])
@pytest.mark.parametrize("min_shared", [1, 5, 50])
def test_least_count_is_the_first_count_that_scores(
    size: int, threshold: float, min_shared: int
) -> None:
    least = copies._least_count(size, threshold, min_shared)
    first = next(c for c in itertools.count(min_shared) if c / size >= threshold)
    assert least == first


def test_partitions_only_at_newsroom_scale() -> None:
    megabyte = "x" * 1_000_000

    def corpus(megabytes: int) -> dict[str, str]:
        return {f"article-{i}": megabyte for i in range(megabytes)}

    assert copies._partition_count(corpus(5)) == 1  # the BBC corpus
    assert copies._partition_count(corpus(31)) == 16  # 10,000 synthetic articles
    assert copies._partition_count(corpus(10_000)) == copies._MAX_PARTITIONS


# Every character the folds touch, some that NFKC or casefold change, and some that neither do.
TRICKY = "".join(char for char, _ in FOLD_PAIRS) + "éÉßﬁＡ１½\u0301\u00b7£€…İΣς\u200b_"


def test_fold_first_skips_exactly_the_characters_whose_nfkc_form_folds_differently() -> None:
    assert set(copies._FOLD_FIRST_UNSAFE) == {"\u00b4", "\u2033"}  # "´" and "″"


def test_tokenising_agrees_with_the_plain_method_on_every_pair_of_characters() -> None:
    # NFKC can compose or reorder neighbouring characters, so a character-by-character argument
    # is not enough: every ordered pair, with letters on either side.
    alphabet = [chr(code) for code in range(128)] + list(TRICKY)
    for first in alphabet:
        for second in alphabet:
            text = f"a{first}{second}b"
            assert copies._word_bytes(text) == reference_word_bytes(text), repr(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"aZ0 '-.\n\t`", *TRICKY]), max_size=40))
def test_tokenising_agrees_with_the_plain_method(text: str) -> None:
    assert copies._word_bytes(text) == reference_word_bytes(text)


# --- quote reuse ----------------------------------------------------------------------------


def test_quote_reuse_links_rewrites_by_their_verbatim_quotes() -> None:
    from claimtrack.copies import find_quote_reuse, quotations

    said = [
        '"We will always be a family, whatever happens next," she said.',
        'He added: "Nobody told the staff until the very last minute."',
        '"The kitchen was the only place I ever felt calm," the chef recalled.',
    ]
    original = "Ivy Marsh left the band this week.\n" + "\n".join(said) + "\nShort: \"ok then\".\n"
    rewrite = "In a surprise move, the singer has quit.\n" + "\n".join(reversed(said)) + "\n"
    other = 'A different story. "We will always be a family, whatever happens next," a fan wrote.\n'
    assert list(quotations(original).values()) == [
        "We will always be a family, whatever happens next,",
        "Nobody told the staff until the very last minute.",
        "The kitchen was the only place I ever felt calm,",
    ]  # "ok then" is too short to tell
    found = {(r.a, r.b): r for r in find_quote_reuse({"a": original, "b": rewrite, "c": other})}
    assert sorted(found) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert (len(found["a", "b"].quotes), found["a", "b"].share, found["a", "b"].strong) == (3, 1.0, True)
    assert found["a", "b"].quotes[0].startswith("We will always")  # in the order of a
    assert (len(found["a", "c"].quotes), found["a", "c"].strong) == (1, False)
