"""The ledger for other tools: schema.org ``Claim`` JSON-LD, the whole ledger as JSON or CSV, and
the one safe way to write any of them (or the JSON Schema) to a file.

Formats (:data:`EXPORT_FORMATS`):

* ``claimreview``: JSON-LD in the schema.org vocabulary that fact-checkers publish ClaimReview in.
  One ``Claim`` node per claim in ``@graph``, in claims-file order: ``@id`` ``#claim-<id>``,
  ``text`` (the statement), ``about`` (the subject, a ``Person``), ``mentions`` (the subjects it
  involves), ``author`` (the claimant: whom the first independent source attributes it to),
  ``datePublished`` (the earliest citing article's date), ``appearance`` (one ``NewsArticle`` per
  citing article, earliest first) and ``firstAppearance`` (the earliest dated one). An article node
  has ``@id`` ``#article-<file stem>``, ``identifier`` (the file name), ``headline`` (or the first
  words of the lead), ``datePublished``, ``publisher`` and ``url`` when curated, and ``isBasedOn``
  pointing at the original when the claims file says it is a ``copy_of`` one. Only curated copies
  are stated: suspected copies are a heuristic (and can point the wrong way), not a fact to publish.
* ``json``: the whole ledger: ``subjects``, ``articles`` (as ``claimtrack articles --format json``)
  and ``claims`` (as ``claimtrack list --format json``).
* ``csv``: one row per (claim, source), RFC 4180 with a header row and CRLF line ends.

Dates are ISO 8601 at the precision known: ``2024-01-27``, ``2024-01``, ``2024``. An article
dated only to a range (``2024-01-10..2024-01-31``) is given the most precise calendar unit that
holds the whole range (``2024-01``), or no date at all when none does.

JSON output is deterministic (the same ledger gives the same bytes) and written one record per
line: each top-level key on its own line, each claim (or subject, or article) on one line.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as url_quote

from claimtrack.files import check_target, write_atomic
from claimtrack.models import url_problem
from claimtrack.problems import UsageError
from claimtrack.safe import csv_cell, json_text

if TYPE_CHECKING:
    from claimtrack.dates import Interval
    from claimtrack.ledger import Ledger

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_FORMATS",
    "claimreview_document",
    "export_text",
    "guard_output",
    "iso_date",
    "ledger_csv",
    "ledger_document",
    "write_atomic",
]

EXPORT_FORMATS: tuple[str, ...] = ("claimreview", "json", "csv")
"""Accepted values of ``export --format``."""

SCHEMA_ORG = "https://schema.org"

CSV_COLUMNS: tuple[str, ...] = (
    "claim_id", "subject", "subject_name", "involves", "statement", "slot", "kind", "value",
    "contradicts", "earliest_article_date", "source", "article", "outlet", "article_date",
    "copy_of", "attribution", "attributed_to", "quote", "line", "column", "anchor", "resolved",
    "via", "said_on", "url", "document", "source_resolved", "resolved_from", "resolved_against",
)  # fmt: skip
"""The CSV header; ``source`` is the citation's 1-based position in the claim; ``resolved`` is
the claim's value resolved (the interval of days, or an age's birth window), ``source_resolved``
this citation's reading of it, counted from ``resolved_from`` (``article``, ``said_on``,
``as_of``, ``claim:ID`` or ``date``) on ``resolved_against``."""

_AUTHOR_TYPES = {
    "named_outlet": "Organization",
    "anonymous_insider": "Person",
    "direct_quote": "Person",
    "public_record": "Organization",
    "representative": "Person",
    "own_post": "Person",
}


def export_text(ledger: Ledger, fmt: str) -> str:
    """The ledger in ``fmt`` (one of :data:`EXPORT_FORMATS`), ready to write."""
    exporter = _EXPORTERS.get(fmt)
    if exporter is None:
        raise UsageError(f"unknown export format '{fmt}'; use {', '.join(EXPORT_FORMATS)}")
    return exporter(ledger)


def _json_text(document: dict[str, Any]) -> str:
    """The document with each top-level key on its own line and each record of a top-level list
    on one line of its own: valid JSON that diffs per record, and several times faster to write
    than ``indent=2`` (which bypasses the C encoder), so 100,000 claims take seconds, not a
    minute. ``jq .`` pretty-prints it."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    parts = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {dumps(item)}" for item in value)
            parts.append(f"  {dumps(key)}: [\n{items}\n  ]")
        else:
            parts.append(f"  {dumps(key)}: {dumps(value)}")
    return json_text("{\n" + ",\n".join(parts) + "\n}\n")


