"""Measure claimtrack.copies.find_copies on the BBC corpus and on the seeds.

Usage: python scripts/eval_copies.py [--corpus DIR] [--seeds DIR] [--threshold T] [--k K]
                                     [--kinds KIND,KIND] [--top N] [--bench N]
                                     [--bench-dir DIR]

--bench N times find_copies on N made-up articles; --bench-dir DIR times it on the .txt files of
DIR, e.g. bench/out/claims-100000/seeds (the 10,000 articles of the synthetic 100k-claim project).

--corpus is the shared corpora directory (holding bbc/ and DUPLICATES.tsv), by default
<repo>/../shared/corpora. Only bbc/ is read (bbc-dated/ is a re-dated copy of bbc/entertainment).
BBC text is read from there and never copied into the repository.

Which DUPLICATES.tsv kinds count as copies (--kinds, default all three):
  exact_duplicate                          the same story published twice: one origin.
  same_headline_different_body             one story revised in place: one origin.
  different_headline_same_first_paragraph  one story re-headlined: one origin.
All three are re-publications of one story by one newsroom, so a claim in both is one origin,
which is exactly what the Independence rule needs to catch.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from claimtrack.copies import (
    DEFAULT_K,
    DEFAULT_THRESHOLD,
    CopyCandidate,
    find_copies,
    find_quote_reuse,
    words,
)

ALL_KINDS = (
    "exact_duplicate",
    "same_headline_different_body",
    "different_headline_same_first_paragraph",
)
REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora"

Pair = tuple[str, str]


def decode(data: bytes) -> str:
    """utf-8, else cp1252, else latin-1 (which never fails)."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_texts(root: Path, base: Path) -> dict[str, str]:
    """Every .txt under ``root``, keyed by its path relative to ``base`` (posix form)."""
    return {
        path.relative_to(base).as_posix(): decode(path.read_bytes())
        for path in sorted(root.rglob("*.txt"))
    }


def pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def read_expected(tsv: Path, kinds: Sequence[str]) -> dict[Pair, str]:
    """Pairs (sorted) from DUPLICATES.tsv rows of the given kinds -> kind."""
    expected: dict[Pair, str] = {}
    lines = tsv.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:  # header: kind, files, headline
        if not line.strip():
            continue
        kind, files, *_ = line.split("\t")
        if kind not in kinds:
            continue
        for a, b in itertools.combinations(files.split(), 2):
            expected[pair(a, b)] = kind
    return expected


def describe(c: CopyCandidate) -> str:
    return (
        f"{c.copy} -> {c.original}  containment={c.containment:.3f} "
        f"resemblance={c.resemblance:.3f} shared={c.shared}"
    )


def eval_seeds(seeds: Path, threshold: float, k: int) -> None:
    texts = read_texts(seeds, seeds)
    print(f"seeds: {len(texts)} files in {seeds}")
    # threshold 0 and min_shared 1: score every pair that shares a single shingle.
    scores = {pair(c.copy, c.original): c for c in find_copies(texts, 0.0, k, min_shared=1)}
    canonical = next(
        (c for p, c in scores.items() if p[0].startswith("001_") and p[1].startswith("003_")),
        None,
    )
    if canonical is None:
        print("  001 vs 003: NOT FOUND (no shared shingles)")
    else:
        status = "found" if canonical.containment >= threshold else "MISSED"
        print(f"  001 vs 003: {status}: {describe(canonical)}")
    others = [c for p, c in scores.items() if (p[0][:4], p[1][:4]) != ("001_", "003_")]
    n_pairs = len(texts) * (len(texts) - 1) // 2 - 1
    if others:
        worst = max(others, key=lambda c: c.containment)
        status = "FLAGGED" if worst.containment >= threshold else "ok"
        print(f"  max over the other {n_pairs} pairs: {status}: {describe(worst)}")
    else:
        print(f"  max over the other {n_pairs} pairs: 0 (no shared shingles)")


def synthetic(texts: Sequence[str], n: int, size: int = 3000) -> dict[str, str]:
    """``n`` made-up articles of about ``size`` bytes, for timing only (never written anywhere).

    Corpus articles are taken two at a time and cut to ``size`` bytes. Each pass over the corpus
    maps every word through its own random permutation of the vocabulary, so passes share no
    wording with each other, while within a pass the corpus's own duplicates and common phrases
    stay as they are.
    """
    rng = random.Random(0)
    tokenised = [words(text) for text in texts]
    vocabulary = sorted({word for tokens in tokenised for word in tokens})
    out: dict[str, str] = {}
    replica = 0
    while len(out) < n:
        shuffled = vocabulary[:]
        rng.shuffle(shuffled)
        mapping = dict(zip(vocabulary, shuffled, strict=True))
        for i in range(0, len(tokenised) - 1, 2):
            body = " ".join(mapping[w] for w in tokenised[i] + tokenised[i + 1])
            out[f"synthetic/{replica}/{i}"] = body[:size]
            if len(out) == n:
                break
        replica += 1
    return out


def bench(texts: dict[str, str], n: int, threshold: float, k: int) -> None:
    articles = synthetic(list(texts.values()), n)
    timed(f"{len(articles)} synthetic articles", articles, threshold, k)


def bench_dir(directory: Path, threshold: float, k: int) -> None:
    articles = read_texts(directory, directory)
    timed(f"{len(articles)} articles in {directory}", articles, threshold, k)


