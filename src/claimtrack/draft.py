"""Draft candidate claims for an article nobody has curated yet: ``claimtrack draft``.

The drafter reads an :class:`~claimtrack.articles.Article` and proposes the passages a curator is
likely to turn into claims, each as a stub in the claims file's format with the exact words of the
article as its quote. It is a reading aid, not an extractor: every guess (subject, attribution,
slot, date) is meant to be checked, and it would rather propose a passage twice than miss one.

How a paragraph is read:

1. **Quotes.** Double-quoted passages (straight or typographic; a quote left open runs to the end
   of the paragraph) are found first. A quote is *speech* when a speaker tag sits next to it
   (``"…," the insider said``, ``a source claimed, "…"``, ``told PEOPLE:`` ending the paragraph
   before), or when it is a whole quoted sentence of its own; a short quoted phrase inside a
   narrative sentence (``is "still hurt"``) is a *fragment* and stays part of its clause. A speech
   quote with no tag of its own takes the speaker of the quote before it in the paragraph (else
   the one after): tabloid quotes run on for several sentences.
2. **Sentences.** A sentence ends at ``.``, ``!``, ``?`` or an ellipsis (possibly inside closing
   quotes) before a capital letter; ``Mr.``-style abbreviations and initials are not ends.
3. **Candidates.** In each sentence: every sentence of speech is a candidate whose quote is the
   quoted words; the rest of the sentence is cut into clauses (at ``;``, dashes, ``, but``,
   ``, adding``, after an opening ``When …,`` and the like) and a clause is a candidate when it
   carries a cue: an anonymous source (``a source said``, ``according to insiders``, ``a friend of
   the couple``), a named outlet (``according to PEOPLE``, ``told PEOPLE``, ``as per US Weekly``,
   ``Us confirmed``, ``As OK! shared``), ``reportedly``, a quoted fragment, a date phrase (the
   :mod:`claimtrack.dates` grammar, tried on the sentence's n-grams), or an event word (married,
   separated, divorce, finalized, filed, …). A speaker tag alone (``the source told a magazine``)
   is not a claim. Ages (``Portman, 42``, ``25-year-old``, ``who was 25``) are candidates of their
   own with ``slot: age``.
4. **Who.** Attribution comes from the cue: an anonymous phrase gives ``anonymous_insider``
   (``attributed_to`` is the phrase: ``a friend of the couple``), a person speaking on record
   ``direct_quote`` (pronouns and epithets such as ``the actress`` are resolved to the nearest
   person of the right gender, learnt from the article's own pronouns), an outlet
   ``named_outlet``; otherwise the article speaks in its own voice (``named_outlet``, the outlet
   given by the caller or ``the article``). People are capitalised names the article itself
   treats as people (used alone elsewhere, given an age, introduced by a role such as ``actor``);
   an institution that speaks (``the Media Council said``) is on record too.
5. **Quotes check can find.** A quote is always ``article.text[start:end]``; one that occurs
   twice in the article (a subheading repeating the body) is widened word by word within its
   sentence until it is unique, so pasted stubs pass ``claimtrack check`` without warnings.

Everything here is pure: no I/O, no printing. :func:`to_yaml` renders the stubs.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from claimtrack.articles import Article, Paragraph
from claimtrack.dates import DateParseError, MissingAnchorError, is_event_relative, resolve_when
from claimtrack.models import PLACEHOLDER, Attribution
from claimtrack.safe import UNSAFE_CHARS
from claimtrack.text import NormalisedText, fold, normalise, one_line

__all__ = [
    "Candidate", "Registry", "draft_claims", "new_subjects", "registry_from_data", "slugify",
    "to_json_records", "to_yaml",
]

Span = tuple[int, int]

_STATEMENT_MAX = 400
_ID_MAX = 60


@dataclass(frozen=True, slots=True)
class Candidate:
    """One proposed claim: a passage of the article and the guesses made about it."""

    id: str
    """Suggested claim id, a slug unique among the candidates of one draft."""
    subject: str
    """Slug of the person the claim is most likely about (``natalie-portman``), or ``unknown``."""
    statement: str
    """Stub for the curator's statement: the sentence the quote comes from."""
    quote: str
    """The exact words of the article (``article.text[start:end]``)."""
    start: int
    """Offset of the quote in ``Article.text``."""
    end: int
    """Offset just past the quote."""
    line: int
    """1-based line of the quote's first character."""
    attribution: Attribution
    """Guessed attribution: ``named_outlet``, ``anonymous_insider`` or ``direct_quote``."""
    attributed_to: str
    """Who, in the article's words: ``a source``, ``PEOPLE``, ``Natalie Portman``."""
    cues: tuple[str, ...]
    """Why the passage was proposed: ``speech`` (quoted words with a speaker), ``anonymous``,
    ``outlet``, ``on-record`` (a named person says so, unquoted), ``reported``, ``fragment``
    (a short quoted phrase in the clause), ``date``, ``age``, ``event``."""
    involves: tuple[str, ...] = ()
    """Slugs of the other people named in the quote."""
    slot: str | None = None
    """Guessed slot (``age``, ``wedding``, ``separation``, ``divorce-finalized``, …)."""
    when: str | None = None
    """A date phrase found in the quote, as written (``last month``, ``in August 2023``)."""
    age: int | None = None
    """An age found in the quote."""
    via: str | None = None
    """The outlet the sentence says the claim was relayed through ("told US Weekly")."""
    unsure: tuple[str, ...] = ()
    """The fields the drafter could not be sure of (``subject``, ``attribution``,
    ``attributed_to``, ``slot``): :meth:`claim` writes a :data:`~claimtrack.models.PLACEHOLDER`
    there, which ``check`` refuses until the curator replaces it; the guess above is a hint."""
    subject_name: str | None = None
    """The person's name as the article writes it (for a new ``subjects:`` entry)."""
    involves_names: tuple[str, ...] = ()
    """The names of the people in ``involves``, in the same order."""

    def claim(self, article_id: str) -> dict[str, Any]:
        """The stub as a claims-file entry (plain data, keys in the file's usual order), with a
        placeholder in each field the drafter is not sure of.

        ``when`` is left out when there is no slot to go with it (the model requires one);
        :func:`to_yaml` shows it as a comment instead.
        """
        unsure = set(self.unsure)
        data: dict[str, Any] = {
            "id": self.id, "subject": PLACEHOLDER if "subject" in unsure else self.subject,
        }
        if self.involves:
            data["involves"] = list(self.involves)
        data["statement"] = self.statement
        value: dict[str, Any] = {}
        if self.age is not None:
            value["age"] = self.age
        elif self.when is not None:
            value["when"] = self.when
        if self.slot is not None and "slot" not in unsure:
            data["slot"] = self.slot
            data.update(value)
        elif "slot" in unsure and value:
            data["slot"] = PLACEHOLDER
            data.update(value)
        source: dict[str, Any] = {
            "article": article_id,
            "attribution": PLACEHOLDER if "attribution" in unsure else self.attribution,
            "attributed_to": (f"{PLACEHOLDER}: {self.attributed_to}"
                              if "attributed_to" in unsure else self.attributed_to),
        }
        if self.via is not None:
            source["via"] = self.via
        source["quote"] = self.quote
        data["sources"] = [source]
        return data


# --- small text helpers ---------------------------------------------------------------------

