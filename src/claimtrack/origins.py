"""Independent origins of the ledger's claims: curated ``copy_of``, suspected copies (near-duplicate
articles) and articles reusing each other's quotations, each computed once per ledger and cached
on the articles' content hashes.

``list``, ``show`` and ``articles`` need only these (every claim record carries ``origins``), not
the conflict machinery of :mod:`claimtrack.analysis`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from claimtrack.resolve import origins_for

if TYPE_CHECKING:
    from claimtrack.copies import CopyCandidate, QuoteReuse
    from claimtrack.ledger import Ledger
    from claimtrack.resolve import Origins


def suspected_copies(ledger: Ledger) -> list[CopyCandidate]:
    """Near-duplicate article pairs, cached on the articles' content hashes."""
    from claimtrack import cache
    from claimtrack.copies import find_copies

    articles = ledger.articles
    name = cache.key("copies", *(f"{a}:{articles.sha256(a)}" for a in articles))
    stored = cache.load(name, lambda data: _candidates_from_json(data, set(articles)))
    if stored is not None:
        return stored
    found = find_copies({article_id: articles.text(article_id) for article_id in articles})
    cache.write(name, json.dumps([_candidate_json(c) for c in found]).encode())
    return found


def _candidate_json(candidate: CopyCandidate) -> dict[str, Any]:
    return {
        "copy": candidate.copy,
        "original": candidate.original,
        "containment": candidate.containment,
        "resemblance": candidate.resemblance,
        "shared": candidate.shared,
    }


def _candidates_from_json(stored: bytes, ids: set[str]) -> list[CopyCandidate] | None:
    """The cached pairs, or None unless each names two of the articles, with ratios in 0..1."""
    from claimtrack.copies import CopyCandidate

    items = json.loads(stored)
    if type(items) is not list:
        return None
    found = []
    for item in items:
        if type(item) is not dict or len(item) != 5:
            return None
        candidate = CopyCandidate(**item)
        copy, original, containment, resemblance, shared = candidate
        if not (
            type(copy) is str and copy in ids and type(original) is str and original in ids
            and type(containment) in (int, float) and 0 <= containment <= 1
            and type(resemblance) in (int, float) and 0 <= resemblance <= 1
            and type(shared) is int and shared >= 0
        ):  # fmt: skip
            return None
        found.append(candidate)
    return found


def ledger_suspected(ledger: Ledger) -> list[CopyCandidate]:
    """Suspected copies among the ledger's articles, computed once per ledger."""
    found = ledger.derived.get("suspected")
    if found is None:
        found = ledger.derived["suspected"] = suspected_copies(ledger)
    return found


def quote_reuse(ledger: Ledger) -> list[QuoteReuse]:
    """Article pairs sharing verbatim quotations, cached on the articles' content hashes and
    computed once per ledger."""
    found = ledger.derived.get("reuse")
    if found is not None:
        return found  # type: ignore[no-any-return]
    from claimtrack import cache
    from claimtrack.copies import QuoteReuse, find_quote_reuse

    articles = ledger.articles
    name = cache.key("reuse", *(f"{a}:{articles.sha256(a)}" for a in articles))
    stored = cache.read(name)
    result: list[QuoteReuse] | None = None
    if stored is not None:
        try:
            result = [
                QuoteReuse(str(a), str(b), tuple(map(str, quotes)), float(share))
                for a, b, quotes, share in json.loads(stored)
            ]
        except (ValueError, TypeError):
            result = None
    if result is None:
        result = find_quote_reuse({article_id: articles.text(article_id) for article_id in articles})
        cache.write(name, json.dumps([list(r) for r in result], ensure_ascii=False).encode())
    ledger.derived["reuse"] = result
    return result


def ledger_origins(ledger: Ledger) -> Origins:
    """Independent origins: curated ``copy_of``, suspected copies and articles that reuse each
    other's quotations wholesale (:attr:`QuoteReuse.strong`) join their originals."""
    found = ledger.derived.get("origins")
    if found is None:
        pairs = [(c.copy, c.original) for c in ledger_suspected(ledger)]
        pairs += [(r.b, r.a) for r in quote_reuse(ledger) if r.strong]
        found = ledger.derived["origins"] = origins_for(ledger, pairs)
    return found


def claim_origins(ledger: Ledger, index: int) -> int:
    """How many independent origins support claim ``index`` (:meth:`Origins.count_sources`)."""
    return ledger_origins(ledger).count_sources(ledger.claims[index].sources)
