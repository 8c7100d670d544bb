"""The schema of the claims file: what a curator may write in ``data/claims.yaml``.

These pydantic models are the definition; :mod:`claimtrack.models` holds the plain records the
rest of the tool works with, built by a plain validator that accepts exactly what these accept.
pydantic is imported only to explain a file that is not valid and to publish the schema.

The models are frozen and strict (unknown keys are errors, no silent type coercion), and every
field carries a description, because :func:`claims_json_schema` publishes them as the JSON Schema
that editors use to complete and validate the file.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from claimtrack import models
from claimtrack.models import (
    AGE_MAX,
    DATE_TEXT_MAX,
    SLUG_MAX,
    SLUG_PATTERN,
    TEXT_MAX,
    Attribution,
    claims_file_from_data,
)

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, max_length=TEXT_MAX)]

# A year written unquoted (``when: 2012``) reaches the model as an int; editors should accept it too.
DateText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=DATE_TEXT_MAX),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]}),
]

# A number written unquoted (``value: 47``) is read as its text, like a year in ``when``.
ValueText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=TEXT_MAX),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]}),
]

_CONFIG = ConfigDict(frozen=True, extra="forbid", strict=True)


def _scalar_to_str(value: Any) -> Any:
    """Accept unquoted YAML years and dates (``when: 2012``) as the strings the curator meant."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _http_only(value: str | None) -> str | None:
    """The one rule for every URL field, article or source (:func:`claimtrack.models.url_problem`)."""
    problem = None if value is None else models.url_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _url_field(description: str) -> Any:
    return Field(
        default=None, description=description,
        json_schema_extra={"pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+"},
    )  # fmt: skip


class ArticleMeta(BaseModel):
    """Curated facts about one article file that its text does not state reliably."""

    model_config = _CONFIG

    outlet: NonEmpty | None = Field(
        default=None, description="The publication, e.g. 'Us Weekly', 'OK!', 'Life & Style'."
    )
    date: DateText | None = Field(
        default=None,
        description=(
            "Publication date for an article whose file has no date line: an ISO date or partial "
            "date ('2024-01-17', '2024-01'). Relative dates in the article resolve against it."
        ),
    )
    date_basis: NonEmpty | None = Field(
        default=None,
        description="How the date is known (required with 'date'): the evidence, in words.",
    )
    copy_of: NonEmpty | None = Field(
        default=None,
        description=(
            "File name of the article this one rewrites. A copy is not an independent origin: "
            "claims it repeats count once."
        ),
    )
    url: NonEmpty | None = _url_field("Where the article was published: an http:// or https:// URL.")
    note: NonEmpty | None = Field(default=None, description="Free curator's note.")

    _coerce_date = field_validator("date", mode="before")(_scalar_to_str)

    _http_url = field_validator("url")(_http_only)

    @model_validator(mode="after")
    def _date_needs_basis(self) -> ArticleMeta:
        if self.date is not None and self.date_basis is None:
            raise ValueError("'date' needs 'date_basis': say how the date is known")
        return self


class Subject(BaseModel):
    """A person or thing claims are about; found by its name or any alias, in any case."""

    model_config = _CONFIG

    name: NonEmpty = Field(description="Display name, e.g. 'Natalie Portman'.")
    aliases: list[NonEmpty] = Field(
        default_factory=list,
        description="Other names a user may type: 'Portman', 'Natalie'. Matched case-insensitively.",
    )
    note: NonEmpty | None = Field(default=None, description="Who this is, for the curator.")