def _words(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string, for readability."""
    return frozenset(text.split())


_DOUBLE_QUOTES = "\"“”"
_STOPWORDS = _words(
    """a an the and or but nor so yet for of to in on at by with from into onto about over under
    as than that this these those there here it its it's is are was were be been being am has have
    had do does did not no who whom whose which what when where while why how all any both each
    few more most other some such only own same too very can will just should would could may
    might must shall also now then once again further even still though although because if
    she he they we i you her him them us me his hers their theirs our your my mine herself himself
    themselves itself one s t really"""
)
# Capitalised words that start sentences or titles but are never part of a person's name.
_NOT_NAMES = _words(
    """a an the and or but nor so yet for of to in on at by with from into as after before
    although though while when whilst despite since because if once however even also both
    neither either this that these those there here it its she he they we i you her his their
    our my your one two three another according last next every all some most many
    mr mrs ms dr sir dame lady lord prince princess king queen mp mps mep pm president
    minister senator governor judge professor prof
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    insider insiders source sources friend friends view credits photo photos"""
)
# Words that make a capitalised run an organisation or a title rather than a person.
_ORG_WORDS = _words(
    """weekly news journal times post magazine daily awards award fair street city club team
    university college school records studios studio pictures network channel show series
    instagram twitter tiktok facebook youtube netflix wars part lake youth swan globe globes
    oscars festival company inc corp group party church hospital court council committee
    ministry government police commission agency board department parliament association
    foundation institute union federation league bank museum theatre theater organisation
    organization office authority authorities"""
)
# Outlets that name themselves in a way the generic rules would miss.
_KNOWN_OUTLETS = _words(
    """people us weekly ok! tmz e! page six life & style in touch ok daily mail the sun
    entertainment tonight et variety deadline"""
)
_ROLE_NOUNS = {
    "actor": "m", "actress": "f", "activist": "", "star": "", "singer": "", "rapper": "",
    "model": "", "girlfriend": "f", "boyfriend": "m", "husband": "m", "wife": "f", "son": "m",
    "daughter": "f", "director": "", "producer": "", "choreographer": "", "dancer": "",
    "ballerina": "f", "musician": "", "comedian": "", "host": "", "partner": "", "co-star": "",
    "costar": "", "fiancé": "m", "fiancée": "f", "fiance": "m", "fiancee": "f", "mom": "f",
    "mother": "f", "dad": "m", "father": "m", "brother": "m", "sister": "f", "designer": "",
    "athlete": "", "player": "", "coach": "", "spouse": "", "writer": "", "author": "",
    "filmmaker": "", "businessman": "m", "businesswoman": "f", "billionaire": "",
    "socialite": "", "influencer": "", "heiress": "f", "heir": "m", "duke": "m", "duchess": "f",
    "performer": "", "stepson": "m", "stepdaughter": "f", "ex": "", "ex-husband": "m",
    "ex-wife": "f", "winner": "", "alum": "", "mom-of-two": "f", "mom-of-three": "f",
    "dad-of-two": "m", "dad-of-three": "m", "woman": "f", "man": "m", "drummer": "",
    "guitarist": "", "bassist": "", "pianist": "", "composer": "", "footballer": "",
    "golfer": "", "boxer": "", "gymnast": "", "journalist": "", "presenter": "",
    "broadcaster": "", "chef": "", "tycoon": "", "mogul": "", "novelist": "", "painter": "",
    "artist": "", "photographer": "", "stylist": "", "manager": "", "agent": "", "founder": "",
    "executive": "", "politician": "", "senator": "", "lawyer": "", "attorney": "",
    "doctor": "", "youtuber": "", "comic": "", "songwriter": "", "dj": "", "quarterback": "",
}  # fmt: skip
_PARTNER_NOUNS = frozenset(
    {"husband", "wife", "spouse", "partner", "ex", "ex-husband", "ex-wife", "boyfriend",
     "girlfriend", "fiancé", "fiancée", "fiance", "fiancee"}
)  # fmt: skip
_PRONOUN_GENDER = {
    "she": "f", "her": "f", "hers": "f", "herself": "f",
    "he": "m", "him": "m", "his": "m", "himself": "m",
}  # fmt: skip
_MONTH_WORDS = _words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)
_DATE_WORDS = _words(
    """today yesterday tonight week weeks weekend month months year years day days ago
    summer winter spring autumn fall"""
)

_SPEECH_VERBS = (
    r"said|says|say|told|tells|tell|added|adds|explained|explains|revealed|reveals|claimed|claims|"
    r"noted|notes|shared|shares|raved|raves|insisted|insists|continued|continues|alleged|alleges|"
    r"emphasi[sz]ed|emphasi[sz]es|pointed\s+out|points\s+out|replied|replies|admitted|admits|"
    r"confided|confides|gushed|gushes|dished|dishes|spilled|spills|recalled|recalls|stated|"
    r"states|wrote|writes|posted|remarked|joked|quipped|agreed|confirmed|confirms|asserted|"
    r"maintained|acknowledged|warned|advised|concluded|sighed|laughed|teased|hinted|explains"
)
_ADVERBS = (
    r"also|exclusively|previously|recently|later|further|simply|then|once|earlier|first|"
    r"reportedly|allegedly|apparently|reportedly\s+also"
)
_PARTICIPLE_TAGS = (
    r"stating|saying|adding|explaining|noting|insisting|claiming|revealing|sharing|continuing|"
    r"telling\s+\w+|writing|recalling"
)
_CONTINUATIONS = re.compile(
    r"(?i:adding|explaining|noting|insisting|claiming|revealing|sharing|continuing|saying|"
    r"stating)\b(?:\s+that\b)?\s*"
)

_NAME_WORD = r"[A-Z][\w’'!.&-]*"
# An outlet as written: "PEOPLE", "US Weekly", "OK!", "Life & Style", "The Wall Street Journal".
_OUTLET = rf"(?:(?i:the)\s+)?{_NAME_WORD}(?:\s+(?:&\s+)?{_NAME_WORD}){{0,6}}"  # bounded: no backtracking blow-up

_DET = (
    r"(?:a\s+(?:second|third|fourth|fifth)|the\s+(?:second|third|first|fourth|same|other)|"
    r"a|an|the|one|another|two|three|several|some|many|multiple|other|these|those)"
)
_ADJ = (
    r"(?:(?:close|longtime|long-time|trusted|well-placed|well-connected|family|royal|palace|"
    r"show|set|studio|production|industry|music|anonymous|separate|different|new|mutual|"
    r"reliable|knowledgeable|second|third|first)\s+)*"
)
_STRONG = r"(?:sources?|insiders?|tipsters?|confidant(?:e)?s?|onlookers?|eyewitness(?:es)?|moles?)"
_STRONG_PLURAL = r"(?:sources|insiders|tipsters|confidant(?:e)?s|onlookers|eyewitnesses)"
_WEAK = (
    r"(?:friends?|pals?|relatives?|associates?|family\s+members?|family\s+friends?|"
    r"neighbou?rs?|co-?workers?|colleagues?|people|person|someone)"
)
_QUAL = (
    rf"(?:\s+(?i:close\s+to|familiar\s+with|of|near|who\s+(?:spoke|talked)\s+(?:to|with))\s+"
    rf"(?:(?i:the|her|his|their)\s+)?(?:{_NAME_WORD}|(?i:couple|pair|family|star|actress|actor|"
    rf"singer|situation|matter|duo))(?:\s+{_NAME_WORD})*)"
)
_ANON = re.compile(
    rf"\b(?:(?i:{_DET})\s+(?i:{_ADJ}{_STRONG})\b{_QUAL}?"
    rf"|(?:{_NAME_WORD}\s+){{0,2}}(?i:{_ADJ}{_STRONG_PLURAL})\b{_QUAL}?"
    rf"|(?i:{_DET})\s+(?i:{_ADJ}{_WEAK})\b{_QUAL})",
)
_ACCORDING_WEAK = re.compile(
    rf"\b(?i:according\s+to)\s+(?P<who>(?i:{_DET})\s+(?i:{_ADJ}{_WEAK}))\b"
)
# The anonymous noun alone, with no determiner: "Insider reveals" in a subheading is not a cue.
_ANON_SPEAKER_WORDS = re.compile(
    rf"\b(?i:{_STRONG}|{_WEAK}|rep|reps|representative|spokesperson|spokesman|spokeswoman)\b"
)

_OUTLET_CUES = [
    re.compile(
        rf"\b(?i:according\s+to)\s+(?:(?i:the\s+latest\s+report\s+(?:by|from|in)|"
        rf"an?\s+(?:new\s+)?report\s+(?:by|from|in)|reports?\s+(?:by|from|in))\s+)?(?P<o>{_OUTLET})"
    ),
    re.compile(rf"\b(?i:as\s+per)\s+(?P<o>{_OUTLET}|(?i:the\s+(?:outlet|magazine|publication|report)))"),
    re.compile(
        rf"\b(?i:told|tells|telling|spoke\s+(?:to|with)|speaking\s+(?:to|with)|revealed\s+to|"
        rf"reveals\s+to|said\s+to|confirmed\s+to|claims\s+to|claimed\s+to|explained\s+to|"
        rf"interview\s+with|report\s+by|reported\s+by)\s+(?P<o>{_OUTLET})"
    ),
    re.compile(
        rf"\b(?i:as)\s+(?P<o>{_OUTLET})\s+(?i:(?:first\s+|previously\s+|exclusively\s+)?"
        rf"(?:shared|reported|revealed|confirmed|noted|wrote|learned|announced))\b"
    ),
    re.compile(
        rf"(?P<o>{_OUTLET})\s+(?:(?i:has|have|had|first|exclusively|previously|also)\s+)?"
        rf"(?i:confirmed|reported|reports|revealed|learned|learns|announced|broke\s+the\s+news)\b"
    ),
]
_REPORTED = re.compile(r"\b(?i:reportedly|reported|reports|allegedly)\b")

_EVENTS: list[tuple[re.Pattern[str], str | None]] = [
    (re.compile(r"(?i)\bfil(?:ed|es|ing)\s+for\s+divorce\b"), "divorce-filed"),
    (re.compile(r"(?i)\bdivorce\b[^.]{0,60}\bfinali[sz]ed\b|\bfinali[sz]ed\b[^.]{0,40}\bdivorce"),
     "divorce-finalized"),
    (re.compile(r"(?i)\b(?:split|separation)\b[^.]{0,30}\bfinali[sz]ed\b"), "divorce-finalized"),
    (re.compile(r"(?i)\bdivorc(?:e|ed|es|ing)\b"), "divorce"),
    (re.compile(r"(?i)\bwedding\s+(?:ring|band)s?\b"), "wedding-ring"),
    (re.compile(r"(?i)\b(?:married|marry|marries|marrying|wed|weds|wedding|tied\s+the\s+knot|"
                r"nuptials)\b(?!\s+ring)"), "wedding"),
    (re.compile(r"(?i)\b(?:separated|separating|separation|split|splits|splitting|broke\s+up|"
                r"break-?up|breakup|came\s+to\s+an\s+end|called\s+it\s+quits|parted\s+ways)\b"),
     "separation"),
    (re.compile(r"(?i)\bmoved\s+out\b"), "moved-out"),
    (re.compile(r"(?i)\b(?:engaged|engagement)\b(?!\s+in\b)"), "engagement"),
    (re.compile(r"(?i)\b(?:affair|cheat(?:ed|ing)?|infidelity|romance|fling|tryst)\b"), "affair"),
    (re.compile(r"(?i)\b(?:pregnant|pregnancy|gave\s+birth|welcomed?)\b"), "children"),
    (re.compile(r"(?i)\b(?:finali[sz]ed|filed)\b"), None),
]  # fmt: skip

_AGE_AFTER_NAME = re.compile(
    r"(?P<word>[^\W\d_][\w’'-]*)(?:’s|'s)?,\s(?P<age>\d{1,3})(?=,|\.(?!\d)|\)|;|\s+and\b|\s*$)"
)
_AGE_PARENS = re.compile(r"(?P<word>[^\W\d_][\w’'-]*)\s\((?P<age>\d{1,3})\)")
_AGE_HYPHEN = re.compile(r"\b(?P<age>\d{1,3})-year-old\b")
_AGE_VERB = re.compile(
    r"\b(?i:is|was|turned|turns|aged|now)\s+(?P<age>\d{1,3})\b"
    r"(?!\s*(?:%|-)|\s+(?i:percent|per|minutes?|hours?|days?|weeks?|months?|times?|points?|"
    r"million|billion|thousand|people|of|years?(?!\s+old)))"
)

_REPRESENTATIVE = re.compile(
    r"(?i)\b(?:rep|reps|representatives?|spokes(?:person|woman|man|people)|publicists?|"
    r"lawyers?|attorneys?|agents?|statement|filing|documents?|court\s+papers)\b"
)
_REP_FOR = re.compile(
    r"(?i:\b(?:an?|the|one|another)\s+(?:[\w’'-]+\s+)?(?:rep|representative|spokes(?:person|woman|man)|"
    r"publicist|lawyer|attorney|agent)\s+(?:for|of|to)\s+)[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?"
    r"|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?(?:’s|'s)\s+(?i:rep|representative|spokes(?:person|woman|man)|"
    r"publicist|lawyer|attorney|agent)\b"
)
_EPITHET = re.compile(
    r"\b(?i:the|this|that)\s+(?:[\w’'-]+\s+){0,3}?(?P<noun>(?i:actress|actor|star|alum|winner|"
    r"singer|choreographer|mom-of-\w+|dad-of-\w+|mom|mother|dad|father|director|producer|dancer|"
    r"performer|activist|model|rapper|couple|pair|duo))\b"
)
_PARTNER_REF = re.compile(
    r"\b(?i:her|his)\s+(?:[\w’'-]+\s+){0,2}?(?P<noun>(?i:husband|wife|spouse|partner|ex-husband|"
    r"ex-wife|ex|boyfriend|girlfriend|fiancée?|fiancee?))\b"
)
_PRONOUN = re.compile(r"\b(?i:she|he|her|him|his)\b")

_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_TOKEN = re.compile(r"\S+")
_ABBREVIATIONS = _words(
    "mr mrs ms dr st jr sr vs no prof gen sen rep gov lt col sgt capt inc co ltd corp etc "
    "approx dept est fig jan feb mar apr jun jul aug sep sept oct nov dec"
)


def slugify(text: str, max_length: int = _ID_MAX) -> str:
    """A lowercase ASCII slug (``Camille Étienne`` → ``camille-etienne``), at most
    ``max_length`` characters, cut at a hyphen; empty when nothing usable is left."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length]
        slug = slug.rsplit("-", 1)[0] if "-" in slug else slug
    return slug


@lru_cache(maxsize=65536)
def _clean_word(word: str) -> str:
    """A word without a possessive or trailing apostrophe/hyphen: ``Millepied’s`` → ``Millepied``."""
    for suffix in ("’s", "'s", "’", "'", "-"):
        if word.endswith(suffix):
            word = word[: -len(suffix)]
    return word


# --- people ---------------------------------------------------------------------------------


@dataclass
class _People:
    """The people an article names, where it names them, and what it says of their gender."""

    names: dict[str, str] = field(default_factory=dict)
    """Display name → slug."""
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    """(start, end, display name), sorted by start."""
    gender: dict[str, str] = field(default_factory=dict)
    """Display name → ``f`` / ``m`` where the article's pronouns and roles say so."""
    roles: dict[str, str] = field(default_factory=dict)
    """Role noun → the one person the article gives that role (``choreographer`` → …)."""
    ranking: list[str] = field(default_factory=list)
    """Display names, most mentioned first."""

    def in_span(self, start: int, end: int) -> list[str]:
        """The people mentioned in ``[start, end)``, in order, without repeats."""
        k = bisect_left(self.mentions, (start, -1, ""))
        found: list[str] = []
        while k < len(self.mentions) and self.mentions[k][0] < end:
            name = self.mentions[k][2]
            if self.mentions[k][1] <= end and name not in found:
                found.append(name)
            k += 1
        return found

    def before(self, start: int, end: int) -> list[str]:
        """People mentioned in ``[start, end)``, nearest to ``end`` first."""
        k = bisect_left(self.mentions, (end, -1, ""))
        found: list[str] = []
        while k > 0 and self.mentions[k - 1][0] >= start:
            k -= 1
            if self.mentions[k][2] not in found:
                found.append(self.mentions[k][2])
        return found

    def at(self, start: int, end: int) -> str | None:
        """The person whose mention is exactly ``[start, end)`` or covers it."""
        for name in self.in_span(start, end):
            return name
        k = bisect_left(self.mentions, (start + 1, -1, "")) - 1
        if k >= 0 and self.mentions[k][0] <= start and self.mentions[k][1] >= end:
            return self.mentions[k][2]
        return None

    def first_mention(self, name: str) -> int:
        return self.first_mention_in(name, 0)

    def first_mention_in(self, name: str, start: int) -> int:
        return next((s for s, _, n in self.mentions if n == name and s >= start), start)

    @property
    def protagonist(self) -> str | None:
        return self.ranking[0] if self.ranking else None

    def partner_of(self, name: str | None) -> str | None:
        """The most mentioned person other than ``name`` (the other half of the story)."""
        for other in self.ranking:
            if other != name:
                return other
        return None


def _capitalised_runs(text: str) -> Iterator[list[tuple[int, int, str]]]:
    """Runs of capitalised words joined by single spaces, as (start, end, cleaned word)."""
    run: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text):
        word = m.group()
        cleaned = _clean_word(word)
        capital = bool(cleaned) and cleaned[0].isupper()
        joined = bool(run) and text[run[-1][1] : m.start()] == " " and not run[-1][2].endswith("\0")
        if capital and joined:
            run.append((m.start(), m.start() + len(cleaned), cleaned))
        else:
            if run:
                yield [(s, e, w.rstrip("\0")) for s, e, w in run]
            run = [(m.start(), m.start() + len(cleaned), cleaned)] if capital else []
        if run and cleaned != word and word[len(cleaned) :] in ("’s", "'s"):
            # A possessive ends a name: "Guy Ritchie's Fountain of Youth".
            s, e, w = run[-1]
            run[-1] = (s, e, w + "\0")
    if run:
        yield [(s, e, w.rstrip("\0")) for s, e, w in run]


