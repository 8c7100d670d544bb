"""Article files -> :class:`Article` records: encoding, date line, headline, paragraphs.

An article file is plain text with an optional first line `` date YYYY-MM-DD <rest>`` (or
`` date YYYY-MM``, `` date YYYY``: a date of that precision). What
follows the date marker (or, in an undated file, the first line) is either a headline or the lead
paragraph; outlets do both, so :func:`classify_first_line` decides from the text itself, never from
the file name.

Positions matter more than anything else here: quotes are reported by line and shown in context,
so every paragraph keeps its 1-based line and its offsets into :attr:`Article.text`, and
``Article.text`` keeps the date marker so that its lines are the file's lines.

Paragraph rule: every non-blank line is one paragraph. Some outlets separate paragraphs with a
blank line and others with a bare newline (seeds 000 and 002), so joining consecutive lines would
merge such an article into a single paragraph; no corpus seen so far is hard-wrapped.
"""

from __future__ import annotations

import codecs
import datetime
import os
import re
import stat
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from claimtrack.digest import sha256_hex
from claimtrack.text import nfc

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Article",
    "ArticleError",
    "ArticleSummary",
    "Paragraph",
    "PreparedArticle",
    "classify_first_line",
    "decode_article_bytes",
    "finish_article",
    "parse_article",
    "parse_article_bytes",
    "prepare_article",
    "read_article_bytes",
    "summarise_article",
]

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
"""Files larger than this are refused rather than read: no article is anywhere near it (news
articles run to tens of kilobytes), and parsing and matching cost about a second per few MB."""


class ArticleError(Exception):
    """An article file that cannot be used. Carries a stable code and the path.

    Codes (kebab-case, stable): ``article-unreadable`` (missing, a directory, no permission, not a
    regular file), ``article-empty`` (no bytes, only whitespace, or only a date line),
    ``article-binary`` (NUL bytes or mostly control characters, which includes UTF-16 text),
    ``article-too-large`` (over the size limit; the file is not read).
    """

    def __init__(self, path: Path, code: str, message: str, line: int = 0) -> None:
        # Passing every argument to Exception keeps ``args`` in step with the signature, so the
        # error survives pickling (e.g. when articles are parsed in worker processes).
        super().__init__(path, code, message, line)
        self.path = path
        """The file the problem is about."""
        self.code = code
        """Stable kebab-case identifier, e.g. ``article-empty``."""
        self.message = message
        """Human-readable reason, without the path or the code."""
        self.line = line
        """1-based line the problem is on, or 0 when it concerns the whole file."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message} ({self.code})"


class Paragraph(NamedTuple):
    """One body paragraph and where it sits, so a quote can be reported by line and shown in
    context."""

    number: int
    """0-based position among the article's paragraphs."""
    line: int
    """1-based line number in the file where the paragraph starts."""
    start: int
    """Offset of the paragraph's first character in ``Article.text``."""
    end: int
    """Offset just past its last character in ``Article.text``."""
    text: str
    """The paragraph text, stripped of surrounding whitespace (== ``Article.text[start:end]``)."""