class Slot(BaseModel):
    """A declared slot (like a Wikidata property): the type of its values and when two of them
    cannot both hold."""

    model_config = _CONFIG

    type: Literal["date", "age", "number", "amount", "set", "text"] = Field(
        description=(
            "The type of its values: 'date' (a 'when'), 'age' (an 'age'), 'number' or 'amount' (a "
            "'value' read as a number: '$60 million', 'two children'), 'set' (a 'value' from "
            "'values'), 'text' (any 'value')."
        )
    )
    unit: NonEmpty | None = Field(
        default=None,
        description=(
            "For 'amount' (required) and 'number': the currency ('USD', '$', 'EUR') or the noun "
            "counted ('children'); a value that names none is read in it."
        ),
    )
    values: list[NonEmpty] = Field(
        default_factory=list, description="For 'set' (required): the values allowed, any case."
    )
    cardinality: Literal["one", "many"] = Field(
        default="one",
        description=(
            "'one': one value holds, so values that cannot both hold conflict; 'many': the slot "
            "takes several values (children's names) and they are not compared."
        ),
    )
    changes_over_time: bool = Field(
        default=False,
        description=(
            "A state that may change (marital status): values are compared only when their times "
            "overlap (a claim's 'as_of', by default the citing article's date)."
        ),
    )
    description: NonEmpty | None = Field(default=None, description="What the slot holds.")

    @model_validator(mode="after")
    def _shape(self) -> Slot:
        if (self.type == "set") != bool(self.values):
            raise ValueError("'values' goes with type 'set', and a 'set' needs its 'values'")
        if self.unit is not None and self.type not in ("number", "amount"):
            raise ValueError("'unit' goes with type 'number' or 'amount'")
        if self.type == "amount" and self.unit is None:
            raise ValueError("an 'amount' needs its 'unit' (a currency such as 'USD')")
        return self


class Source(BaseModel):
    """One citation: where a claim appears, on whose authority, and the exact words."""

    model_config = _CONFIG

    article: NonEmpty = Field(
        description="File name of the article in the seeds folder, e.g. '003_eed9f197d463ef0c.txt'."
    )
    attribution: Attribution = Field(
        description=(
            "Who the article says asserts it: 'named_outlet' (the outlet or another named outlet: "
            "'Us confirmed', 'according to PEOPLE'), 'anonymous_insider' ('a source said'), "
            "'direct_quote' (the person speaks on record); primary evidence: 'public_record' (a "
            "court filing, a registry, a document), 'representative' (a spokesperson or lawyer's "
            "statement), 'own_post' (the person's own post or account)."
        )
    )
    attributed_to: NonEmpty = Field(
        description="Who, as the article names them: 'PEOPLE', 'a second insider', 'Natalie Portman'."
    )
    quote: NonEmpty = Field(
        description=(
            "The exact words of the article that carry the claim. Matched allowing only for "
            "whitespace and typographic versus straight quotes, apostrophes and dashes."
        )
    )
    note: NonEmpty | None = Field(default=None, description="Free curator's note.")
    via: NonEmpty | None = Field(
        default=None,
        description=(
            "The outlet the claim reached this article through, when the article relays another "
            "outlet's reporting ('told Us Weekly', 'according to PEOPLE'); 'attribution' and "
            "'attributed_to' stay the original's. Relays of one outlet's source count as one origin."
        ),
    )
    said_on: DateText | None = Field(
        default=None,
        description=(
            "When these words were first said or published, if not on the article's date (a "
            "reused quote): an absolute date. Relative dates and ages of this source resolve "
            "against it."
        ),
    )
    url: NonEmpty | None = _url_field("Where the evidence can be seen: an http:// or https:// URL.")
    document: NonEmpty | None = Field(
        default=None,
        description="A document reference for the evidence: a filing's case number, a record's id.",
    )

    _coerce_said_on = field_validator("said_on", mode="before")(_scalar_to_str)

    _http_url = field_validator("url")(_http_only)