def _word_before(text: str, start: int, end: int | None = None) -> str:
    """The word just before a name: ``actor`` in "actor Paul Mescal". Across a comma only for an
    apposition closed by another comma ("his girlfriend, Isabella Boylston, to …"), not for a
    new clause ("by her estranged spouse, Portman hinted …")."""
    m = re.search(r"([^\W\d_][\w’'-]*)(\s*,)?\s*$", text[max(0, start - 40) : start])
    if m is None:
        return ""
    if m.group(2) and (end is None or not re.match(r"\s*[,.;)]", text[end : end + 2])):
        return ""
    return m.group(1).lower()


def _find_people(text: str) -> _People:
    # A capitalised word the article also writes in lower case ("Is" in a title-cased headline,
    # "Star" in "Star Wars") does not start or end a name.
    lower = {w.lower() for w in (_clean_word(w) for w in _WORD.findall(text)) if w[:1].islower()}
    common = _NOT_NAMES | lower
    runs: list[list[tuple[int, int, str]]] = []
    for run in _capitalised_runs(text):
        if any(w.lower() in _ORG_WORDS for _, _, w in run):
            continue  # "The Ugandan Media Council", before "council" is trimmed off as common
        while run and run[0][2].lower() in common:
            run = run[1:]
        while run and run[-1][2].lower() in common:
            run = run[:-1]
        if not run:
            continue
        if len(run) == 4:
            runs.extend([run[:2], run[2:]])
        elif len(run) <= 3:
            runs.append(run)
    singles = Counter(run[0][2] for run in runs if len(run) == 1)

    def evidence(run: list[tuple[int, int, str]]) -> bool:
        start, end = run[0][0], run[-1][1]
        if _ROLE_NOUNS.get(_word_before(text, start, end)) is not None:
            return True
        if re.search(r"\b(?i:married|marrying|divorced|divorcing|dating|dated|wed|kissed|"
                     r"engaged\s+to|split\s+from|separated\s+from|romancing)\s+$",
                     text[max(0, start - 30) : start]):
            return True
        after = text[end : end + 40]
        if re.match(r"(?:’s|'s)?,\s\d{1,3}(?:[,.)]|\s+and\b)|\s\(\d{1,3}\)", after):
            return True
        return bool(
            re.match(rf"\s+(?:(?:{_ADVERBS})\s+)?(?:{_SPEECH_VERBS}|spoke|speaks)\b", after)
        )

    people = _People()
    multi = [r for r in runs if len(r) > 1]
    for run in multi:
        words = [w for _, _, w in run]
        if any(w.lower() in _ORG_WORDS for w in words) or " ".join(words).lower() in _KNOWN_OUTLETS:
            continue
        if any(singles[w] for w in words) or evidence(run):
            people.names.setdefault(" ".join(words), "")
    # Single words: part of a full name ("Portman"), a short form of a first name ("Ben"), or
    # a person in their own right when a role or an age says so ("son Aleph", "Aleph, 12").
    token_owner: dict[str, str | None] = {}
    for name in people.names:
        for word in name.split():
            token_owner[word] = None if token_owner.get(word, name) != name else name
    for run in runs:
        if len(run) != 1:
            continue
        word = run[0][2]
        if word in token_owner or word.lower() in _ORG_WORDS:
            continue
        prefixed = [n for n in people.names if len(word) >= 3 and n.split()[0].startswith(word)]
        if len(prefixed) == 1:
            token_owner[word] = prefixed[0]
        elif evidence(run) and word.lower() not in _KNOWN_OUTLETS and not word.isupper():
            people.names.setdefault(word, "")
            token_owner[word] = word
    for name in people.names:
        people.names[name] = slugify(name) or "unknown"
    counts: Counter[str] = Counter()
    for run in runs:
        joined = " ".join(w for _, _, w in run)
        owner = joined if joined in people.names and len(run) > 1 else None
        if owner is None and len(run) == 1:
            owner = token_owner.get(run[0][2])
        if owner is not None:
            people.mentions.append((run[0][0], run[-1][1], owner))
            counts[owner] += 1
    people.mentions.sort()
    people.ranking = sorted(counts, key=lambda n: (-counts[n], people.first_mention(n)))
    _learn_gender_and_roles(text, people)
    return people


def _is_object_pronoun(text: str, m: re.Match[str]) -> bool:
    """"him", and "her" not followed by the noun it possesses ("on her for years")."""
    pronoun = m.group().lower()
    if pronoun == "him":
        return True
    if pronoun != "her":
        return False
    following = re.match(r"\s+([^\W\d_][\w’'-]*)", text[m.end() : m.end() + 40])
    return following is None or following.group(1).lower() in _STOPWORDS


def _learn_gender_and_roles(text: str, people: _People) -> None:
    """Votes from roles ("actress Natalie Portman") and from the pronoun nearest after a name."""
    votes: dict[str, Counter[str]] = {}
    roles: dict[str, set[str]] = {}
    for start, end, name in people.mentions:
        role = _word_before(text, start, end)
        after = re.match(r"(?:’s|'s)?,\s+(?:the|a|an)\s+(?:[\w’'-]+\s+){0,3}?([\w-]+)\b", text[end:])
        for noun in (role, after.group(1).lower() if after else ""):
            if noun in _ROLE_NOUNS:
                roles.setdefault(noun, set()).add(name)
                if _ROLE_NOUNS[noun]:
                    votes.setdefault(name, Counter())[_ROLE_NOUNS[noun]] += 2
    for m in _PRONOUN.finditer(text):
        # A pronoun close after a name, with no punctuation or other name between, usually
        # refers to it ("Portman is ready to turn the page on her marriage"); one across a
        # dash or a clause ("forgiving Benjamin — the last thing she imagined") often does not.
        if _is_object_pronoun(text, m):
            continue  # an object usually means someone else: "Ben has been cheating on her"
        near = people.before(max(0, m.start() - 60), m.start())
        if not near:
            continue
        last = max((e for s, e, n in people.mentions if n == near[0] and e <= m.start()),
                   default=m.start())
        between = text[last : m.start()]
        if len(between.split()) <= 6 and not re.search(r"[,;:—–.!?\"“”()\[\]]", between):
            votes.setdefault(near[0], Counter())[_PRONOUN_GENDER[m.group().lower()]] += 1
    for name, counter in votes.items():
        (top, n), *rest = [*counter.most_common(), ("", 0)]
        if n > rest[0][1]:
            people.gender[name] = top
    people.roles = {noun: next(iter(names)) for noun, names in roles.items() if len(names) == 1}


