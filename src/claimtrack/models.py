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

Attribution = Literal[
    "named_outlet", "anonymous_insider", "direct_quote", "public_record", "representative",
    "own_post",
]  # fmt: skip
ATTRIBUTIONS: tuple[str, ...] = (
    "named_outlet", "anonymous_insider", "direct_quote", "public_record", "representative",
    "own_post",
)  # fmt: skip
PRIMARY_ATTRIBUTIONS: frozenset[str] = frozenset(("public_record", "representative", "own_post"))
"""Primary evidence: a record or filing, a representative's statement, the person's own post."""

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


URL_SCHEMES = ("http", "https")
"""The only schemes a URL in the claims file may have: a ``javascript:`` or ``data:`` link in an
export or the report would run in the reader's browser."""
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_URL_HOST = re.compile(r"//[^\s/?#]+(?:[/?#]\S*)?\Z")
_URL_UNSAFE = re.compile("[\x00-\x20\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def url_problem(value: str) -> str | None:
    """Why ``value`` may not be kept as a link, or None: only an absolute ``http`` or ``https``
    URL with a host, and no spaces or control characters. Shared by every URL field."""
    scheme = _URL.match(value)
    if scheme is None:
        return "only http:// and https:// URLs are accepted: write the URL in full"
    if scheme.group()[:-1].lower() not in URL_SCHEMES:
        return f"only http:// and https:// URLs are accepted, not '{scheme.group()}'"
    if _URL_UNSAFE.search(value):
        return "a URL may not hold spaces or control characters (percent-encode them)"
    if _URL_HOST.match(value, scheme.end()) is None:
        return "the URL has no host: write it in full, as https://host/path"
    return None


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


SLOT_TYPES: tuple[str, ...] = ("date", "age", "number", "amount", "set", "text")
SlotType = Literal["date", "age", "number", "amount", "set", "text"]
CARDINALITIES: tuple[str, ...] = ("one", "many")


class Slot(NamedTuple):
    """A declared slot: what its values are, and when two of them cannot both hold."""

    type: SlotType
    unit: str | None = None
    values: Sequence[str] = ()
    cardinality: Literal["one", "many"] = "one"
    changes_over_time: bool = False
    description: str | None = None


class Source(NamedTuple):
    """One citation: where a claim appears, on whose authority, and the exact words."""

    article: str
    attribution: Attribution
    attributed_to: str
    quote: str
    note: str | None = None
    via: str | None = None
    """The outlet the claim reached this article through, when it is relayed."""
    said_on: str | None = None
    """When the words were first said, if not on the article's date (an absolute date)."""
    url: str | None = None
    document: str | None = None


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
    anchor: str | None = None
    """With ``when``: the claim id or date an event-relative phrase counts from."""

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
    slots: dict[str, Slot] = {}  # noqa: RUF012 (never mutated: a record's default)


class Invalid(Exception):
    """Raised inside the plain validator; carries nothing, since pydantic explains the error."""


_ARTICLE_KEYS = frozenset(("outlet", "date", "date_basis", "copy_of", "url", "note"))
_SUBJECT_KEYS = frozenset(("name", "aliases", "note"))
_SOURCE_KEYS = frozenset(
    ("article", "attribution", "attributed_to", "quote", "note", "via", "said_on", "url",
     "document")
)  # fmt: skip
_CLAIM_KEYS = frozenset(
    ("id", "subject", "involves", "statement", "slot", "when", "age", "as_of", "value",
     "sources", "contradicts", "note", "anchor")
)  # fmt: skip
_SLOT_KEYS = frozenset(
    ("type", "unit", "values", "cardinality", "changes_over_time", "description")
)
_FILE_KEYS = frozenset(("version", "articles", "subjects", "slots", "claims"))
_ATTRIBUTION_SET = frozenset(ATTRIBUTIONS)


def _text(value: Any) -> str:
    if type(value) is not str or not 0 < len(value) <= TEXT_MAX:
        raise Invalid
    return value


def _name(value: Any) -> str:
    """An article file name as the claims file writes it, in NFC: the seeds' names are (so a
    name typed in NFD on one system is the same file as the NFC name on another)."""
    text = _text(value)
    if text.isascii():
        return text
    from claimtrack.text import nfc

    return nfc(text)


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
        None if get("copy_of") is None else _name(get("copy_of")), _optional_text(get("url")),
        _optional_text(get("note")),
    )  # fmt: skip
    if meta.date is not None and meta.date_basis is None:
        raise Invalid
    if meta.url is not None and url_problem(meta.url) is not None:
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


