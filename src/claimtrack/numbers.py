"""Plain values read as numbers: ``$60 million``, ``more than $60 million``, ``$60,850,000``,
``about 20``, ``two children``, ``3``.

A number in a news story is rarely exact: "$60 million" is a rounding of some amount, and "more
than $60 million" is a bound. Each value is read as the range of quantities its writing allows, and
two values can both be true exactly when their ranges share a point. Choices made where English is
loose (all documented in the README):

* Precision follows the writing. An integer under 1,000 written without a scale word is exact
  (``3``, ``two``, ``12``); a decimal is precise to its last digit (``20.5 million`` is 20.45M to
  20.55M); a number of 1,000 or more, or with a scale word, is rounded at its last non-zero digit
  (``$60 million`` is $55M to $65M, ``$60,850,000`` is $60,845,000 to $60,855,000). A rounding
  covers ``[v - h, v + h)``: half up, so 60 and 70 (million) do not meet.
* Bounds: ``more than``/``over``/``above``/``in excess of`` (strictly above), ``at least``/``no
  less than`` (from), ``less than``/``under``/``below``/``fewer than`` (strictly below), ``at
  most``/``up to``/``no more than`` (to), ``nearly``/``almost``/``just under`` (below, within a
  tenth or the rounding), ``just over`` (above, within the same), and ``about``/``around``/
  ``roughly``/``approximately``/``some``/``an estimated``/``an estimate of``/``~`` (a tenth or the
  rounding either side, whichever is wider).
* Spelled numbers: ``zero`` to ``twenty``, the tens to ``ninety``, ``a``/``an`` before a scale, and
  the scales ``thousand``, ``million``, ``billion``, ``trillion`` (``k``, ``m``, ``bn`` only after a
  currency, where ``m`` cannot be metres).
* The unit: a currency (``$``, ``US$``, ``€``, ``£``, ``¥``, ``USD``, ``dollars``, ...) or ``%``,
  plus the noun that follows (``children``, ``years``), singular and plural alike. Two values
  compare only when their currencies agree and, where both name a noun, the nouns agree: ``two
  children`` and ``3`` compare; ``11 years`` and ``11 months`` do not.

Anything else (``Paris``, ``two or three``) is not a number and compares as text.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

__all__ = ["Quantity", "compatible_units", "parse_quantity"]


class Quantity(NamedTuple):
    """The range of amounts a written value allows, in its unit."""

    low: Fraction | None
    """None: no lower bound."""
    high: Fraction | None
    """None: no upper bound."""
    low_closed: bool
    high_closed: bool
    currency: str | None
    """ISO code (``USD``, ``EUR``, ...), ``%``, or None."""
    noun: str | None
    """The counted noun, singular and folded (``child``, ``year``), or None."""

    def overlaps(self, other: Quantity) -> bool:
        """True when some amount satisfies both (their units are taken to match)."""
        lo, lo_closed = _max_low(self, other)
        hi, hi_closed = _min_high(self, other)
        if lo is None or hi is None:
            return True
        return lo < hi or (lo == hi and lo_closed and hi_closed)

    @property
    def unit(self) -> str:
        """The unit as shown: currency and noun, or '' for a bare number."""
        return " ".join(part for part in (self.currency, self.noun) if part)

    def __str__(self) -> str:
        unit = f" {self.currency}" if self.currency else ""
        if self.low is not None and self.low == self.high:
            return f"{_num(self.low)}{unit}"
        lo = "" if self.low is None else ("[" if self.low_closed else "(") + _num(self.low)
        hi = "" if self.high is None else _num(self.high) + ("]" if self.high_closed else ")")
        if self.low is None:
            return f"{'≤' if self.high_closed else '<'} {_num(self.high)}{unit}"  # type: ignore[arg-type]
        if self.high is None:
            return f"{'≥' if self.low_closed else '>'} {_num(self.low)}{unit}"
        return f"{lo}..{hi}{unit}"


def _num(value: Fraction) -> str:
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):,.6g}"


def _max_low(a: Quantity, b: Quantity) -> tuple[Fraction | None, bool]:
    if a.low is None:
        return b.low, b.low_closed
    if b.low is None or a.low > b.low:
        return a.low, a.low_closed
    if b.low > a.low:
        return b.low, b.low_closed
    return a.low, a.low_closed and b.low_closed


def _min_high(a: Quantity, b: Quantity) -> tuple[Fraction | None, bool]:
    if a.high is None:
        return b.high, b.high_closed
    if b.high is None or a.high < b.high:
        return a.high, a.high_closed
    if b.high < a.high:
        return b.high, b.high_closed
    return a.high, a.high_closed and b.high_closed


def compatible_units(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities measure the same thing: currencies equal, nouns equal where both
    name one (a bare ``3`` counts whatever the other counts)."""
    if a.currency != b.currency:
        return False
    return a.noun is None or b.noun is None or a.noun == b.noun