# --- quotes, sentences, speakers ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Source:
    attribution: Attribution
    who: str
    person: str | None = None
    speaker_sure: bool = True
    """False when the speaker was inferred (a pronoun, an epithet, the quote before), not named."""
    attribution_sure: bool = True
    """False when the kind of source is unclear (a representative, a phrase of no known kind)."""

    def unsure(self) -> _Source:
        """The same source, inferred rather than named in the text."""
        return dataclasses.replace(self, speaker_sure=False)


@dataclass
class _Quote:
    open: int
    close: int  # just past the closing mark, or the paragraph end when left open
    inner: Span
    words: int
    speech: bool = False
    speaker: _Source | None = None
    tag: Span | None = None


def _find_quotes(text: str, start: int, end: int) -> list[_Quote]:
    quotes: list[_Quote] = []
    opening: int | None = None

    def add(o: int, c: int, closed: bool) -> None:
        inner_start, inner_end = o + 1, c
        while inner_start < inner_end and text[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and text[inner_end - 1].isspace():
            inner_end -= 1
        words = len(text[inner_start:inner_end].split())
        quotes.append(_Quote(o, c + 1 if closed else c, (inner_start, inner_end), words))

    for i in range(start, end):
        c = text[i]
        if c == "“":
            if opening is None:
                opening = i
        elif c == "”":
            if opening is not None:
                add(opening, i, True)
                opening = None
        elif c == '"':
            if opening is not None:
                add(opening, i, True)
                opening = None
            else:
                before = text[i - 1] if i > start else " "
                after = text[i + 1] if i + 1 < end else " "
                if before.isspace() or before in "([—–-" or not (after.isspace() or after in ",.;:"):
                    opening = i
    if opening is not None:
        add(opening, end, False)
    return quotes


_SENTENCE_END = re.compile(r"(?:[.!?]+|…)[\"”’')\]]*(?:\s+|(?<=\.\.\.)|(?<=…))")


def _split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentences of ``text[start:end]`` as spans; an end may sit inside closing quotes."""
    spans: list[Span] = []
    begin = start
    for m in _SENTENCE_END.finditer(text, start, end):
        nxt = m.end()
        if nxt >= end:
            break
        following = text[nxt]
        if following in "“\"‘'([":
            following = text[nxt + 1] if nxt + 1 < end else ""
        if not (following.isupper() or following.isdigit()):
            continue
        stop = text[m.start()]
        if stop == ".":
            word = re.search(r"([^\W\d_][\w’'-]*)$", text[max(begin, m.start() - 80) : m.start()])
            if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        spans.append((begin, m.end()))
        begin = nxt
    spans.append((begin, end))
    result: list[Span] = []
    for s, e in _bounded(text, spans):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            result.append((s, e))
    return result


MAX_SENTENCE = 2_000
"""Characters read as one sentence at most: a longer run with no sentence end (a page saved as
one line, a list, hostile text) is read in pieces cut at a space, so that the per-sentence readers
stay linear in the article's length."""


def _bounded(text: str, spans: list[Span]) -> Iterator[Span]:
    for s, e in spans:
        while e - s > MAX_SENTENCE:
            cut = text.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
            cut = cut if cut > s else s + MAX_SENTENCE
            yield s, cut
            s = cut
        yield s, e


_SPEAKER = (
    r"(?:(?i:she|he|they|we|i)|(?i:another|one|a\s+second|a\s+third)"
    r"|(?i:the|a|an|one|another|her|his|their)\s+[\w’'-]+(?:\s+[\w’'-]+){0,4}?"
    rf"|{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
)
_TAG_OBJECT = (
    rf"(?:\s+(?:(?i:to)\s+)?(?:{_OUTLET}|(?i:(?:a|an|the)\s+(?:news\s+)?(?:magazine|outlet|"
    r"publication|reporter|paper|newspaper|site|tabloid|interviewer|journalist)|her|him|them|us|me)))?"
    r"(?:\s+(?i:in\s+(?:the|their|its|a)\s+(?:latest|recent|new)\s+(?:issue|interview)"
    rf"(?:\s+(?:of|with)\s+{_OUTLET})?))?"
    r"(?:\s+(?i:of|about)\s+(?:(?i:the)\s+)?[\w’'-]+(?=[\s,.;:]|$))?"
)
_POST_TAG = re.compile(
    rf"\s*,?\s*(?:(?P<who>{_SPEAKER})\s+(?:(?i:{_ADVERBS})\s+)?(?P<verb>(?i:{_SPEECH_VERBS}))\b"
    rf"|(?P<verb2>(?i:{_SPEECH_VERBS}))\s+(?P<who2>{_SPEAKER}))\b{_TAG_OBJECT}"
)
_PRE_TAG = re.compile(
    rf"(?:(?P<who>{_SPEAKER})\s+(?:(?i:{_ADVERBS})\s+)?(?P<verb>(?i:{_SPEECH_VERBS}))\b"
    rf"{_TAG_OBJECT}|\b(?P<part>(?i:{_PARTICIPLE_TAGS})))(?:\s+(?i:that))?\s*[,:]?\s*$"
)


@dataclass
class _Context:
    """Everything about the article the per-sentence readers need."""

    article: Article
    people: _People
    outlet: str
    sentences: list[Span]
    speakers: list[tuple[int, _Source]] = field(default_factory=list)
    """Every speech quote's speaker, by the quote's offset (for "they said", "another claimed")."""

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect_left(self.sentences, (offset + 1, -1)) - 1)

    def window(self, offset: int, back: int = 2) -> int:
        """Start of the sentence ``back`` sentences before the one holding ``offset``."""
        return self.sentences[max(0, self.sentence_index(offset) - back)][0]

    def resolve(self, offset: int, gender: str = "") -> str | None:
        """The person a pronoun or epithet at ``offset`` most likely means: the nearest one of
        the right gender, among people the article names more than once if there are any (a
        child named once in passing is rarely who "she" is)."""
        candidates = self.people.before(self.window(offset), offset)
        counts = Counter(n for _, _, n in self.people.mentions)
        known = self.people.gender
        # Named more than once and of the right gender; then of unknown gender; then anyone
        # of the right gender.
        tiers: tuple[tuple[int, str | None], ...] = ((2, gender), (2, None), (1, gender))
        for least, wanted in tiers:
            for name in candidates:
                if not gender or (counts[name] >= least and known.get(name) == wanted):
                    return name
        for name in self.people.ranking:
            if not gender or self.people.gender.get(name) in (gender, None):
                return name
        return candidates[0] if candidates else self.people.protagonist

    def recent_anonymous(self, offset: int) -> str | None:
        """The nearest anonymous phrase before ``offset`` (this and the two sentences before)."""
        found = list(_ANON.finditer(self.text, self.window(offset), offset))
        return _lower_determiner(found[-1].group()) if found else None

    def classify(self, who: str, at: int) -> _Source:
        """Turn a speaker phrase into an attribution."""
        who = who.strip()
        lowered = who.lower()
        if lowered in ("another", "one", "a second", "a third"):
            # "one source said, another claimed": another of the same kind.
            recent = self.recent_anonymous(at)
            kind = re.search(rf"(?i:{_STRONG}|{_WEAK})", recent) if recent else None
            noun = kind.group().lower() if kind else "source"
            noun = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
            return _Source("anonymous_insider", f"{lowered} {noun}")
        if _ANON.fullmatch(who) or (
            _ANON_SPEAKER_WORDS.search(who) and lowered.split()[0] in ("the", "a", "an", "one",
                                                                        "another", "her", "his",
                                                                        "their")
        ):
            return _Source("anonymous_insider", _lower_determiner(who))
        if _REPRESENTATIVE.search(who):
            # "A representative for Marlowe confirmed": not Marlowe on record, and not an
            # insider either; the curator decides what kind of source it is.
            return _Source("direct_quote", _lower_determiner(who), attribution_sure=False)
        if lowered in ("they", "we"):
            recent = self.recent_anonymous(at)
            if recent:
                return _Source("anonymous_insider", recent)
            if self.speakers:
                return self.speakers[-1][1].unsure()
            return _Source("anonymous_insider", lowered, speaker_sure=False)
        if lowered in ("she", "he", "i"):
            # The text says "she", not who: the nearest name is a hint, not an attribution.
            name = self.resolve(at, {"she": "f", "he": "m"}.get(lowered, ""))
            return _Source("direct_quote", f"{lowered} ({name}?)" if name else lowered, name,
                           speaker_sure=False)
        person = self.people.at(at, at + len(who))
        if person is not None:
            return _Source("direct_quote", person, person)
        epithet = _EPITHET.fullmatch(who)
        if epithet:
            name = self.epithet(epithet.group("noun"), at)
            phrase = _lower_determiner(who)
            return _Source("direct_quote", f"{phrase} ({name}?)" if name else phrase, name,
                           speaker_sure=False)
        if who[:1].isupper() and lowered not in _NOT_NAMES:
            return _Source("named_outlet", who)
        return _Source("direct_quote", _lower_determiner(who), attribution_sure=False)

    def epithet(self, noun: str, at: int) -> str | None:
        noun = noun.lower()
        if noun in self.people.roles:
            return self.people.roles[noun]
        gender = _ROLE_NOUNS.get(noun, "")
        if gender:
            return self.resolve(at, gender)
        return self.people.protagonist

    def partner(self, at: int, possessor: str) -> str | None:
        """Who "her husband" / "his wife" is: the other main person than the possessor's."""
        owner = self.resolve(at, _PRONOUN_GENDER.get(possessor.lower(), ""))
        return self.people.partner_of(owner)


def _lower_determiner(phrase: str) -> str:
    """``A friend of the couple`` → ``a friend of the couple``, as a mid-sentence citation."""
    phrase = phrase.strip().rstrip(".,;:")
    first, _, rest = phrase.partition(" ")
    if first.lower() in ("a", "an", "the", "one", "another", "two", "three", "several", "some",
                         "many", "multiple", "other", "these", "those", "according"):
        return (first.lower() + " " + rest).strip()
    return phrase