def timed(what: str, articles: dict[str, str], threshold: float, k: int) -> None:
    total = sum(len(text.encode("utf-8")) for text in articles.values())
    before = peak_rss_mib()
    started = time.perf_counter()
    candidates = find_copies(articles, threshold, k)
    seconds = time.perf_counter() - started
    after = peak_rss_mib()
    memory = f", peak RSS {after:.0f} MiB ({before:.0f} before)" if after and before else ""
    print(
        f"bench: {what}, {total / max(1, len(articles)):.0f} bytes on average, "
        f"{len(candidates)} pairs found, seconds: {seconds:.2f}{memory}"
    )


def peak_rss_mib() -> float:
    """The process's peak resident memory so far, in MiB (0.0 where unknown)."""
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)  # bytes on macOS, else KiB


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--k", type=int, default=DEFAULT_K)
    parser.add_argument("--kinds", default=",".join(ALL_KINDS))
    parser.add_argument("--top", type=int, default=10, help="false positives to show")
    parser.add_argument(
        "--bench", type=int, default=0, metavar="N", help="also time N synthetic ~3 KB articles"
    )
    parser.add_argument(
        "--bench-dir", type=Path, metavar="DIR", help="also time the .txt articles in DIR"
    )
    parser.add_argument(
        "--with-quote-reuse", action="store_true",
        help="count strong quote reuse (claimtrack.copies.QuoteReuse.strong) as copies too, as "
        "the origins do, and report precision and recall of the union",
    )  # fmt: skip
    args = parser.parse_args(argv)
    threshold: float = args.threshold
    k: int = args.k
    kinds = [kind.strip() for kind in args.kinds.split(",") if kind.strip()]

    print(f"threshold={threshold} k={k}")
    if args.seeds.is_dir():
        eval_seeds(args.seeds, threshold, k)
    else:
        print(f"seeds: skipped: {args.seeds} not present")

    corpus: Path = args.corpus
    bbc = corpus / "bbc"
    tsv = corpus / "DUPLICATES.tsv"
    if not bbc.is_dir() or not tsv.is_file():
        print("skipped: corpus not present")
        if args.bench_dir:
            bench_dir(args.bench_dir, threshold, k)
        return 0

    texts = read_texts(bbc, corpus)
    expected = read_expected(tsv, kinds)
    started = time.perf_counter()
    candidates = find_copies(texts, threshold, k)
    seconds = time.perf_counter() - started
    found = {pair(c.copy, c.original): c for c in candidates}
    if args.with_quote_reuse:
        started = time.perf_counter()
        reuse = find_quote_reuse(texts)
        reuse_seconds = time.perf_counter() - started
        strong = [r for r in reuse if r.strong]
        added = [r for r in strong if pair(r.a, r.b) not in found]
        print(f"quote reuse: {len(reuse)} pairs share a quotation, {len(strong)} strong, "
              f"{len(added)} not already near-duplicates; seconds: {reuse_seconds:.2f}")  # fmt: skip
        for r in added:
            hit = "expected" if pair(r.a, r.b) in expected else "NOT in DUPLICATES.tsv"
            print(f"  added {r.a} {r.b} shared={len(r.quotes)} share={r.share} ({hit})")
            found[pair(r.a, r.b)] = CopyCandidate(r.b, r.a, 0.0, 0.0, len(r.quotes))
    true_pos = found.keys() & expected.keys()
    precision = len(true_pos) / len(found) if found else 1.0
    recall = len(true_pos) / len(expected) if expected else 1.0

    print(f"corpus: {bbc}")
    print(f"kinds counted as copies: {', '.join(kinds)}")
    print(f"files: {len(texts)}")
    print(f"pairs expected: {len(expected)}")
    print(f"pairs found: {len(found)}")
    print(f"true positives: {len(true_pos)}")
    print(f"precision: {precision:.3f}")
    print(f"recall: {recall:.3f}")
    print(f"seconds: {seconds:.2f} (find_copies only)")
    for kind in kinds:
        of_kind = [p for p, kd in expected.items() if kd == kind]
        hit = sum(1 for p in of_kind if p in found)
        print(f"  recall {kind}: {hit}/{len(of_kind)}")

    missed = sorted(p for p in expected if p not in found)
    print(f"missed pairs: {len(missed)}")
    if missed:
        # Score the missed pairs on their own so a human can see how far below they fell.
        for a, b in missed:
            scored = find_copies({a: texts[a], b: texts[b]}, 0.0, k, min_shared=1)
            score = describe(scored[0]) if scored else "no shared shingles"
            print(f"  [{expected[(a, b)]}] {a} {b}: {score}")
    false_pos = sorted(
        (c for p, c in found.items() if p not in expected),
        key=lambda c: (-c.containment, c.copy, c.original),
    )
    print(
        f"false positives: {len(false_pos)} (top {min(args.top, len(false_pos))}; not listed in "
        "DUPLICATES.tsv, which may have missed them: judge by reading)"
    )
    for c in false_pos[: args.top]:
        print(f"  {describe(c)}")
    if args.bench:
        bench(texts, args.bench, threshold, k)
    if args.bench_dir:
        bench_dir(args.bench_dir, threshold, k)
    return 0


if __name__ == "__main__":
    sys.exit(main())
