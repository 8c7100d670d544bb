"""Questions asked of the ledger: which claims match, in what order, what an article adds.

Pure library code: it takes a :class:`~claimtrack.ledger.Ledger` and returns indices and plain JSON
records (dicts of str, int, None, lists), never prints and never exits. Wrong input from a user (an
unknown subject, an ambiguous article prefix, a date that does not parse) raises
:class:`~claimtrack.problems.UsageError`, whose message lists what would have been accepted.

The rules, which the README documents for users:

* **Article references** (:func:`resolve_article`): the file name, the stem (no ``.txt``), or a
  prefix matching exactly one article (``003``), like a short git hash. A path
  (``seeds/003_x.txt``) is reduced to its file name. A prefix is matched case-sensitively first,
  then case-insensitively.
* **Subjects** (:func:`subject_keys`): case-, accent- and typographic-quote-insensitive; the text is
  a subject's key, display name or one of its aliases, or one whole word of its name or an alias
  (``portman`` finds *Natalie Portman*). A claim is about a subject when it is its ``subject`` or
  is listed in its ``involves``.
* **Filters** (:class:`ClaimFilter`) combine with AND. The source filters — article, attribution,
  and the date range — must all hold for one and the same source: ``--article 003 --attribution
  anonymous_insider`` finds claims that 003 attributes to an insider.
* **Dates** (``since``/``until``): inclusive, on the citing article's date (its date line, or the
  curated date of an undated file). A source matches when its article's date interval overlaps
  ``[since, until]`` (a curated date known only to the month matches when any day of that month
  is in range). **An article with no date never matches a date filter**, so ``--since``/``--until``
  leave out claims cited only by undated articles.
* **Text**: case-insensitive substring of the statement or of any quote, after folding typographic
  quotes, dashes and whitespace (:func:`claimtrack.text.fold`).
* **Sort orders** (:data:`SORT_KEYS`): ``file`` (order in the claims file, the default), ``id``,
  ``subject`` (display name, then key), ``date`` (earliest citing-article date; claims with no
  dated source last), ``slot`` (claims without a slot last). Every order breaks ties by claim id,
  so output is stable.

Performance: per-ledger indexes (claims by id, by citing article, by subject and slot, reverse
``contradicts`` links, earliest dates) are kept by :func:`ledger_index` for the ledger object, each
built on first use, since most commands need one or two of them; nothing here re-reads or re-scans
an article per claim. ``articles`` reads what it shows of each article from the cache
(:func:`article_summaries`) rather than parsing 10,000 articles whole. A ledger is treated as
read-only once opened.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, cached_property
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from claimtrack.dates import Interval
from claimtrack.models import ATTRIBUTIONS
from claimtrack.origins import claim_origins, ledger_suspected, quote_reuse
from claimtrack.problems import UsageError
from claimtrack.text import fold

if TYPE_CHECKING:
    from claimtrack.articles import Article
    from claimtrack.ledger import Ledger
    from claimtrack.models import Claim, ClaimsFile, Source
    from claimtrack.record_types import (
        ArticleRecord,
        ArticleSummary,
        ClaimRecord,
        DiffRecord,
        NearDuplicate,
        PairRecord,
        QuoteContext,
        QuoteReuseRecord,
        RelatedRecord,
        SourceRecord,
        SubjectRef,
    )
    from claimtrack.resolve import ClaimValue, Resolved

__all__ = [
    "SORT_KEYS",
    "ClaimFilter",
    "LedgerIndex",
    "article_rows",
    "article_summaries",
    "claim_record",
    "diff_articles",
    "filter_claims",
    "ledger_index",
    "make_filter",
    "parse_when_interval",
    "parse_when_option",
    "resolve_article",
    "resolve_claim",
    "short_article_ids",
    "show_claim",
    "sort_claims",
    "subject_keys",
]

SORT_KEYS: tuple[str, ...] = ("file", "id", "subject", "date", "slot")
"""Accepted values of ``list --sort``; ``file`` is the default."""

_MAX_LISTED = 20
"""How many candidates an error message lists before saying "and N more"."""

_TITLE_WORDS = 12
"""Words of the first paragraph shown for an article without a headline."""


# --- per-ledger indexes -------------------------------------------------------------------


class LedgerIndex:
    """Lookups over a ledger's claims, each built on first use in its own pass over the claims:
    building all five for every command cost ``articles`` and ``list`` most of a second at
    100,000 claims when they need one or two."""

    def __init__(self, ledger: Ledger) -> None:
        self._claims = ledger.claims
        self._dates = ledger.dates
        self.claims_count = len(ledger.claims)
        """Number of claims when built (a guard against a ledger mutated afterwards)."""

    @cached_property
    def position(self) -> dict[str, int]:
        """Claim id → index in the claims file (the first one, if a broken file repeats an id)."""
        position: dict[str, int] = {}
        for ci, claim in enumerate(self._claims):
            position.setdefault(claim.id, ci)
        return position

    @cached_property
    def citing(self) -> dict[str, list[int]]:
        """Article id → indices of the claims citing it, ascending, each once."""
        citing: dict[str, list[int]] = {}
        for ci, claim in enumerate(self._claims):
            sources = claim.sources
            if len(sources) == 1:  # most claims: no need to deduplicate
                citing.setdefault(sources[0].article, []).append(ci)
                continue
            for article_id in dict.fromkeys(source.article for source in sources):
                citing.setdefault(article_id, []).append(ci)
        return citing

    @cached_property
    def by_subject_slot(self) -> dict[tuple[str, str], list[int]]:
        """(subject key, slot) → indices of the claims in that slot, ascending."""
        by_slot: dict[tuple[str, str], list[int]] = {}
        for ci, claim in enumerate(self._claims):
            if claim.slot is not None:
                by_slot.setdefault((claim.subject, claim.slot), []).append(ci)
        return by_slot

    @cached_property
    def contradicted_by(self) -> dict[str, list[int]]:
        """Claim id → indices of the claims whose ``contradicts`` names it, ascending."""
        contradicted_by: dict[str, list[int]] = {}
        for ci, claim in enumerate(self._claims):
            if claim.contradicts:
                for target in dict.fromkeys(claim.contradicts):
                    contradicted_by.setdefault(target, []).append(ci)
        return contradicted_by

    @cached_property
    def earliest(self) -> list[Interval | None]:
        """Per claim: the earliest date among its citing articles, None when none is dated."""
        return [self._earliest(claim) for claim in self._claims]

    def earliest_of(self, index: int) -> Interval | None:
        """``earliest[index]``, without dating every claim when only a few are shown."""
        found = self.__dict__.get("earliest")
        return found[index] if found is not None else self._earliest(self._claims[index])

    def _earliest(self, claim: Claim) -> Interval | None:
        dates = self._dates
        first: Interval | None = None
        for source in claim.sources:
            found = dates.get(source.article)
            interval = None if found is None else found.interval
            if interval is not None and (first is None or _date_key(interval) < _date_key(first)):
                first = interval
        return first


_INDEXES: dict[int, tuple[weakref.ref[Ledger], LedgerIndex]] = {}


def ledger_index(ledger: Ledger) -> LedgerIndex:
    """The ledger's :class:`LedgerIndex`, cached while the ledger lives."""
    key = id(ledger)
    hit = _INDEXES.get(key)
    if hit is not None and hit[0]() is ledger and hit[1].claims_count == len(ledger.claims):
        return hit[1]
    index = LedgerIndex(ledger)

    def forget(_: object, key: int = key) -> None:
        _INDEXES.pop(key, None)

    _INDEXES[key] = (weakref.ref(ledger, forget), index)
    return index


