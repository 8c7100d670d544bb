"""The claims file as typed records, and the plain validator that builds them.

The schema is defined once, by the pydantic models of :mod:`claimtrack.spec` (which also publish
it as JSON Schema and explain every error). These records carry the same fields and the same
defaults, but are named tuples: importing pydantic and building its models costs more than a whole
command on a small project, and its instances take several times the memory. (Named tuples rather
than frozen dataclasses: a dataclass costs a millisecond or two to define at every start-up, and
its frozen ``__init__`` sets each field through ``object.__setattr__``, slow for 100,000 claims.)

:func:`claims_file_from_data` accepts exactly what :class:`claimtrack.spec.ClaimsFile` accepts
(a property test holds the two together) and returns ``None`` for anything else, so that only a
file with errors pays for pydantic, which then says what is wrong and where.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from sys import intern
from typing import Any, Literal, NamedTuple

Attribution = Literal["named_outlet", "anonymous_insider", "direct_quote"]
ATTRIBUTIONS: tuple[str, ...] = ("named_outlet", "anonymous_insider", "direct_quote")

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
# pydantic matches patterns with Rust's regex, where '$' is the end of the text (Python's '$'
# also matches before a final newline): '\Z' is the Python spelling of the same rule.
_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
SLUG_MAX = 200
TEXT_MAX = 100_000
DATE_TEXT_MAX = 200
AGE_MAX = 150
PLACEHOLDER = "FILL-IN"
"""What ``draft`` and ``match`` write where they are not sure (a subject, an attribution, a
speaker, a slot): ``check`` refuses a value that starts with it (code ``placeholder``)."""


class ArticleMeta(NamedTuple):
    """Curated facts about one article file that its text does not state reliably."""

    outlet: str | None = None
    date: str | None = None
    date_basis: str | None = None
    copy_of: str | None = None
    url: str | None = None
    note: str | None = None


class Subject(NamedTuple):
    """A person or thing claims are about; found by its name or any alias, in any case."""

    name: str
    aliases: Sequence[str] = ()
    note: str | None = None


class Source(NamedTuple):
    """One citation: where a claim appears, on whose authority, and the exact words."""

    article: str
    attribution: Attribution
    attributed_to: str
    quote: str
    note: str | None = None


class Claim(NamedTuple):
    """One claim, in the curator's words, with every article that makes it."""

    id: str
    subject: str
    statement: str
    sources: list[Source]
    involves: Sequence[str] = ()
    slot: str | None = None
    when: str | None = None
    age: int | None = None
    as_of: str | None = None
    value: str | None = None
    contradicts: Sequence[str] = ()
    note: str | None = None

    @property
    def kind(self) -> Literal["date", "age", "value", "none"]:
        if self.when is not None:
            return "date"
        if self.age is not None:
            return "age"
        if self.value is not None:
            return "value"
        return "none"

    @property
    def value_text(self) -> str | None:
        """The value as the curator wrote it."""
        if self.when is not None:
            return self.when
        if self.age is not None:
            return f"age {self.age}" + (f" as of {self.as_of}" if self.as_of else "")
        return self.value


class ClaimsFile(NamedTuple):
    """The whole claims file: article metadata, the subjects registry, and the claims."""

    version: Literal[1]
    articles: dict[str, ArticleMeta]
    subjects: dict[str, Subject]
    claims: list[Claim]


class Invalid(Exception):
    """Raised inside the plain validator; carries nothing, since pydantic explains the error."""


_ARTICLE_KEYS = frozenset(("outlet", "date", "date_basis", "copy_of", "url", "note"))
_SUBJECT_KEYS = frozenset(("name", "aliases", "note"))
_SOURCE_KEYS = frozenset(("article", "attribution", "attributed_to", "quote", "note"))
_CLAIM_KEYS = frozenset(
    ("id", "subject", "involves", "statement", "slot", "when", "age", "as_of", "value",
     "sources", "contradicts", "note")
)  # fmt: skip
_FILE_KEYS = frozenset(("version", "articles", "subjects", "claims"))
_ATTRIBUTION_SET = frozenset(ATTRIBUTIONS)


def _text(value: Any) -> str:
    if type(value) is not str or not 0 < len(value) <= TEXT_MAX:
        raise Invalid
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _slug(value: Any) -> str:
    if type(value) is not str or len(value) > SLUG_MAX or _SLUG.match(value) is None:
        raise Invalid
    return value


def _date_text(value: Any) -> str | None:
    """Unquoted YAML years (``when: 2012``) are the strings the curator meant."""
    if value is None:
        return None
    if type(value) is int:
        value = str(value)
    if type(value) is not str or not 0 < len(value) <= DATE_TEXT_MAX:
        raise Invalid
    return value


