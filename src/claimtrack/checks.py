"""``claimtrack check``: the rules, each a generator of problems with a stable kebab-case code.

The rules run over a ledger that loaded (the YAML parsed and matched the schema); syntax and schema
problems come from the loader in the same stream. :data:`RULES` is the documented list: the README's
table of rules is generated from it and a test keeps the two equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from claimtrack import progress
from claimtrack.check_rules import RULES, CheckContext, _suggest, rule
from claimtrack.dates import DateParseError, is_event_relative, is_relative, resolve_when
from claimtrack.gc_pause import gc_paused
from claimtrack.ledger import (
    Ledger,
    build_ledger,
    load_articles,
    parse_article_date,
    source_reference_problem,
)
from claimtrack.ledger_files import Loaded, load_data
from claimtrack.loader import PathKey, is_placeholder, placeholder_message
from claimtrack.problems import Problem, problems_from_json
from claimtrack.text import one_line

# Problems that come from the loader and the article reader rather than from a rule (errors,
# but for LOADER_WARNINGS).
LOADER_CODES: list[tuple[str, str]] = [
    ("yaml-syntax", "the file is not valid YAML: an unclosed quote (reported where it opened), a line or `- ` item that lines up with nothing above it (reported at that line, naming the line it should line up with), a tab in the indentation, `: ` in an unquoted value"),
    ("duplicate-key", "a key appears twice in one mapping (YAML would silently keep the last); an item missing its `- ` is reported once, at its first key"),
    ("duplicate-entry", "two files of a `--data` folder declare the same article, subject or slot (the first file's entry is used)"),
    ("yaml-alias", "aliases (`*name`) are refused: they can blow up the size of a file"),
    ("yaml-tag", "tags (`!!python/object`, ...) are refused: the file holds plain data only"),
    ("yaml-too-deep", "nesting deeper than 64 levels"),
    ("yaml-multiple-documents", "more than one YAML document in the file"),
    ("yaml-complex-key", "a mapping or list used as a key"),
    ("too-many-problems", "more than 1,000 syntax or schema problems: the rest are counted, not listed"),
    ("too-many-items", "more than 10,000 top-level keys, or 10,000 values in one entry: not read"),
    ("not-utf8", "the claims file is not UTF-8"),
    ("not-text", "the claims file holds NUL bytes"),
    ("empty-file", "the claims file holds no data"),
    ("unknown-key", "a key the format does not have (a typo, usually: the closest key is suggested, and a required key it misspells is not reported missing as well)"),
    ("missing-field", "a required key is missing"),
    ("wrong-type", "a value of the wrong type (a list where text belongs, an unquoted number such as `article: 002` where text belongs: the message says how YAML read it), or a key YAML does not read as text (`null:`, `~:`, `1.5:`, `true:`), reported at the key"),
    ("invalid-value", "a value outside what the field allows (an unknown attribution: the closest value is suggested), or fields that do not go together (`when` beside `value`, a value without a `slot`)"),
    ("bad-slug", "an id, subject or slot that is not a lowercase slug (the slug meant is suggested: the subject's key for a subject written by its name or alias)"),
    ("empty-value", "an empty string where text is required"),
    ("empty-list", "an empty list where at least one item is required"),
    ("no-source", "a claim with no source"),
    ("article-empty", "an article file that is empty or holds only whitespace"),
    ("article-binary", "an article file that is not text"),
    ("article-unreadable", "an article file that cannot be read (permissions, ...)"),
    ("article-too-large", "an article file over the size limit"),
    ("article-outside-seeds", "a file in the seeds folder that links outside it"),
    ("article-not-a-file", "a folder in the seeds folder named like an article (`*.txt`): not read"),
    ("article-date-line", "an article's date line is not a date (` date 2024-13-45`), or its first line looks like a date line and is not one (`Date: 2025-03-01`, ` date 1 March 2025`)"),
]
LOADER_WARNINGS = {"article-not-a-file", "article-date-line"}


def all_codes() -> frozenset[str]:
    """Every code a problem of ``check`` can carry (``--select``/``--ignore`` accept these)."""
    return frozenset([code for code, _ in LOADER_CODES] + [entry.code for entry in RULES])


@rule("placeholder", "error", "a `FILL-IN` left by `draft` or `match` where it was not sure (subject, attribution, speaker, slot): replace it")
def _placeholders(ctx: CheckContext) -> Iterator[Problem]:
    for index, claim in enumerate(ctx.ledger.claims):
        for name in ("statement", "when", "as_of", "value"):
            if is_placeholder(getattr(claim, name)):
                path: PathKey = ("claims", index, name)
                yield ctx.problem(path, "placeholder",
                                  f"claim '{claim.id}': {name}: {placeholder_message(path)}")
        for k, source in enumerate(claim.sources):
            for name in ("attributed_to", "quote"):
                if is_placeholder(getattr(source, name)):
                    path = ("claims", index, "sources", k, name)
                    yield ctx.problem(path, "placeholder", f"claim '{claim.id}': sources[{k}]."
                                      f"{name}: {placeholder_message(path)}")


@rule("duplicate-claim-id", "error", "two claims share an id")
def _duplicate_ids(ctx: CheckContext) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, claim in enumerate(ctx.ledger.claims):
        if claim.id in first:
            here: PathKey = ("claims", index, "id")
            yield ctx.problem(
                here, "duplicate-claim-id",
                f"this id is used twice (first at {ctx.line_of(('claims', first[claim.id], 'id'), here)})",
            )
        else:
            first[claim.id] = index


@rule("unknown-subject", "error", "a claim's subject or `involves` is not in `subjects`")
def _unknown_subjects(ctx: CheckContext) -> Iterator[Problem]:
    subjects = ctx.ledger.claims_file.subjects
    left_out = ctx.load.left_out.subjects  # reported already, with their own problem
    for index, claim in enumerate(ctx.ledger.claims):
        if claim.subject not in subjects and claim.subject not in left_out:
            yield ctx.problem(
                ("claims", index, "subject"), "unknown-subject",
                f"unknown subject '{claim.subject}'" + _suggest(claim.subject, subjects),
            )
        for k, other in enumerate(claim.involves):
            if other not in subjects and other not in left_out:
                yield ctx.problem(
                    ("claims", index, "involves", k), "unknown-subject",
                    f"unknown subject '{other}'" + _suggest(other, subjects),
                )


@rule("article-outside-seeds", "error", "a source cites a path (`..`, absolute, a folder) instead of a file name in the seeds folder")
def _outside(ctx: CheckContext) -> Iterator[Problem]:
    for index, claim in enumerate(ctx.ledger.claims):
        for k, source in enumerate(claim.sources):
            reason = source_reference_problem(source.article)
            if reason is not None:
                yield ctx.problem(
                    ("claims", index, "sources", k, "article"), "article-outside-seeds", reason
                )


@rule("unknown-article", "error", "a source cites a file that is not in the seeds folder")
def _unknown_articles(ctx: CheckContext) -> Iterator[Problem]:
    articles = ctx.ledger.articles
    # A file that is there but could not be used (empty, binary, a link out of the folder) has
    # its own problem; the citation points at it rather than guessing at a similar name.
    refused = {p.path: p for p in ctx.ledger.warnings if p.path != ctx.load.display}
    for index, claim in enumerate(ctx.ledger.claims):
        for k, source in enumerate(claim.sources):
            if source.article in articles or source_reference_problem(source.article):
                continue
            bad = refused.get(ctx.ledger.article_path(source.article))
            if bad is not None:
                yield ctx.problem(
                    ("claims", index, "sources", k, "article"), "unknown-article",
                    f"article '{source.article}' cannot be used: {bad.message}",
                )
                continue
            yield ctx.problem(
                ("claims", index, "sources", k, "article"), "unknown-article",
                f"article '{source.article}' is not in {ctx.ledger.seeds_display}"
                + _suggest(source.article, articles),
            )


@rule("quote-not-found", "error", "a quote is not in its article (whitespace, quotes, apostrophes and dashes aside); the closest passage is suggested, aligned to the quote, with its line and the words that differ in `*stars*`")
def _quotes(ctx: CheckContext) -> Iterator[Problem]:
    from claimtrack.closest import Words, article_words, closest_passage

    ledger = ctx.ledger
    searched = 0
    work = 0
    words: dict[str, Words] = {}
    for index, claim in enumerate(ledger.claims):
        for k, source in enumerate(claim.sources):
            if source.article not in ledger.articles or (index, k) in ledger.anchors:
                continue
            hint = None
            if searched < MAX_CLOSEST_SEARCHES and work < MAX_CLOSEST_WORK:
                searched += 1
                article = ledger.articles[source.article]
                if source.article not in words:
                    words = {source.article: article_words(article)}  # one article's at a time
                found = words[source.article]
                work += len(found.keys)
                closest = closest_passage(article, source.quote, found)
                if closest is not None:
                    hint = (
                        f"closest passage, line {closest.line} (words that differ in *stars*): "
                        f"\"{one_line(closest.text)}\""
                    )
            yield ctx.problem(
                ("claims", index, "sources", k, "quote"), "quote-not-found",
                f"quote not found in {ledger.article_path(source.article)}", hint=hint,
            )


@rule("quote-ambiguous", "warning", "a quote occurs more than once in its article: lengthen it so it points at one place")
def _ambiguous(ctx: CheckContext) -> Iterator[Problem]:
    for (index, k), anchor in sorted(ctx.ledger.anchors.items()):
        if anchor.occurrences > 1:
            yield ctx.problem(
                ("claims", index, "sources", k, "quote"), "quote-ambiguous",
                f"quote occurs more than once in {ctx.ledger.article_path(anchor.article)} "
                f"(first at line {anchor.line})", severity="warning",
            )


@rule("dangling-contradicts", "error", "`contradicts` names a claim id that does not exist, or the claim itself")
def _dangling(ctx: CheckContext) -> Iterator[Problem]:
    ids = {claim.id for claim in ctx.ledger.claims}
    for index, claim in enumerate(ctx.ledger.claims):
        for k, other in enumerate(claim.contradicts):
            if other == claim.id:
                yield ctx.problem(
                    ("claims", index, "contradicts", k), "dangling-contradicts",
                    "a claim cannot contradict itself",
                )
            elif other not in ids and other not in ctx.load.left_out.claim_ids:
                yield ctx.problem(
                    ("claims", index, "contradicts", k), "dangling-contradicts",
                    f"contradicts unknown claim '{other}'" + _suggest(other, ids),
                )


@rule("bad-date", "error", "a `when`, `as_of` or article `date` that is not in the supported date grammar")
def _bad_dates(ctx: CheckContext) -> Iterator[Problem]:
    for index, claim in enumerate(ctx.ledger.claims):
        for name in ("when", "as_of"):
            text = getattr(claim, name)
            if text is None:
                continue
            try:
                if not is_relative(text):
                    resolve_when(text, None)
            except DateParseError as exc:
                yield ctx.problem(("claims", index, name), "bad-date", str(exc))
        for k, source in enumerate(claim.sources):
            if source.said_on is None:
                continue
            try:
                if is_relative(source.said_on):
                    raise DateParseError(
                        f"said_on '{source.said_on}' is relative: give the date the words were "
                        "said ('2024-06-28', 'June 2024')"
                    )
                resolve_when(source.said_on, None)
            except DateParseError as exc:
                yield ctx.problem(("claims", index, "sources", k, "said_on"), "bad-date", str(exc))
    for article_id, meta in ctx.ledger.claims_file.articles.items():
        if meta.date is not None:
            try:
                parse_article_date(meta.date)
            except DateParseError as exc:
                yield ctx.problem(("articles", article_id, "date"), "bad-date", str(exc))


@rule("relative-date-undated", "error", "a relative date (`last month`) cited in an article with no date line and no curated `date`")
def _relative_undated(ctx: CheckContext) -> Iterator[Problem]:
    ledger = ctx.ledger
    for index, claim in enumerate(ledger.claims):
        for name in ("when", "as_of"):
            text = getattr(claim, name)
            if text is None or not _is_relative(text) or (name == "when" and claim.anchor):
                continue
            for source in claim.sources:
                date = ledger.dates.get(source.article)
                if source.said_on is None and date is not None and date.interval is None and not (
                    _date_reported(ctx, source.article)
                ):
                    yield ctx.problem(
                        ("claims", index, name), "relative-date-undated",
                        f"'{text}' is relative, but {ledger.article_path(source.article)} has no "
                        "date: give it one under 'articles:' (date, date_basis)",
                    )


def _date_reported(ctx: CheckContext, article: str) -> bool:
    """The article's date is missing for a problem reported already (a curated date that is not
    a date, or its ``articles:`` entry left out): the claims citing it need not say so again."""
    meta = ctx.ledger.claims_file.articles.get(article)
    return (meta is not None and meta.date is not None) or article in ctx.load.left_out.articles


@rule("age-undated", "warning", "an `age` (without an absolute `as_of`) cited in an article with no date: no birth window can be drawn from it")
def _age_undated(ctx: CheckContext) -> Iterator[Problem]:
    ledger = ctx.ledger
    for index, claim in enumerate(ledger.claims):
        if claim.age is None or (claim.as_of is not None and not _is_relative(claim.as_of)):
            continue
        if claim.as_of is not None:
            continue  # a relative 'as_of' in an undated article is relative-date-undated
        for source in claim.sources:
            date = ledger.dates.get(source.article)
            if date is not None and date.interval is None and not _date_reported(ctx, source.article):
                yield ctx.problem(
                    ("claims", index, "age"), "age-undated",
                    f"age {claim.age} is as of the article's date, but "
                    f"{ledger.article_path(source.article)} has no date: give it one under "
                    "'articles:' (date, date_basis), or give the claim an 'as_of'",
                    severity="warning",
                )
                break


@rule("unresolvable-date", "error", "a relative date that cannot be resolved against its article's date")
def _unresolvable(ctx: CheckContext) -> Iterator[Problem]:
    ledger = ctx.ledger
    for index, claim in enumerate(ledger.claims):
        for name in ("when", "as_of"):
            text = getattr(claim, name)
            if text is None or not _is_relative(text) or (name == "when" and claim.anchor):
                continue
            if name == "when" and is_event_relative(text):
                continue  # anchor-needed says what is missing
            for source in claim.sources:
                date = ledger.dates.get(source.article)
                if source.said_on is not None or date is None or date.interval is None:
                    continue
                try:
                    resolve_when(text, date.interval)
                except DateParseError as exc:
                    yield ctx.problem(("claims", index, name), "unresolvable-date", str(exc))
                    break


_READING_CODES = {
    "bad-anchor": "anchor", "anchor-cycle": "anchor", "anchor-needed": "when",
    "date-out-of-range": "when",
}  # fmt: skip


def _reading_problems(ctx: CheckContext, code: str) -> Iterator[Problem]:
    """Problems a claim's resolution found (:class:`claimtrack.resolve.Resolver`): anchors and
    dates outside years 1-9999. Only claims that can have them are resolved."""
    from claimtrack.resolve import Resolver

    claims = ctx.ledger.claims
    resolver = Resolver(claims, ctx.ledger.dates, ctx.ledger.claims_file.slots)
    for index, claim in enumerate(claims):
        if not (claim.anchor or claim.age is not None or (claim.when is not None and (
            is_event_relative(claim.when) or any(s.said_on for s in claim.sources)
        ))):  # fmt: skip
            continue
        for reading in resolver.value(index).readings:
            if reading.error_code != code or reading.error is None:
                continue
            field = _READING_CODES[code]
            if code == "date-out-of-range" and claim.kind == "age":
                field = "as_of" if claim.as_of else "age"
            elif code == "date-out-of-range" and not claim.anchor and _is_relative(claim.when or ""):
                break  # unresolvable-date reports it
            yield ctx.problem(("claims", index, field), code, reading.error)
            break


@rule("bad-anchor", "error", "a claim's `anchor` is neither a claim id nor an absolute date, or names a claim without a resolved date")
def _bad_anchor(ctx: CheckContext) -> Iterator[Problem]:
    return _reading_problems(ctx, "bad-anchor")


@rule("anchor-cycle", "error", "claims whose `anchor`s lead back to themselves")
def _anchor_cycle(ctx: CheckContext) -> Iterator[Problem]:
    return _reading_problems(ctx, "anchor-cycle")


@rule("anchor-needed", "error", "a `when` relative to an event (`ten weeks before`) on a claim without an `anchor`")
def _anchor_needed(ctx: CheckContext) -> Iterator[Problem]:
    return _reading_problems(ctx, "anchor-needed")


@rule("date-out-of-range", "error", "a date, anchor or age whose resolution falls outside years 1-9999")
def _date_out_of_range(ctx: CheckContext) -> Iterator[Problem]:
    return _reading_problems(ctx, "date-out-of-range")


@rule("via-suggested", "warning", "the line of a quote says it was relayed from another outlet (`told Us Weekly`, `according to PEOPLE`) and the source has no `via`")
def _via_suggested(ctx: CheckContext) -> Iterator[Problem]:
    from claimtrack.relays import find_relay, relay_cues, relay_pattern

    ledger = ctx.ledger
    metas = ledger.claims_file.articles
    outlets = {meta.outlet for meta in metas.values() if meta.outlet}
    for claim in ledger.claims:
        for source in claim.sources:
            if source.via:
                outlets.add(source.via)
            elif source.attribution == "named_outlet" and source.attributed_to[:1].isupper():
                outlets.add(source.attributed_to)
    pattern = relay_pattern(outlets)
    if pattern is None:
        return
    cues: dict[str, list[re.Match[str]]] = {}
    found: list[tuple[PathKey, re.Match[str]]] = []
    for (index, k), anchor in sorted(ledger.anchors.items()):
        source = ledger.claims[index].sources[k]
        if source.via is not None:
            continue
        text = ledger.articles.text(source.article)
        article_cues = cues.get(source.article)
        if article_cues is None:
            article_cues = cues[source.article] = relay_cues(text, pattern)
        meta = metas.get(source.article)
        relay = find_relay(
            text, anchor.start, anchor.end, source.attribution, pattern,
            None if meta is None else meta.outlet, article_cues,
        )  # fmt: skip
        if relay is not None:
            found.append((("claims", index, "sources", k, "attributed_to"), relay))
    if found:  # one walk of the file locates them all
        ctx.prefetch([path for path, _ in found])
    for path, relay in found:
        yield ctx.problem(
            path, "via-suggested",
            f"the sentence says '{one_line(relay[0])}': if the claim is relayed, add "
            f"'via: {relay['outlet']}' (the original attribution stays)",
            severity="warning",
        )


@rule("article-metadata", "error", "`articles:` describes a file not in the seeds folder, or `copy_of` names an unknown article or itself")
def _article_metadata(ctx: CheckContext) -> Iterator[Problem]:
    articles = ctx.ledger.articles
    for article_id, meta in ctx.ledger.claims_file.articles.items():
        if article_id not in articles:
            yield ctx.problem(
                ("articles", article_id), "article-metadata",
                f"'{article_id}' is not in {ctx.ledger.seeds_display}" + _suggest(article_id, articles),
                key=True,
            )
        if meta.copy_of is not None:
            if meta.copy_of == article_id:
                yield ctx.problem(("articles", article_id, "copy_of"), "article-metadata",
                                  "an article cannot be a copy of itself")
            elif meta.copy_of not in articles:
                yield ctx.problem(
                    ("articles", article_id, "copy_of"), "article-metadata",
                    f"copy_of '{meta.copy_of}' is not in {ctx.ledger.seeds_display}",
                )


@rule("copy-of-cycle", "warning", "`copy_of` links that lead back to where they started (001 copies 002, 002 copies 001): no article of the cycle is the original")
def _copy_cycles(ctx: CheckContext) -> Iterator[Problem]:
    metas = ctx.ledger.claims_file.articles
    reported: set[str] = set()
    for start in sorted(metas):
        path, seen = [start], {start}
        current = metas[start].copy_of
        while current is not None and current in metas and current not in seen:
            path.append(current)
            seen.add(current)
            current = metas[current].copy_of
        if current is None or current not in seen or current == path[-1] == start:
            continue
        cycle = path[path.index(current) :]
        if len(cycle) < 2 or reported & set(cycle):
            continue  # a copy of itself is article-metadata's; each cycle is reported once
        reported |= set(cycle)
        first = min(cycle)
        shown = " -> ".join(cycle[cycle.index(first) :] + cycle[: cycle.index(first)] + [first])
        yield ctx.problem(
            ("articles", first, "copy_of"), "copy-of-cycle",
            f"copy_of goes round in a circle ({shown}): say which one is the original",
            severity="warning",
        )


@rule("copy-of-later", "warning", "`copy_of` names an article dated after the copy: a rewrite cannot come before its original")
def _copy_of_later(ctx: CheckContext) -> Iterator[Problem]:
    dates = ctx.ledger.dates
    for article_id, meta in sorted(ctx.ledger.claims_file.articles.items()):
        if meta.copy_of is None or meta.copy_of == article_id:
            continue
        copy, original = dates.get(article_id), dates.get(meta.copy_of)
        if copy is None or original is None or copy.interval is None or original.interval is None:
            continue
        starts, ends = original.interval.start, copy.interval.end
        if starts is not None and ends is not None and starts > ends:
            yield ctx.problem(
                ("articles", article_id, "copy_of"), "copy-of-later",
                f"copy_of '{meta.copy_of}' ({original.text}) is dated after this article "
                f"({copy.text}): is the copy the other way round?",
                severity="warning",
            )


@rule("alias-shared", "warning", "one alias (or name) given to two subjects: `--subject` finds both")
def _alias_shared(ctx: CheckContext) -> Iterator[Problem]:
    subjects = ctx.ledger.claims_file.subjects
    owners = {subject.name.casefold(): key for key, subject in subjects.items()}
    for key, subject in subjects.items():
        for k, alias in enumerate(subject.aliases):
            folded = alias.casefold()
            other = owners.setdefault(folded, key)
            if other != key:
                yield ctx.problem(
                    ("subjects", key, "aliases", k), "alias-shared",
                    f"alias '{alias}' is also a name of subject '{other}': "
                    f"--subject {alias} finds both",
                    severity="warning",
                )


@rule("date-overrides-file", "warning", "a curated `date` for an article whose file has its own date line (the file's date is used)")
def _date_override(ctx: CheckContext) -> Iterator[Problem]:
    for article_id, meta in ctx.ledger.claims_file.articles.items():
        article = ctx.ledger.articles.get(article_id)
        own = None if article is None else (
            article.date.isoformat() if article.date is not None else article.partial_date
        )
        if meta.date is not None and own is not None:
            yield ctx.problem(
                ("articles", article_id, "date"), "date-overrides-file",
                f"{article_id} has a date line ({own}); this date is ignored",
                severity="warning",
            )


@rule("article-without-claims", "warning", "an article in the seeds folder that no claim cites")
def _uncited(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.load.left_out.claims:
        return  # a claim left out for its own problem may be the one that cites it
    cited = {source.article for claim in ctx.ledger.claims for source in claim.sources}
    for article_id in ctx.ledger.articles:
        if article_id not in cited:
            yield Problem(
                ctx.ledger.article_path(article_id), 0, 0, "article-without-claims", "warning",
                "no claim cites this article",
            )


_RELATIVE_CACHE: dict[str, bool] = {}


def _is_relative(text: str) -> bool:
    found = _RELATIVE_CACHE.get(text)
    if found is None:
        try:
            found = is_relative(text)
        except DateParseError:
            found = False
        _RELATIVE_CACHE[text] = found
    return found


MAX_CLOSEST_SEARCHES = 500
"""Quotes not found for which the closest passage is looked for (a fuzzy scan of the article,
about half a millisecond each): a file whose quotes are all broken, e.g. after the articles were
re-saved in another form, is reported in seconds rather than minutes, and the first ones show
what went wrong."""
MAX_CLOSEST_WORK = 5_000_000
"""Article words scanned for closest passages in one check (a pass over a 1 MB article is some
170,000): the search costs at most a second or two however large the articles, and the output
does not depend on the machine's speed, as a time limit would make it."""