def _speaker_tags(ctx: _Context, paragraph: Paragraph, quotes: list[_Quote],
                  sentences: list[Span], previous: Paragraph | None) -> None:
    """Find each quote's speaker tag, decide which quotes are speech, and give each a speaker."""
    text = ctx.text
    for k, quote in enumerate(quotes):
        if quote.words < 3:
            continue
        at = bisect_left(sentences, (quote.open + 1, -1)) - 1
        sentence = (sentences[at] if at >= 0 and sentences[at][0] <= quote.open < sentences[at][1]
                    else (paragraph.start,) * 2)
        limit = quotes[k + 1].open if k + 1 < len(quotes) else paragraph.end
        post = _POST_TAG.match(text, quote.close, min(limit, quote.close + 160))
        if post is not None and text[quote.close - 1] in _DOUBLE_QUOTES + ",":
            who = post.group("who") or post.group("who2")
            at = post.start("who") if post.group("who") else post.start("who2")
            quote.speaker = ctx.classify(who, at)
            quote.tag = (quote.close, post.end())
        else:
            floor = max(sentence[0], quotes[k - 1].close if k else paragraph.start)
            pre_text_start = floor
            if quote.open == paragraph.start and previous is not None and \
                    text[previous.start:previous.end].rstrip().endswith(":"):
                # "A friend of the couple told PEOPLE:" introduces the next paragraph's quote.
                pre_text_start = ctx.sentences[ctx.sentence_index(previous.end - 1)][0]
                pre_end = previous.end
            else:
                pre_end = quote.open
            pre = _PRE_TAG.search(text, max(pre_text_start, pre_end - 200), pre_end)
            if pre is not None:
                if pre.group("who"):
                    quote.speaker = ctx.classify(pre.group("who"), pre.start("who"))
                    quote.tag = (pre.start(), pre_end)
                else:
                    found = _speaker_in(ctx, pre_text_start, pre.start())
                    quote.tag = (found[0] if found else pre.start(), pre_end)
                    quote.speaker = found[1] if found else None
        first = text[quote.inner[0]: quote.inner[0] + 1]
        standalone = quote.open == sentence[0] or quote.open == paragraph.start
        quote.speech = quote.tag is not None or (
            first.isupper() and (quote.words >= 6 or standalone)
        )
    speech = [q for q in quotes if q.speech]
    for k, quote in enumerate(speech):
        if quote.speaker is None:
            before = [q.speaker for q in speech[:k] if q.speaker is not None]
            after = [q.speaker for q in speech[k + 1 :] if q.speaker is not None]
            # No tag of its own: whoever spoke before is a guess, never an attribution.
            if before:
                quote.speaker = before[-1].unsure()
            elif after:
                quote.speaker = after[0].unsure()
            elif ctx.speakers and ctx.speakers[-1][0] >= ctx.window(quote.open, 3):
                quote.speaker = ctx.speakers[-1][1].unsure()
            else:
                recent = ctx.recent_anonymous(quote.open)
                quote.speaker = (
                    _Source("anonymous_insider", recent, speaker_sure=False) if recent
                    else _Source("direct_quote", "nobody named", attribution_sure=False,
                                 speaker_sure=False)
                )
        ctx.speakers.append((quote.open, quote.speaker))


def _speaker_in(ctx: _Context, start: int, end: int) -> tuple[int, _Source] | None:
    """The speaker named in a stretch of narrative before a participle tag ("…, stating, “…"),
    and where it starts."""
    m = _ANON.search(ctx.text, start, end)
    if m is not None:
        return m.start(), _Source("anonymous_insider", _lower_determiner(m.group()))
    names = ctx.people.in_span(start, end)
    if names:
        at = next(s for s, _, n in ctx.people.mentions if n == names[0] and s >= start)
        return at, _Source("direct_quote", names[0], names[0])
    return None


# --- dates, events, ages --------------------------------------------------------------------


@lru_cache(maxsize=16384)
def _is_date_phrase(phrase: str) -> bool:
    try:
        resolve_when(phrase, None)
    except MissingAnchorError:
        # An offset from an event ("two months after") needs an anchor a draft cannot know.
        return not is_event_relative(phrase)
    except DateParseError:
        return False
    return True


_STRIP_TOKEN = "\"“”‘’'()[],.;:!?"


def _date_phrases(text: str, start: int, end: int) -> list[Span]:
    """Date phrases in ``text[start:end]``, leftmost-longest, as the dates grammar reads them."""
    tokens: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s] in _STRIP_TOKEN:
            s += 1
        while e > s and text[e - 1] in _STRIP_TOKEN:
            e -= 1
        word = _clean_word(text[s:e])
        e = s + len(word)
        if word:
            tokens.append((s, e, word))
    # Only n-grams holding a date word are worth asking the grammar about.
    marks = [_is_date_word(tokens, k) for k in range(len(tokens))]
    before = [0, *itertools.accumulate(marks)]
    found: list[Span] = []
    i = 0
    while i < len(tokens):
        matched = False
        for j in range(min(len(tokens), i + 7) - 1, i - 1, -1):
            if before[j + 1] == before[i]:
                break  # no date word in tokens[i..j], nor in any shorter n-gram from i
            s, e = tokens[i][0], tokens[j][1]
            # A phrase never spans a sentence or clause break: "…in 2011. She…".
            if re.search(r"[.;:!?]\s", text[s:e]):
                continue
            if _is_date_phrase(text[s:e]):
                found.append((s, e))
                i = j + 1
                matched = True
                break
        if not matched:
            i += 1
    return found


_DATE_NUMBER = re.compile(r"\d{4}(?:-\d{2}){0,2}|mid-\d{4}")


def _is_date_word(tokens: list[tuple[int, int, str]], k: int) -> bool:
    word = tokens[k][2]
    lower = word.lower()
    if lower in _DATE_WORDS or _DATE_NUMBER.fullmatch(lower):
        return True
    if lower.rstrip(".") in _MONTH_WORDS and word[0].isupper() and len(lower) > 2:
        # "may" is a verb and "May December" a film: a month is capitalised and stands alone.
        neighbours = [tokens[k + d][2].lower() for d in (-1, 1) if 0 <= k + d < len(tokens)]
        return not any(n in _MONTH_WORDS for n in neighbours)
    return False


def _events(text: str, start: int, end: int) -> list[tuple[int, str | None]]:
    found: list[tuple[int, str | None]] = []
    seen: set[int] = set()
    for pattern, slot in _EVENTS:
        for m in pattern.finditer(text, start, end):
            if m.start() not in seen:
                seen.add(m.start())
                found.append((m.start(), slot))
    return found


def _slot_and_when(text: str, span: Span) -> tuple[str | None, str | None, list[str]]:
    """The event slot and the date phrase nearest it in ``span``, and the cues they give."""
    events = _events(text, *span)
    dates = _date_phrases(text, *span)
    cues: list[str] = []
    slot: str | None = None
    anchor: int | None = None
    if events:
        cues.append("event")
        # The first slotted event wins ("filed for divorce" before "divorce").
        ordered = sorted(events, key=lambda e: (e[1] is None, _slot_rank(e[1]), e[0]))
        slot, anchor = ordered[0][1], ordered[0][0]
    when: str | None = None
    if dates:
        cues.append("date")
        if anchor is not None:
            best = min(dates, key=lambda d: min(abs(d[0] - anchor), abs(d[1] - anchor)))
        else:
            best = max(dates, key=lambda d: d[1] - d[0])
        when = text[best[0] : best[1]]
    return slot, when, cues


def _slot_rank(slot: str | None) -> int:
    order = ["divorce-filed", "divorce-finalized", "wedding-ring", "wedding", "separation", "moved-out",
             "engagement", "children", "divorce", "affair"]  # fmt: skip
    return order.index(slot) if slot in order else len(order)


@dataclass(frozen=True, slots=True)
class _Age:
    span: Span
    age: int
    person: str | None
    sure: bool = True
    """False for an age that holds at another time ("who turns 30 this summer")."""


def _ages(ctx: _Context, start: int, end: int) -> list[_Age]:
    text = ctx.text
    found: list[_Age] = []
    for pattern in (_AGE_AFTER_NAME, _AGE_PARENS):
        for m in pattern.finditer(text, start, end):
            age = int(m.group("age"))
            word = _clean_word(m.group("word"))
            if age > 120 or word.lower() in _MONTH_WORDS or word.lower() in _NOT_NAMES:
                continue
            word_start = m.start("word")
            person = ctx.people.at(word_start, word_start + len(word))
            if person is not None or word[0].isupper():
                # Back over the whole name: "Paul Mescal, 28".
                k = bisect_left(ctx.people.mentions, (word_start + 1, -1, "")) - 1
                s = word_start
                if k >= 0 and ctx.people.mentions[k][1] >= word_start + len(word):
                    s = min(s, ctx.people.mentions[k][0])
            else:
                # A noun phrase back to its determiner: "her longtime spouse, 46".
                head = re.search(
                    r"\b(?i:the|a|an|her|his|their)\s+(?:[\w’'-]+\s+){0,3}$", text[start:word_start]
                )
                s = start + head.start() if head else word_start
                person = _noun_person(ctx, text[s:word_start], word, word_start)
            found.append(_Age((s, m.end("age")), age, person))
    for m in _AGE_HYPHEN.finditer(text, start, end):
        # "25-year-old climate activist Camille Étienne": up to the name when one follows.
        k = bisect_left(ctx.people.mentions, (m.end(), -1, ""))
        named: str | None = None
        span_end = m.end()
        if k < len(ctx.people.mentions):
            ms, me, name = ctx.people.mentions[k]
            if me <= end and re.fullmatch(r"(?:\s+[a-z][\w’'-]*){0,3}\s+", text[m.end() : ms]):
                named, span_end = name, me
        if named is None:
            tail = re.match(r"(?:\s+[a-z][\w’'-]*){1,2}", text[m.end() : end])
            span_end = m.end() + (tail.end() if tail else 0)
        found.append(_Age((m.start(), span_end), int(m.group("age")), named))
    for m in _AGE_VERB.finditer(text, start, end):
        until = re.match(r"\s+(?:years\s+old|at\s+the\s+time)", text[m.end() : end])
        who = re.search(r"\b(?i:who|she|he)\s*$", text[max(start, m.start() - 12) : m.start()])
        if not who and not until:
            continue
        s = m.start() - (len(who.group()) if who else 0)
        nearest = ctx.people.before(ctx.window(m.start(), 0), m.start())
        later = m.group().lower().startswith("turns") or re.match(
            r"\s+(?i:this|next|later|in\s+(?:a|the)\b)", text[m.end() : end]
        ) is not None
        found.append(_Age((s, m.end() + (until.end() if until else 0)), int(m.group("age")),
                          nearest[0] if nearest else None, sure=not later))
    unique: dict[Span, _Age] = {}
    for item in found:
        if 0 <= item.age <= 120:
            unique.setdefault(item.span, item)
    return sorted(unique.values(), key=lambda a: a.span)


def _noun_person(ctx: _Context, phrase: str, noun: str, at: int) -> str | None:
    noun = noun.lower()
    possessor = re.match(r"(?i)(her|his)\b", phrase)
    if noun in _PARTNER_NOUNS and possessor:
        return ctx.partner(at, possessor.group(1))
    return ctx.epithet(noun, at) if noun in _ROLE_NOUNS else None


