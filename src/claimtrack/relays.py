"""Relayed claims: the words around a quote that say it reached the article through another
outlet ("an insider told Us Weekly", "according to PEOPLE").

``check`` warns when a citation has no ``via`` and its sentence says so (``via-suggested``);
``draft`` fills ``via`` in from the same reading, so the two never disagree.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

__all__ = ["SPEAKERS", "find_relay", "relay_cues", "relay_pattern", "sentence_around"]

# Someone's words passed to an outlet ("an insider told Us Weekly"): a relay for the people who
# speak; an outlet's report cited ("according to PEOPLE"): a relay for every attribution.
_SPEECH_CUES = (
    r"told|revealed to|said to|speaking to|spoke to|explained to|confirmed to|"
    r"in an interview with"
)
_REPORT_CUES = r"according to|as per|per|reported by|via"
SPEAKERS = frozenset(("anonymous_insider", "direct_quote", "representative"))
"""Attributions whose words can be told to an outlet."""

_SENTENCE_STOP = re.compile(r"[.!?][\"'”’)]*\s|\n")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or sentences) ``text[start:end]`` spans, within its line."""
    line_start = text.rfind("\n", 0, start) + 1
    before = [m.end() for m in _SENTENCE_STOP.finditer(text, line_start, start)]
    after = _SENTENCE_STOP.search(text, end)
    return (before[-1] if before else line_start), (len(text) if after is None else after.end())


def relay_pattern(outlets: Iterable[str]) -> re.Pattern[str] | None:
    """A cue followed by one of ``outlets`` (any case), or None without outlets."""
    names = "|".join(re.escape(name) for name in sorted(set(outlets), key=len, reverse=True))
    if not names:
        return None
    return re.compile(
        rf"\b(?:(?P<speech>{_SPEECH_CUES})|{_REPORT_CUES})\s+(?:the\s+)?(?P<outlet>{names})"
        r"(?![\w&])",
        re.IGNORECASE,
    )


def find_relay(
    text: str, start: int, end: int, attribution: str, pattern: re.Pattern[str] | None,
    own_outlet: str | None, cues: list[re.Match[str]] | None = None,
) -> re.Match[str] | None:  # fmt: skip
    """The relay cue in the sentence of the quote at ``text[start:end]``, if any: speech cues
    only for :data:`SPEAKERS`, and never the article's own outlet.

    ``cues`` are the pattern's matches in the whole text, found once for an article that many
    citations quote (:func:`relay_cues`)."""
    if pattern is None or attribution in ("public_record", "own_post"):
        return None
    if cues is not None and not cues:
        return None
    lo, hi = sentence_around(text, start, end)
    if cues is None:
        found = list(pattern.finditer(text, lo, hi))
    else:
        first = bisect_left(cues, lo, key=_match_start)
        found = [m for m in cues[first:] if m.start() < hi and m.end() <= hi] if first < len(cues) else []
    for m in found:
        if m["speech"] is not None and attribution not in SPEAKERS:
            continue
        if own_outlet is not None and own_outlet.casefold() == m["outlet"].casefold():
            continue
        return m
    return None


def relay_cues(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Every relay cue of ``text``, in order (for :func:`find_relay`)."""
    return list(pattern.finditer(text))


def _match_start(m: re.Match[str]) -> int:
    return m.start()
