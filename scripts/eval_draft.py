"""Measure ``claimtrack draft`` (claimtrack.draft.draft_claims) on the seeds against the ledger.

Usage: python scripts/eval_draft.py [--data FILE] [--seeds DIR] [--verbose]

For every article the curated ledger cites, the drafter runs as if the article were new (with the
outlet from the ledger's article metadata, if any) and its candidates are compared with the
curated citations of that article, by character span in the article:

- a curated quote is *covered* when some candidate's quote overlaps it (the curated quote is
  located with claimtrack.text.normalise/fold, as ``claimtrack check`` locates it; every
  occurrence counts; a candidate's span is the one it reports, which is exact);
- **coverage** = covered curated quotes / curated quotes (each (claim, source) pair once);
- **precision** (a proxy) = candidates overlapping at least one curated quote / candidates: the
  ledger is meant to hold every factual claim of the seeds, so a candidate that overlaps nothing
  curated is probably noise;
- **inside** (stricter) = curated quotes lying wholly inside one candidate's quote: the curator
  only has to trim the candidate;
- **cand/claim** = candidates / distinct curated claims citing the article;
- **attr** = of the covered quotes, the share where an overlapping candidate guessed the curated
  attribution (named_outlet / anonymous_insider / direct_quote).

--verbose lists the curated quotes no candidate covers and the candidates that overlap nothing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack.articles import Article, ArticleError, parse_article
from claimtrack.draft import Candidate, draft_claims
from claimtrack.loader import load_claims
from claimtrack.models import ClaimsFile
from claimtrack.text import fold, normalise, one_line

Span = tuple[int, int]


@dataclass
class Curated:
    claim: str
    attribution: str
    quote: str
    spans: list[Span]


@dataclass
class Row:
    article: str
    claims: int
    curated: list[Curated]
    candidates: list[Candidate]
    covered: list[bool] = field(default_factory=list)
    inside: list[bool] = field(default_factory=list)
    attribution_ok: list[bool] = field(default_factory=list)
    useful: list[bool] = field(default_factory=list)


def quote_spans(article: Article, quote: str, limit: int = 10) -> list[Span]:
    """Every place the quote occurs in the article, as check finds it (whitespace, quotes and
    dashes folded), mapped back to offsets in the article's text."""
    norm = normalise(article.text)
    needle = fold(quote)
    if not needle:
        return []
    spans = []
    for start in norm.find_all(needle, limit=limit):
        first = norm.to_original(start)
        last = norm.to_original(start + len(needle) - 1)
        spans.append((first, last + 1))
    return spans


def overlaps(a: Span, b: Span) -> bool:
    """Two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def evaluate(claims_file: ClaimsFile, seeds: Path) -> list[Row]:
    rows: list[Row] = []
    cited = sorted({s.article for c in claims_file.claims for s in c.sources})
    for article_id in cited:
        try:
            article = parse_article(seeds / article_id)
        except ArticleError as exc:
            print(f"eval_draft: skipping {article_id}: {exc}", file=sys.stderr)
            continue
        meta = claims_file.articles.get(article_id)
        candidates = draft_claims(article, meta.outlet if meta else None)
        for c in candidates:
            assert article.text[c.start : c.end] == c.quote, f"{article_id}: inexact {c.id}"
        curated = [
            Curated(claim.id, source.attribution, source.quote, quote_spans(article, source.quote))
            for claim in claims_file.claims
            for source in claim.sources
            if source.article == article_id
        ]
        row = Row(
            article_id,
            len({cur.claim for cur in curated}),
            curated,
            candidates,
        )
        for cur in curated:
            hits = [c for c in candidates if any(overlaps((c.start, c.end), s) for s in cur.spans)]
            row.covered.append(bool(hits))
            row.inside.append(
                any(c.start <= s[0] and s[1] <= c.end for c in candidates for s in cur.spans)
            )
            if hits:
                row.attribution_ok.append(any(c.attribution == cur.attribution for c in hits))
        for c in candidates:
            row.useful.append(
                any(overlaps((c.start, c.end), s) for cur in curated for s in cur.spans)
            )
        rows.append(row)
    return rows


def percent(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    -"


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'article':<26} {'claims':>6} {'quotes':>6} {'cands':>5} {'covered':>7} "
        f"{'coverage':>8} {'inside':>6} {'useful':>6} {'precision':>9} {'cand/claim':>10} "
        f"{'attr':>6}"
    )
    print(header)
    print("-" * len(header))
    totals = [0] * 8

    def line(name: str, counts: list[int]) -> str:
        claims, quotes, cands, covered, inside, useful, attr_ok, attr_n = counts
        return (
            f"{name:<26} {claims:>6} {quotes:>6} {cands:>5} {covered:>7} "
            f"{percent(covered, quotes):>8} {percent(inside, quotes):>6} {useful:>6} "
            f"{percent(useful, cands):>9} {cands / claims if claims else 0:>10.2f} "
            f"{percent(attr_ok, attr_n):>6}"
        )

    for row in rows:
        counts = [
            row.claims, len(row.curated), len(row.candidates), sum(row.covered), sum(row.inside),
            sum(row.useful), sum(row.attribution_ok), len(row.attribution_ok),
        ]
        print(line(row.article, counts))
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
    print("-" * len(header))
    print(line("total", totals))
    print(
        "\nclaims: curated claims citing the article (a claim cited by several articles counts "
        "in each);\nquotes: curated (claim, source) quotes; coverage: quotes overlapped by a "
        "candidate;\ninside: quotes wholly inside one candidate; precision: candidates overlapping a curated quote; attr: covered quotes "
        "whose attribution was guessed right."
    )


def print_details(rows: list[Row]) -> None:
    for row in rows:
        missed = [cur for cur, ok in zip(row.curated, row.covered, strict=True) if not ok]
        noise = [c for c, ok in zip(row.candidates, row.useful, strict=True) if not ok]
        if not missed and not noise:
            continue
        print(f"\n== {row.article}")
        for cur in missed:
            where = f"@{cur.spans[0][0]}" if cur.spans else "(not found)"
            print(f"  missed  {cur.claim} {where}: {one_line(cur.quote)}")
        for c in noise:
            print(f"  noise   line {c.line} [{','.join(c.cues)}]: {one_line(c.quote)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    repo = Path(__file__).resolve().parent.parent
    parser.add_argument("--data", type=Path, default=repo / "data" / "claims.yaml")
    parser.add_argument("--seeds", type=Path, default=repo / "seeds")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    loaded = load_claims(args.data)
    if loaded.claims is None:
        for problem in loaded.problems:
            print(problem, file=sys.stderr)
        return 2
    rows = evaluate(loaded.claims, args.seeds)
    print_table(rows)
    if args.verbose:
        print_details(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
