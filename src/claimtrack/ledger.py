"""The ledger: the claims file joined to the articles it cites.

Each article is read and normalised once; each quote is looked up only in its cited article's
normalised text, so building the ledger costs one pass over the articles and one ``str.find`` per
citation, whatever the size of the project.
"""

from __future__ import annotations

import datetime
import os
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, NamedTuple

from claimtrack import progress
from claimtrack.articles import (
    Article,
    ArticleError,
    PreparedArticle,
    finish_article,
    prepare_article,
    read_article_bytes,
)
from claimtrack.articles import (
    article_id as nfc_article_id,
)
from claimtrack.dates import DateParseError, Interval, day, parse_interval
from claimtrack.gc_pause import gc_paused
from claimtrack.models import ArticleMeta, Claim, ClaimsFile, LeftOut
from claimtrack.problems import Problem, UsageError
from claimtrack.text import NormalisedText, fold, normalise, printable


class Anchor(NamedTuple):
    """Where a quote sits in its article (a named tuple: 200,000 of them are read back from the
    cache on a large re-run, twice as fast as dataclass instances)."""

    article: str
    start: int
    """Offset of the quote's first character in ``Article.text``."""
    end: int
    """Offset just past its last character."""
    line: int
    column: int
    occurrences: int
    """How many times the quote occurs (1 = unambiguous; capped at 2)."""


class Anchors(Mapping[tuple[int, int], Anchor]):
    """(claim index, source index) → :class:`Anchor`, for the quotes that were found.

    Kept as five integer columns with one row per citation, not as a dict of named tuples: at
    150,000 citations that is 6 MB instead of about 50, and the cache reads back into it in C
    loops. The article of an anchor is its source's article, so it is not stored.
    """

    _FIELDS = ("start", "end", "line", "column", "occurrences")

    def __init__(self, claims: Sequence[Claim]) -> None:
        first = array("q", [0])
        total = 0
        for claim in claims:
            total += len(claim.sources)
            first.append(total)
        self._claims = claims
        self._first = first
        """Claim ``i``'s citations are rows ``first[i]`` to ``first[i + 1]``."""
        self._columns = [array("q", [0]) * total for _ in self._FIELDS]
        """Occurrences 0 marks a quote that was not found."""
        self._count = 0

    def _row(self, key: object) -> int:
        """The row of a (claim, source) key, or -1 for a key that names no citation."""
        if not isinstance(key, tuple) or len(key) != 2:
            return -1
        claim, source = key
        first = self._first
        if type(claim) is not int or type(source) is not int or not 0 <= claim < len(first) - 1:
            return -1
        row = first[claim] + source
        return row if source >= 0 and row < first[claim + 1] else -1

    def put(self, claim: int, source: int, anchor: Anchor) -> None:
        row = self._row((claim, source))
        if row < 0:
            raise KeyError((claim, source))
        start, end, line, column, occurrences = self._columns
        self._count += occurrences[row] == 0
        start[row], end[row], line[row], column[row] = anchor[1:5]
        occurrences[row] = anchor.occurrences

    def __getitem__(self, key: tuple[int, int]) -> Anchor:
        row = self._row(key)
        start, end, line, column, occurrences = self._columns
        if row < 0 or not occurrences[row]:
            raise KeyError(key)
        article = self._claims[key[0]].sources[key[1]].article
        return Anchor(article, start[row], end[row], line[row], column[row], occurrences[row])

    def __contains__(self, key: object) -> bool:
        row = self._row(key)
        return row >= 0 and bool(self._columns[4][row])

    def __iter__(self) -> Iterator[tuple[int, int]]:
        """In claim order, then source order."""
        first, occurrences = self._first, self._columns[4]
        for claim in range(len(first) - 1):
            base = first[claim]
            for row in range(base, first[claim + 1]):
                if occurrences[row]:
                    yield claim, row - base

    def __len__(self) -> int:
        return self._count

    def to_json(self) -> bytes:
        import json

        return json.dumps([list(column) for column in self._columns]).encode()

    def fill_from_json(
        self, stored: bytes, text_of: Callable[[str], str | None] | None = None
    ) -> bool:
        """Fill from :meth:`to_json`'s output; False (and nothing filled) if it is damaged or was
        made for other claims. With ``text_of`` (an article's text, None for no such article),
        every span must lie in its article's text and every line among its lines."""
        import json

        try:
            data = json.loads(stored)
            if not isinstance(data, list) or len(data) != len(self._FIELDS):
                return False
            columns = [array("q", column) for column in data]
        except (ValueError, TypeError, OverflowError):
            return False
        rows = self._first[-1]
        if any(len(column) != rows for column in columns):
            return False
        if rows and not (min(columns[4]) >= 0 and max(columns[4]) <= 2):
            return False
        if text_of is not None and not self._spans_fit(columns, text_of):
            return False
        self._columns = columns
        self._count = rows - columns[4].count(0)
        return True


    def _spans_fit(
        self, columns: list[array[int]], text_of: Callable[[str], str | None]
    ) -> bool:
        """Whether every found quote's span and position lie inside its article (a cache entry
        is not trusted: a span past the end would fail only when the quote is shown)."""
        start, end, line, column, occurrences = columns
        sizes: dict[str, tuple[int, int]] = {}
        row = 0
        for claim in self._claims:
            for source in claim.sources:
                if occurrences[row]:
                    size = sizes.get(source.article)
                    if size is None:
                        text = text_of(source.article)
                        if text is None:
                            return False
                        size = sizes[source.article] = (len(text), text.count("\n") + 1)
                    if not (
                        0 <= start[row] < end[row] <= size[0]
                        and 1 <= line[row] <= size[1] and 1 <= column[row] <= size[0]
                    ):  # fmt: skip
                        return False
                row += 1
        return True