class Claim(BaseModel):
    """One claim, in the curator's words, with every article that makes it."""

    model_config = _CONFIG

    id: Slug = Field(
        description="Stable slug, unique in the file: lowercase, digits, '-', '.', '_'."
    )
    subject: Slug = Field(description="Key of the subject (in 'subjects') the claim is about.")
    involves: list[Slug] = Field(
        default_factory=list, description="Keys of other subjects the claim involves."
    )
    statement: NonEmpty = Field(description="The claim in the curator's own words.")
    slot: Slug | None = Field(
        default=None,
        description=(
            "What is claimed, so claims can be compared: 'wedding', 'separation', 'age', ... "
            "Claims on the same subject and slot with incompatible values are conflicts."
        ),
    )
    when: DateText | None = Field(
        default=None,
        description=(
            "A date value: ISO date or partial date ('2012', '2023-08', '2024-03-08'), an absolute "
            "phrase ('August 2023', 'summer of 2023') or a phrase relative to the citing article's "
            "date, as written ('last month', 'eight months ago', 'this past March')."
        ),
    )
    age: Annotated[int, Field(ge=0, le=AGE_MAX)] | None = Field(
        default=None, description="An age in years, as of the citing article's date (or 'as_of')."
    )
    as_of: DateText | None = Field(
        default=None,
        description=(
            "With 'age' or 'value': when it held, if not the citing article's date ('summer of "
            "2023'). Values of a slot that changes over time compare only at overlapping times."
        ),
    )
    value: ValueText | None = Field(
        default=None,
        description=(
            "A plain value: text, or a number or amount as written ('$60 million', 'more than 20', "
            "'two children'); claims in one slot conflict when values cannot both hold."
        ),
    )
    sources: Annotated[list[Source], Field(min_length=1)] = Field(
        description="One or more citations."
    )
    contradicts: list[Slug] = Field(
        default_factory=list,
        description="Ids of claims this one contradicts in a way no slot captures.",
    )
    note: NonEmpty | None = Field(default=None, description="Free curator's note.")
    anchor: DateText | None = Field(
        default=None,
        description=(
            "With 'when': what an event-relative phrase ('ten weeks before', 'two years after', "
            "'the following day') counts from: the id of another date claim, or a date."
        ),
    )

    _coerce_when = field_validator("when", "as_of", "value", "anchor", mode="before")(
        _scalar_to_str
    )

    @model_validator(mode="after")
    def _one_value_in_a_slot(self) -> Claim:
        given = [name for name in ("when", "age", "value") if getattr(self, name) is not None]
        if len(given) > 1:
            raise ValueError(f"give only one of 'when', 'age', 'value' (got {', '.join(given)})")
        if given and self.slot is None:
            raise ValueError(f"'{given[0]}' needs a 'slot' to be comparable")
        if self.as_of is not None and self.age is None and self.value is None:
            raise ValueError("'as_of' goes with 'age' or 'value'")
        if self.anchor is not None and self.when is None:
            raise ValueError("'anchor' goes with 'when'")
        return self


class ClaimsFile(BaseModel):
    """The whole claims file: article metadata, the subjects registry, and the claims."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        strict=True,
        title="claimtrack claims file",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    version: Literal[1] = Field(default=1, description="Format version of this file.")
    articles: dict[NonEmpty, ArticleMeta] = Field(
        default_factory=dict, description="Per-article metadata, keyed by file name."
    )
    subjects: dict[Slug, Subject] = Field(
        default_factory=dict, description="The subjects registry, keyed by slug."
    )
    slots: dict[Slug, Slot] = Field(
        default_factory=dict,
        description=(
            "The slots registry, keyed by slug (optional): once it has an entry, every slot used "
            "must be declared here."
        ),
    )
    claims: list[Claim] = Field(default_factory=list, description="The claims.")


def claims_json_schema() -> dict[str, Any]:
    """The published JSON Schema of the claims file (``claimtrack schema``)."""
    return ClaimsFile.model_json_schema(mode="validation")


def to_records(model: ClaimsFile) -> models.ClaimsFile:
    """The plain records of a validated model."""
    records = claims_file_from_data(model.model_dump(exclude_none=True))
    assert records is not None, "claimtrack.models must accept what claimtrack.spec accepts"
    return records
