"""Schema errors in the curator's words, not the validator's.

pydantic explains why a claims file does not match :mod:`claimtrack.spec`, but in its own words
("Input should be a valid string"), which change from one release to the next and speak of types
and regular expressions. Each error type it raises is turned here into what the field must be, with
an example or the closest valid value, so that messages are claimtrack's own and stable.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from claimtrack.models import SLUG_MAX

_KINDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list (one '- item' per line, or [a, b])",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
}

_EXAMPLES = {
    "id": "'wedding-2012'",
    "subject": "'natalie-portman'",
    "involves": "'benjamin-millepied'",
    "slot": "'wedding'",
    "contradicts": "'separation-august'",
}


def shown(value: object) -> str:
    """A scalar as the curator wrote it: strings quoted, null/true/false as in YAML."""
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return repr(text)
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def slugify(text: str) -> str:
    """The slug closest to ``text``: 'Pat Smith' → 'pat-smith'."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", text.strip().lower()).strip("-._")
    return slug[:SLUG_MAX]


def did_you_mean(given: object, choices: list[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing."""
    if not isinstance(given, str):
        return ""
    close = difflib.get_close_matches(given, choices, n=1, cutoff=0.6)
    if not close:
        close = [c for c in choices if c.lower() == given.lower()]
    return f" (did you mean '{close[0]}'?)" if close else ""


def allowed_values(err: dict[str, Any]) -> list[str]:
    """The values a Literal accepts, from pydantic's context (``"'a', 'b' or 'c'"``)."""
    expected = str(err.get("ctx", {}).get("expected", ""))
    return re.findall(r"'([^']*)'", expected)


def message(err: dict[str, Any], allowed_keys: list[str], suggestion: str | None = None) -> str:
    """What is wrong, in the curator's words: ``err`` is one pydantic error (its ``type``,
    ``loc``, ``input`` and ``ctx``); ``allowed_keys`` the keys the mapping it sits in may hold;
    ``suggestion`` a valid value the caller knows to be meant (a subject named by its alias)."""
    kind = str(err["type"])
    loc = [part for part in err.get("loc", ()) if part != "[key]"]
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
    given = err.get("input")
    got = f", got {shown(given)}" if "input" in err and not isinstance(given, (dict, list)) else ""
    ctx = err.get("ctx", {})
    if kind == "extra_forbidden":
        return f"unknown key '{shown(loc[-1])[1:-1]}'" + did_you_mean(loc[-1], allowed_keys)
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind in _KINDS:
        if kind == "int_type" and isinstance(given, str) and field == "age":
            return f"must be a whole number of years, e.g. 42{got}"
        return f"must be {_KINDS[kind]}{got}"
    if kind == "string_pattern_mismatch":
        example = _EXAMPLES.get(field, "'pat-smith'")
        suggestion = suggestion or (slugify(given) if isinstance(given, str) else "")
        hint = f" (did you mean '{suggestion}'?)" if suggestion and suggestion != given else ""
        return f"must be a slug (lowercase letters, digits, '-', '.', '_'), e.g. {example}{got}{hint}"
    if kind == "literal_error":
        values = allowed_values(err)
        listed = ", ".join(f"'{v}'" for v in values[:-1]) + f" or '{values[-1]}'" if values else ""
        if len(values) == 1:
            listed = f"'{values[0]}'" if not values[0].isdigit() else values[0]
        return f"must be {listed}{got}" + did_you_mean(given, values)
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}{got}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}{got}"
    if kind == "string_too_short":
        return "must not be empty: give the text, or leave the key out"
    if kind == "string_too_long":
        return f"is longer than the {ctx.get('max_length', 0):,} characters allowed"
    if kind == "too_short":
        return "must hold at least one item"
    if kind == "invalid_key":
        return f"keys must be text{got}: put the key in quotes"
    if kind == "value_error":
        return str(ctx["error"]) if "error" in ctx else "is not valid"
    if kind == "too_many_items":
        return str(err["msg"])  # claimtrack's own, not pydantic's
    return f"is not valid here{got}"


def allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys the mapping holding ``loc[-1]`` may have, read off :mod:`claimtrack.spec`."""
    from typing import Annotated, Union, get_args, get_origin

    from pydantic import BaseModel

    from claimtrack import spec

    def unwrap(annotation: Any) -> Any:
        while True:
            origin = get_origin(annotation)
            if origin is Annotated:
                annotation = get_args(annotation)[0]
            elif origin is Union or str(origin) == "types.UnionType":
                annotation = next(a for a in get_args(annotation) if a is not type(None))
            else:
                return annotation

    current: Any = spec.ClaimsFile
    for part in loc[:-1]:
        current = unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
        elif get_origin(current) in (list, dict):
            current = get_args(current)[-1]
        else:
            return []
    current = unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted(current.model_fields)
    return []


def describe(loc: tuple[Any, ...], data: Any) -> str:
    """Where, as a curator names it: ``claim 'split': sources[0].quote`` when the claim has an
    id, ``claims[3].sources[0].quote`` when it has none."""
    parts = list(loc)
    lead = ""
    if len(parts) >= 2 and parts[0] == "claims" and isinstance(parts[1], int):
        claims = data.get("claims") if isinstance(data, dict) else None
        entry = claims[parts[1]] if isinstance(claims, list) and parts[1] < len(claims) else None
        claim_id = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(claim_id, str) and claim_id and (len(parts) == 2 or parts[2] != "id"):
            lead, parts = f"claim '{shown(claim_id)[1:-1]}'", parts[2:]
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    if lead:
        return f"{lead}: {out}" if out else lead
    return out


def subject_named(given: object, data: Any) -> str | None:
    """The key of the subject ``given`` names by its key, name or an alias, in any case
    (``subject: Portman`` for ``natalie-portman``), from the file's plain data."""
    subjects = data.get("subjects") if isinstance(data, dict) else None
    if not isinstance(given, str) or not isinstance(subjects, dict):
        return None
    wanted = given.strip().casefold()
    for key, entry in subjects.items():
        if not isinstance(key, str):
            continue
        names: list[object] = [key]
        if isinstance(entry, dict):
            names.append(entry.get("name"))
            aliases = entry.get("aliases")
            names.extend(aliases if isinstance(aliases, list) else [])
        if any(isinstance(name, str) and name.casefold() == wanted for name in names):
            return key
    return None


def key_message(key: object, written: str) -> str:
    """A key that YAML does not read as text (``null:``, ``~:``, ``1.5:``, ``yes:``...)."""
    written = written or shown(key)
    if key is None:
        read = "as no value (null)"
    elif isinstance(key, bool):
        read = f"as {shown(key)}"
    elif isinstance(key, (int, float)):
        read = "as a number"
    else:
        read = f"as {type(key).__name__}"
    quoted = written.replace('"', "")
    return f"the key '{written}' is read {read}, not as text: put it in quotes (\"{quoted}\":)"


def unquoted_hint(given: object, written: str) -> str:
    """Why a value written as text is not text: YAML read it unquoted as a number or true/false."""
    if not written or written.startswith(("'", '"')):
        return ""
    read = "true/false" if isinstance(given, bool) else "a number"
    return f" (YAML reads the unquoted {written} as {read}: put it in quotes, '{written}')"


def claim_value_problem(entry: dict[Any, Any]) -> str | None:
    """The rule of :class:`claimtrack.spec.Claim` between its value fields, in the same words,
    for a claim whose fields pydantic did not all accept (it then skips the rule)."""
    given = [name for name in ("when", "age", "value") if entry.get(name) is not None]
    if len(given) > 1:
        return f"give only one of 'when', 'age', 'value' (got {', '.join(given)})"
    if given and entry.get("slot") is None:
        return f"'{given[0]}' needs a 'slot' to be comparable"
    if entry.get("as_of") is not None and entry.get("age") is None:
        return "'as_of' goes with 'age'"
    return None