_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_SHORT_SCALES = {"k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "b": 10**9, "tn": 10**12}
_CURRENCY_SIGNS = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_WORDS = {
    "usd": "USD", "dollar": "USD", "dollars": "USD", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "jpy": "JPY", "yen": "JPY",
    "chf": "CHF", "francs": "CHF", "cad": "CAD", "aud": "AUD",
}  # fmt: skip
_ISO_CODES = frozenset(("usd", "eur", "gbp", "jpy", "chf", "cad", "aud"))
_PERCENT = {"%": "%", "percent": "%", "per cent": "%"}

# qualifier → (kind); the longest phrases first so "just over" is not read as "over".
_QUALIFIERS = [
    ("more than", "above"), ("greater than", "above"), ("in excess of", "above"),
    ("upwards of", "above"), ("just over", "just-above"), ("over", "above"), ("above", "above"),
    ("at least", "from"), ("no less than", "from"), ("no fewer than", "from"),
    ("a minimum of", "from"), ("less than", "below"), ("fewer than", "below"),
    ("just under", "just-below"), ("under", "below"), ("below", "below"),
    ("at most", "to"), ("up to", "to"), ("no more than", "to"), ("a maximum of", "to"),
    ("nearly", "just-below"), ("almost", "just-below"), ("close to", "about"),
    ("about", "about"), ("around", "about"), ("roughly", "about"), ("approximately", "about"),
    ("an estimated", "about"), ("an estimate of", "about"), ("some", "about"), ("~", "about"),
    ("exactly", "exact"), ("precisely", "exact"),
]  # fmt: skip
_QUALIFIER_RE = re.compile(
    r"(?:" + "|".join(re.escape(q) for q, _ in _QUALIFIERS) + r")(?:\s+|(?<=~))"
)
_QUALIFIER_KIND = dict(_QUALIFIERS)
_DIGITS_RE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_NOT_NOUNS = frozenset(("or", "and", "to", "of", "than", *_WORDS, *_SCALES))
_NOUN_RE = re.compile(r"[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,2}")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("children"):
        return word[:-3]
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def parse_quantity(text: str, unit: str | None = None) -> Quantity | None:
    """The quantity a plain value names, or None when it is not a number.

    ``unit`` is the declared unit of the slot (a currency code or sign, or a noun), applied when the
    value names none.
    """
    rest = " ".join(text.casefold().replace("\u00a0", " ").split())
    if not rest:
        return None
    kind = "plain"
    match = _QUALIFIER_RE.match(rest)
    if match is not None:
        kind = _QUALIFIER_KIND[match.group(0).strip()]
        rest = rest[match.end() :]
    currency: str | None = None
    for sign, code in _CURRENCY_SIGNS.items():
        if rest.startswith(sign):
            currency, rest = code, rest[len(sign) :].lstrip()
            break
    else:
        code_word, _, after_code = rest.partition(" ")
        if after_code and code_word in _ISO_CODES:
            currency, rest = code_word.upper(), after_code
    value, step, exact, rest = _read_number(rest, currency is not None)
    if value is None:
        return None
    noun: str | None = None
    if rest:
        for word, code in _PERCENT.items():
            if rest == word or rest.startswith(word + " "):
                if currency is not None:
                    return None
                currency, rest = code, rest[len(word) :].lstrip()
                break
    if rest:
        first, _, after = rest.partition(" ")
        if first in _CURRENCY_WORDS:
            code = _CURRENCY_WORDS[first]
            if currency is not None and currency != code:
                return None
            currency, rest = code, after
    if rest:
        if _NOUN_RE.fullmatch(rest) is None or not _NOT_NOUNS.isdisjoint(rest.split()):
            return None
        noun = " ".join(_singular(word) for word in rest.split())
    if unit is not None and currency is None and noun is None:
        declared = unit.casefold().strip()
        if declared in _CURRENCY_SIGNS:
            currency = _CURRENCY_SIGNS[declared]
        elif declared in _CURRENCY_WORDS:
            currency = _CURRENCY_WORDS[declared]
        elif declared in _PERCENT:
            currency = "%"
        else:
            noun = " ".join(_singular(word) for word in declared.split())
    return _bounded(value, step, exact, kind, currency, noun)


def _read_number(rest: str, after_currency: bool) -> tuple[Fraction | None, Fraction, bool, str]:
    """(value, rounding step, exact, what follows) of the number at the start of ``rest``."""
    match = _DIGITS_RE.match(rest)
    scale = 1
    if match is not None:
        whole, decimals = match.group(1), match.group(2)
        digits = whole.replace(",", "")
        value = Fraction(int(digits))
        if decimals:
            value += Fraction(int(decimals), 10 ** len(decimals))
            step = Fraction(1, 10 ** len(decimals))
        else:
            stripped = digits.rstrip("0")
            step = Fraction(10 ** (len(digits) - len(stripped))) if stripped else Fraction(1)
        written_big = not decimals and int(digits) >= 1000 and step > 1
        rest = rest[match.end() :]
        spelled = False
    else:
        word, _, after = rest.partition(" ")
        word = word.rstrip(",")
        if word in _WORDS:
            value, step = Fraction(_WORDS[word]), Fraction(1)
        elif word in ("a", "an") and after.split(" ", 1)[0] in _SCALES:
            value, step = Fraction(1), Fraction(1)
        else:
            return None, Fraction(1), False, rest
        rest, decimals, written_big, spelled = after, None, False, True
    rest = rest.lstrip()
    word, _, after = rest.partition(" ")
    if word in _SCALES:
        scale, rest = _SCALES[word], after
    elif after_currency and match is not None:
        # "$60m", "$1.2bn": after a currency a short scale cannot be a unit such as metres.
        for short in ("bn", "mn", "tn", "k", "m", "b"):
            if rest.startswith(short) and (len(rest) == len(short) or rest[len(short)] == " "):
                scale, rest = _SHORT_SCALES[short], rest[len(short) :].lstrip()
                break
    exact = scale == 1 and not written_big and not decimals
    if spelled and scale == 1:
        exact = True
    if exact:
        return value, Fraction(0), True, rest.strip()
    if scale != 1 and not decimals and match is not None:
        digits = match.group(1).replace(",", "")
        stripped = digits.rstrip("0")
        step = Fraction(10 ** (len(digits) - len(stripped))) if stripped else Fraction(1)
    return value * scale, step * scale, False, rest.strip()


def _bounded(
    value: Fraction, step: Fraction, exact: bool, kind: str, currency: str | None, noun: str | None
) -> Quantity:
    half = step / 2
    if kind == "exact" or (kind == "plain" and exact):
        if exact:
            return Quantity(value, value, True, True, currency, noun)
        return Quantity(value - half, value + half, True, False, currency, noun)
    if kind == "plain":
        return Quantity(value - half, value + half, True, False, currency, noun)
    margin = max(half, abs(value) / 10)
    if kind == "above":
        return Quantity(value, None, False, False, currency, noun)
    if kind == "from":
        return Quantity(value, None, True, False, currency, noun)
    if kind == "below":
        return Quantity(None, value, False, False, currency, noun)
    if kind == "to":
        return Quantity(None, value, False, True, currency, noun)
    if kind == "just-below":
        return Quantity(value - margin, value, True, False, currency, noun)
    if kind == "just-above":
        return Quantity(value, value + margin, False, True, currency, noun)
    return Quantity(value - margin, value + margin, True, True, currency, noun)  # about