def _slot(data: Any) -> Slot:
    if type(data) is Slot:
        return data
    data = _mapping(data, _SLOT_KEYS)
    kind = data.get("type")
    if type(kind) is not str or kind not in SLOT_TYPES:
        raise Invalid
    cardinality = data.get("cardinality", "one")
    if type(cardinality) is not str or cardinality not in CARDINALITIES:
        raise Invalid
    changes = data.get("changes_over_time", False)
    if type(changes) is not bool:
        raise Invalid
    values = [_text(value) for value in _list(data.get("values", []))]
    unit = _optional_text(data.get("unit"))
    if (kind == "set") != bool(values) or (unit is not None and kind not in ("number", "amount")):
        raise Invalid
    if kind == "amount" and unit is None:
        raise Invalid
    description = _optional_text(data.get("description"))
    return Slot(kind, unit, values, cardinality, changes, description)  # type: ignore[arg-type]


def _value_text(value: Any) -> str | None:
    """An unquoted whole number (``value: 47``) is the string the curator meant."""
    if type(value) is int:
        return str(value)
    return _optional_text(value)


def _source(data: Any) -> Source:
    data = _mapping(data, _SOURCE_KEYS)
    attribution = data.get("attribution")
    if type(attribution) is not str or attribution not in _ATTRIBUTION_SET:
        raise Invalid
    try:
        article, attributed_to, quote = data["article"], data["attributed_to"], data["quote"]
    except KeyError:
        raise Invalid from None
    url = _optional_text(data.get("url"))
    if url is not None and url_problem(url) is not None:
        raise Invalid
    via = _optional_text(data.get("via"))
    # Names that repeat across thousands of citations are interned: one string each, not one per
    # citation (tens of MB at 100,000 claims).
    return Source(
        intern(_name(article)), intern(attribution), intern(_text(attributed_to)),  # type: ignore[arg-type]
        _text(quote), _optional_text(data.get("note")), None if via is None else intern(via),
        _date_text(data.get("said_on")), url, _optional_text(data.get("document")),
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
        _value_text(get("value")),
        [_slug(key) for key in _list(get("contradicts", []))],
        _optional_text(get("note")),
        _date_text(get("anchor")),
    )
    given = (claim.when is not None) + (claim.age is not None) + (claim.value is not None)
    as_of_alone = claim.as_of is not None and age is None and claim.value is None
    if given > 1 or (given and claim.slot is None) or as_of_alone:
        raise Invalid
    if claim.anchor is not None and claim.when is None:
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
        articles = {_name(k): _article_meta(v) for k, v in _dict(data.get("articles", {})).items()}
        subjects = {_slug(k): _subject(v) for k, v in _dict(data.get("subjects", {})).items()}
        slots = {_slug(k): _slot(v) for k, v in _dict(data.get("slots", {})).items()}
        claims = [_claim(item) for item in _list(data.get("claims", []))]
    except Invalid:
        return None
    return ClaimsFile(1, articles, subjects, claims, slots)


class LeftOut(NamedTuple):
    """The entries of a claims file left out because they do not match the schema (each is
    reported), so that the rest is still checked, and findings that would only repeat the cause
    (a claim contradicting a left-out claim, a claim about a left-out subject) are not reported."""

    claims: tuple[int, ...] = ()
    """Indices in the file's ``claims`` list, ascending."""
    claim_ids: frozenset[str] = frozenset()
    """The ids the left-out claims give (when they give one as text)."""
    subjects: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    cited: frozenset[str] = frozenset()
    """Articles the left-out claims cite (as text): not "without claims"."""

    def __bool__(self) -> bool:
        return bool(self.claims or self.subjects or self.articles)

    def file_index(self, index: int) -> int:
        """The index in the file of the ``index``-th claim that was kept."""
        for left in self.claims:
            if left > index:
                break
            index += 1
        return index