class ArticleDate(NamedTuple):
    """An article's effective date: from its date line, or curated for an undated file."""

    interval: Interval | None
    origin: str
    """"file", "curated", or "none"."""
    text: str | None = None
    """The date as written (the ISO day for a date line, the curated value otherwise)."""


@lru_cache(maxsize=65536)  # called once per citation, on few distinct names
def source_reference_problem(reference: str) -> str | None:
    """Why an ``article:`` value may not name a file in the seeds folder, or None if it may."""
    if reference in (".", "..") or "\x00" in reference:
        return f"'{reference}' is not an article file name"
    if PurePosixPath(reference).is_absolute() or PureWindowsPath(reference).is_absolute():
        return f"absolute path '{reference}': cite articles by file name, inside the seeds folder"
    if "/" in reference or "\\" in reference:
        parts = reference.replace("\\", "/").split("/")
        if ".." in parts:
            return f"'{reference}' leads out of the seeds folder"
        return f"'{reference}' is a path: cite articles by file name, inside the seeds folder"
    return None


class ArticleSet(Mapping[str, Article]):
    """The articles of a seeds folder, by file name, each parsed whole on first use.

    Every file is read, hashed, decoded and checked up front (:func:`prepare_article`), so the
    set knows which files are usable, their contents' hashes and their dates; splitting into
    lines, headline and paragraphs waits until an article is looked up. A re-run that finds its
    results in the cache never pays for it (a second or two at 10,000 articles).
    """

    def __init__(self, prepared: dict[str, PreparedArticle]) -> None:
        self._prepared = prepared
        self._parsed: dict[str, Article] = {}

    def __getitem__(self, article_id: str) -> Article:
        found = self._parsed.get(article_id)
        if found is None:
            found = self._parsed[article_id] = finish_article(self._prepared[article_id])
        return found

    def parse(self, article_id: str) -> Article:
        """The article parsed whole, without keeping it: for a pass over every article
        (anchoring), where keeping all 10,000 parsed would add tens of MB to the peak."""
        found = self._parsed.get(article_id)
        return found if found is not None else finish_article(self._prepared[article_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._prepared)

    def __len__(self) -> int:
        return len(self._prepared)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._prepared

    def sha256(self, article_id: str) -> str:
        return self._prepared[article_id].sha256

    def text(self, article_id: str) -> str:
        """The decoded text (as :attr:`Article.text`), without parsing the article whole."""
        return self._prepared[article_id].text

    def file_date(self, article_id: str) -> datetime.date | None:
        """The date of the file's date line (None without one, or when it is not a date)."""
        return self._prepared[article_id].date

    def file_partial_date(self, article_id: str) -> str | None:
        """A month- or year-only date line's date as ISO text (``2024-07``), else None."""
        return self._prepared[article_id].partial_date

    @classmethod
    def of(cls, articles: Mapping[str, Article]) -> ArticleSet:
        """A set of articles already parsed (tests, tools that parse files themselves)."""
        found = cls({})
        for article_id, article in articles.items():
            found._prepared[article_id] = PreparedArticle(
                article.path, article.text, article.encoding, article.sha256, article.date,
                article.date_error, 0, article.partial_date,
            )  # fmt: skip
            found._parsed[article_id] = article
        return found


def _utf8_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def load_articles(seeds: Path, display: str) -> tuple[ArticleSet, list[Problem]]:
    """Every ``*.txt`` file of the seeds folder, sorted by name; bad files become problems."""
    if not seeds.exists():
        raise UsageError(f"{display}: no such folder (use --seeds to point at the articles)")
    if not seeds.is_dir():
        raise UsageError(f"{display}: is not a folder")
    root = seeds.resolve()
    try:
        entries = sorted(
            (entry for entry in os.scandir(seeds) if entry.name.endswith(".txt")),
            key=lambda entry: entry.name,
        )
    except OSError as exc:
        raise UsageError(f"{display}: cannot list: {exc.strerror or exc}") from None
    prepared: dict[str, PreparedArticle] = {}
    problems: list[Problem] = []
    for entry in progress.track(entries, "reading the articles"):
        name = entry.name
        path = seeds / name
        shown = f"{display.rstrip('/')}/{name}"
        if not name.isascii() and not _utf8_name(name):
            # os.scandir hands undecodable bytes over as lone surrogates; the claims file (UTF-8)
            # could never name such a file, and no output may carry it raw.
            problems.append(
                Problem(printable(shown), 0, 0, "article-unreadable", "error",
                        "the file name is not UTF-8: rename the file to use it")
            )  # fmt: skip
            continue
        name = nfc_article_id(name)
        try:
            # Only a symbolic link can lead elsewhere: resolving every path costs a system call
            # per path component, seconds over 10,000 files.
            link = entry.is_symlink()
            real = path.resolve() if link else path
            is_dir = real.is_dir() if link else entry.is_dir(follow_symlinks=False)
        except (OSError, RuntimeError) as exc:  # a symlink loop (RuntimeError before 3.13)
            reason = getattr(exc, "strerror", None) or "symbolic link loop"
            problems.append(
                Problem(shown, 0, 0, "article-unreadable", "error", f"cannot read file: {reason}")
            )
            continue
        if link and real.parent != root:
            problems.append(
                Problem(shown, 0, 0, "article-outside-seeds", "error",
                        f"links to {real}, outside the seeds folder; it is not read")
            )
            continue
        if is_dir:
            problems.append(
                Problem(shown, 0, 0, "article-not-a-file", "warning",
                        "is a folder, not an article file; it is not read")
            )  # fmt: skip
            continue
        try:
            prepared[name] = found = prepare_article(read_article_bytes(path), path)
        except ArticleError as exc:
            problems.append(Problem(shown, exc.line, 0, exc.code, "error", exc.message))
            continue
        if found.date_error is not None:
            problems.append(
                Problem(shown, 1, 1, "article-date-line", "warning", found.date_error)
            )
    return ArticleSet(prepared), problems


def resolve_article_date(
    file_date: datetime.date | None, meta: ArticleMeta | None, partial: str | None = None
) -> ArticleDate:
    """The file's own date wins (a month- or year-only line too); a curated date serves an
    undated file."""
    if file_date is not None:
        return ArticleDate(day(file_date), "file", file_date.isoformat())
    if partial is not None:
        return ArticleDate(parse_interval(partial), "file", partial)
    if meta is not None and meta.date is not None:
        return ArticleDate(parse_article_date(meta.date), "curated", meta.date)
    return ArticleDate(None, "none")


def parse_article_date(text: str) -> Interval:
    """A curated article date: an ISO (partial) date, or a range ``START..END`` of two of them."""
    interval = parse_interval(text)
    if interval.start is None or interval.end is None:
        raise DateParseError(f"'{text}' is open-ended: an article date needs both ends")
    return interval


class Ledger:
    """Claims with their evidence anchored in the articles, and the articles' dates.

    (A plain class: a dataclass costs a millisecond or two to define at every start-up.)
    """

    __slots__ = (
        "__weakref__",
        "anchors",
        "articles",
        "claims_file",
        "dates",
        "derived",
        "key",
        "left_out",
        "seeds_display",
        "warnings",
    )  # fmt: skip

    def __init__(
        self, claims_file: ClaimsFile, articles: ArticleSet, seeds_display: str, anchors: Anchors
    ) -> None:
        self.claims_file = claims_file
        self.articles = articles
        self.seeds_display = seeds_display
        self.anchors = anchors
        """(claim index, source index) → where the quote is; absent when not found."""
        self.dates: dict[str, ArticleDate] = {}
        self.warnings: list[Problem] = []
        """Problems that did not stop the ledger from loading (bad article files, duplicate keys)."""
        self.left_out = LeftOut()
        """What the claims file left out for its schema problems (the ledger holds the rest)."""
        self.derived: dict[str, Any] = {}
        """Values computed once from this ledger by other modules (independent origins, ...)."""
        self.key = ""
        """Cache key of everything this ledger was built from (claims file, article contents, seeds
        folder as shown), or "" when it was built without one; results derived from the ledger
        alone may be cached under it."""

    @property
    def claims(self) -> list[Claim]:
        return self.claims_file.claims

    def article_path(self, article_id: str) -> str:
        return f"{self.seeds_display.rstrip('/')}/{article_id}"


def anchor_quote(article: Article, text: NormalisedText, quote: str) -> Anchor | None:
    """Find ``quote`` in the article, allowing only the folds of :func:`claimtrack.text.fold`."""
    needle = fold(quote)
    if not needle:
        return None
    found = text.find_all(needle, limit=2)
    if not found:
        return None
    start = text.to_original(found[0])
    end = text.to_original(found[0] + len(needle) - 1) + 1
    return Anchor(
        article.id, start, end, article.line_of(start), article.column_of(start), len(found)
    )


def build_ledger(
    claims_file: ClaimsFile,
    articles: ArticleSet | Mapping[str, Article],
    seeds_display: str,
    claims_key: str = "",
) -> Ledger:
    """Anchor every quote and resolve every article date; problems are the checks' business.

    With ``claims_key`` (the claims file's cache key), the anchors are cached under a key of the
    claims file and every article's content hash: finding 150,000 quotes in 10,000 normalised
    articles costs seconds, reading them back a fraction of that.
    """
    from claimtrack import cache

    if not isinstance(articles, ArticleSet):
        articles = ArticleSet.of(articles)
    ledger = Ledger(claims_file, articles, seeds_display, Anchors(claims_file.claims))
    for article_id in articles:
        meta = claims_file.articles.get(article_id)
        try:
            ledger.dates[article_id] = resolve_article_date(
                articles.file_date(article_id), meta, articles.file_partial_date(article_id)
            )
        except DateParseError:
            ledger.dates[article_id] = ArticleDate(None, "none")
    if claims_key:
        ledger.key = cache.key(
            "ledger", claims_key, seeds_display, *(f"{a}:{articles.sha256(a)}" for a in articles)
        )
        def text_of(article_id: str) -> str | None:
            return articles.text(article_id) if article_id in articles else None

        filled = cache.load(ledger.key, lambda data: ledger.anchors.fill_from_json(data, text_of))
        if filled:
            return ledger
    # One article at a time, so that only one normalised text is alive: all of them at once are
    # about as large as the claims file.
    citations: dict[str, list[tuple[int, int, str]]] = {}
    for ci, claim in enumerate(claims_file.claims):
        for si, source in enumerate(claim.sources):
            if source.article in articles:
                citations.setdefault(source.article, []).append((ci, si, source.quote))
    anchors = ledger.anchors
    for article_id, quotes in progress.track(citations.items(), "anchoring the quotes"):
        article = articles.parse(article_id)
        text = normalise(article.text)
        for ci, si, quote in quotes:
            anchor = anchor_quote(article, text, quote)
            if anchor is not None:
                anchors.put(ci, si, anchor)
    if ledger.key:
        cache.write(ledger.key, anchors.to_json())
    return ledger


def open_ledger(
    data: Path, seeds: Path, data_display: str, seeds_display: str, *, whole: bool = False
) -> Ledger:
    """The ledger every query command works on.

    Raises :class:`UsageError` (exit 2) when the claims file cannot be used at all (unreadable,
    not YAML, not the schema), naming the first problems and pointing at ``claimtrack check``.
    Article files that cannot be read are kept in ``Ledger.warnings``; findings such as a quote not
    found do not stop a query (``check`` is the gate). Entries with schema problems are left out
    (``Ledger.left_out``) and the query works on the rest; with ``whole`` (``export``, which
    publishes the ledger), any entry left out is a :class:`UsageError` too.
    """
    from claimtrack.ledger_files import load_data

    load = load_data(data, data_display)
    if load.claims is None or (whole and load.left_out):
        shown = sorted(load.problems)[:5]
        lines = [f"{p.location()}: {p.message} ({p.code})" for p in shown]
        more = len(load.problems) - len(shown)
        if more > 0:
            lines.append(f"... and {more} more")
        raise UsageError(
            f"{data_display} cannot be used ({len(load.problems)} problem"
            f"{'s' * (len(load.problems) != 1)}; run 'claimtrack check'):\n  " + "\n  ".join(lines)
        )
    with gc_paused():
        articles, problems = load_articles(seeds, seeds_display)
        ledger = build_ledger(load.claims, articles, seeds_display, load.key)
    ledger.warnings = sorted([*load.problems, *problems])
    ledger.left_out = load.left_out
    return ledger
