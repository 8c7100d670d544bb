"""``claimtrack list``, ``show``, ``articles`` and ``diff``: the everyday questions.

Each command parses its options, asks :mod:`claimtrack.query` (which returns JSON records), turns
the records into a :class:`~claimtrack.render.view.View` and emits it in the chosen format. Library
modules are imported inside the commands so that ``--help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from claimtrack.cli.base import completer, note_subject_matches, open_ledger, project_options
from claimtrack.cli.options import (
    ATTRIBUTION_CHOICES,
    article_option,
    attribution_option,
    date_options,
    format_option,
    limit_option,
    slot_option,
    sort_option,
    subject_option,
    text_option,
    what_option,
    which_records,
)

if TYPE_CHECKING:
    from claimtrack.record_types import (
        ArticleRecord,
        ArticleSummary,
        ClaimRecord,
        DiffRecord,
        PairRecord,
        SourceRecord,
    )
    from claimtrack.render.view import Column, Section, View

# Kept here, not imported from claimtrack.query, so that ``--help`` imports no library module;
# tests/test_cli_query.py checks they match query.SORT_KEYS and query.ARTICLE_SORT_KEYS.
SORT_CHOICES = ("file", "id", "subject", "date", "slot")
ARTICLE_SORT_CHOICES = ("file", "date", "outlet", "claims", "words")
# A citation's attribution in a table cell (``insider: a source``).
_SHORT_ATTRIBUTION = {
    "named_outlet": "outlet",
    "anonymous_insider": "insider",
    "direct_quote": "on record",
    "public_record": "record",
    "representative": "representative",
    "own_post": "own post",
}





def _or_empty(value: object) -> str:
    return "" if value is None else str(value)


def _lines(values: list[Any]) -> str:
    return "\n".join(_or_empty(value) for value in values)


LIST_SEPARATOR = "; "
"""How a list is joined in one CSV cell, in every CSV claimtrack writes (as ``export`` does)."""


def _joined(values: list[Any]) -> str:
    return LIST_SEPARATOR.join(_or_empty(value) for value in values)


def _sourcing(source: SourceRecord) -> str:
    """``insider: a source`` — how an article attributes a claim, in a few words (and through
    whom, when relayed)."""
    text = f"{_SHORT_ATTRIBUTION[source['attribution']]}: {source['attributed_to']}"
    return text if not source.get("via") else f"{text} (via {source['via']})"


def _resolved_text(source: SourceRecord) -> str:
    """``2024-05 (from said_on 2024-06-28)``: a source's resolution and what it counted from."""
    if source.get("resolution_error"):
        return f"unresolved: {source['resolution_error']}"
    text: str | None = source.get("resolved_text")
    if text is None:
        return ""
    origin = source.get("resolved_from")
    if origin is None:
        return text
    against = source.get("resolved_against")
    return f"{text} (from {origin}" + (f" {against})" if against else ")")


# --- list ---------------------------------------------------------------------------------


@click.command("list")
@project_options
@subject_option("Claims about this subject: a key, name or alias, any case ('portman').")
@article_option("Cited by this article (file name or prefix).")
@attribution_option(ATTRIBUTION_CHOICES, "Sourced this way (repeat for any of several).")
@slot_option("In this slot (wedding, separation, age, ...).")
@date_options("Cited by an article")
@text_option("Text in the statement or a quote (any case).")
@sort_option(
    SORT_CHOICES, "file: claims-file order; date: earliest citing article, undated last. Ties by id.",
    default="file",
)  # fmt: skip
@limit_option()
@format_option()
def list_(
    data: str, seeds: str, subject: str | None, article: str | None,
    attributions: tuple[str, ...], slot: str | None, since: str | None, until: str | None,
    text: str | None, sort: str, limit: int | None, fmt: str,
) -> None:  # fmt: skip
    """List claims, filtered and sorted.

    Filters combine (AND). --article, --attribution and the dates must hold for one and the same
    source. Dates (python-dateutil: 2024-03-01, "Jan 2024", "March 8, 2024") are inclusive and
    apply to the citing article's date; --until "Jan 2024" includes all of January. Articles with
    no date never match --since/--until.
    """
    from claimtrack import query
    from claimtrack.render.formats import emit

    ledger = open_ledger(data, seeds)
    flt = query.make_filter(
        ledger, subject=subject, article=article, attributions=attributions, slot=slot,
        since=since, until=until, text=text,
    )  # fmt: skip
    note_subject_matches(ledger.claims_file, subject, flt.subjects)
    indices = query.sort_claims(ledger, query.filter_claims(ledger, flt), sort)
    records = [query.claim_record(ledger, i) for i in indices[:limit]]
    emit(_list_view(records, len(indices), query.short_article_ids(ledger.articles)), fmt)