# --- clauses --------------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(
    r"\s*;\s*|\s+[—–]\s+|\s+--\s+|:\s+"
    r"|,\s+(?=(?i:but|yet|while|whereas|although|though|adding|explaining|sharing|saying|"
    r"noting|stating|insisting|referring|raising|harking|claiming|revealing)\b)"
    r"|,\s+(?=(?i:and)\s+(?i:she|he|they|it|there|the|a|an|her|his|their|we|i|this|that|within)\b)"
)
_INTRO = re.compile(
    r"(?:(?i:and|but)\s+)?(?i:after|although|though|while|whilst|when|despite|before|since|because|if|once|"
    r"even\s+though|following|amid|alongside)\b"
)
_LEADING_JUNK = re.compile(
    r"(?:[\s,;:—–-]+|(?i:and|but|yet|however|so|while|whereas|although|though)\b[\s,]*)+"
)
_TRAILING_JUNK = re.compile(r"(?:[\s,;:—–-]|\.{2,}|…)+$")


def _trim(text: str, s: int, e: int) -> Span:
    head = _LEADING_JUNK.match(text, s, e)
    if head is not None:
        s = head.end()
    tail = _TRAILING_JUNK.search(text, s, e)
    if tail is not None:
        e = tail.start()
    # A quote mark left dangling at either end belongs to a quote outside the span.
    while s < e and text[s] in _DOUBLE_QUOTES and text.count(text[s], s, e) % 2 == 1 and \
            text[s] not in "“":
        s += 1
    while e > s and text[e - 1] in "\"”" and _unbalanced(text[s:e]):
        e -= 1
        while e > s and text[e - 1] in " ,":
            e -= 1
    return s, e


def _unbalanced(segment: str) -> bool:
    opens = segment.count("“")
    closes = segment.count("”")
    straight = segment.count('"')
    return closes > opens or (straight % 2 == 1 and opens == closes)


def _inside(offset: int, spans: Sequence[Span]) -> bool:
    return any(s < offset < e for s, e in spans)


def _clauses(text: str, sentence: Span, masked: Sequence[Span],
             fragments: Sequence[Span]) -> list[Span]:
    """Cut the narrative of a sentence (outside speech quotes) into clauses."""
    pieces: list[Span] = []
    cursor = sentence[0]
    for s, e in sorted(masked):
        if s > cursor:
            pieces.append((cursor, min(s, sentence[1])))
        cursor = max(cursor, e)
    if cursor < sentence[1]:
        pieces.append((cursor, sentence[1]))
    clauses: list[Span] = []
    for s, e in pieces:
        cuts = [s]
        if s == sentence[0] and _INTRO.match(text, s, e):
            comma = next((i for i in range(s, e) if text[i] == "," and not
                          _inside(i, fragments)), None)
            if comma is not None and len(text[s:comma].split()) >= 3:
                cuts.append(comma + 1)
        for m in _CLAUSE_BREAK.finditer(text, s, e):
            if not _inside(m.start(), fragments) and m.start() > s:
                cuts.append(m.end())
        cuts = sorted(set(cuts))
        bounds = [*cuts, e]
        for a, b in itertools.pairwise(bounds):
            # The break itself belongs to neither side.
            b_end = b
            if b != e:
                b_end = next((m.start() for m in _CLAUSE_BREAK.finditer(text, a, b)
                              if m.end() == b), b)
                if b_end == b and text[b - 1] == ",":
                    b_end = b - 1
            clauses.append((a, b_end))
    return clauses


def _is_fragment(quoted: str) -> bool:
    """Quoted words someone said ("is “still hurt”"), not a quoted title ("“Black Swan”")."""
    words = _WORD.findall(quoted)
    if len(words) < 2:
        return False
    significant = [w for w in words if w.lower() not in _STOPWORDS]
    return not significant or not all(w[0].isupper() for w in significant)


def _content_words(text: str) -> int:
    return sum(1 for w in _WORD.findall(text) if _clean_word(w).lower() not in _STOPWORDS)


# --- the drafter ----------------------------------------------------------------------------


@dataclass
class _Draft:
    span: Span
    sentence: Span
    source: _Source
    cues: list[str]
    age: _Age | None = None
    speech: _Quote | None = None