@dataclass(frozen=True, slots=True)
class Article:
    """A parsed article file.

    Offsets are indices into :attr:`text` (characters, not bytes); lines and columns are 1-based.
    """

    id: str
    """The file name, e.g. ``003_eed9f197d463ef0c.txt``."""
    path: Path
    """Where the file was read from."""
    date: datetime.date | None
    """From the `` date YYYY-MM-DD`` first line; ``None`` if there is none, it is invalid, or it
    gives only a month or a year (:attr:`partial_date`)."""
    headline: str | None
    """The headline if the article has one (see :func:`classify_first_line`), else ``None``."""
    text: str
    """The whole decoded text: BOM removed, CRLF and lone CR turned into LF. The date marker is
    kept, so lines and offsets match the file."""
    spans: tuple[tuple[int, int, int], ...]
    """``(line, start, end)`` of every body paragraph (see :attr:`paragraphs`), kept as numbers:
    most commands never look at paragraphs, and 150,000 records would cost time and memory."""
    sha256: str
    """Hex SHA-256 of the raw file bytes: identifies the exact content (and exact duplicates)."""
    encoding: str
    """``utf-8``, ``utf-8-sig``, ``cp1252`` or ``latin-1``."""
    date_error: str | None = None
    """Why a date line was present but not usable (e.g. ``2024-13-45``), or why the first line
    looks like a date line and is not one (``Date: 2025-03-01``), so a checker can warn; ``None``
    when there is no date line or its date is valid."""
    headline_span: tuple[int, int] | None = None
    """``(start, end)`` offsets of the headline in :attr:`text`, or ``None``."""
    headline_reason: str = ""
    """Why the first line was or was not taken as a headline (for ``articles`` output and
    debugging the heuristic); empty when the article has no first line of content."""
    line_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    """Offset of the first character of every line; computed from :attr:`text` when omitted."""
    partial_date: str | None = None
    """A month- or year-only date line (``2024-07``, ``2024``) as ISO text; :attr:`date` is then
    None."""
    _paragraphs: tuple[Paragraph, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if not self.line_starts:
            object.__setattr__(self, "line_starts", _line_starts(self.text))

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The body paragraphs, including a lead paragraph that shares the date line (without the
        marker). The headline is not a paragraph. Built on first use."""
        found = self._paragraphs
        if found is None:
            text = self.text
            found = tuple(
                Paragraph(i, line, start, end, text[start:end])
                for i, (line, start, end) in enumerate(self.spans)
            )
            object.__setattr__(self, "_paragraphs", found)
        return found

    @property
    def stem(self) -> str:
        """The id without its extension: ``003_eed9f197d463ef0c``."""
        return Path(self.id).stem

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset in :attr:`text` (``len(text)`` allowed)."""
        self._check_offset(offset)
        return bisect_right(self.line_starts, offset)

    def column_of(self, offset: int) -> int:
        """1-based column (in characters) of a character offset in :attr:`text`."""
        self._check_offset(offset)
        return offset - self.line_starts[bisect_right(self.line_starts, offset) - 1] + 1

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph whose ``[start, end)`` holds ``offset``, or ``None`` (headline, date
        marker, blank lines, out of range)."""
        i = bisect_right(self.paragraphs, offset, key=_paragraph_start) - 1
        if i >= 0:
            para = self.paragraphs[i]
            if offset < para.end:
                return para
        return None

    @property
    def word_count(self) -> int:
        """Whitespace-separated words in the headline and the paragraphs (not the date marker).
        Counted from the spans: building :attr:`paragraphs` only to count costs twice as much."""
        text = self.text
        words = sum(len(text[start:end].split()) for _, start, end in self.spans)
        return words + (len(self.headline.split()) if self.headline else 0)

    def _check_offset(self, offset: int) -> None:
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside 0..{len(self.text)} in {self.id}")


def _paragraph_start(paragraph: Paragraph) -> int:
    return paragraph.start


def _line_starts(text: str) -> tuple[int, ...]:
    # Splitting in C and accumulating lengths costs one step per line, not per character.
    return tuple(accumulate((len(line) + 1 for line in text.split("\n")[:-1]), initial=0))


# --- decoding -------------------------------------------------------------------------------

# C0 controls other than tab, LF, VT, FF, CR, plus DEL: real text has practically none.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_BINARY_CONTROL_SHARE = 0.10
"""Share of control bytes above which a file counts as binary rather than text."""


def decode_article_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes, returning ``(text, encoding)``.

    Strict UTF-8 first (``utf-8-sig`` when it starts with a BOM), because UTF-8 almost never
    decodes by accident; then cp1252, which is what Windows editors write and which gives curly
    quotes for bytes 0x91-0x94 where Latin-1 would give invisible controls; then Latin-1, which
    decodes anything. Pure ASCII reports ``utf-8``. A BOM in front of non-UTF-8 bytes is dropped
    before the fallback. CRLF and lone CR become LF so that line numbers are the same everywhere.
    """
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8-sig"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # NFC, so that a quote typed in either form is found (offsets are into this text).
    return nfc(text), encoding


def _check_not_binary(data: bytes, path: Path) -> None:
    if b"\x00" in data:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise ArticleError(
                path, "article-binary", "UTF-16 text is not supported; save as UTF-8"
            )
        raise ArticleError(path, "article-binary", "binary file (contains NUL bytes)")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _BINARY_CONTROL_SHARE * len(data):
        raise ArticleError(
            path, "article-binary", f"binary file ({controls} of {len(data)} bytes are controls)"
        )


# --- date line ------------------------------------------------------------------------------

# The marker as written (` date 2024-06-08 `), tolerating a missing leading space or a stray
# BOM. Anything shaped like a date is taken as the marker so that a malformed one is reported
# (date_error) instead of silently becoming part of a headline.
_DATE_MARKER = re.compile(
    r"[\ufeff \t]*date[ \t]+(?P<date>[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}"
    r"|[0-9]{4}[-/.][0-9]{1,2}|[0-9]{4})(?:[ \t]+|(?=\n)|\Z)"
)
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_ISO_MONTH = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?")
# A first line that means to be a date line and is not one: "Date: 2025-03-01", " date 1 March
# 2025", "DATE 2025-03-01". Reported, never silently taken for a headline.
_NEAR_MISS = re.compile(
    r"[\ufeff \t]*(?i:date)[ \t]*[:=\-]?[ \t]*(?=[0-9]|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep"
    r"|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun))"
)


def _parse_marker_date(raw: str) -> tuple[datetime.date | None, str | None, str | None]:
    """(day, partial date, error): a month- or year-only line (``2024-07``, ``2024``) is a date
    of that precision, given as its ISO text."""
    m = _ISO_DATE.fullmatch(raw)
    if m is None:
        partial = _ISO_MONTH.fullmatch(raw)
        if partial is not None and int(partial[1]) > 0 and (
            partial[2] is None or 1 <= int(partial[2]) <= 12
        ):
            return None, raw, None
        return None, None, f"date line has {raw!r}, expected YYYY-MM-DD, YYYY-MM or YYYY"
    try:
        return datetime.date(int(m[1]), int(m[2]), int(m[3])), None, None
    except ValueError as exc:
        return None, None, f"date line has impossible date {raw!r} ({exc})"


def _near_miss(text: str) -> str | None:
    """Why the first line looks like a date line that the marker does not match, or None."""
    if _NEAR_MISS.match(text) is None:
        return None
    first = text.split("\n", 1)[0].strip().lstrip("\ufeff")
    shown = first if len(first) <= 40 else first[:40] + "…"
    return (
        f"the first line {shown!r} looks like a date line but is not one (' date YYYY-MM-DD', "
        "' date YYYY-MM' or ' date YYYY'): it is read as the article's first line"
    )


# --- headline or lead -----------------------------------------------------------------------

_MAX_HEADLINE_WORDS = 30
_MAX_HEADLINE_CHARS = 200
# Question headlines are short ("What now for Kelly Holmes?"); a long question opens a story.
_MAX_QUESTION_HEADLINE_WORDS = 15
_CLOSERS = "\"'”’»)]"
_CLOSE = "[" + re.escape(_CLOSERS) + "]*"
# A full stop that ends the line (possibly inside closing quotes), but not an ellipsis, which
# headlines use ("Rivals of the £400 Apple...").
_ENDS_WITH_FULL_STOP = re.compile(rf"(?<![.…])\.{_CLOSE}\Z")
_ENDS_WITH_BANG_OR_QUESTION = re.compile(rf"[!?]{_CLOSE}\Z")
_ENDS_MID_SENTENCE = re.compile(rf"[,;:]{_CLOSE}\Z")
# A sentence break inside the line: end punctuation after a lowercase word, then a capital.
# Requiring lowercase before the stop skips initials and "U.S."; the lookbehinds skip titles.
_SENTENCE_BREAK = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bvs)(?<!\bNo)"
    rf"(?<=[a-z0-9%])[.!?]{_CLOSE}\s+[\"'“‘(]?[A-Z]"
)
# Words that title case leaves in lower case.
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "off"}
    | {"on", "or", "out", "over", "per", "so", "the", "to", "up", "via", "vs", "with", "yet"}
)