def _list_columns() -> list[Column]:
    from claimtrack.render.view import Column

    return [
        Column("id", no_wrap=True),
        Column("subject"),
        Column("subject_key", in_table=False),
        Column("statement", ratio=3),
        Column("claimed", in_csv=False),
        Column("slot", in_table=False),
        Column("kind", in_table=False),
        Column("value", in_table=False),
        Column("date", in_table=False),
        Column("resolved", in_table=False),
        Column("resolved_per_source", in_table=False),
        Column("sources", ratio=2, in_csv=False),
        Column("origins", justify="right"),
        Column("citations", in_table=False),
        Column("articles", in_table=False),
        Column("attributions", in_table=False),
        Column("attributed_to", in_table=False),
        Column("quotes", in_table=False),
    ]


def _list_row(record: ClaimRecord, short: dict[str, str]) -> list[str]:
    sources = record["sources"]
    return [
        record["id"],
        record["subject"]["name"],
        record["subject"]["key"],
        record["statement"],
        _claimed(record),
        _or_empty(record["slot"]),
        record["kind"],
        _or_empty(record["value_text"]),
        _or_empty(record["earliest_article_date"]),
        _or_empty(record["resolved_text"]),
        _joined([_resolved_text(s) for s in sources]),
        "\n".join(f"{short.get(s['article'], s['article'])} {_sourcing(s)}" for s in sources),
        str(record["origins"]),
        str(len(sources)),
        _joined([s["article"] for s in sources]),
        _joined([s["attribution"] for s in sources]),
        _joined([s["attributed_to"] for s in sources]),
        _joined([s["quote"] for s in sources]),
    ]


def _claimed(record: ClaimRecord) -> str:
    """``wedding: 2011``: the slot and the value as written, for the table."""
    slot, value = record["slot"], record["value_text"]
    if slot is None:
        return ""
    if record["kind"] == "age" and value is not None:  # "age: 12", not "age: age 12"
        value = value.removeprefix("age ")
    return slot if value is None else f"{slot}: {value}"


def _list_view(records: list[ClaimRecord], total: int, short: dict[str, str]) -> View:
    from claimtrack.render.view import Section, View

    rows = [_list_row(r, short) for r in records]
    section = Section(None, _list_columns(), rows, key="claims")
    shown = len(records)
    footer = f"{total} claim{'s' * (total != 1)}"
    if shown < total:
        footer = f"showing {shown} of {footer} (--limit)"
    footer += (
        "; origins: independent original sources (copies, relays of one outlet and reused words "
        "count once)"
    )
    return View(records, [section], empty_message="no claims match", footer=footer)


# --- show ---------------------------------------------------------------------------------


@click.command()
@project_options
@click.argument("claim_id", metavar="ID", shell_complete=completer("complete_claim_id"))
@what_option("claim related", "claim (its fields and sources) or related (the related claims).",
             for_csv="claim")  # fmt: skip
@format_option()
def show(data: str, seeds: str, claim_id: str, what: str | None, fmt: str) -> None:
    """Show one claim in full: each source's quote highlighted in its paragraph, with the line.

    Related claims are those on the same subject and slot, and explicit 'contradicts' links in
    either direction, each marked as conflicting or agreeing. Without colour the quote is marked
    »like this«; JSON gives its offsets.
    """
    from claimtrack import query
    from claimtrack.render.formats import emit
    from claimtrack.render.view import only_sections

    ledger = open_ledger(data, seeds)
    view = _show_view(query.show_claim(ledger, claim_id))
    what = which_records(what, fmt, "claim")
    if what != "all":
        view = only_sections(view, lambda key: (key == "related") == (what == "related"))
    emit(view, fmt)


def _field_columns() -> list[Column]:
    from claimtrack.render.view import Column

    return [Column("field", no_wrap=True), Column("value", ratio=1)]