@dataclass
class Registry:
    """What the ledger already holds, so a draft fits into it: the subjects and their names,
    the claim ids in use, the slots in use, and passages already cited (``match``)."""

    subjects: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Subject key → its name and aliases."""
    ids: frozenset[str] = frozenset()
    slots: frozenset[str] = frozenset()
    covered: tuple[Span, ...] = ()
    """Spans of the article that existing claims already cite: not proposed again."""

    def key_for(self, name: str) -> str | None:
        """The registry key for a person's name: the whole name, else a single word of it that
        is one subject's name or alias (``Smith`` for ``Pat Smith``); None when unknown or
        ambiguous."""
        wanted = fold(name).casefold()
        exact = {k for k, names in self.subjects.items()
                 if wanted in {fold(n).casefold() for n in (k, *names)}}
        if len(exact) == 1:
            return next(iter(exact))
        if exact:
            return None
        words = set(wanted.split())
        partial = {k for k, names in self.subjects.items()
                   if words & {fold(n).casefold() for n in names if " " not in n}}
        return next(iter(partial)) if len(partial) == 1 else None


def registry_from_data(data: Any, covered: Sequence[Span] = ()) -> Registry:
    """The :class:`Registry` of plain claims-file data (read leniently: a file that does not
    validate yet, e.g. with placeholders still in it, still tells its subjects and ids)."""
    data = data if isinstance(data, dict) else {}
    subjects: dict[str, tuple[str, ...]] = {}
    raw_subjects = data.get("subjects")
    for key, entry in (raw_subjects.items() if isinstance(raw_subjects, dict) else ()):
        if not isinstance(key, str):
            continue
        entry = entry if isinstance(entry, dict) else {}
        aliases = entry.get("aliases")
        names = [entry.get("name"), *(aliases if isinstance(aliases, list) else [])]
        subjects[key] = tuple(n for n in names if isinstance(n, str))
    claims = data.get("claims")
    claims = [c for c in claims if isinstance(c, dict)] if isinstance(claims, list) else []
    ids = frozenset(c["id"] for c in claims if isinstance(c.get("id"), str))
    declared = data.get("slots")  # a `slots:` registry, where the file has one
    slots = frozenset(
        [c["slot"] for c in claims if isinstance(c.get("slot"), str)]
        + [k for k in (declared if isinstance(declared, dict) else ()) if isinstance(k, str)]
    )
    return Registry(subjects, ids, slots, tuple(covered))


def new_subjects(candidates: Iterable[Candidate], registry: Registry) -> dict[str, Any]:
    """``subjects:`` entries for the people the candidates are about who are not in the
    registry (only people the drafter is sure of, and only those)."""
    found: dict[str, Any] = {}
    for c in candidates:
        people = [(c.subject, c.subject_name)] if "subject" not in c.unsure else []
        people += list(zip(c.involves, c.involves_names, strict=True))
        for key, name in people:
            if key in registry.subjects or key in found or key == "unknown" or not name:
                continue
            name = person_name(name)
            words = name.split()
            entry: dict[str, Any] = {"name": name}
            if len(words) > 1:
                entry["aliases"] = [words[-1]]
            found[key] = entry
    return dict(sorted(found.items()))


def draft_claims(article: Article, outlet: str | None = None,
                 registry: Registry | None = None) -> list[Candidate]:
    """Propose candidate claims for ``article``, in the order of the text.

    ``outlet`` is the publication, credited (``named_outlet``) for what the article says in its
    own voice; without it such claims are left for the curator (``FILL-IN: the outlet``).
    ``registry`` fits the draft into an existing ledger: its subject keys, unused ids, and no
    passage it already cites.
    """
    text = article.text
    sentences: list[Span] = []
    per_paragraph: list[list[Span]] = []
    for paragraph in drafted_paragraphs(article):
        found = _split_sentences(text, paragraph.start, paragraph.end)
        per_paragraph.append(found)
        sentences.extend(found)
    ctx = _Context(article, _find_people(text[:MAX_DRAFT_CHARS]), outlet or _NO_OUTLET, sentences)
    drafts: list[_Draft] = []
    previous: Paragraph | None = None
    for paragraph, para_sentences in zip(drafted_paragraphs(article), per_paragraph, strict=True):
        drafts.extend(_read_paragraph(ctx, paragraph, para_sentences, previous))
        previous = paragraph
    return _with_relays(text, _finish(ctx, drafts, registry or Registry()), outlet)


_NO_OUTLET = "the outlet"

MAX_DRAFT_CHARS = 100_000
"""Characters of an article the drafter reads (a long feature is 30,000): past them a huge
file would take minutes, and a curator would not read a thousand stubs anyway. ``draft`` says
when it stopped short."""


def drafted_paragraphs(article: Article) -> list[Paragraph]:
    """The paragraphs the drafter reads: those within :data:`MAX_DRAFT_CHARS`, the last one cut
    there."""
    out: list[Paragraph] = []
    for paragraph in article.paragraphs:
        if paragraph.start >= MAX_DRAFT_CHARS:
            break
        if paragraph.end > MAX_DRAFT_CHARS:
            cut = MAX_DRAFT_CHARS - paragraph.start
            paragraph = paragraph._replace(end=MAX_DRAFT_CHARS, text=paragraph.text[:cut])
        out.append(paragraph)
    return out


def _with_relays(text: str, candidates: list[Candidate], outlet: str | None) -> list[Candidate]:
    """``via`` for candidates whose sentence says they were relayed from an outlet the draft
    itself credits ("a source revealed to US Weekly"), read as ``check`` reads it."""
    from dataclasses import replace

    from claimtrack.relays import find_relay, relay_pattern

    outlets = {c.attributed_to for c in candidates
               if c.attribution == "named_outlet" and c.attributed_to[:1].isupper()}  # fmt: skip
    pattern = relay_pattern(outlets)
    if pattern is None:
        return candidates
    found = []
    for candidate in candidates:
        m = find_relay(text, candidate.start, candidate.end, candidate.attribution, pattern, outlet)
        found.append(candidate if m is None else replace(candidate, via=m["outlet"]))
    return found


def _read_paragraph(ctx: _Context, paragraph: Paragraph, sentences: list[Span],
                    previous: Paragraph | None) -> Iterator[_Draft]:
    text = ctx.text
    quotes = _find_quotes(text, paragraph.start, paragraph.end)
    _speaker_tags(ctx, paragraph, quotes, sentences, previous)
    paragraph_outlet: str | None = None
    first = 0  # quotes are in text order and do not overlap: walk them with the sentences
    for sentence in sentences:
        while first < len(quotes) and quotes[first].close <= sentence[0]:
            first += 1
        last = first
        while last < len(quotes) and quotes[last].open < sentence[1]:
            last += 1
        near = quotes[first:last]
        speech = [q for q in near if q.speech and q.close > sentence[0]]
        fragments = [(q.open, q.close) for q in near if not q.speech
                     and q.open >= sentence[0]]
        masked = [(max(q.open, sentence[0]), min(q.close, sentence[1])) for q in speech]
        tags = [q.tag for q in speech if q.tag is not None]
        # 1. Speech: each sentence of it is a candidate, quoted words only.
        for quote in speech:
            s, e = _trim(text, max(quote.inner[0], sentence[0]), min(quote.inner[1], sentence[1]))
            if e - s > 2 and text[s] in "‘'" and text[e - 1] in "’'":
                s, e = _trim(text, s + 1, e - 1)  # “‘You lose him how you get him,’”
            if len(text[s:e].split()) >= 3:
                assert quote.speaker is not None
                yield _Draft((s, e), sentence, quote.speaker, ["speech"], speech=quote)
        # 2. Narrative clauses with a cue.
        sentence_speaker = next((q.speaker for q in speech if q.speaker is not None), None)
        intro = _intro_source(ctx, sentence, masked, tags)
        for clause in _clauses(text, sentence, masked, fragments):
            draft = _read_clause(ctx, clause, sentence, tags, fragments, sentence_speaker,
                                 intro, paragraph_outlet)
            if draft is not None:
                yield draft
            for cue in _OUTLET_CUES:
                for m in cue.finditer(text, *clause):
                    name = _outlet_name(ctx, m)
                    if name:
                        paragraph_outlet = name
        # 3. Ages, anywhere in the sentence (also inside quotes: "[son Aleph, 12, …]").
        for age in _ages(ctx, *sentence):
            inside = next((q for q in speech if q.inner[0] <= age.span[0] < q.inner[1]), None)
            if inside is not None and inside.speaker is not None:
                source = inside.speaker
            else:
                source = intro or _Source("named_outlet", ctx.outlet)
            yield _Draft(age.span, sentence, source, ["age"], age=age)


def _outlet_name(ctx: _Context, m: re.Match[str], offset: int = 0) -> str | None:
    """The outlet a cue names, or None when the "outlet" is really a person or a common word.

    ``offset`` maps a match made on a clause view back to article offsets."""
    name = m.group("o").strip()
    name = re.sub(r"(?:’s|'s)$", "", name).rstrip(".,:;")
    words = name.split()
    while words and words[-1].lower() in ("of", "the", "&"):
        words.pop()
    name = " ".join(words)
    if re.fullmatch(r"(?i)the\s+(?:outlet|magazine|publication|report)", name):
        return name[0].lower() + name[1:]
    first = name.split()[0].lower() if name else ""
    if not name or name.lower() in _NOT_NAMES or (first in _NOT_NAMES and first != "the"):
        return None
    start = m.start("o") + offset
    if ctx.people.at(start, start + len(name)) is not None:
        return None
    return name


def _intro_source(ctx: _Context, sentence: Span, masked: Sequence[Span],
                  tags: Sequence[Span]) -> _Source | None:
    """An attribution opening the sentence ("According to insiders, …", "As OK! shared, …")."""
    text = ctx.text
    head_end = text.find(",", sentence[0], sentence[1])
    if head_end == -1 or len(text[sentence[0]:head_end].split()) > 8:
        return None
    if _inside(head_end, masked) or _inside(head_end, tags):
        return None
    m = _ANON.search(text, sentence[0], head_end)
    if m is not None and re.match(r"(?i)according\s+to\b", text[sentence[0]:m.start()]):
        return _Source("anonymous_insider", _lower_determiner(m.group()))
    for cue in _OUTLET_CUES[:4]:  # the cues that can open a sentence, not "X confirmed"
        o = cue.match(text, sentence[0], head_end)
        if o is not None:
            name = _outlet_name(ctx, o)
            if name:
                return _Source("named_outlet", name)
    return None


def _read_clause(ctx: _Context, clause: Span, sentence: Span, tags: Sequence[Span],
                 fragments: Sequence[Span], sentence_speaker: _Source | None,
                 intro: _Source | None, paragraph_outlet: str | None) -> _Draft | None:
    text = ctx.text
    s, e = _trim(text, *clause)
    if s >= e:
        return None
    # The clause as the cue finders see it: speaker tags blanked out.
    view = list(text[s:e])
    for ts, te in tags:
        for i in range(max(ts, s), min(te, e)):
            view[i - s] = " "
    seen = "".join(view)
    # A speaker tag at either edge is not part of the claim: "[a source claimed of Portman], who
    # married the ballet performer in 2011".
    lead = len(seen) - len(seen.lstrip())
    tail = len(seen) - len(seen.rstrip())
    if lead or tail:
        s, e = _trim(text, s + lead, e - tail)
        if s >= e:
            return None
        return _read_clause(ctx, (s, e), sentence, tags, fragments, sentence_speaker, intro,
                            paragraph_outlet)
    cues: list[str] = []
    cue_spans: list[Span] = []
    source: _Source | None = None
    anon = _ANON.search(seen)
    weak = _ACCORDING_WEAK.search(seen) if anon is None else None
    if anon is not None:
        cues.append("anonymous")
        cue_spans.append(anon.span())
        source = _Source("anonymous_insider", _lower_determiner(anon.group()))
    elif weak is not None:
        # "according to a close friend": a friend alone is rarely a source, but one cited is.
        cues.append("anonymous")
        cue_spans.append(weak.span())
        source = _Source("anonymous_insider", _lower_determiner(weak.group("who")))
    for cue in _OUTLET_CUES:
        for m in cue.finditer(seen):
            name = _outlet_name(ctx, m, s)
            if name:
                if "outlet" not in cues:
                    cues.append("outlet")
                cue_spans.append(m.span())
                if source is None:
                    source = _Source("named_outlet", name)
    person_says = re.search(
        rf"(?P<who>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}(?<![’'][sS])|\b(?i:she|he))\s+"
        rf"(?:(?i:{_ADVERBS})\s+)?(?i:{_SPEECH_VERBS})\b", seen
    )
    if person_says is not None and source is None:
        who = person_says.group("who")
        at = s + person_says.start("who")
        candidate = ctx.classify(who, at)
        if any(w.lower() in _ORG_WORDS for w in who.split()):
            # An institution on record: "The Ugandan Media Council said …".
            candidate = _Source("direct_quote", _lower_determiner(who), who)
        if candidate.attribution == "direct_quote" and candidate.person is not None:
            source = candidate
            cues.append("on-record")
            cue_spans.append(person_says.span())
    rep = _REP_FOR.search(seen)
    if rep is not None:
        # "A representative for Marlowe confirmed": neither Marlowe on record nor the outlet.
        source = _Source("direct_quote", _lower_determiner(rep.group()), attribution_sure=False)
        if "on-record" not in cues:
            cues.append("on-record")
    if _REPORTED.search(seen):
        cues.append("reported")
    if any(s <= fs < e and _is_fragment(text[fs:fe]) for fs, fe in fragments):
        cues.append("fragment")
    _, _, found = _slot_and_when(text, (s, e))
    cues.extend(found)
    if not cues:
        return None
    remaining = list(seen)
    for cs, ce in cue_spans:
        for i in range(cs, ce):
            remaining[i] = " "
    if _content_words("".join(remaining)) < 3:
        return None
    continuation = _CONTINUATIONS.match(text, s, e)
    if continuation is not None:
        s = continuation.end()
    if source is None and (continuation is not None or "fragment" in cues):
        inherited = sentence_speaker or _recent_speaker(ctx, s)
        source = inherited.unsure() if inherited is not None else None
    if intro is not None and (source is None or clause[0] == sentence[0]):
        source = intro
    if source is None and "reported" in cues and paragraph_outlet:
        source = _Source("named_outlet", paragraph_outlet)
    if source is None and "fragment" in cues:
        # Quoted words with no speaker the text names (a caption, a post, a sign): whose they
        # are is the curator's call, not the outlet's narration.
        source = _Source("named_outlet", ctx.outlet, attribution_sure=False, speaker_sure=False)
    if source is None:
        source = _Source("named_outlet", ctx.outlet)
    return _Draft((s, e), sentence, source, cues)


def _recent_speaker(ctx: _Context, offset: int) -> _Source | None:
    floor = ctx.window(offset, 2)
    for at, source in reversed(ctx.speakers):
        if floor <= at < offset:
            return source
    return None


# --- candidates -----------------------------------------------------------------------------


def _finish(ctx: _Context, drafts: list[_Draft], registry: Registry) -> list[Candidate]:
    text = ctx.text
    by_span: dict[Span, _Draft] = {}
    for draft in drafts:
        if draft.span[0] < draft.span[1]:
            by_span.setdefault(draft.span, draft)
    used: set[str] = set(registry.ids)
    counters: dict[str, int] = {}
    candidates: list[Candidate] = []
    norm = normalise(text)
    for span in sorted(by_span):
        draft = by_span[span]
        if any(span[0] < ce and cs < span[1] for cs, ce in registry.covered):
            continue
        s, e = _unambiguous(text, norm, span, draft.sentence)
        subject, involves = _subject(ctx, draft)
        unsure: list[str] = []
        if subject is None or not _subject_is_named(ctx, draft, subject, s, e):
            unsure.append("subject")
        if not draft.source.attribution_sure:
            unsure.append("attribution")
        if not draft.source.speaker_sure or draft.source.who == _NO_OUTLET:
            unsure.append("attributed_to")
        cues = list(draft.cues)
        slot: str | None = None
        when: str | None = None
        age: int | None = None
        if draft.age is not None:
            slot, age = "age", draft.age.age
            if not draft.age.sure:
                slot, age = None, None
        else:
            slot, when, found = _slot_and_when(text, span)
            cues.extend(c for c in found if c not in cues)
            if slot is not None and when is None:
                slot = None  # an event with no value compares nothing: the curator's to file
            elif slot is not None and (not _slot_is_clear(text, span, when) or (
                    registry.slots and slot not in registry.slots)):
                unsure.append("slot")
        subject_slug = _subject_key(ctx, registry, subject)
        others: dict[str, str] = {}
        for name in involves:
            key = _subject_key(ctx, registry, name)
            if key not in ("unknown", subject_slug):
                others.setdefault(key, name)
        candidates.append(
            Candidate(
                id=_unique(_make_id("unknown" if "subject" in unsure else subject_slug, slot,
                                    when, age, text[s:e]), used, counters),
                subject=subject_slug,
                statement=_statement(text, draft.sentence),
                quote=text[s:e],
                start=s,
                end=e,
                line=ctx.article.line_of(s),
                attribution=draft.source.attribution,
                attributed_to=draft.source.who,
                cues=tuple(cues),
                involves=tuple(others),
                involves_names=tuple(others.values()),
                slot=slot,
                when=when,
                age=age,
                unsure=tuple(unsure),
                subject_name=subject,
            )
        )
    return candidates


def _subject_key(ctx: _Context, registry: Registry, name: str | None) -> str:
    """The registry's key for a person, else the slug of their name."""
    if not name:
        return "unknown"
    return registry.key_for(name) or slugify(person_name(name)) or "unknown"