def _mapping(value: Any, allowed: frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict or not allowed.issuperset(value):
        raise Invalid
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise Invalid
    return value


def _article_meta(data: Any) -> ArticleMeta:
    if type(data) is ArticleMeta:
        return data
    data = _mapping(data, _ARTICLE_KEYS)
    get = data.get
    meta = ArticleMeta(
        _optional_text(get("outlet")), _date_text(get("date")), _optional_text(get("date_basis")),
        _optional_text(get("copy_of")), _optional_text(get("url")), _optional_text(get("note")),
    )  # fmt: skip
    if meta.date is not None and meta.date_basis is None:
        raise Invalid
    return meta


def _subject(data: Any) -> Subject:
    if type(data) is Subject:
        return data
    data = _mapping(data, _SUBJECT_KEYS)
    if "name" not in data:
        raise Invalid
    aliases = [_text(alias) for alias in _list(data.get("aliases", []))]
    return Subject(_text(data["name"]), aliases, _optional_text(data.get("note")))


def _source(data: Any) -> Source:
    data = _mapping(data, _SOURCE_KEYS)
    attribution = data.get("attribution")
    if type(attribution) is not str or attribution not in _ATTRIBUTION_SET:
        raise Invalid
    try:
        article, attributed_to, quote = data["article"], data["attributed_to"], data["quote"]
    except KeyError:
        raise Invalid from None
    # Names that repeat across thousands of citations are interned: one string each, not one per
    # citation (tens of MB at 100,000 claims).
    return Source(
        intern(_text(article)), intern(attribution), intern(_text(attributed_to)),  # type: ignore[arg-type]
        _text(quote), _optional_text(data.get("note")),
    )


def _claim(data: Any) -> Claim:
    if type(data) is Claim:
        return data
    data = _mapping(data, _CLAIM_KEYS)
    get = data.get
    try:
        claim_id, subject, statement, sources = (
            data["id"], data["subject"], data["statement"], data["sources"]
        )
    except KeyError:
        raise Invalid from None
    sources = _list(sources)
    if not sources:
        raise Invalid
    slot = get("slot")
    age = get("age")
    if age is not None and (type(age) is not int or not 0 <= age <= AGE_MAX):
        raise Invalid
    claim = Claim(
        _slug(claim_id),
        intern(_slug(subject)),
        _text(statement),
        [_source(source) for source in sources],
        [_slug(key) for key in _list(get("involves", []))],
        None if slot is None else intern(_slug(slot)),
        _date_text(get("when")),
        age,
        _date_text(get("as_of")),
        _optional_text(get("value")),
        [_slug(key) for key in _list(get("contradicts", []))],
        _optional_text(get("note")),
    )
    given = (claim.when is not None) + (claim.age is not None) + (claim.value is not None)
    if given > 1 or (given and claim.slot is None) or (claim.as_of is not None and age is None):
        raise Invalid
    return claim


_ENTRY_BUILDERS: dict[str, Any] = {"claims": _claim, "subjects": _subject, "articles": _article_meta}


def entry_record(collection: str, data: Any) -> Any:
    """One entry of ``claims``, ``subjects`` or ``articles`` as its record, or the data unchanged
    when it is not valid. The loader calls this as each entry's mapping closes, so that a large
    file never holds all its parsed mappings at once (they take several times the records' memory).
    """
    try:
        return _ENTRY_BUILDERS[collection](data)
    except Invalid:
        return data


def entry_data(value: Any) -> Any:
    """The plain data of an entry that :func:`entry_record` turned into a record (for pydantic,
    which then explains what is wrong elsewhere in the file); anything else unchanged."""
    return _compact(value) if isinstance(value, (Claim, Subject, ArticleMeta)) else value


def claims_file_from_data(data: Any) -> ClaimsFile | None:
    """The records for plain data (as parsed from YAML), or None when it is not valid.

    Exactly the data :class:`claimtrack.spec.ClaimsFile` accepts is accepted; on ``None``, ask
    pydantic why (:mod:`claimtrack.loader` does). Entries already built by :func:`entry_record`
    are taken as they are.
    """
    try:
        data = _mapping(data, _FILE_KEYS)
        version = data.get("version", 1)
        if type(version) is not int or version != 1:
            raise Invalid
        articles = {_text(k): _article_meta(v) for k, v in _dict(data.get("articles", {})).items()}
        subjects = {_slug(k): _subject(v) for k, v in _dict(data.get("subjects", {})).items()}
        claims = [_claim(item) for item in _list(data.get("claims", []))]
    except Invalid:
        return None
    return ClaimsFile(1, articles, subjects, claims)


def _dict(value: Any) -> dict[Any, Any]:
    if type(value) is not dict:
        raise Invalid
    return value


def _compact(record: Any) -> dict[str, Any]:
    out = {}
    for name, value in zip(record._fields, record, strict=True):
        if value is None or (type(value) in (list, tuple) and not value):
            continue
        if name == "sources":
            value = [_compact(source) for source in value]
        out[name] = value
    return out


def claims_file_to_rows(claims: ClaimsFile) -> dict[str, Any]:
    """The records as rows of their fields in order, for the cache: :func:`claims_file_from_rows`
    rebuilds them without validating again, several times faster than from mappings."""
    return {
        "articles": {key: list(meta) for key, meta in claims.articles.items()},
        "subjects": {key: list(subject) for key, subject in claims.subjects.items()},
        "claims": [claim_row(claim) for claim in claims.claims],
    }


def claim_row(claim: Claim) -> list[Any]:
    """One claim's row in :func:`claims_file_to_rows`."""
    row: list[Any] = list(claim)
    row[3] = [list(source) for source in claim.sources]
    return row


def claims_file_from_rows(rows: dict[str, Any]) -> ClaimsFile:
    """Records from :func:`claims_file_to_rows` (trusted: the cache wrote them; a damaged entry
    raises TypeError, ValueError or KeyError, and the caller reads the YAML instead)."""
    claims = []
    claim_rows = rows["claims"]
    for index, row in enumerate(claim_rows):
        if len(row) != 12:
            raise ValueError("not a claim row")
        sources = [
            Source(intern(s[0]), intern(s[1]), intern(s[2]), *s[3:])  # type: ignore[arg-type]
            for s in row[3]
        ]
        slot = row[5]
        claims.append(
            Claim(row[0], intern(row[1]), row[2], sources, row[4],
                  None if slot is None else intern(slot), *row[6:])
        )  # fmt: skip
        claim_rows[index] = None  # rows and records together would double the peak
    return ClaimsFile(
        1,
        {key: ArticleMeta(*row) for key, row in rows["articles"].items()},
        {key: Subject(*row) for key, row in rows["subjects"].items()},
        claims,
    )