def _claim_fields(record: ClaimRecord) -> list[list[str]]:
    subject, resolved = record["subject"], record["resolved_text"]
    rows = [
        ["statement", record["statement"]],
        ["subject", f"{subject['name']} ({subject['key']})"],
        ["involves", ", ".join(f"{s['name']} ({s['key']})" for s in record["involves"])],
        ["slot", _or_empty(record["slot"])],
        ["value", "" if record["value_text"] is None
         else f"{record['value_text']} ({record['kind']})"],
        ["anchor", _or_empty(record["anchor"])],
        ["resolved", "" if resolved is None else
         resolved + (" (birth window)" if record["kind"] == "age" else "")],
        ["contradicts", ", ".join(record["contradicts"])],
        ["contradicted by", ", ".join(record["contradicted_by"])],
        ["note", _or_empty(record["note"])],
    ]  # fmt: skip
    return [row for row in rows if row[1]]


def _source_section(number: int, source: SourceRecord) -> Section:
    from claimtrack.render.view import Marked, Section

    context = source["context"]
    where = [source["article_date"] or "undated", source["outlet"]]
    title = f"source {number}: {source['article']} ({', '.join(w for w in where if w)})"
    if context is None:
        located, shown = "quote not found (run 'claimtrack check')", source["quote"]
    else:
        located = f"line {source['line']}, column {source['column']}"
        shown = Marked(context["text"], context["quote_start"], context["quote_end"])
    rows = [
        ["attribution", source["attribution"]],
        ["attributed to", source["attributed_to"]],
        ["via", _or_empty(source.get("via"))],
        ["where", located],
        ["quote", shown],
        ["said on", _or_empty(source.get("said_on"))],
        ["resolved", _resolved_text(source)],
        ["url", _or_empty(source.get("url"))],
        ["document", _or_empty(source.get("document"))],
    ]
    rows = [row for row in rows if row[1] or row[0] in ("attribution", "quote", "where")]
    if source["note"]:
        rows.append(["note", source["note"]])
    return Section(title, _field_columns(), rows, key=f"source-{number}", show_header=False)


def _show_view(record: ClaimRecord) -> View:
    from claimtrack.render.view import Column, Section, View

    sections = [Section(f"claim {record['id']}", _field_columns(), _claim_fields(record),
                        key="claim", show_header=False)]  # fmt: skip
    sections += [_source_section(n, s) for n, s in enumerate(record["sources"], start=1)]
    related = [
        [r["id"], ", ".join(r["relations"]), _or_empty(r["value_text"]),
         _or_empty(r.get("verdict")), r["statement"]]
        for r in record["related"]
    ]  # fmt: skip
    columns = [Column("id", no_wrap=True), Column("relation"), Column("value"),
               Column("verdict"), Column("statement", ratio=1)]  # fmt: skip
    sections.append(Section("related claims", columns, related, key="related"))
    return View(record, sections, records=[record])


# --- articles -----------------------------------------------------------------------------