def _is_title_case(line: str) -> bool:
    """Most significant words capitalised, as in "Natalie Portman Is 'Her Confident Self Again'"."""
    significant = [w for w in (w.strip(_CLOSERS + "“‘(") for w in line.split()) if w]
    significant = [w for w in significant if w[0].isalpha() and w.lower() not in _SMALL_WORDS]
    if len(significant) < 3:
        return False
    capitalised = sum(1 for w in significant if w[0].isupper())
    return capitalised >= 0.8 * len(significant)


def classify_first_line(line: str, *, followed_by_blank: bool) -> tuple[bool, str]:
    """Decide whether the first line of content is a headline; return ``(is_headline, reason)``.

    Rules, first match wins:

    1. more than 30 words or 200 characters: lead ("too long for a headline");
    2. ends with a full stop (also inside closing quotes; an ellipsis does not count): lead;
    3. ends with ``,`` ``;`` or ``:``: lead, it runs on into the next line;
    4. ends with ``!`` or ``?``: a headline if it is a single sentence and is either title-cased
       (tabloid "Star Splits From Husband!") or at most 15 words and followed by a blank line
       (BBC "What now for Kelly Holmes?"); otherwise a lead (a long question opening a story, or
       "...the end of the tunnel!" run straight into the body);
    5. otherwise (ends with a word or a quote mark): headline.

    ``followed_by_blank`` is true when the next line is blank or there is none.
    """
    words = len(line.split())
    if words > _MAX_HEADLINE_WORDS or len(line) > _MAX_HEADLINE_CHARS:
        return False, f"too long for a headline ({words} words, {len(line)} characters)"
    if _ENDS_WITH_FULL_STOP.search(line):
        return False, "ends with a full stop, like a sentence"
    if _ENDS_MID_SENTENCE.search(line):
        return False, "ends mid-sentence (comma, semicolon or colon)"
    if _ENDS_WITH_BANG_OR_QUESTION.search(line):
        if _SENTENCE_BREAK.search(line):
            return False, "several sentences ending with '!' or '?'"
        if _is_title_case(line):
            return True, "title-cased '!' or '?' line"
        if followed_by_blank and words <= _MAX_QUESTION_HEADLINE_WORDS:
            return True, "short '!' or '?' line followed by a blank line"
        if followed_by_blank:
            return False, f"a long question or exclamation ({words} words)"
        return False, "sentence ending with '!' or '?' that runs into the body"
    return True, "short and does not end like a sentence"