def partial_claims_file(data: Any) -> tuple[ClaimsFile | None, LeftOut]:
    """The valid entries of plain data, and what was left out; None when the file itself is not
    valid (an unknown top-level key, ``claims:`` not a list, a wrong ``version``): then nothing
    can be trusted."""
    try:
        data = _mapping(data, _FILE_KEYS)
        version = data.get("version", 1)
        if type(version) is not int or version != 1:
            raise Invalid
        claims_data = _list(data.get("claims", []))
        subjects_data = _dict(data.get("subjects", {}))
        articles_data = _dict(data.get("articles", {}))
    except Invalid:
        return None, LeftOut()
    claims: list[Claim] = []
    left: list[int] = []
    ids: set[str] = set()
    cited: set[str] = set()
    for index, item in enumerate(claims_data):
        record = entry_record("claims", item)
        if type(record) is Claim:
            claims.append(record)
            continue
        left.append(index)
        claim_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(claim_id, str):
            ids.add(claim_id)
        sources = item.get("sources") if isinstance(item, dict) else None
        for source in sources if isinstance(sources, list) else ():
            article = source.get("article") if isinstance(source, dict) else None
            if isinstance(article, str):
                cited.add(article)
    subjects: dict[str, Subject] = {}
    bad_subjects: set[str] = set()
    for key, value in subjects_data.items():
        record = entry_record("subjects", value)
        if type(key) is str and _SLUG.match(key) and len(key) <= SLUG_MAX and type(record) is Subject:
            subjects[key] = record
        elif isinstance(key, str):
            bad_subjects.add(key)
    articles: dict[str, ArticleMeta] = {}
    bad_articles: set[str] = set()
    for key, value in articles_data.items():
        record = entry_record("articles", value)
        if type(key) is str and 0 < len(key) <= TEXT_MAX and type(record) is ArticleMeta:
            articles[key] = record
        elif isinstance(key, str):
            bad_articles.add(key)
    left_out = LeftOut(
        tuple(left), frozenset(ids), frozenset(bad_subjects), frozenset(bad_articles),
        frozenset(cited),
    )  # fmt: skip
    return ClaimsFile(1, articles, subjects, claims), left_out


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
        "slots": {key: list(slot) for key, slot in claims.slots.items()},
        "claims": [claim_row(claim) for claim in claims.claims],
    }


def claim_row(claim: Claim) -> list[Any]:
    """One claim's row in :func:`claims_file_to_rows`."""
    row: list[Any] = list(claim)
    row[3] = [list(source) for source in claim.sources]
    return row


def claims_file_from_rows(rows: dict[str, Any]) -> ClaimsFile:
    """Records from :func:`claims_file_to_rows`, checked as the YAML's data is: the cache is not
    trusted, so every row goes through the plain validator (each field's type, length, slug and
    range, as :func:`claims_file_from_data`); a row of the wrong shape raises ValueError (or
    TypeError, KeyError), and the caller reads the YAML instead."""
    if type(rows) is not dict:
        raise ValueError("not a mapping of rows")
    claims = []
    claim_rows = _list_or_fail(rows["claims"])
    fields, source_fields = Claim._fields, Source._fields
    fast = fields == _ROW_FIELDS and source_fields == _SOURCE_ROW_FIELDS
    for index, row in enumerate(claim_rows):
        if type(row) is not list or len(row) != len(fields):
            raise ValueError("not a claim row")
        try:
            if fast:
                claim = _claim_from_row(row)
            else:  # fields were added: the same checks through the mapping validator
                data = dict(zip(fields, row, strict=True))
                sources = data["sources"]
                if type(sources) is not list:
                    raise Invalid
                data["sources"] = [_fields_of(source_fields, s) for s in sources]
                claim = _claim(data)
        except Invalid:
            raise ValueError(f"claim row {index} is not valid") from None
        claims.append(claim)
        claim_rows[index] = None  # rows and records together would double the peak
    try:
        articles = {
            _name(key): _article_meta(_fields_of(ArticleMeta._fields, row))
            for key, row in _dict(rows["articles"]).items()
        }
        subjects = {
            _slug(key): _subject(_fields_of(Subject._fields, row))
            for key, row in _dict(rows["subjects"]).items()
        }
        slots = {
            _slug(key): _slot(_fields_of(Slot._fields, row))
            for key, row in _dict(rows.get("slots", {})).items()
        }
    except Invalid:
        raise ValueError("an article or subject row is not valid") from None
    return ClaimsFile(1, articles, subjects, claims, slots)


