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

Then **field precision**, the measure that matters for a tool that guesses: the drafter runs with
the ledger's subjects registry (as a curator starting on a new article would have it; no ids or
quotes), and for every candidate overlapping a curated quote, each field it fills in (subject,
attribution, attributed_to, slot, value) is compared with the curated citation of most nearly the
same passage (the highest overlap over union of the two spans):
**kept** when equal (attributed_to case-insensitively, a leading "the" aside), **wrong** otherwise.
A field left as ``FILL-IN`` counts as **left** (neither kept nor wrong): the curator fills it.

--verbose lists the curated quotes no candidate covers and the candidates that overlap nothing,
and every wrong field.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimtrack.articles import Article, ArticleError, parse_article
from claimtrack.draft import Candidate, draft_claims, registry_from_data
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


FIELDS = ("subject", "attribution", "attributed_to", "slot", "value")


def _value(claim: Any) -> Any:
    for name in ("when", "age", "value"):
        found = claim.get(name) if isinstance(claim, dict) else getattr(claim, name)
        if found is not None:
            return str(found)
    return None


def _who(text: str) -> str:
    text = text.casefold().strip()
    return text[4:] if text.startswith("the ") else text


def _date(text: str) -> str:
    """A date value as compared: case and a leading preposition aside ("in 2019" is "2019")."""
    text = text.casefold().strip()
    for word in ("in ", "on ", "since "):
        if text.startswith(word):
            return text[len(word):]
    return text


def field_precision(claims_file: ClaimsFile, seeds: Path) -> tuple[Counter[str], list[str]]:
    """Counts of '<field> filled|kept|left' over every candidate that overlaps a curated quote."""
    subjects = {
        "subjects": {k: {"name": s.name, "aliases": list(s.aliases)}
                     for k, s in claims_file.subjects.items()}
    }
    registry = registry_from_data(subjects)
    counts: Counter[str] = Counter()
    wrong: list[str] = []
    cited = sorted({s.article for c in claims_file.claims for s in c.sources})
    for article_id in cited:
        try:
            article = parse_article(seeds / article_id)
        except ArticleError:
            continue
        meta = claims_file.articles.get(article_id)
        curated = [
            (claim, source, quote_spans(article, source.quote))
            for claim in claims_file.claims for source in claim.sources
            if source.article == article_id
        ]
        for c in draft_claims(article, meta.outlet if meta else None, registry):
            # The curated citation of (most nearly) the same passage: the highest overlap over
            # union of the two spans, so "Aleph, 12" is judged against the claim quoting those
            # words, not a longer quote that contains them.
            best, best_overlap = None, 0.0
            for claim, source, spans in curated:
                for a, b in spans:
                    overlap = min(b, c.end) - max(a, c.start)
                    union = max(b, c.end) - min(a, c.start)
                    if overlap > 0 and overlap / union > best_overlap:
                        best, best_overlap = (claim, source), overlap / union
            if best is None:
                continue
            claim, source = best
            stub = c.claim(article_id)
            got = {
                "subject": stub["subject"], "attribution": stub["sources"][0]["attribution"],
                "attributed_to": stub["sources"][0]["attributed_to"], "slot": stub.get("slot"),
                "value": _value(stub) if stub.get("slot") else None,
            }
            want = {
                "subject": claim.subject, "attribution": source.attribution,
                "attributed_to": source.attributed_to, "slot": claim.slot, "value": _value(claim),
            }
            for name in FIELDS:
                value = got[name]
                if value is None:
                    continue
                if str(value).startswith("FILL-IN"):
                    counts[f"{name} left"] += 1
                    continue
                counts[f"{name} filled"] += 1
                if name == "attributed_to":
                    same = _who(str(value)) == _who(str(want[name]))
                elif name == "value":
                    same = _date(str(value)) == _date(str(want[name]))
                else:
                    same = value == want[name]
                if same:
                    counts[f"{name} kept"] += 1
                else:
                    wrong.append(f"{article_id} line {c.line} {name}: {value!r}, curated "
                                 f"{want[name]!r} ({claim.id})")
    return counts, wrong


def print_precision(counts: Counter[str]) -> None:
    print(f"\n{'field':<14} {'filled':>6} {'kept':>6} {'precision':>9} {'left':>6}")
    totals = [0, 0, 0]
    for name in FIELDS:
        filled, kept, left = (counts[f"{name} {k}"] for k in ("filled", "kept", "left"))
        totals = [totals[0] + filled, totals[1] + kept, totals[2] + left]
        print(f"{name:<14} {filled:>6} {kept:>6} {percent(kept, filled):>9} {left:>6}")
    print(f"{'all fields':<14} {totals[0]:>6} {totals[1]:>6} {percent(totals[1], totals[0]):>9} "
          f"{totals[2]:>6}")
    print("\nfilled: fields draft filled in on candidates overlapping a curated quote; kept: equal "
          "to the curated claim's;\nleft: left as FILL-IN for the curator.")


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
    counts, wrong = field_precision(loaded.claims, args.seeds)
    print_precision(counts)
    if args.verbose:
        print_details(rows)
        print()
        for line in wrong:
            print(f"  wrong   {one_line(line)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