# --- parsing --------------------------------------------------------------------------------


class PreparedArticle(NamedTuple):
    """An article file decoded and checked, but not yet split into lines and paragraphs.

    Everything that can make a file unusable is found here (:func:`prepare_article`), so a folder
    can be checked and keyed on its contents without parsing each article whole; the date line is
    read too, since dating every article is what most commands need.
    """

    path: Path
    text: str
    encoding: str
    sha256: str
    date: datetime.date | None
    date_error: str | None
    content_start: int
    """Where the text after the date marker begins on line 1 (0 without a marker)."""
    partial_date: str | None = None
    """A month- or year-only date line's date, as ISO text (``2024-07``, ``2024``)."""

    @property
    def id(self) -> str:
        return article_id(self.path.name)


def article_id(file_name: str) -> str:
    """An article's id: its file name, in NFC (see :func:`nfc`)."""
    return nfc(file_name)


def prepare_article(data: bytes, path: Path) -> PreparedArticle:
    """Decode and check article bytes; raises :class:`ArticleError` exactly when
    :func:`parse_article_bytes` would."""
    if not data:
        raise ArticleError(path, "article-empty", "empty file")
    _check_not_binary(data, path)
    text, encoding = decode_article_bytes(data)
    if not text:
        raise ArticleError(path, "article-empty", "empty file (only a byte-order mark)")
    if text.isspace():
        raise ArticleError(path, "article-empty", "file contains only whitespace")

    date: datetime.date | None = None
    date_error: str | None = None
    partial: str | None = None
    content_start = 0  # where the text after the date marker begins on line 1
    marker = _DATE_MARKER.match(text)
    if marker is not None:
        date, partial, date_error = _parse_marker_date(marker["date"])
        content_start = marker.end()
        if not text[content_start:].strip():
            raise ArticleError(path, "article-empty", "file has a date line but no text", line=1)
    else:
        date_error = _near_miss(text)
    sha256 = sha256_hex(data)
    return PreparedArticle(
        path, text, encoding, sha256, date, date_error, content_start, partial
    )


def parse_article_bytes(data: bytes, path: Path) -> Article:
    """Parse the raw bytes of an article file; ``path`` names it (id, error messages).

    Raises :class:`ArticleError` for empty, whitespace-only, date-line-only and binary input.
    An impossible or malformed date on the date line is not an error: ``date`` is ``None``, the
    reason is in ``date_error``, and the rest of the line is parsed as usual.
    """
    return finish_article(prepare_article(data, path))