@click.command()
@project_options
@article_option("Only this article (file name or prefix).")
@date_options("Articles")
@text_option("Text in the id, outlet or headline (any case).")
@sort_option(
    ARTICLE_SORT_CHOICES,
    "file: by file name; date: oldest first, undated last; outlet; claims, words: most first.",
    default="file",
)  # fmt: skip
@limit_option()
@format_option()
def articles(
    data: str, seeds: str, article: str | None, since: str | None, until: str | None,
    text: str | None, sort: str, limit: int | None, fmt: str,
) -> None:  # fmt: skip
    """List the articles: date and where it comes from, outlet, headline, size, claims, sourcing.

    The sourcing profile counts the article's citations by attribution: a named outlet, an
    anonymous insider, a direct quote on record. Sorted by file name unless --sort says otherwise.
    """
    from claimtrack import query
    from claimtrack.render.formats import emit

    ledger = open_ledger(data, seeds)
    rows = query.select_articles(
        ledger, query.article_rows(ledger), article=article, since=since, until=until,
        text=text, sort=sort,
    )  # fmt: skip
    emit(_articles_view(rows[:limit], query.short_article_ids(ledger.articles)), fmt)


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _articles_view(rows: list[ArticleRecord], short: dict[str, str]) -> View:
    from claimtrack.render.view import Column, Section, View

    right = "right"
    columns = [
        Column("id", no_wrap=True),
        Column("date", in_table=False),
        Column("date_origin", in_table=False),
        Column("dated", in_csv=False),
        Column("outlet"),
        Column("headline", ratio=1),
        Column("words", justify=right),
        Column("claims", justify=right),
        Column("sourcing", justify=right, in_csv=False),
        Column("named_outlet", in_table=False),
        Column("anonymous_insider", in_table=False),
        Column("direct_quote", in_table=False),
        Column("public_record", in_table=False),
        Column("representative", in_table=False),
        Column("own_post", in_table=False),
        Column("copy_of", in_table=False),
        Column("copy of", in_csv=False),
        Column("near_duplicates", in_table=False),
        Column("near_duplicate_containment", in_table=False),
        Column("near-duplicate of", in_csv=False),
        Column("reuses_quotes", in_table=False),
        Column("reused_quotes_count", in_table=False),
        Column("reuses quotes of", in_csv=False),
    ]
    table: list[list[str]] = []
    for row in rows:
        counts = [str(row["profile"][kind]) for kind in ATTRIBUTION_CHOICES]
        primary = sum(row["profile"][kind] for kind in ATTRIBUTION_CHOICES[3:])
        dated = _or_empty(row["date"]) + (" (curated)" if row["date_origin"] == "curated" else "")
        copy_of = row["copy_of"]
        near = row["near_duplicates"]
        # CSV: one value per cell, lists joined with "; " in the same order as their counts.
        near_csv = "; ".join(n["article"] for n in near)
        near_scores = "; ".join(f"{n['containment']:.2f}" for n in near)
        near_table = "\n".join(
            f"{short.get(n['article'], n['article'])} ({n['containment']:.2f})" for n in near
        )
        table.append([
            row["id"], _or_empty(row["date"]), row["date_origin"], dated, _or_empty(row["outlet"]),
            row["title"], str(row["words"]), str(row["claims"]),
            " · ".join([*counts[:3], str(primary)]), *counts,
            _or_empty(copy_of), "" if copy_of is None else short.get(copy_of, copy_of),
            near_csv, near_scores, near_table,
            "; ".join(r["article"] for r in row["reuses_quotes"]),
            "; ".join(str(r["shared"]) for r in row["reuses_quotes"]),
            "\n".join(f"{short.get(r['article'], r['article'])} ({r['shared']}"
                      f"{', one origin' if r['strong'] else ''}): “{_clip(r['quotes'][0])}”"
                      + (f" +{r['shared'] - 1}" if r["shared"] > 1 else "")
                      for r in row["reuses_quotes"]),
        ])  # fmt: skip
    footer = (
        f"{len(rows)} article{'s' * (len(rows) != 1)}. sourcing: the article's citations by "
        "attribution, named outlet · anonymous insider · direct quote · primary evidence (a "
        "record, a representative, the person's own post). (curated): the date comes "
        "from the claims file, not the article. near-duplicate of: shingle containment of the "
        "text, for a curator to confirm as copy_of; either way a copy is one origin with its "
        "original. reuses quotes of: articles carrying the same verbatim quotations (how many, "
        "the first); 'one origin' when one reuses the other's wholesale."
    )
    return View(rows, [Section(None, columns, table, key="articles")],
                empty_message="no articles", footer=footer)  # fmt: skip


# --- diff ---------------------------------------------------------------------------------


@click.command()
@project_options
@click.argument("a", metavar="A", shell_complete=completer("complete_article"))
@click.argument("b", metavar="B", shell_complete=completer("complete_article"))
@what_option(
    "claims pairs", "claims (only in A, only in B, in both) or pairs (disagreeing and agreeing "
    "pairs).", for_csv="claims",
)  # fmt: skip
@format_option()
def diff(data: str, seeds: str, a: str, b: str, what: str | None, fmt: str) -> None:
    """Compare what two articles claim (file names or unique prefixes, e.g. 002 003).

    '-' only in A, '+' only in B, '=' in both (the same claim cited by each); '≠' claims on the
    same subject and slot that 'claimtrack conflicts' puts on opposite sides (values compared as
    resolved: relative dates, ages, numbers), '≈' claims written differently whose values agree.
    """
    from claimtrack import query
    from claimtrack.render.formats import emit
    from claimtrack.render.view import only_sections

    ledger = open_ledger(data, seeds)
    view = _diff_view(query.diff_articles(ledger, a, b))
    what = which_records(what, fmt, "claims")
    if what != "all":
        view = only_sections(view, lambda key: (key in ("disagree", "agree")) == (what == "pairs"))
    emit(view, fmt)