_ROW_FIELDS = ("id", "subject", "statement", "sources", "involves", "slot", "when", "age",
               "as_of", "value", "contradicts", "note", "anchor")  # fmt: skip
_SOURCE_ROW_FIELDS = ("article", "attribution", "attributed_to", "quote", "note", "via",
                      "said_on", "url", "document")  # fmt: skip


def _claim_from_row(row: list[Any]) -> Claim:
    """:func:`_claim`'s checks on a cached row, by position: twice as fast as through a mapping,
    which matters on a re-run of 100,000 claims. Used only while the fields are exactly
    :data:`_ROW_FIELDS` (a test holds the two paths to the same answers)."""
    (claim_id, subject, statement, sources, involves, slot, when, age, as_of, value, contradicts,
     note, anchor) = row  # fmt: skip
    if type(sources) is not list or not sources or type(involves) is not list:
        raise Invalid
    if type(contradicts) is not list:
        raise Invalid
    built = []
    for source in sources:
        if type(source) is not list or len(source) != 9:
            raise Invalid
        (article, attribution, attributed_to, quote, source_note, via, said_on, url,
         document) = source  # fmt: skip
        if type(attribution) is not str or attribution not in _ATTRIBUTION_SET:
            raise Invalid
        # _text inlined: this loop runs once per citation of a large ledger.
        if (
            type(article) is not str or not 0 < len(article) <= TEXT_MAX
            or type(attributed_to) is not str or not 0 < len(attributed_to) <= TEXT_MAX
            or type(quote) is not str or not 0 < len(quote) <= TEXT_MAX
        ):  # fmt: skip
            raise Invalid
        if url is not None and (type(url) is not str or url_problem(url) is not None):
            raise Invalid
        built.append(
            Source(intern(article if article.isascii() else _name(article)), intern(attribution),  # type: ignore[arg-type]
                   intern(attributed_to), quote,
                   None if source_note is None else _text(source_note),
                   None if via is None else intern(_text(via)), _date_text(said_on),
                   None if url is None else _text(url), _optional_text(document))
        )  # fmt: skip
    for key in involves:
        _slug(key)
    for key in contradicts:
        _slug(key)
    when, as_of, anchor = _date_text(when), _date_text(as_of), _date_text(anchor)
    if age is not None and (type(age) is not int or not 0 <= age <= AGE_MAX):
        raise Invalid
    value = _value_text(value)
    given = (when is not None) + (age is not None) + (value is not None)
    as_of_alone = as_of is not None and age is None and value is None
    if given > 1 or (given and slot is None) or as_of_alone:
        raise Invalid
    if anchor is not None and when is None:
        raise Invalid
    return Claim(
        _slug(claim_id), intern(_slug(subject)), _text(statement), built, involves,
        None if slot is None else intern(_slug(slot)), when, age, as_of, value,
        contradicts, _optional_text(note), anchor,
    )  # fmt: skip


def _list_or_fail(value: Any) -> list[Any]:
    if type(value) is not list:
        raise ValueError("not a list of rows")
    return value


def _fields_of(fields: tuple[str, ...], row: Any) -> dict[str, Any]:
    if type(row) is not list or len(row) != len(fields):
        raise ValueError("not a row of its fields")
    return dict(zip(fields, row, strict=True))
