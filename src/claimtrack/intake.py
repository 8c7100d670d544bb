"""``claimtrack add-article``: a plain-text file, a saved web page or a URL → an article file.

A web page's main text, headline, publication date and outlet are extracted with trafilatura
(``pip install 'claimtrack[html]'``), an optional extra so that the core install stays small;
plain text needs nothing. The article is written in the article format (`` date YYYY-MM-DD
Headline`` first, then one paragraph per line) under a stable name: a slug of the headline and a
hash of the content, so adding the same article twice finds it already there.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimtrack.problems import UsageError

__all__ = ["Intake", "fetch", "intake", "read_input"]

MAX_FETCH_BYTES = 8 * 1024 * 1024
FETCH_TIMEOUT = 20.0
HTML_EXTRA = "pip install 'claimtrack[html]'"
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!doctype\s+html|<html|<head|<!--|<meta|<body)",
                         re.I)
_DATE_LINE = re.compile(r"\A\ufeff? date (\d{4}-\d{2}-\d{2})(?: |\Z)")


@dataclass
class Intake:
    """An article ready to be written to the seeds folder."""

    name: str
    """The file name in seeds/: ``<slug of the headline>_<12 hex digits of its content>.txt``."""
    text: str
    """The article file's content."""
    headline: str | None
    date: str | None
    outlet: str | None
    url: str | None
    missing: list[str] = field(default_factory=list)
    """What could not be found (``date``, ``outlet``) and must be given."""


def fetch(url: str, timeout: float = FETCH_TIMEOUT) -> bytes:
    """The body of an http(s) URL, at most :data:`MAX_FETCH_BYTES`."""
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise UsageError(f"{url}: only http and https URLs can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": "claimtrack"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read(MAX_FETCH_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise UsageError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise UsageError(f"{url}: cannot fetch: {reason}") from None
    if len(body) > MAX_FETCH_BYTES:
        raise UsageError(f"{url}: larger than {MAX_FETCH_BYTES:,} bytes")
    return body


def read_input(ref: str) -> tuple[bytes, str | None]:
    """The bytes of a file or URL, and the URL if it was one."""
    if re.match(r"(?i)[a-z][a-z0-9+.-]*://", ref):
        return fetch(ref), ref
    path = Path(ref)
    from claimtrack.articles import ArticleError, read_article_bytes

    if not path.is_file():
        raise UsageError(f"{ref}: no such file")
    try:
        return read_article_bytes(path), None
    except ArticleError as exc:
        raise UsageError(str(exc)) from None


def _extract_html(raw: bytes, url: str | None) -> dict[str, Any]:
    try:
        import trafilatura
    except ImportError:
        raise UsageError(
            f"this is a web page (HTML); extracting its text needs the html extra: {HTML_EXTRA}"
        ) from None
    # Only a date the page's markup gives (published time, a dated URL): htmldate's extensive
    # search would read "married in 2012" as a publication date of 2012-01-01.
    found = trafilatura.bare_extraction(
        raw, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    document: Any = found.as_dict() if found is not None and not isinstance(found, dict) else found
    if not isinstance(document, dict) or not (document.get("text") or "").strip():
        raise UsageError("no article text found in this page")
    return document


def slug(text: str, max_length: int = 48) -> str:
    from claimtrack.draft import slugify

    return slugify(text, max_length) or "article"


def _clean_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def intake(raw: bytes, url: str | None, *, date: str | None = None,
           outlet: str | None = None) -> Intake:
    """The article file for ``raw`` (HTML or plain text); ``date`` and ``outlet`` override what
    is found."""
    from claimtrack.articles import decode_article_bytes

    if date is not None:
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            raise UsageError(f"--date {date}: give the publication date as YYYY-MM-DD") from None
    if _HTML_START.match(raw[:2048]):
        document = _extract_html(raw, url)
        headline = " ".join(str(document.get("title") or "").split()) or None
        found_date = document.get("date")
        found_outlet = document.get("sitename") or None
        url = url or document.get("url") or None
        lines = _clean_lines(str(document["text"]))
        if lines and headline and lines[0] == headline:
            lines = lines[1:]
    else:
        text, _encoding = decode_article_bytes(raw)
        lines = _clean_lines(text)
        headline, found_date, found_outlet = None, None, None
        if lines:  # an existing date line keeps its date; the first line stays first
            first = lines.pop(0)
            marker = _DATE_LINE.match(" " + first)
            if marker is not None:
                found_date, first = marker.group(1), first[16:].strip()
            headline = first or None
    date = date or (str(found_date)[:10] if found_date else None)
    outlet = outlet or (str(found_outlet) if found_outlet else None)
    missing = [name for name, value in (("date", date), ("outlet", outlet)) if not value]
    if not lines and not headline:
        raise UsageError("no article text found")
    head = " ".join(headline.split()) if headline else ""
    first_line = f" date {date} {head}".rstrip() if date else head
    body = "\n".join(lines)
    text = (first_line + "\n" if first_line else "") + body + "\n"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    name = f"{slug(head or (lines[0] if lines else 'article'))}_{digest}.txt"
    return Intake(name, text, headline, date, outlet, url, missing)