def _describe(article: ArticleSummary) -> str:
    where = [article["date"] or "undated", article["outlet"]]
    return f"{article['id']} ({', '.join(w for w in where if w)})"


def _claim_columns(mark_style: str) -> list[Column]:
    from claimtrack.render.view import Column

    return [
        Column("claim", no_wrap=True, style=mark_style or None, label="", in_csv=False),
        Column("mark", in_table=False),
        Column("id", in_table=False),
        Column("subject"),
        Column("claimed", in_csv=False),
        Column("slot", in_table=False),
        Column("value", in_table=False),
        Column("statement", ratio=3),
        Column("sourcing", ratio=1),
    ]


def _claim_row(mark: str, record: ClaimRecord, articles: list[str]) -> list[str]:
    sourcing = [
        (f"{'AB'[articles.index(s['article'])]}: " if len(articles) > 1 else "") + _sourcing(s)
        for s in record["sources"]
        if s["article"] in articles
    ]
    return [
        f"{mark} {record['id']}", mark, record["id"], record["subject"]["name"], _claimed(record),
        _or_empty(record["slot"]), _or_empty(record["value_text"]), record["statement"],
        "\n".join(sourcing),
    ]  # fmt: skip


def _disagree_section(
    pairs: list[PairRecord], mark: str = "≠", key: str = "disagree",
    title: str = "disagree (values compared as resolved)",
) -> Section:  # fmt: skip
    from claimtrack.render.view import Column, Section

    columns = [
        Column("pair", no_wrap=True, style="yellow", label="", in_csv=False),
        Column("mark", in_table=False),
        Column("subject"),
        Column("slot", in_table=False),
        Column("a_id", in_table=False),
        Column("a_value", in_table=False),
        Column("b_id", in_table=False),
        Column("b_value", in_table=False),
        Column("in A", in_csv=False, ratio=1),
        Column("in B", in_csv=False, ratio=1),
    ]
    rows = []
    for pair in pairs:
        a, b = pair["a"], pair["b"]
        a_value, b_value = _or_empty(a["value_text"]), _or_empty(b["value_text"])
        rows.append([
            f"{mark} {_or_empty(pair['slot'])}", mark, pair["subject"]["name"],
            _or_empty(pair["slot"]), a["id"], a_value, b["id"], b_value,
            f"{a_value} ({a['id']})", f"{b_value} ({b['id']})",
        ])  # fmt: skip
    return Section(title, columns, rows, key=key)


def _diff_view(result: DiffRecord) -> View:
    from claimtrack.render.view import Section, View

    a, b = result["a"], result["b"]
    ids = [a["id"], b["id"]]
    sections = [
        Section(f"only in A: {_describe(a)}", _claim_columns("red"),
                [_claim_row("-", r, ids[:1]) for r in result["only_a"]], key="only_a"),
        Section(f"only in B: {_describe(b)}", _claim_columns("green"),
                [_claim_row("+", r, ids[1:]) for r in result["only_b"]], key="only_b"),
        Section("in both", _claim_columns(""),
                [_claim_row("=", r, ids) for r in result["both"]], key="both"),
    ]  # fmt: skip
    sections.append(_disagree_section(result["disagree"]))
    sections.append(_disagree_section(
        result["agree"], "≈", "agree", "agree, written differently (same value as resolved)"
    ))  # fmt: skip
    counts = [len(result[key]) for key in ("only_a", "only_b", "both", "disagree", "agree")]
    footer = (
        f"A = {_describe(a)}\nB = {_describe(b)}\n"
        f"{counts[0]} only in A (-), {counts[1]} only in B (+), {counts[2]} in both (=), "
        f"{counts[3]} disagreement{'s' * (counts[3] != 1)} (≠), "
        f"{counts[4]} agreeing in other words (≈)"
    )
    return View(result, sections, records=[result], footer=footer,
                empty_message="no claims cite either article")  # fmt: skip