_EXPORTERS: dict[str, Callable[[Ledger], str]] = {
    "claimreview": lambda ledger: _json_text(claimreview_document(ledger)),
    "json": lambda ledger: _json_text(ledger_document(ledger)),
    "csv": lambda ledger: ledger_csv(ledger),
}
"""Each export format by name (the keys are :data:`EXPORT_FORMATS`)."""


# --- dates --------------------------------------------------------------------------------


def iso_date(interval: Interval | None) -> str | None:
    """An interval as one ISO 8601 calendar date at the precision it has, or None.

    A day, month or year is itself; any other bounded interval becomes the day, month or year
    that holds all of it (``2024-01-10..2024-01-31`` → ``2024-01``); an open interval, or one that
    spans two years, has no single date.
    """
    if interval is None or interval.start is None or interval.end is None:
        return None
    start, end = interval.start.isoformat(), interval.end.isoformat()
    for length in (10, 7, 4):  # day, month, year
        if start[:length] == end[:length]:
            return start[:length]
    return None


# --- schema.org Claim JSON-LD -----------------------------------------------------------------


@lru_cache(maxsize=65536)
def _fragment(prefix: str, name: str) -> str:
    return f"#{prefix}-{url_quote(name, safe='')}"


def _article_ref(article_id: str) -> str:
    stem = article_id[:-4] if article_id.endswith(".txt") else article_id
    return _fragment("article", stem)


class _Articles:
    """Article nodes and sort keys, built once per article for the whole export."""

    def __init__(self, ledger: Ledger) -> None:
        from claimtrack.query import article_rows

        self.ledger = ledger
        self.meta = ledger.claims_file.articles
        self.titles: dict[str, str] = {row["id"]: row["title"] for row in article_rows(ledger)}
        self._nodes: dict[str, dict[str, Any]] = {}

    def interval(self, article_id: str) -> Interval | None:
        date = self.ledger.dates.get(article_id)
        return None if date is None else date.interval

    def copy_of(self, article_id: str) -> str | None:
        meta = self.meta.get(article_id)
        return None if meta is None else meta.copy_of

    def order(self, article_id: str) -> tuple[bool, Interval | None, bool, str]:
        """Earliest first, undated last; on a tie an original before its copies, then by id."""
        interval = self.interval(article_id)
        return (interval is None, interval, self.copy_of(article_id) is not None, article_id)

    def node(self, article_id: str) -> dict[str, Any]:
        found = self._nodes.get(article_id)
        if found is None:
            found = self._nodes[article_id] = self._node(article_id, basis=True)
        return found

    def _node(self, article_id: str, basis: bool) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@type": "NewsArticle",
            "@id": _article_ref(article_id),
            "identifier": article_id,
        }
        title = self.titles.get(article_id)
        if title:
            node["headline"] = title
        date = iso_date(self.interval(article_id))
        if date is not None:
            node["datePublished"] = date
        meta = self.meta.get(article_id)
        if meta is not None and meta.outlet:
            node["publisher"] = {"@type": "Organization", "name": meta.outlet}
        if meta is not None and meta.url and url_problem(meta.url) is None:
            node["url"] = meta.url
        original = self.copy_of(article_id)
        if basis and original is not None and original != article_id:
            # The original, described but without its own isBasedOn: a chain (or a cycle in a
            # broken file) is followed by the reader through the @id, not by nesting.
            node["isBasedOn"] = self._node(original, basis=False)
        return node


def _subject_node(ledger: Ledger, key: str) -> dict[str, Any]:
    subject = ledger.claims_file.subjects.get(key)
    return {
        "@type": "Person",
        "@id": _fragment("subject", key),
        "name": subject.name if subject is not None else key,
    }


def _claim_node(ledger: Ledger, index: int, articles: _Articles) -> dict[str, Any]:
    claim = ledger.claims[index]
    cited = sorted(dict.fromkeys(source.article for source in claim.sources), key=articles.order)
    node: dict[str, Any] = {
        "@type": "Claim",
        "@id": _fragment("claim", claim.id),
        "identifier": claim.id,
        "text": claim.statement,
        "about": _subject_node(ledger, claim.subject),
    }
    if claim.involves:
        node["mentions"] = [_subject_node(ledger, key) for key in dict.fromkeys(claim.involves)]
    node["author"] = _claimant(ledger, index, articles)
    dated = [article_id for article_id in cited if articles.interval(article_id) is not None]
    if dated:
        date = iso_date(articles.interval(dated[0]))
        if date is not None:
            node["datePublished"] = date
    node["appearance"] = [articles.node(article_id) for article_id in cited]
    if dated:
        node["firstAppearance"] = articles.node(dated[0])
    return node


