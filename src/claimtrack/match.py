"""``claimtrack match``: what a new article repeats of the ledger.

Tabloids rewrite each other, so most of a new article's claims are already in the ledger. For
every claim, each of its quotes is looked for in the new article as ``check`` looks for a quote
(whitespace, quotes, apostrophes and dashes folded): found, the claim gains the new article as a
source, quoted in the new article's own words. A quote not found whose words mostly appear in one
sentence of the article is offered as a *suggestion* (the sentence, for the curator to trim),
never written on its own.

The attribution of a proposed source comes from what the drafter reads around the passage in the
new article when it is sure, else it is left to fill (``FILL-IN``): the new article may credit a
different source than the article the claim came from.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from claimtrack.articles import Article
from claimtrack.models import PLACEHOLDER
from claimtrack.text import fold, normalise

__all__ = ["Match", "find_matches"]

Span = tuple[int, int]

CLOSE_RATIO = 0.75
"""How alike (difflib's ratio, folded text) a passage must be to a quote to be suggested."""
_MIN_CLOSE_WORDS = 5
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Match:
    """One claim of the ledger that the new article repeats."""

    claim: str
    """The claim's id."""
    kind: Literal["exact", "close"]
    start: int
    end: int
    """Where in the new article's text (the quote is ``article.text[start:end]``)."""
    quote: str
    """The new article's exact words."""
    ledger_quote: str
    """The ledger's quote it matched."""
    attribution: str
    attributed_to: str
    score: float = 1.0

    def source(self, article_id: str) -> dict[str, Any]:
        """The proposed source, as a claims-file entry."""
        return {
            "article": article_id,
            "attribution": self.attribution,
            "attributed_to": self.attributed_to,
            "quote": self.quote,
        }


def _claims(data: Mapping[str, Any]) -> Iterable[tuple[str, list[dict[str, Any]]]]:
    """(id, sources) of every claim in plain claims-file data, skipping malformed entries."""
    claims = data.get("claims")
    for claim in claims if isinstance(claims, list) else []:
        if not isinstance(claim, dict) or not isinstance(claim.get("id"), str):
            continue
        sources = claim.get("sources")
        yield claim["id"], [s for s in sources if isinstance(s, dict)] if isinstance(
            sources, list
        ) else []


def find_matches(data: Mapping[str, Any], article: Article, article_id: str,
                 outlet: str | None = None) -> tuple[list[Match], list[Span]]:
    """The ledger's claims the article repeats (one per claim, exact before close), and every
    span of the article an existing quote covers (claims that cite it already included), for
    ``draft`` to skip."""
    text = article.text
    norm = normalise(text)
    covered: list[Span] = []
    exact: dict[str, tuple[Span, str]] = {}
    unfound: list[tuple[str, str]] = []
    citing: set[str] = set()
    for claim_id, sources in _claims(data):
        found_here = False
        for source in sources:
            quote = source.get("quote")
            if not isinstance(quote, str) or not fold(quote):
                continue
            if source.get("article") == article_id:
                citing.add(claim_id)
            needle = fold(quote)
            for at in norm.find_all(needle, limit=1):
                span = (norm.to_original(at), norm.to_original(at + len(needle) - 1) + 1)
                covered.append(span)
                if claim_id not in exact:
                    exact[claim_id] = (span, quote)
                found_here = True
        if not found_here:
            unfound.extend((claim_id, s["quote"]) for s in sources
                           if isinstance(s.get("quote"), str))
    matches: list[Match] = []
    attribution = _Attributions(article, outlet)
    for claim_id, (span, quote) in exact.items():
        if claim_id in citing:
            continue
        kind, who = attribution.at(span)
        matches.append(Match(claim_id, "exact", *span, text[span[0]:span[1]], quote, kind, who))
    seen = set(exact) | citing
    for claim_id, quote, span, score in _close(text, unfound):
        if claim_id in seen:
            continue
        seen.add(claim_id)
        kind, who = attribution.at(span)
        covered.append(span)
        matches.append(Match(claim_id, "close", *span, text[span[0]:span[1]], quote, kind, who,
                             round(score, 2)))
    matches.sort(key=lambda m: (m.start, m.claim))
    return matches, sorted(covered)


def _close(text: str, quotes: list[tuple[str, str]]) -> Iterable[tuple[str, str, Span, float]]:
    """For quotes not found: the sentence of the article most like each, if alike enough. Each
    quote is compared only with the few sentences sharing most of its words (an index of the
    article's words), so the cost stays linear in the ledger's size."""
    from claimtrack.draft import _split_sentences

    sentences: list[Span] = []
    for paragraph in _paragraph_spans(text):
        sentences.extend(_split_sentences(text, *paragraph))
    index: dict[str, set[int]] = defaultdict(set)
    folded = [fold(text[s:e]).casefold() for s, e in sentences]
    for k, sentence in enumerate(folded):
        for word in _WORD.findall(sentence):
            index[word].add(k)
    for claim_id, quote in quotes:
        needle = fold(quote).casefold()
        words = set(_WORD.findall(needle))
        if len(words) < _MIN_CLOSE_WORDS:
            continue
        counts: Counter[int] = Counter()
        for word in words:
            hits = index.get(word, ())
            if len(hits) <= 50:  # a common word tells nothing
                counts.update(hits)
        best: tuple[float, int] | None = None
        for k, shared in counts.most_common(3):
            if shared < 0.6 * len(words):
                break
            score = _likeness(needle, folded[k])
            if score >= CLOSE_RATIO and (best is None or score > best[0]):
                best = (score, k)
        if best is not None:
            yield claim_id, quote, sentences[best[1]], best[0]


def _likeness(needle: str, sentence: str) -> float:
    """How alike the quote is to the stretch of the sentence it matches (difflib's ratio on the
    stretch from the first to the last matching block): a quote is usually part of a sentence."""
    matcher = difflib.SequenceMatcher(None, needle, sentence, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return 0.0
    window = sentence[blocks[0].b : blocks[-1].b + blocks[-1].size]
    return difflib.SequenceMatcher(None, needle, window, autojunk=False).ratio()


def _paragraph_spans(text: str) -> list[Span]:
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    return spans or [(0, len(text))]


class _Attributions:
    """Who the new article credits for a passage, as the drafter reads it (lazily: only when
    something matched)."""

    def __init__(self, article: Article, outlet: str | None) -> None:
        self.article = article
        self.outlet = outlet
        self._candidates: list[Any] | None = None

    def at(self, span: Span) -> tuple[str, str]:
        if self._candidates is None:
            from claimtrack.draft import draft_claims

            self._candidates = draft_claims(self.article, self.outlet)
        best = None
        for c in self._candidates:
            overlap = min(c.end, span[1]) - max(c.start, span[0])
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, c)
        if best is None:
            return PLACEHOLDER, f"{PLACEHOLDER}: who says so in this article"
        c = best[1]
        kind = PLACEHOLDER if "attribution" in c.unsure else c.attribution
        who = (f"{PLACEHOLDER}: {c.attributed_to}" if "attributed_to" in c.unsure
               else c.attributed_to)
        return kind, who