class CheckReport(NamedTuple):
    """The outcome of a check: every problem, sorted, and the ledger when the file loaded."""

    problems: list[Problem]
    ledger: Ledger | None
    claims: int = 0
    sources: int = 0
    articles: int = 0
    """Article files read, also when the claims file did not load."""
    claims_in_file: int = 0
    """Claims in the file, valid or not: more than ``claims`` when some were left out."""

    def counts(self, data: str, seeds: str) -> dict[str, object]:
        """What was checked, as ``check --format json`` opens with it."""
        return {
            "data": data, "seeds": seeds, "claims": self.claims,
            "claims_in_file": self.claims_in_file, "sources": self.sources,
            "articles": self.articles,
        }  # fmt: skip


def run_rules(load: Loaded, ledger: Ledger) -> list[Problem]:
    ctx = CheckContext(load, ledger)
    found: list[Problem] = []
    for entry in progress.track(RULES, "running the rules"):
        found.extend(entry.function(ctx))
    return found


def cached_rules(load: Loaded, ledger: Ledger) -> list[Problem]:
    """:func:`run_rules`, cached: the rules read nothing but the claims file and the ledger (its
    articles and warnings), so their findings are keyed on exactly those."""
    import json

    from claimtrack import cache

    if not ledger.key:
        return run_rules(load, ledger)
    name = cache.key("check", ledger.key, load.display,
                     json.dumps([p.to_json() for p in ledger.warnings]))  # fmt: skip
    codes = {r.code for r in RULES}

    def decode(data: bytes) -> list[Problem] | None:
        found = problems_from_json(json.loads(data))  # a cache entry is not trusted
        return found if all(p.code in codes for p in found) else None

    stored = cache.load(name, decode)
    if stored is not None:
        return stored
    found = run_rules(load, ledger)
    cache.write(name, json.dumps([p.to_json() for p in found], ensure_ascii=False).encode())
    return found


def check_project(data: Path, seeds: Path, data_display: str, seeds_display: str) -> CheckReport:
    """Load everything and run every rule; raises UsageError only for unusable input."""
    load = load_data(data, data_display)
    with gc_paused():
        articles, problems = load_articles(seeds, seeds_display)
    problems = [*load.problems, *problems]
    ledger = None
    claims = sources = in_file = 0
    if load.claims is not None:
        with gc_paused():
            ledger = build_ledger(load.claims, articles, seeds_display, load.key)
            ledger.warnings = sorted(problems)
            problems.extend(cached_rules(load, ledger))
        claims = len(load.claims.claims)
        sources = sum(len(c.sources) for c in load.claims.claims)
    in_file = load.claims_in_file
    # Problem equality ignores the message, so two different problems at one place (a claim
    # missing both 'statement' and 'sources') must not be merged: dedupe on the message too.
    unique = {(p, p.message): p for p in problems}
    ordered = sorted(unique.values(), key=lambda p: (p, p.message))
    return CheckReport(ordered, ledger, claims, sources, len(articles), in_file)
from claimtrack import slot_checks as _slot_checks  # noqa: E402, F401  (registers the registry's rules)