def _claimant(ledger: Ledger, index: int, articles: _Articles) -> dict[str, Any]:
    """Whom the first independent citation attributes the claim to (copies only repeat it)."""
    sources = list(enumerate(ledger.claims[index].sources))
    sources.sort(key=lambda item: (articles.order(item[1].article), item[0]))
    originals = [s for _, s in sources if articles.copy_of(s.article) is None]
    source = (originals or [s for _, s in sources])[0]
    author: dict[str, Any] = {
        "@type": _AUTHOR_TYPES.get(source.attribution, "Person"),
        "name": source.attributed_to,
    }
    if source.attribution == "anonymous_insider":
        meta = articles.meta.get(source.article)
        outlet = meta.outlet if meta is not None and meta.outlet else source.article
        author["description"] = f"anonymous source cited by {outlet}"
    return author


def claimreview_document(ledger: Ledger) -> dict[str, Any]:
    """The ledger as schema.org ``Claim`` JSON-LD: ``{"@context", "@graph": [Claim, ...]}``."""
    articles = _Articles(ledger)
    return {
        "@context": SCHEMA_ORG,
        "@graph": [_claim_node(ledger, index, articles) for index in range(len(ledger.claims))],
    }


# --- the whole ledger as JSON and CSV ------------------------------------------------------


def ledger_document(ledger: Ledger) -> dict[str, Any]:
    """``{"version": 1, "subjects", "articles", "claims"}``: every subject of the registry (in file
    order, with ``key``, ``name``, ``aliases``, ``note``), :func:`~claimtrack.query.article_rows`
    and :func:`~claimtrack.query.claim_record` for every claim, in file order."""
    from claimtrack.query import article_rows, claim_record

    subjects = [
        {"key": key, "name": subject.name, "aliases": list(subject.aliases), "note": subject.note}
        for key, subject in ledger.claims_file.subjects.items()
    ]
    return {
        "version": 1,
        "subjects": subjects,
        "articles": article_rows(ledger),
        "claims": [claim_record(ledger, index) for index in range(len(ledger.claims))],
    }


def _cell(value: object) -> str:
    """A CSV cell: empty for None; controls made visible and formulas neutralised
    (:func:`claimtrack.safe.csv_cell`), as in every CSV we write."""
    if value is None:
        return ""
    return csv_cell(value) if isinstance(value, str) else str(value)


def _csv_rows(ledger: Ledger) -> Iterable[list[str]]:
    from claimtrack.query import claim_record

    meta = ledger.claims_file.articles
    for index in range(len(ledger.claims)):
        record = claim_record(ledger, index)
        for number, source in enumerate(record["sources"], 1):
            article_meta = meta.get(source["article"])
            values: list[object] = [
                record["id"],
                record["subject"]["key"],
                record["subject"]["name"],
                "; ".join(ref["key"] for ref in record["involves"]),
                record["statement"],
                record["slot"],
                record["kind"],
                record["value_text"],
                "; ".join(record["contradicts"]),
                record["earliest_article_date"],
                number,
                source["article"],
                source["outlet"],
                source["article_date"],
                None if article_meta is None else article_meta.copy_of,
                source["attribution"],
                source["attributed_to"],
                source["quote"],
                source["line"],
                source["column"],
                record["anchor"],
                record["resolved_text"],
                source["via"],
                source["said_on"],
                source["url"],
                source["document"],
                source["resolved_text"] or source["resolution_error"],
                source["resolved_from"],
                source["resolved_against"],
            ]
            yield [_cell(value) for value in values]


def ledger_csv(ledger: Ledger) -> str:
    """One row per (claim, source) under a :data:`CSV_COLUMNS` header (RFC 4180, CRLF).

    Claim columns repeat on each of its rows, so the file filters and pivots in a spreadsheet;
    lists (``involves``, ``contradicts``) are joined with ``"; "``; an unknown value is empty.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_rows(ledger))
    return buffer.getvalue()


# --- writing files ------------------------------------------------------------------------


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except (OSError, RuntimeError):
        return False


def guard_output(target: Path, claims_file: Path, seeds: Path) -> None:
    """Refuse (:class:`UsageError`, exit 2) to write the claims file (by any path or link) or into
    the seeds folder, where a ``.txt`` file would become an article: inputs are never written.
    A symbolic link loop, a folder, a block device or a missing folder is refused too
    (:func:`claimtrack.files.check_target`)."""
    if _same_file(target, claims_file):
        raise UsageError(f"refusing to write over the claims file {claims_file}: choose another -o")
    try:
        folder, real = seeds.resolve(), target.resolve()
        in_seeds = real == folder or folder in real.parents
    except (OSError, RuntimeError):  # a link loop: check_target names it
        in_seeds = False
    if in_seeds:
        raise UsageError(f"refusing to write {target} into the seeds folder {seeds}")
    check_target(target)