def _date_key(interval: Interval) -> tuple[datetime.date, datetime.date]:
    return (interval.start or datetime.date.min, interval.end or datetime.date.max)


# --- article references -------------------------------------------------------------------


def resolve_article(articles: Mapping[str, Article] | Iterable[str], ref: str) -> str:
    """The id of the article ``ref`` names: its file name, its stem, or a unique prefix.

    ``articles`` is the ledger's articles (or just their ids). Raises :class:`UsageError` when
    ``ref`` is ambiguous (listing every match) or matches nothing (listing the articles, or the
    closest ones in a large project).
    """
    ids = list(articles)
    known = set(ids)
    text = ref.strip()
    if not text:
        raise UsageError("empty article reference: give a file name or a prefix such as '003'")
    candidates = [text]
    if "/" in text or "\\" in text:
        candidates.append(PureWindowsPath(PurePosixPath(text).name).name)
    for name in candidates:
        if name in known:
            return name
        stems = [i for i in ids if _stem(i) == name]
        if len(stems) == 1:
            return stems[0]
    name = candidates[-1]
    matches = [i for i in ids if i.startswith(name)]
    if not matches:
        folded = name.casefold()
        matches = [i for i in ids if i.casefold().startswith(folded)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(
            f"article reference '{ref}' is ambiguous: it matches {len(matches)} articles: "
            + _listing(sorted(matches))
        )
    raise UsageError(_no_article_message(ref, name, sorted(ids)))


def _stem(article_id: str) -> str:
    return article_id[:-4] if article_id.endswith(".txt") else article_id


def short_article_ids(ids: Iterable[str], minimum: int = 3) -> dict[str, str]:
    """The shortest reference that :func:`resolve_article` resolves to each id, like a short git
    hash: a prefix of the stem of at least ``minimum`` characters that no other id starts with
    (``003`` for ``003_eed9f197d463ef0c.txt``), else the whole stem. For tables, not for files.
    """
    ordered = sorted(ids)
    short: dict[str, str] = {}
    for k, article_id in enumerate(ordered):
        shared = 0
        for other in (ordered[k - 1] if k else None, ordered[k + 1] if k + 1 < len(ordered) else None):
            if other is not None:
                shared = max(shared, _common_prefix(article_id, other))
        stem = _stem(article_id)
        length = max(minimum, shared + 1)
        short[article_id] = stem[:length] if length < len(stem) else stem
    return short


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _no_article_message(ref: str, name: str, ids: list[str]) -> str:
    if not ids:
        return f"no article matches '{ref}': the seeds folder has no articles"
    if len(ids) <= _MAX_LISTED:
        return f"no article matches '{ref}'; articles: {', '.join(ids)}"
    close = _close_matches(name, ids, n=5, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"no article matches '{ref}' among {len(ids)} article{'s' * (len(ids) != 1)}{hint}"


def _close_matches(word: str, possibilities: list[str], n: int, cutoff: float) -> list[str]:
    """:func:`difflib.get_close_matches`, imported only when an error message needs it."""
    from difflib import get_close_matches

    return get_close_matches(word, possibilities, n=n, cutoff=cutoff)


def _listing(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_MAX_LISTED])
    more = len(items) - _MAX_LISTED
    return shown + (f", ... and {more} more" if more > 0 else "")


# --- subjects -----------------------------------------------------------------------------


@cache
def _word() -> re.Pattern[str]:
    """A word of a name: letters and digits, keeping hyphenated and apostrophe compounds whole."""
    return re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def _fold_name(text: str) -> str:
    """Case-, accent-, quote- and whitespace-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", fold(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def subject_keys(claims_file: ClaimsFile, text: str) -> set[str]:
    """Keys of the subjects that ``text`` names.

    A subject matches when ``text`` equals its key, its display name or one of its aliases; only
    when no subject matches so exactly, one whole word of a name or of an alias does ("natalie"
    finds natalie-portman; a hyphenated name is one word, so "smith" does not find "Ada
    Smith-Jones"). So a surname given as one person's alias finds that person alone, not everyone
    whose name holds the word. The comparison ignores case, accents (``Etienne`` finds
    ``Étienne``), typographic versus straight quotes and extra whitespace. A word can name several
    subjects; all of them are returned (the command line says which).

    A key that claims use but the registry lacks (a file ``check`` would reject) still matches
    exactly. Raises :class:`UsageError` with the closest names when nothing matches.
    """
    wanted = _fold_name(text)
    if not wanted:
        raise UsageError("empty subject: give a name, an alias or a key")
    exact: set[str] = set()
    by_word: set[str] = set()
    for key, subject in claims_file.subjects.items():
        names = [key, subject.name, *subject.aliases]
        folded = [_fold_name(name) for name in names]
        if wanted in folded:
            exact.add(key)
        elif any(wanted in _word().findall(name) for name in folded[1:]):
            by_word.add(key)
    found = exact or by_word
    if not found and any(c.subject == text or text in c.involves for c in claims_file.claims):
        found.add(text)
    if not found:
        raise UsageError(_no_subject_message(claims_file, text))
    return found


def _no_subject_message(claims_file: ClaimsFile, text: str) -> str:
    subjects = claims_file.subjects
    if not subjects:
        return f"no subject matches '{text}': the claims file has no subjects"
    everything = {name: key for key, s in subjects.items() for name in (key, s.name, *s.aliases)}
    close = _close_matches(text, list(everything), n=10, cutoff=0.6)
    one_each = list({everything[name]: name for name in reversed(close)}.values())[::-1][:5]
    hint = f" (did you mean {', '.join(repr(name) for name in one_each)}?)" if close else ""
    if len(subjects) <= _MAX_LISTED:
        names = ", ".join(f"{s.name} ({key})" for key, s in sorted(subjects.items()))
        return f"no subject matches '{text}'{hint}; subjects: {names}"
    count = f"{len(subjects)} subject{'s' * (len(subjects) != 1)}"
    return f"no subject matches '{text}' among {count}{hint}"


# --- dates given on the command line --------------------------------------------------------

# Two defaults that differ in year, month and day show which parts the user actually wrote.
_DEFAULT_A = datetime.datetime(2000, 1, 1)
_DEFAULT_B = datetime.datetime(2001, 2, 2)
_DATE_EXAMPLES = "e.g. 2024-03-01, 'Jan 2024', 'March 8, 2024' or 2024"


def parse_when_interval(text: str, option: str = "date") -> Interval:
    """A date typed by a user, parsed with :func:`dateutil.parser.parse`, as the interval it means.

    The precision is what the user wrote: ``2024-03-01`` and ``March 8, 2024`` are one day,
    ``Jan 2024`` and ``2024-01`` the whole month, ``2024`` the whole year. It is detected by parsing
    twice with two different defaults and seeing which parts change. A year is required (``March``
    alone would depend on today's date); all-numeric forms such as ``03/04/2024`` are read month
    first, as dateutil does. ``option`` names the option in error messages.
    """
    from dateutil.parser import parse

    given = text.strip()
    if not given:
        raise UsageError(f"{option}: empty date ({_DATE_EXAMPLES})")
    try:
        a = parse(given, default=_DEFAULT_A)
        b = parse(given, default=_DEFAULT_B)
    except (ValueError, OverflowError) as exc:
        raise UsageError(f"{option} '{text}': not a date ({exc}; {_DATE_EXAMPLES})") from None
    if a.year != b.year:
        raise UsageError(f"{option} '{text}': give a year ({_DATE_EXAMPLES})")
    if a.month != b.month:
        if a.day == b.day:
            raise UsageError(f"{option} '{text}': a day without a month ({_DATE_EXAMPLES})")
        return Interval(datetime.date(a.year, 1, 1), datetime.date(a.year, 12, 31), "year")
    if a.day != b.day:
        start = datetime.date(a.year, a.month, 1)
        following = datetime.date(a.year + a.month // 12, a.month % 12 + 1, 1)
        return Interval(start, following - datetime.timedelta(days=1), "month")
    return Interval(a.date(), a.date(), "day")


def parse_when_option(text: str, *, end: bool = False, option: str = "date") -> datetime.date:
    """The first day ``text`` can mean (for ``--since``), or the last one with ``end=True`` (for
    ``--until``): ``--until "Jan 2024"`` includes all of January. See :func:`parse_when_interval`.
    """
    interval = parse_when_interval(text, option)
    day = interval.end if end else interval.start
    assert day is not None  # parse_when_interval always returns a bounded interval
    return day


# --- filtering ----------------------------------------------------------------------------


class ClaimFilter(NamedTuple):
    """Resolved filters; every field left as None (or empty) lets every claim through.

    Build one from user input with :func:`make_filter`. Filters combine with AND; ``article``,
    ``attributions`` and the date range must hold for the same source (see the module docstring).
    """

    subjects: frozenset[str] | None = None
    """Subject keys; a claim matches when its ``subject`` or one of its ``involves`` is one."""
    article: str | None = None
    """An article id the claim must cite."""
    attributions: frozenset[str] | None = None
    """Attribution kinds, any of which the source must have."""
    slot: str | None = None
    """The claim's slot."""
    since: datetime.date | None = None
    """First day (inclusive) the citing article's date may reach."""
    until: datetime.date | None = None
    """Last day (inclusive) the citing article's date may reach."""
    text: str | None = None
    """Case-insensitive text searched in the statement and the quotes."""


def make_filter(
    ledger: Ledger,
    *,
    subject: str | None = None,
    article: str | None = None,
    attributions: Iterable[str] = (),
    slot: str | None = None,
    since: str | None = None,
    until: str | None = None,
    text: str | None = None,
) -> ClaimFilter:
    """A :class:`ClaimFilter` from what a user typed; every bad value is a :class:`UsageError`.

    An unknown subject, article or slot is an error that lists the known ones (a typo should not
    look like "no claims match"); ``since`` after ``until`` is an error too.
    """
    kinds = frozenset(attributions)
    unknown = sorted(kinds - set(ATTRIBUTIONS))
    if unknown:
        raise UsageError(f"unknown attribution {', '.join(unknown)}; use {', '.join(ATTRIBUTIONS)}")
    first, last = _checked_bounds(since, until, text)
    return ClaimFilter(
        subjects=None if subject is None else frozenset(subject_keys(ledger.claims_file, subject)),
        article=None if article is None else resolve_article(ledger.articles, article),
        attributions=kinds or None,
        slot=None if slot is None else _resolve_slot(ledger, slot),
        since=first,
        until=last,
        text=text,
    )


def _checked_bounds(
    since: str | None, until: str | None, text: str | None
) -> tuple[datetime.date | None, datetime.date | None]:
    """``--since``/``--until`` as the first and last day they allow, and ``--text`` checked: a
    :class:`UsageError` for a date that does not parse, bounds the wrong way round, no text."""
    first = None if since is None else parse_when_option(since, option="--since")
    last = None if until is None else parse_when_option(until, end=True, option="--until")
    if first is not None and last is not None and first > last:
        raise UsageError(f"--since {since!r} is after --until {until!r}")
    if text is not None and not fold(text):
        raise UsageError("--text: empty search text")
    return first, last


def _resolve_slot(ledger: Ledger, slot: str) -> str:
    slots = sorted({claim.slot for claim in ledger.claims if claim.slot is not None})
    wanted = slot.strip().casefold()
    for known in slots:
        if known.casefold() == wanted:
            return known
    close = _close_matches(wanted, slots, n=5, cutoff=0.5)
    if close:
        _fail(f"no claim has slot '{slot}'; did you mean {', '.join(close)}?")
    if not slots:
        _fail(f"no claim has slot '{slot}': no claim has a slot")
    _fail(f"no claim has slot '{slot}'; slots: {_listing(slots)}")


def _fail(message: str) -> NoReturn:
    raise UsageError(message)


def filter_claims(ledger: Ledger, flt: ClaimFilter) -> list[int]:
    """Indices (ascending, i.e. in file order) of the claims that pass every filter."""
    claims = ledger.claims
    if flt.article is not None:
        candidates: Iterable[int] = ledger_index(ledger).citing.get(flt.article, [])
    else:
        candidates = range(len(claims))
    needle = None if flt.text is None else fold(flt.text).casefold()
    probe = "" if needle is None else _probe(needle)
    window = _window(flt)
    check_sources = flt.article is not None or flt.attributions is not None or window is not None
    result: list[int] = []
    for ci in candidates:
        claim = claims[ci]
        if flt.slot is not None and claim.slot != flt.slot:
            continue
        if flt.subjects is not None and not _about(claim, flt.subjects):
            continue
        if check_sources and not any(_source_ok(ledger, s, flt, window) for s in claim.sources):
            continue
        if needle is not None and not _mentions(claim, needle, probe):
            continue
        result.append(ci)
    return result


def matching_claims(
    ledger: Ledger, *, subject: str | None, article: str | None, attributions: tuple[str, ...],
    slot: str | None, since: str | None, until: str | None, text: str | None,
) -> set[int] | None:  # fmt: skip
    """The claims the filters keep (None: no filter given), with ``list``'s own semantics: a
    dispute or an event is kept when one of its claims is."""
    if all(v is None for v in (subject, article, slot, since, until, text)) and not attributions:
        return None
    flt = make_filter(
        ledger, subject=subject, article=article, attributions=attributions, slot=slot,
        since=since, until=until, text=text,
    )  # fmt: skip
    return set(filter_claims(ledger, flt))


def _window(flt: ClaimFilter) -> Interval | None:
    if flt.since is None and flt.until is None:
        return None
    return Interval.span(flt.since, flt.until)


def _about(claim: Claim, subjects: frozenset[str]) -> bool:
    return claim.subject in subjects or any(key in subjects for key in claim.involves)


def _source_ok(ledger: Ledger, source: Source, flt: ClaimFilter, window: Interval | None) -> bool:
    if flt.article is not None and source.article != flt.article:
        return False
    if flt.attributions is not None and source.attribution not in flt.attributions:
        return False
    if window is not None:
        date = ledger.dates.get(source.article)
        # The documented rule: an article with no date never matches a date filter.
        if date is None or date.interval is None or not date.interval.overlaps(window):
            return False
    return True


def _mentions(claim: Claim, needle: str, probe: str = "") -> bool:
    """Whether the statement or a quote contains ``needle`` (folded). ``probe``, the longest run of
    letters and digits in the needle, is looked for first in the plain casefolded text: folding
    changes only quotes, dashes and spaces, so a text without the probe cannot match, and most
    texts are dismissed without being folded (the fold costs more than the search)."""
    if needle in _folded_if(claim.statement, probe):
        return True
    return any(needle in _folded_if(source.quote, probe) for source in claim.sources)


def _folded_if(text: str, probe: str) -> str:
    if probe and probe not in text.casefold():
        return ""
    return fold(text).casefold()


def _probe(needle: str) -> str:
    """The longest run of letters and digits in ``needle``."""
    runs = "".join(char if char.isalnum() else " " for char in needle).split()
    return max(runs, key=len, default="")


# --- sorting ------------------------------------------------------------------------------


def sort_claims(ledger: Ledger, indices: Iterable[int], key: str = "file") -> list[int]:
    """The claim indices in the order ``key`` names (see :data:`SORT_KEYS`); ties go by claim id,
    then file order, so the result never depends on the input order."""
    claims = ledger.claims
    items = list(indices)
    if key == "file":
        return sorted(items)
    if key == "id":
        return sorted(items, key=lambda i: (claims[i].id, i))
    if key == "subject":
        names = {k: s.name.casefold() for k, s in ledger.claims_file.subjects.items()}
        return sorted(
            items,
            key=lambda i: (names.get(claims[i].subject, claims[i].subject), claims[i].subject,
                           claims[i].id, i),
        )  # fmt: skip
    if key == "date":
        earliest = ledger_index(ledger).earliest
        return sorted(items, key=lambda i: (*_undated_last(earliest[i]), claims[i].id, i))
    if key == "slot":
        return sorted(
            items, key=lambda i: (claims[i].slot is None, claims[i].slot or "", claims[i].id, i)
        )
    raise UsageError(f"unknown sort key '{key}'; use {', '.join(SORT_KEYS)}")


def _undated_last(interval: Interval | None) -> tuple[bool, datetime.date, datetime.date]:
    if interval is None:
        return (True, datetime.date.max, datetime.date.max)
    return (False, *_date_key(interval))


# --- records ------------------------------------------------------------------------------


def _subject_ref(claims_file: ClaimsFile, key: str) -> SubjectRef:
    subject = claims_file.subjects.get(key)
    return {"key": key, "name": subject.name if subject is not None else key}


def _interval_text(interval: Interval | None) -> str | None:
    """An ISO 8601 day, month (``2024-01``) or year, or ``START..END`` for other intervals."""
    return None if interval is None else str(interval)


def source_record(
    ledger: Ledger, index: int, source_index: int, reading: Resolved | None = None
) -> SourceRecord:
    """One citation of claim ``index`` as JSON (the items of ``claim_record(...)["sources"]``),
    with the value as ``reading`` (this source's reading of it) resolves it, if any."""
    source = ledger.claims[index].sources[source_index]
    meta = ledger.claims_file.articles.get(source.article)
    date = ledger.dates.get(source.article)
    anchor = ledger.anchors.get((index, source_index))
    interval = None if date is None else date.interval
    resolved = None if reading is None else reading.interval
    return {
        "article": source.article,
        "outlet": None if meta is None else meta.outlet,
        "article_date": _interval_text(interval),
        "article_date_origin": "none" if date is None else date.origin,
        "attribution": source.attribution,
        "attributed_to": source.attributed_to,
        "quote": source.quote,
        "line": None if anchor is None else anchor.line,
        "column": None if anchor is None else anchor.column,
        "note": source.note,
        "via": source.via,
        "said_on": source.said_on,
        "url": source.url,
        "document": source.document,
        "resolved": None if resolved is None else resolved.to_json(),
        "resolved_text": None if resolved is None else str(resolved),
        "resolved_from": None if reading is None else reading.anchor_from,
        "resolved_against": None if reading is None else _interval_text(reading.anchor),
        "resolution_error": None if reading is None else reading.error,
    }


def _resolution(ledger: Ledger, index: int) -> ClaimValue:
    """Claim ``index``'s value resolved (one resolver per ledger, following anchors)."""
    from claimtrack.resolve import Resolver

    resolver = ledger.derived.get("resolver")
    if resolver is None:
        resolver = ledger.derived["resolver"] = Resolver(
            ledger.claims, ledger.dates, ledger.claims_file.slots
        )
    found: ClaimValue = resolver.value(index)
    return found


def claim_record(ledger: Ledger, index: int) -> ClaimRecord:
    """Claim ``index`` as JSON: what ``list --format json`` prints for each claim.

    Keys: ``id``; ``subject`` and each of ``involves`` as ``{"key", "name"}``; ``statement``;
    ``slot``; the value as written: ``kind`` (``date``, ``age``, ``value`` or ``none``), ``when``,
    ``age``, ``as_of``, ``value`` (the claims-file fields, null when absent) and ``value_text`` (the
    value in one string, e.g. ``"2011"``, ``"age 42"``); ``contradicts`` and ``contradicted_by``
    (claim ids); ``note``; ``earliest_article_date`` (ISO, null when no citing article is dated);
    ``sources``, each with ``article``, ``outlet``, ``article_date`` (ISO day ``2024-01-27``,
    month ``2024-01``, year, or ``START..END``; null when undated), ``article_date_origin``
    (``file``, ``curated`` or ``none``), ``attribution``, ``attributed_to``, ``quote``, ``line``
    and ``column`` (1-based, null when the quote is not found), ``note``, ``via``, ``said_on``,
    ``url``, ``document``, and the value as this source resolves it: ``resolved`` (the interval
    of days, or for an age the birth window, ``{"start", "end", "precision"}``), ``resolved_text``,
    ``resolved_from`` (``article``, ``said_on``, ``as_of``, ``claim:ID`` or ``date``: what a
    relative value counted from), ``resolved_against`` (that date) and ``resolution_error``;
    ``origins``: how many independent origins support the claim (one original source counts
    once: copies, relays of one outlet, reused words); ``anchor``; ``resolved`` and
    ``resolved_text``: the value over all sources (their intersection).
    """
    claim = ledger.claims[index]
    index_ = ledger_index(ledger)
    claims = ledger.claims
    cf = ledger.claims_file
    interval = None
    if claim.kind in ("date", "age"):
        value = _resolution(ledger, index)
        interval = value.interval
        sources = [source_record(ledger, index, si, reading)
                   for si, reading in enumerate(value.readings)]  # fmt: skip
    else:
        sources = [source_record(ledger, index, si) for si in range(len(claim.sources))]
    return {
        "id": claim.id,
        "subject": _subject_ref(cf, claim.subject),
        "involves": [_subject_ref(cf, key) for key in claim.involves],
        "statement": claim.statement,
        "slot": claim.slot,
        "kind": claim.kind,
        "when": claim.when,
        "age": claim.age,
        "as_of": claim.as_of,
        "value": claim.value,
        "value_text": claim.value_text,
        "contradicts": list(claim.contradicts),
        "contradicted_by": [claims[i].id for i in index_.contradicted_by.get(claim.id, [])],
        "note": claim.note,
        "earliest_article_date": _interval_text(index_.earliest_of(index)),
        "sources": sources,
        "origins": claim_origins(ledger, index),
        "anchor": claim.anchor,
        "resolved": None if interval is None else interval.to_json(),
        "resolved_text": None if interval is None else str(interval),
    }


# --- articles -----------------------------------------------------------------------------


def article_title(article: Article) -> str:
    """The headline, or the first words of the first paragraph followed by "…"."""
    return _title(article.headline, article.paragraphs[0].text if article.paragraphs else None)


def _title(headline: str | None, lead: str | None) -> str:
    if headline:
        return headline
    if not lead:
        return ""
    words = lead.split()
    return " ".join(words[:_TITLE_WORDS]) + ("…" if len(words) > _TITLE_WORDS else "")


def article_summaries(ledger: Ledger) -> dict[str, tuple[str | None, str, int]]:
    """Article id → ``(headline, title, words)``, cached on the articles' names and contents.

    Parsing 10,000 articles whole to show three things of each costs seconds and, since the
    ledger keeps what it parses, memory; a miss reads only what :func:`summarise_article` needs.
    Kept for the ledger too (``export`` and ``report`` may ask twice).
    """
    found: dict[str, tuple[str | None, str, int]] | None = ledger.derived.get("article_summaries")
    if found is None:
        found = ledger.derived["article_summaries"] = _article_summaries(ledger)
    return found


def _article_summaries(ledger: Ledger) -> dict[str, tuple[str | None, str, int]]:
    import json

    from claimtrack import cache
    from claimtrack.articles import summarise_article

    articles = ledger.articles
    name = cache.key("articles", *(f"{a}:{articles.sha256(a)}" for a in articles))
    found = cache.load(
        name, lambda data: _summaries_from_json(data, list(articles), articles.text)
    )
    if found is not None:
        return found
    summaries: dict[str, tuple[str | None, str, int]] = {}
    for article_id in articles:
        one = summarise_article(articles.text(article_id))
        summaries[article_id] = (one.headline, _title(one.headline, one.lead), one.words)
    cache.write(name, json.dumps(list(summaries.values()), ensure_ascii=False).encode())
    return summaries


def _summaries_from_json(
    stored: bytes, ids: list[str], text_of: Callable[[str], str] | None = None
) -> dict[str, tuple[str | None, str, int]] | None:
    """The entry's rows in article order, or None when it is damaged (with ``text_of``, an
    article's text: a headline or title longer than it, or more words than characters, is)."""
    import json

    try:
        rows = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(rows, list) or len(rows) != len(ids):
        return None
    found: dict[str, tuple[str | None, str, int]] = {}
    for article_id, row in zip(ids, rows, strict=True):
        if not (isinstance(row, list) and len(row) == 3):
            return None
        headline, title, words = row
        if not (
            (headline is None or type(headline) is str)
            and type(title) is str
            and type(words) is int
            and words >= 0
        ):
            return None
        if text_of is not None:
            size = len(text_of(article_id))
            if words > size or len(title) > size + 1 or (headline is not None and len(headline) > size):
                return None
        found[article_id] = (headline, title, words)
    return found


def article_rows(ledger: Ledger) -> list[ArticleRecord]:
    """One record per article file, sorted by id.

    Keys: ``id``; ``date`` (ISO, null when unknown) and ``date_origin`` (``file``: the date line;
    ``curated``: the claims file; ``none``); ``outlet``; ``headline`` (null when the article has
    none) and ``title`` (the headline, or the first words of the lead with "…"); ``words``;
    ``claims`` (distinct claims citing it); ``citations`` (its sources, a claim may cite an article
    twice); ``profile``: citations per attribution, ``{"named_outlet", "anonymous_insider",
    "direct_quote"}``; ``copy_of`` (curated, or null); ``near_duplicates``: articles whose text
    this one largely shares (shingle containment, for the curator to confirm as ``copy_of``), each
    ``{"article", "containment", "resemblance"}``, highest first; ``reuses_quotes``: articles
    carrying the same verbatim quotations, even with the prose rewritten, each ``{"article",
    "shared", "share", "strong", "quotes"}`` (``strong``: a rewrite's reuse, one origin).
    """
    profiles = {article_id: dict.fromkeys(ATTRIBUTIONS, 0) for article_id in ledger.articles}
    # Claims citing each article, counted in the same pass (the index's lists are not needed).
    citing = dict.fromkeys(ledger.articles, 0)
    for claim in ledger.claims:
        sources = claim.sources
        for source in sources:
            profile = profiles.get(source.article)
            if profile is not None:
                profile[source.attribution] += 1
        cited = (sources[0].article,) if len(sources) == 1 else {s.article for s in sources}
        for article_id in cited:
            if article_id in citing:
                citing[article_id] += 1
    near: dict[str, list[NearDuplicate]] = {}
    for pair in ledger_suspected(ledger):
        for one, other in ((pair.copy, pair.original), (pair.original, pair.copy)):
            near.setdefault(one, []).append(
                {"article": other, "containment": pair.containment, "resemblance": pair.resemblance}
            )
    reused: dict[str, list[QuoteReuseRecord]] = {}
    for reuse in quote_reuse(ledger):
        for one, other in ((reuse.a, reuse.b), (reuse.b, reuse.a)):
            reused.setdefault(one, []).append({
                "article": other, "shared": len(reuse.quotes), "share": reuse.share,
                "strong": reuse.strong, "quotes": list(reuse.quotes),
            })  # fmt: skip
    summaries = article_summaries(ledger)
    rows: list[ArticleRecord] = []
    for article_id in ledger.articles:
        meta = ledger.claims_file.articles.get(article_id)
        date = ledger.dates.get(article_id)
        profile = profiles[article_id]
        headline, title, words = summaries[article_id]
        rows.append({
            "id": article_id,
            "date": None if date is None else _interval_text(date.interval),
            "date_origin": "none" if date is None else date.origin,
            "outlet": None if meta is None else meta.outlet,
            "headline": headline,
            "title": title,
            "words": words,
            "claims": citing[article_id],
            "citations": sum(profile.values()),
            "profile": profile,
            "copy_of": None if meta is None else meta.copy_of,
            "near_duplicates": sorted(
                near.get(article_id, []), key=lambda n: (-n["containment"], n["article"])
            ),
            "reuses_quotes": sorted(
                reused.get(article_id, []), key=lambda n: (-n["shared"], n["article"])
            ),
        })  # fmt: skip
    return rows


# --- one claim in full --------------------------------------------------------------------


def resolve_claim(ledger: Ledger, claim_id: str) -> int:
    """The index of the claim with this id; :class:`UsageError` with close ids otherwise."""
    index = ledger_index(ledger).position.get(claim_id.strip())
    if index is not None:
        return index
    if claim_id.strip() in ledger.left_out.claim_ids:
        _fail(f"claim '{claim_id.strip()}' is left out: it does not match the claims file's format "
              "(run 'claimtrack check' to see why)")  # fmt: skip
    ids = list(ledger_index(ledger).position)
    prefixed = sorted(i for i in ids if i.startswith(claim_id.strip()))[:10]
    close = _close_matches(claim_id, ids, n=5, cutoff=0.6)
    suggestions = list(dict.fromkeys([*prefixed, *close]))
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    _fail(f"no claim has id '{claim_id}'{hint}")


def quote_context(ledger: Ledger, index: int, source_index: int) -> QuoteContext | None:
    """The paragraph(s) holding a source's quote, and where the quote sits in them.

    ``{"text", "line", "paragraph", "quote_start", "quote_end"}``: ``text`` is the paragraph (or
    the consecutive paragraphs a long quote spans, or the headline), ``line`` its first line,
    ``paragraph`` its 0-based index among the article's paragraphs (null for the headline), and
    ``quote_start``/``quote_end`` the quote's character offsets in ``text`` (end exclusive).
    None when the quote was not found.
    """
    anchor = ledger.anchors.get((index, source_index))
    if anchor is None:
        return None
    article = ledger.articles[anchor.article]
    start, _, paragraph = _block_at(article, anchor.start)
    _, end, _ = _block_at(article, max(anchor.start, anchor.end - 1))
    return {
        "text": article.text[start:end],
        "line": article.line_of(start),
        "paragraph": paragraph,
        "quote_start": anchor.start - start,
        "quote_end": anchor.end - start,
    }


def _block_at(article: Article, offset: int) -> tuple[int, int, int | None]:
    """``(start, end, paragraph index)`` of the paragraph holding ``offset``; the headline (index
    None) or, failing both, the line holding it."""
    paragraph = article.paragraph_at(offset)
    if paragraph is not None:
        return paragraph.start, paragraph.end, paragraph.number
    span = article.headline_span
    if span is not None and span[0] <= offset < span[1]:
        return span[0], span[1], None
    text = article.text
    line_end = text.find("\n", offset)
    return text.rfind("\n", 0, offset) + 1, len(text) if line_end == -1 else line_end, None


def show_claim(ledger: Ledger, claim_id: str) -> ClaimRecord:
    """Everything about one claim: :func:`claim_record`, each source with a ``context`` (see
    :func:`quote_context`), and ``related``: the other claims on the same subject and slot and the
    explicit ``contradicts`` links either way, in file order, each ``{"id", "relations",
    "subject", "slot", "value_text", "statement", "verdict"}`` where ``relations`` is a list of
    ``same-slot``, ``contradicts``, ``contradicted-by`` and ``verdict`` says whether the two
    conflict (``conflicts``, as ``claimtrack conflicts`` finds), ``agrees`` (values in one slot
    that can both be true) or null (nothing to compare).
    """
    index = resolve_claim(ledger, claim_id)
    record = claim_record(ledger, index)
    for si, source in enumerate(record["sources"]):
        source["context"] = quote_context(ledger, index, si)
    record["related"] = _related(ledger, index)
    return record


def _related(ledger: Ledger, index: int) -> list[RelatedRecord]:
    claims = ledger.claims
    claim = claims[index]
    lookup = ledger_index(ledger)
    relations: dict[int, list[str]] = {}
    if claim.slot is not None:
        for other in lookup.by_subject_slot.get((claim.subject, claim.slot), []):
            relations.setdefault(other, []).append("same-slot")
    for target in claim.contradicts:
        linked = lookup.position.get(target)
        if linked is not None:
            relations.setdefault(linked, []).append("contradicts")
    for other in lookup.contradicted_by.get(claim.id, []):
        relations.setdefault(other, []).append("contradicted-by")
    relations.pop(index, None)
    in_conflict = _conflicting(ledger, index) if relations else set()
    return [
        {
            "id": claims[i].id,
            "relations": list(dict.fromkeys(names)),
            "subject": _subject_ref(ledger.claims_file, claims[i].subject),
            "slot": claims[i].slot,
            "value_text": claims[i].value_text,
            "statement": claims[i].statement,
            "verdict": _verdict(ledger, index, i, in_conflict),
        }
        for i, names in sorted(relations.items())
    ]


def _conflicting(ledger: Ledger, index: int) -> set[int]:
    """The claims ``conflicts`` finds in conflict with claim ``index`` (one analysis, cached)."""
    from claimtrack.analysis import analyse

    found: set[int] = set()
    for dispute in analyse(ledger).conflicts:
        mine = [position for position in dispute.positions if index in position.claims]
        if not mine:
            continue
        for position in dispute.positions:  # every other value in contention is against it
            if position not in mine:
                found.update(position.claims)
    return found


def _verdict(ledger: Ledger, index: int, other: int, in_conflict: set[int]) -> str | None:
    """``conflicts`` (as ``claimtrack conflicts`` finds), ``agrees`` (values compared and
    compatible), or None when the two have no values to compare."""
    if other in in_conflict:
        return "conflicts"
    a, b = ledger.claims[index], ledger.claims[other]
    if a.kind == b.kind and a.kind in ("date", "age", "value") and a.slot == b.slot:
        return "agrees"
    return None


# --- diff between two articles ------------------------------------------------------------


def _written(claim: Claim) -> tuple[str, str] | None:
    """The value as written, compared loosely (case and spacing); None when there is none."""
    text = claim.value_text
    return None if text is None else (claim.kind, " ".join(text.casefold().split()))


def _article_summary(ledger: Ledger, article_id: str) -> ArticleSummary:
    article = ledger.articles[article_id]
    meta = ledger.claims_file.articles.get(article_id)
    date = ledger.dates.get(article_id)
    return {
        "id": article_id,
        "date": None if date is None else _interval_text(date.interval),
        "date_origin": "none" if date is None else date.origin,
        "outlet": None if meta is None else meta.outlet,
        "title": article_title(article),
    }


def diff_articles(ledger: Ledger, a: str, b: str) -> DiffRecord:
    """What two articles claim, side by side; ``a`` and ``b`` are article references.

    Keys: ``a`` and ``b`` (``{"id", "date", "date_origin", "outlet", "title"}``); ``only_a``,
    ``only_b``, ``both``: :func:`claim_record` lists of the claims citing only A, only B, or both,
    in file order; ``disagree``: pairs ``{"subject", "slot", "a", "b"}`` where ``a`` is a claim
    citing A and ``b`` a different claim citing B that ``conflicts`` puts on opposite sides of one
    dispute: values compared as resolved (relative dates against each article's date, ages as
    birth windows, numbers with their precision), so ``2011`` against ``2012`` disagrees and
    ``2022`` against ``two years ago`` written in 2024 does not. ``agree``: pairs on the same
    subject and slot whose values are written differently but were compared and found compatible
    (the phrasings agree). A pair of claims that both cite both articles is listed once.
    """
    id_a = resolve_article(ledger.articles, a)
    id_b = resolve_article(ledger.articles, b)
    citing = ledger_index(ledger).citing
    in_a, in_b = citing.get(id_a, []), citing.get(id_b, [])
    set_a, set_b = set(in_a), set(in_b)
    disagree, agree = _comparisons(ledger, in_a, in_b)
    return {
        "a": _article_summary(ledger, id_a),
        "b": _article_summary(ledger, id_b),
        "only_a": [claim_record(ledger, i) for i in in_a if i not in set_b],
        "only_b": [claim_record(ledger, i) for i in in_b if i not in set_a],
        "both": [claim_record(ledger, i) for i in in_a if i in set_b],
        "disagree": [_pair(ledger, i, j) for i, j in disagree],
        "agree": [_pair(ledger, i, j) for i, j in agree],
    }


def _pair(ledger: Ledger, i: int, j: int) -> PairRecord:
    return {
        "subject": _subject_ref(ledger.claims_file, ledger.claims[i].subject),
        "slot": ledger.claims[i].slot,
        "a": claim_record(ledger, i),
        "b": claim_record(ledger, j),
    }


def _comparisons(
    ledger: Ledger, in_a: list[int], in_b: list[int]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(pairs in conflict as ``conflicts`` finds them, pairs written differently that agree):
    claims citing A against claims citing B, on the same subject and slot."""
    claims = ledger.claims
    groups: dict[tuple[str, str], list[int]] = {}
    for j in in_b:
        claim = claims[j]
        if claim.slot is not None and _written(claim) is not None:
            groups.setdefault((claim.subject, claim.slot), []).append(j)
    disagree: list[tuple[int, int]] = []
    agree: list[tuple[int, int]] = []
    seen: set[frozenset[int]] = set()
    single = _single_valued(ledger)
    for i in in_a:
        claim = claims[i]
        value = _written(claim)
        if claim.slot is None or value is None:
            continue
        against: set[int] | None = None
        for j in groups.get((claim.subject, claim.slot), []):
            pair = frozenset((i, j))
            if j == i or pair in seen:
                continue
            seen.add(pair)
            if against is None:
                against = _conflicting(ledger, i)
            if j in against:
                disagree.append((i, j))
            elif _written(claims[j]) != value and claims[j].kind == claim.kind and single(claim):
                agree.append((i, j))
    return disagree, agree


def _single_valued(ledger: Ledger) -> Callable[[Claim], bool]:
    """Whether a claim's slot takes one value at a time (so that two values not in conflict
    agree): not a slot of many values, nor a state compared only at one time."""
    slots = ledger.claims_file.slots

    def single(claim: Claim) -> bool:
        slot = slots.get(claim.slot) if claim.slot is not None else None
        return slot is None or (slot.cardinality == "one" and not slot.changes_over_time)

    return single


# --- filtering and sorting articles ---------------------------------------------------------

ARTICLE_SORT_KEYS = ("file", "date", "outlet", "claims", "words")
"""``articles --sort``: by file name (the default), date (undated last), outlet, most claims first,
most words first; ties by file name."""


def select_articles(
    ledger: Ledger,
    rows: list[ArticleRecord],
    *,
    article: str | None = None,
    since: str | None = None,
    until: str | None = None,
    text: str | None = None,
    sort: str = "file",
) -> list[ArticleRecord]:
    """The rows of :func:`article_rows` an ``articles`` command line keeps, in its order.

    ``article``: one article (name or unique prefix); ``since``/``until``: dated on or after /
    before (a partial date counts when it overlaps; an undated article never matches);
    ``text``: in the id, outlet, headline or title (any case). Bad values are a
    :class:`UsageError`, as for claims.
    """
    if sort not in ARTICLE_SORT_KEYS:
        raise UsageError(f"unknown sort key {sort!r}; use {', '.join(ARTICLE_SORT_KEYS)}")
    first, last = _checked_bounds(since, until, text)
    wanted = None if article is None else resolve_article(ledger.articles, article)
    window = None if first is None and last is None else Interval.span(first, last)
    needle = None if text is None else fold(text).casefold()
    kept = []
    for row in rows:
        if wanted is not None and row["id"] != wanted:
            continue
        if window is not None:
            date = ledger.dates.get(row["id"])
            if date is None or date.interval is None or not date.interval.overlaps(window):
                continue
        if needle is not None:
            fields = (row["id"], row.get("outlet"), row.get("headline"), row.get("title"))
            if not any(needle in fold(str(f)).casefold() for f in fields if f):
                continue
        kept.append(row)

    def by(row: ArticleRecord) -> tuple[Any, ...]:
        if sort == "date":
            date = ledger.dates.get(row["id"])
            interval = None if date is None else date.interval
            start = None if interval is None else interval.start
            return (start is None, start or datetime.date.min, row["id"])
        if sort == "outlet":
            return (row["outlet"] is None, (row["outlet"] or "").casefold(), row["id"])
        if sort in ("claims", "words"):
            return (-(row["claims"] if sort == "claims" else row["words"]), row["id"])
        return (row["id"],)

    return sorted(kept, key=by)
