"""``claimtrack check``: the rules, each a generator of problems with a stable kebab-case code.

The rules run over a ledger that loaded (the YAML parsed and matched the schema); syntax and schema
problems come from the loader in the same stream. :data:`RULES` is the documented list: the README's
table of rules is generated from it and a test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from claimtrack.dates import DateParseError, is_relative, resolve_when
from claimtrack.gc_pause import gc_paused
from claimtrack.ledger import (
    Ledger,
    build_ledger,
    load_articles,
    parse_article_date,
    source_reference_problem,
)
from claimtrack.loader import (
    LoadResult,
    PathKey,
    is_placeholder,
    load_claims,
    placeholder_message,
)
from claimtrack.problems import Problem, Severity
from claimtrack.text import fold, one_line


class CheckContext(NamedTuple):
    """What every rule sees: the loaded file (for positions) and the ledger."""

    load: LoadResult
    ledger: Ledger

    def problem(
        self, path: PathKey, code: str, message: str, *, severity: Severity = "error",
        hint: str | None = None, key: bool = False,
    ) -> Problem:
        positions = self.load.positions
        line, column = positions.key(path) if key else positions.value(path)
        return Problem(self.load.display, line, column, code, severity, message, hint)


RuleFunction = Callable[[CheckContext], Iterator[Problem]]


class Rule(NamedTuple):
    code: str
    severity: Severity
    summary: str
    function: RuleFunction


RULES: list[Rule] = []


def rule(code: str, severity: Severity, summary: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        RULES.append(Rule(code, severity, summary, function))
        return function

    return register


# Problems that come from the loader and the article reader rather than from a rule (errors,
# but for LOADER_WARNINGS).
LOADER_CODES: list[tuple[str, str]] = [
    ("yaml-syntax", "the file is not valid YAML (a tab in the indentation, an unclosed quote, ...)"),
    ("duplicate-key", "a key appears twice in one mapping (YAML would silently keep the last)"),
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
    ("unknown-key", "a key the format does not have (a typo, usually)"),
    ("missing-field", "a required key is missing"),
    ("wrong-type", "a value of the wrong type (a list where a string belongs, ...)"),
    ("invalid-value", "a value outside what the field allows (an unknown attribution, ...)"),
    ("bad-slug", "an id, subject or slot that is not a lowercase slug"),
    ("empty-value", "an empty string where text is required"),
    ("empty-list", "an empty list where at least one item is required"),
    ("no-source", "a claim with no source"),
    ("article-empty", "an article file that is empty or holds only whitespace"),
    ("article-binary", "an article file that is not text"),
    ("article-unreadable", "an article file that cannot be read (permissions, ...)"),
    ("article-too-large", "an article file over the size limit"),
    ("article-outside-seeds", "a file in the seeds folder that links outside it"),
    ("article-not-a-file", "a folder in the seeds folder named like an article (`*.txt`): not read"),
]
LOADER_WARNINGS = {"article-not-a-file"}


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
            line, _ = ctx.load.positions.value(("claims", first[claim.id], "id"))
            yield ctx.problem(
                ("claims", index, "id"), "duplicate-claim-id",
                f"claim id '{claim.id}' is used twice (first at line {line})",
            )
        else:
            first[claim.id] = index


@rule("unknown-subject", "error", "a claim's subject or `involves` is not in `subjects`")
def _unknown_subjects(ctx: CheckContext) -> Iterator[Problem]:
    subjects = ctx.ledger.claims_file.subjects
    for index, claim in enumerate(ctx.ledger.claims):
        if claim.subject not in subjects:
            yield ctx.problem(
                ("claims", index, "subject"), "unknown-subject",
                f"unknown subject '{claim.subject}'" + _suggest(claim.subject, subjects),
            )
        for k, other in enumerate(claim.involves):
            if other not in subjects:
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


@rule("quote-not-found", "error", "a quote is not in its article (whitespace, quotes, apostrophes and dashes aside); the closest passage is suggested")
def _quotes(ctx: CheckContext) -> Iterator[Problem]:
    ledger = ctx.ledger
    searched = 0
    for index, claim in enumerate(ledger.claims):
        for k, source in enumerate(claim.sources):
            if source.article not in ledger.articles or (index, k) in ledger.anchors:
                continue
            hint = None
            if searched < MAX_CLOSEST_SEARCHES:
                searched += 1
                closest = _closest_passage(ledger.articles[source.article].text, source.quote)
                hint = f"closest passage: \"{one_line(closest)}\"" if closest else None
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
                    f"claim '{claim.id}' cannot contradict itself",
                )
            elif other not in ids:
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
            if text is None or not _is_relative(text):
                continue
            for source in claim.sources:
                date = ledger.dates.get(source.article)
                if date is not None and date.interval is None:
                    yield ctx.problem(
                        ("claims", index, name), "relative-date-undated",
                        f"'{text}' is relative, but {ledger.article_path(source.article)} has no "
                        "date: give it one under 'articles:' (date, date_basis)",
                    )


@rule("unresolvable-date", "error", "a relative date that cannot be resolved against its article's date")
def _unresolvable(ctx: CheckContext) -> Iterator[Problem]:
    ledger = ctx.ledger
    for index, claim in enumerate(ledger.claims):
        for name in ("when", "as_of"):
            text = getattr(claim, name)
            if text is None or not _is_relative(text):
                continue
            for source in claim.sources:
                date = ledger.dates.get(source.article)
                if date is None or date.interval is None:
                    continue
                try:
                    resolve_when(text, date.interval)
                except DateParseError as exc:
                    yield ctx.problem(("claims", index, name), "unresolvable-date", str(exc))
                    break


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


@rule("date-overrides-file", "warning", "a curated `date` for an article whose file has its own date line (the file's date is used)")
def _date_override(ctx: CheckContext) -> Iterator[Problem]:
    for article_id, meta in ctx.ledger.claims_file.articles.items():
        article = ctx.ledger.articles.get(article_id)
        if meta.date is not None and article is not None and article.date is not None:
            yield ctx.problem(
                ("articles", article_id, "date"), "date-overrides-file",
                f"{article_id} has a date line ({article.date.isoformat()}); this date is ignored",
                severity="warning",
            )


@rule("article-without-claims", "warning", "an article in the seeds folder that no claim cites")
def _uncited(ctx: CheckContext) -> Iterator[Problem]:
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


def _suggest(value: str, known: Iterable[object]) -> str:
    import difflib  # only when something is wrong: a clean check need not load it

    choices = [str(k) for k in known]
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


MAX_CLOSEST_SEARCHES = 500
"""Quotes not found for which the closest passage is looked for (a fuzzy scan of the article,
about half a millisecond each): a file whose quotes are all broken, e.g. after the articles were
re-saved in another form, is reported in seconds rather than minutes, and the first ones show
what went wrong."""


def _closest_passage(text: str, quote: str) -> str | None:
    """The stretch of the article most like the quote: a sentence-window of similar length."""
    needle = fold(quote)
    if not needle:
        return None
    words = fold(text).split(" ")
    size = max(1, len(needle.split(" ")))
    best, best_score = None, 0.0
    import difflib

    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    step = max(1, size // 3)
    for start in range(0, max(1, len(words) - size + 1), step):
        window = " ".join(words[start : start + size])
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
            continue
        score = matcher.ratio()
        if score > best_score:
            best, best_score = window, score
    return best if best_score >= 0.5 else None


class CheckReport(NamedTuple):
    """The outcome of a check: every problem, sorted, and the ledger when the file loaded."""

    problems: list[Problem]
    ledger: Ledger | None
    claims: int = 0
    sources: int = 0
    articles: int = 0
    """Article files read, also when the claims file did not load."""


def run_rules(load: LoadResult, ledger: Ledger) -> list[Problem]:
    ctx = CheckContext(load, ledger)
    found: list[Problem] = []
    for entry in RULES:
        found.extend(entry.function(ctx))
    return found


def cached_rules(load: LoadResult, ledger: Ledger) -> list[Problem]:
    """:func:`run_rules`, cached: the rules read nothing but the claims file and the ledger (its
    articles and warnings), so their findings are keyed on exactly those."""
    import json

    from claimtrack import cache

    if not ledger.key:
        return run_rules(load, ledger)
    name = cache.key("check", ledger.key, load.display,
                     json.dumps([p.to_json() for p in ledger.warnings]))  # fmt: skip
    stored = cache.read(name)
    if stored is not None:
        try:
            return [Problem(**item) for item in json.loads(stored)]
        except (ValueError, TypeError):
            pass  # damaged: run the rules and write it again
    found = run_rules(load, ledger)
    cache.write(name, json.dumps([p.to_json() for p in found], ensure_ascii=False).encode())
    return found


def check_project(data: Path, seeds: Path, data_display: str, seeds_display: str) -> CheckReport:
    """Load everything and run every rule; raises UsageError only for unusable input."""
    load = load_claims(data, data_display)
    with gc_paused():
        articles, problems = load_articles(seeds, seeds_display)
    problems = [*load.problems, *problems]
    ledger = None
    claims = sources = 0
    if load.claims is not None:
        with gc_paused():
            ledger = build_ledger(load.claims, articles, seeds_display, load.key)
            ledger.warnings = sorted(problems)
            problems.extend(cached_rules(load, ledger))
        claims = len(load.claims.claims)
        sources = sum(len(c.sources) for c in load.claims.claims)
    # Problem equality ignores the message, so two different problems at one place (a claim
    # missing both 'statement' and 'sources') must not be merged: dedupe on the message too.
    unique = {(p, p.message): p for p in problems}
    ordered = sorted(unique.values(), key=lambda p: (p, p.message))
    return CheckReport(ordered, ledger, claims, sources, len(articles))