def finish_article(prepared: PreparedArticle) -> Article:
    """Lines, headline and paragraphs of a prepared article."""
    text, content_start, path = prepared.text, prepared.content_start, prepared.path
    line_starts = _line_starts(text)
    lines = text.split("\n")

    # Non-blank lines as (line number, start, end) with surrounding whitespace trimmed.
    spans: list[tuple[int, int, int]] = []
    blank_after: list[bool] = []  # per entry in spans: is the next line blank or absent?
    for number, (line, line_start) in enumerate(zip(lines, line_starts, strict=True), start=1):
        if number == 1 and content_start:
            line = line[content_start:]
            line_start = content_start
        stripped = line.strip()
        if not stripped:
            if blank_after:
                blank_after[-1] = True
            continue
        start = line_start + (len(line) - len(line.lstrip()))
        spans.append((number, start, start + len(stripped)))
        blank_after.append(False)
    if blank_after and spans[-1][0] == len(lines):
        blank_after[-1] = True  # the last line of the file: nothing follows

    if not spans:
        raise ArticleError(path, "article-empty", "file has a date line but no text", line=1)

    headline: str | None = None
    headline_span: tuple[int, int] | None = None
    _, first_start, first_end = spans[0]
    is_headline, reason = classify_first_line(
        text[first_start:first_end], followed_by_blank=blank_after[0]
    )
    if is_headline:
        headline = text[first_start:first_end]
        headline_span = (first_start, first_end)
        spans = spans[1:]

    return Article(
        id=article_id(path.name),
        path=path,
        date=prepared.date,
        headline=headline,
        text=text,
        spans=tuple(spans),
        sha256=prepared.sha256,
        encoding=prepared.encoding,
        date_error=prepared.date_error,
        headline_span=headline_span,
        headline_reason=reason,
        line_starts=line_starts,
        partial_date=prepared.partial_date,
    )


class ArticleSummary(NamedTuple):
    """What a listing of articles shows about one, as :func:`finish_article` would find it."""

    headline: str | None
    """:attr:`Article.headline`."""
    lead: str | None
    """The text of the first body paragraph (``Article.paragraphs[0].text``), None without one."""
    words: int
    """:attr:`Article.word_count`."""


def summarise_article(text: str) -> ArticleSummary:
    """Headline, lead and word count of a decoded article text (:attr:`PreparedArticle.text`).

    Listing 10,000 articles must not parse each whole, nor keep them: this reads only the first
    lines, and counts words in one split, since every non-blank line after the date marker is the
    headline or a paragraph, each stripped, so their words are the words of that whole stretch.
    """
    marker = _DATE_MARKER.match(text)
    content_start = marker.end() if marker is not None else 0
    stripped = (line.strip() for line in _lines_from(text, content_start))
    first = next(filter(None, stripped), None)
    if first is None:
        return ArticleSummary(None, None, 0)
    after = next(stripped, "")  # the next line, "" when blank or absent
    is_headline, _ = classify_first_line(first, followed_by_blank=not after)
    words = len(text[content_start:].split())
    if not is_headline:
        return ArticleSummary(None, first, words)
    return ArticleSummary(first, after or next(filter(None, stripped), None), words)


def _lines_from(text: str, start: int) -> Iterator[str]:
    """The lines of ``text[start:]`` (as ``split("\\n")`` gives them), found one at a time."""
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def parse_article(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read and parse one article file.

    Every failure is an :class:`ArticleError`, so a caller can report one bad file and carry on:
    a missing, unreadable or non-regular file is ``article-unreadable`` (with the OS reason); a
    file over ``max_bytes`` is ``article-too-large`` and is not read.
    """
    return parse_article_bytes(read_article_bytes(path, max_bytes), path)


def read_article_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of an article file; :class:`ArticleError` as for :func:`parse_article`."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ArticleError(path, "article-unreadable", "is a directory")
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or device would block or never end; articles are regular files.
            raise ArticleError(path, "article-unreadable", "not a regular file")
        if info.st_size > max_bytes:
            raise ArticleError(path, "article-too-large", _too_large(info.st_size, max_bytes))
        with open(path, "rb") as handle:
            # Read one byte past the limit in case the file grew since stat().
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ArticleError(path, "article-unreadable", f"cannot read file: {reason}") from exc
    if len(data) > max_bytes:
        raise ArticleError(path, "article-too-large", _too_large(len(data), max_bytes))
    return data


def _too_large(size: int, max_bytes: int) -> str:
    return f"file is larger than the {max_bytes:,}-byte limit ({size:,} bytes or more)"