def person_name(name: str) -> str:
    """A name without a role word the article put before it ("Singer Juno Marlowe")."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in _ROLE_NOUNS:
        words.pop(0)
    return " ".join(words)


def _subject_is_named(ctx: _Context, draft: _Draft, subject: str, s: int, e: int) -> bool:
    """The subject is named in the passage itself (or is its named speaker talking of
    themselves): anything else (a pronoun, an epithet, the article's main person) is a guess."""
    named = ctx.people.in_span(s, e)
    if subject in named:
        # Two people named ("Millepied's affair left Portman humiliated"): whom the claim is
        # filed under is the curator's convention; only the article's main person is a safe bet.
        return len(set(named)) == 1 or subject == ctx.people.protagonist
    if draft.age is not None and draft.age.person == subject:
        return ctx.people.at(*draft.age.span) == subject or subject in ctx.people.in_span(
            *draft.age.span)
    source = draft.source
    return (
        draft.speech is not None and source.speaker_sure and source.person == subject
        and re.search(r"\b(?i:i|i'm|i’m|my|me|myself)\b", ctx.text[s:e]) is not None
    )


def _slot_is_clear(text: str, span: Span, when: str | None) -> bool:
    """One kind of event in the passage, written as an event (not a title: "the Wedding
    Crashers star"), and its date next to it: else the slot is the curator's to choose."""
    events = [(at, slot) for at, slot in _events(text, *span) if slot is not None]
    kinds = {slot for _, slot in events}
    kinds.discard("divorce") if kinds & {"divorce-filed", "divorce-finalized"} else None
    if len(kinds) != 1:
        return False
    for at, _slot in events:
        if text[at : at + 1].isupper() and at > span[0]:
            return False  # a capitalised word mid-passage: a title or a name
    if when is not None:
        where = text.find(when, *span)
        nearest = min(abs(at - where) for at, _ in events)
        if where < 0 or nearest > 60:
            return False
    return True


def _unambiguous(text: str, norm: NormalisedText, span: Span, sentence: Span) -> Span:
    """Widen a quote word by word within its sentence until it occurs once in the article, as
    ``claimtrack check`` wants (it warns about a quote found twice): a subheading often repeats
    words of the body."""
    s, e = span
    while len(norm.find_all(fold(text[s:e]), 2)) > 1 and (s, e) != sentence:
        after = re.match(r"\S*\s*\S+", text[e : sentence[1]])
        if after is not None:
            e += after.end()
        before = re.search(r"\S+\s*\S*$", text[sentence[0] : s])
        if before is not None and len(norm.find_all(fold(text[s:e]), 2)) > 1:
            s = sentence[0] + before.start()
        if after is None and before is None:
            break
    return s, e


def _subject(ctx: _Context, draft: _Draft) -> tuple[str | None, list[str]]:
    """The person a candidate is about, and the others it names."""
    text = ctx.text
    s, e = draft.span
    named = ctx.people.in_span(s, e)
    subject: str | None = None
    if draft.age is not None:
        subject = draft.age.person or (named[0] if named else None)
        return subject, [n for n in named if n != subject]
    if draft.speech is not None and text[s : s + 1].islower():
        # A quoted predicate ("“was humiliated …,” the source claims"): the subject is the
        # narrative's, just before the quote.
        subject = _narrative_subject(ctx, draft.sentence[0], draft.speech.open)
    if subject is None:
        # Whoever comes first: a name, or a pronoun or epithet standing for one.
        options: list[tuple[int, str]] = []
        if named:
            options.append((ctx.people.first_mention_in(named[0], s), named[0]))
        referent = _referent(ctx, s, e)
        if referent is not None:
            options.append(referent)
        if options:
            subject = min(options)[1]
    if subject is None and draft.source.person is not None:
        subject = draft.source.person
    if subject is None:
        subject = ctx.people.protagonist
    return subject, [n for n in named if n != subject]


def _narrative_subject(ctx: _Context, start: int, end: int) -> str | None:
    text = ctx.text
    best: tuple[int, str] | None = None
    names = ctx.people.before(start, end)
    if names:
        last = max((m[0] for m in ctx.people.mentions if m[2] == names[0] and start <= m[0] < end),
                   default=start)
        best = (last, names[0])
    for m in _EPITHET.finditer(text, start, end):
        if best is None or m.start() > best[0]:
            name = ctx.epithet(m.group("noun"), m.start())
            if name:
                best = (m.start(), name)
    for m in re.finditer(r"\b(?i:she|he)\b", text[start:end]):
        at = start + m.start()
        if best is None or at > best[0]:
            name = ctx.resolve(at, _PRONOUN_GENDER[m.group().lower()])
            if name:
                best = (at, name)
    return best[1] if best else None


def _referent(ctx: _Context, s: int, e: int) -> tuple[int, str] | None:
    """The first pronoun, epithet or "her husband" in a passage, and who it stands for."""
    text = ctx.text
    options: list[tuple[int, str | None]] = []
    partner = _PARTNER_REF.search(text, s, e)
    m = _EPITHET.search(text, s, e)
    if m is not None:
        options.append((m.start(), ctx.epithet(m.group("noun"), m.start())))
    p = _PRONOUN.search(text, s, e)
    if p is not None and (partner is None or p.start() != partner.start()):
        options.append((p.start(), ctx.resolve(p.start(), _PRONOUN_GENDER[p.group().lower()])))
    if partner is not None:
        options.append((partner.start(), ctx.partner(partner.start(), partner.group()[:3].strip())))
    for at, name in sorted(options, key=lambda o: o[0]):
        if name:
            return at, name
    return None


def _statement(text: str, sentence: Span) -> str:
    statement = " ".join(text[sentence[0] : sentence[1]].split())
    if len(statement) > _STATEMENT_MAX:
        statement = statement[: _STATEMENT_MAX - 1].rsplit(" ", 1)[0] + "…"
    return statement


def _make_id(subject: str, slot: str | None, when: str | None, age: int | None,
             quote: str) -> str:
    if age is not None:
        base = f"{subject}-age-{age}" if subject != "unknown" else f"age-{age}"
        return slugify(base) or "claim"
    head = subject.rsplit("-", 1)[-1] if subject != "unknown" else ""
    names = set(subject.split("-"))
    words = [w for w in (slugify(_clean_word(w)) for w in _WORD.findall(quote))
             if w and w not in _STOPWORDS and w not in names]
    parts = [head] if head else []
    if slot:
        parts.append(slot)
        words = [w for w in words if w not in slot.split("-")]
    if when:
        parts.append(when)
    else:
        parts.extend(words[:4])
    return slugify("-".join(parts)) or "claim"


def _unique(base: str, used: set[str], counters: dict[str, int]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is free (``counters`` remembers where each
    base got to, so a thousand equal bases cost a thousand steps, not half a million)."""
    candidate, n = base, counters.get(base, 2)
    while candidate in used:
        suffix = f"-{n}"
        candidate = base[: _ID_MAX - len(suffix)].rstrip("-") + suffix
        n += 1
    counters[base] = n
    used.add(candidate)
    return candidate


# --- output ---------------------------------------------------------------------------------

_PLAIN_SAFE = re.compile(r"[a-z][a-z0-9_-]*\Z")
_YAML_WORDS = _words("y n yes no on off true false null")
# What PyYAML prints as is but a terminal would obey: the one set of claimtrack.safe.
_INVISIBLE = re.compile(f"[{UNSAFE_CHARS}]")


class _Dumper(yaml.SafeDumper):
    """Slugs plain, every other string double-quoted (YAML escapes its control characters);
    lists indented under their key, as in ``data/claims.yaml``."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    plain = _PLAIN_SAFE.match(value) is not None and value not in _YAML_WORDS
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else '"')


_Dumper.add_representer(str, _represent_str)


def _escape_invisible(text: str) -> str:
    # Only double-quoted scalars can hold these characters here, and a \\u escape with four hex digits is a valid escape
    # inside them, so the text still loads back to the same strings.
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


def to_yaml(candidates: Iterable[Candidate], article_id: str,
            subjects: dict[str, Any] | None = None, note: str | None = None) -> str:
    """The candidates as YAML stubs in the claims file's format, to paste under ``claims:``.

    Each stub is preceded by a ``# line N`` comment with the cues that proposed it. A date found
    without a slot to put it in is left as a comment. The text loads with ``yaml.safe_load``.
    """
    items = list(candidates)
    header = [
        f"# claimtrack draft: {len(items)} candidate claim{'s' if len(items) != 1 else ''} for "
        + _escape_invisible(one_line(article_id)),
        "# Every subject, attribution, slot and date below is a guess: check each against the "
        "article before pasting; replace each FILL-IN (check refuses it).",
    ]
    if note:
        header.append(f"# {one_line(note)}")
    if subjects:
        header.append("subjects:  # not in the registry yet")
        dumped = yaml.dump(subjects, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                           width=10**9, default_flow_style=None)
        header.extend("  " + line for line in dumped.rstrip("\n").split("\n"))
    if not items:
        return _escape_invisible("\n".join([*header, "claims: []", ""]))
    lines = [*header, "claims:"]
    for candidate in items:
        comment = f"  # line {candidate.line}: {', '.join(candidate.cues)}"
        lines.append(comment)
        data = candidate.claim(article_id)
        dumped = yaml.dump(
            [data], Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9,
            default_flow_style=None,
        )
        lines.extend("  " + line for line in dumped.rstrip("\n").split("\n"))
        if "subject" in candidate.unsure and candidate.subject != "unknown":
            lines.append(f"    # subject: perhaps {candidate.subject}")
        if candidate.when is not None and candidate.slot is None:
            when = yaml.dump(candidate.when, Dumper=_Dumper, allow_unicode=True, width=10**9)
            when = when.split("\n")[0]
            lines.append(f"    # when: {when}  (give the claim a slot to compare it)")
    return _escape_invisible("\n".join(lines) + "\n")


def to_json_records(candidates: Iterable[Candidate], article_id: str) -> list[dict[str, Any]]:
    """The candidates as JSON-ready records: the claim stub plus where and why it was found."""
    return [
        {
            "line": c.line,
            "start": c.start,
            "end": c.end,
            "cues": list(c.cues),
            "when": c.when,
            "claim": c.claim(article_id),
        }
        for c in candidates
    ]

