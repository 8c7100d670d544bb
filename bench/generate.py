"""Deterministic synthetic claimtrack projects for the benchmark.

``generate(root, claims, articles)`` writes ``root/seeds/*.txt`` and ``root/data/claims.yaml``: a
celebrity-gossip ledger shaped like the real one, at any size.

What is in it, and why:

- A subject registry of about ``claims / 20`` people (each with a surname alias, some with a
  second alias), paired into couples. Every person and couple has one ground truth (birth date,
  when they met, got engaged, married, separated, filed for divorce; where they live; how many
  children), so claims agree with each other unless a conflict is planted on purpose.
- Articles of about 2-4 KB of prose built from word lists, one paragraph per line (half of them
  with blank lines between paragraphs), with typographic quotes and dashes. 90 % open with a
  `` date YYYY-MM-DD Headline`` line; the rest are undated and get a curated date under
  ``articles:``. About 5 % are copies: a shortened, reworded version of another article, half of
  them declared with ``copy_of`` (the other half are left for copy detection to find).
- Claims (about 10 per article) in slots ``wedding``, ``separation``, ``engagement``,
  ``first-met``, ``divorce-filing`` (dates: ``2012``, ``2023-08``, ``June 2012``, ``2012-06-14``,
  or relative phrases such as ``last month``, ``eight months ago``, ``this past March``,
  ``over a year ago`` - relative ones only in articles with a date line), ``age``, ``residence``
  and ``children`` (plain values), plus slot-less observations. 1-3 sources each, with mixed
  attributions; each source's ``quote`` is taken verbatim from the sentence that carries the claim
  in the generated article (4-12 words around the value, unique in the article).
- A citation whose sentence says it was relayed from another outlet than the article's own
  ("an insider told Us Weekly", "According to PEOPLE", "As first reported by TMZ") has that
  outlet as its ``via``, as ``claimtrack check`` asks (``via-suggested``): a generated project
  passes ``check`` with no errors and no warnings.
- About 1 % of claims contradict the ground truth (a conflict with the other claims in their
  subject and slot), and about 0.5 % carry a ``contradicts`` link.
- ``layout="folder"`` (``--layout folder``) writes the same ledger as ``data/claims/*.yaml``, for
  ``--data data/claims``: ``00-registry.yaml`` with ``articles:`` and ``subjects:``, then
  ``articles-LO-HI.yaml`` with the claims first cited in articles LO to HI (100 articles a file),
  each file a ``version: 1`` document; ``"both"`` writes the two layouts side by side.

Everything comes from one ``random.Random`` seeded with the sizes: the same sizes give the same
bytes on every machine and every run (no wall clock, no ``hash()``, no set iteration order).

The YAML is written as text, streaming, with strings double-quoted by ``json.dumps`` (JSON string
syntax is valid YAML double-quoted syntax).

    python bench/generate.py OUT_DIR --claims 1000 --articles 100 [--layout file|folder|both]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

__all__ = ["LAYOUTS", "GeneratedProject", "generate"]

LAYOUTS = ("file", "folder", "both")
"""``file``: ``data/claims.yaml``; ``folder``: ``data/claims/*.yaml``; ``both``: the two side by side."""
FOLDER_ARTICLES = 100
"""Articles a file of the folder layout holds the claims of."""

# --------------------------------------------------------------------------------------------------
# Word lists

FIRST_NAMES = (
    "Ada", "Alba", "Alina", "Amara", "Anika", "Ari", "Aurora", "Bea", "Bianca", "Blake", "Bruno",
    "Cai", "Calla", "Carmen", "Cassius", "Cleo", "Colette", "Dahlia", "Dante", "Delphine", "Dev",
    "Eden", "Elio", "Elise", "Emrys", "Esme", "Ezra", "Fern", "Finn", "Flora", "Gia", "Greer",
    "Hale", "Harlow", "Idris", "Ines", "Iris", "Isla", "Jago", "Jonah", "Juno", "Kai", "Kira",
    "Lark", "Leni", "Leo", "Lior", "Lotte", "Luca", "Mae", "Mara", "Marlo", "Milo", "Mira",
    "Nadia", "Nell", "Nico", "Noor", "Odile", "Orla", "Otis", "Pax", "Petra", "Pia", "Quinn",
    "Rafe", "Remy", "Rhea", "Rio", "Romy", "Rowan", "Saga", "Sasha", "Selma", "Silas", "Sol",
    "Stellan", "Tamsin", "Tate", "Thea", "Theo", "Uma", "Vada", "Vera", "Wren", "Xavi", "Yara",
    "Yves", "Zadie", "Zara", "Zeke", "Ziggy", "Anouk", "Bodhi", "Clio", "Dax", "Elia", "Fleur",
    "Gus", "Hero", "Ilse", "Jude", "Kit", "Lux", "Maren", "Nova", "Oona", "Piet", "Rosa", "Suki",
    "Teo", "Ulla", "Vito", "Wilder",
)  # fmt: skip

SURNAME_HEADS = (
    "Al", "Ash", "Bel", "Bram", "Cas", "Cor", "Dal", "Dor", "El", "Est", "Fal", "Fen", "Gar",
    "Gil", "Hal", "Hart", "Is", "Ives", "Jar", "Jes", "Kel", "Kir", "Lor", "Lund", "Mar", "Mer",
    "Nor", "Nev", "Or", "Ost", "Pel", "Pry", "Quin", "Rad", "Ros", "Rye", "Sal", "Sten", "Tor",
    "Tal", "Ul", "Val", "Ver", "Wen", "Wyn", "Yar", "Zan", "Zel",
)  # fmt: skip
SURNAME_MIDS = ("", "a", "e", "i", "o", "an", "er", "in", "ol", "ar")
SURNAME_TAILS = (
    "ton", "ford", "ley", "wood", "ski", "son", "ez", "elli", "ova", "man", "berg", "court",
    "ridge", "well", "stone", "ard", "vik", "more", "lane", "croft",
)  # fmt: skip

OUTLETS = (
    "PEOPLE", "Us Weekly", "TMZ", "Page Six", "OK!", "Life & Style", "E! News", "Daily Mail",
    "In Touch", "Entertainment Tonight", "Star", "Hello!", "Vanity Fair", "The Sun",
)  # fmt: skip
INSIDERS = (
    "a source", "an insider", "a second insider", "a friend of the couple", "a family friend",
    "an industry insider", "a longtime friend", "a source close to the family",
    "a person familiar with the matter", "a production source",
)  # fmt: skip
CITIES = (
    "Los Angeles", "New York", "London", "Paris", "Nashville", "Miami", "Austin", "Toronto",
    "Malibu", "Montecito", "Atlanta", "Chicago", "Sydney", "Berlin", "Lisbon", "Rome", "Madrid",
    "Vancouver", "Brooklyn", "the Hamptons", "Palm Springs", "Santa Barbara", "Aspen", "Dublin",
    "Mexico City", "Tokyo", "Cape Town", "Copenhagen", "Amsterdam", "Barcelona", "Ojai",
    "Laurel Canyon", "Tribeca", "Notting Hill", "Marfa", "Big Sur", "Sedona", "Hudson Valley",
)  # fmt: skip
VENUES = (
    "a sushi restaurant", "a farmers market", "a members-only club", "a Pilates studio",
    "a hotel bar", "an art gallery", "a film premiere", "a charity gala", "a vintage store",
    "a juice bar", "a bookshop", "a rooftop party", "a tennis club", "a coffee shop",
    "a record store", "a yoga retreat", "a wine bar", "a flea market", "a fashion show",
    "a beach club", "a jazz bar", "a pottery class", "a late-night diner", "a ski lodge",
)  # fmt: skip
ACTIVITIES = (
    "was spotted leaving {venue} in {city}", "looked relaxed at {venue} in {city}",
    "was seen laughing with friends at {venue}", "stepped out for lunch in {city}",
    "kept a low profile at {venue}", "was photographed walking a dog in {city}",
    "arrived alone at {venue} in {city}", "was all smiles at {venue}",
    "skipped the red carpet at {venue}", "was seen jogging near {venue} in {city}",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
)  # fmt: skip
COLOURS = ("black", "ivory", "emerald", "camel", "navy", "scarlet", "sage", "silver", "plum")
GARMENTS = (
    "trench coat", "slip dress", "linen suit", "cashmere sweater", "leather jacket", "sundress",
    "oversized blazer", "denim jacket", "knit cardigan",
)  # fmt: skip
ADJECTIVES = (
    "candid", "heartfelt", "tense", "tearful", "surprising", "quiet", "bittersweet", "rare",
    "strange", "playful", "guarded", "cryptic", "lengthy", "brief", "pointed",
)  # fmt: skip
PHRASES = (
    "a fresh start", "the best thing for everyone", "a new chapter", "long overdue",
    "heartbreaking", "the right decision", "a mutual choice", "so much lighter",
    "ready for what comes next", "focused on the kids",
)  # fmt: skip
PROJECTS = (
    "a limited series", "a period drama", "a summer album", "a memoir", "a perfume line",
    "a Broadway revival", "a streaming thriller", "a world tour", "a skincare brand",
    "an indie comedy", "a documentary", "a cookbook",
)  # fmt: skip

FILLER = (
    "{S} {activity} on {weekday}, wearing a {colour} {garment}.",
    "Representatives for {S} did not respond to a request for comment.",
    "Fans flooded social media with {adj} reactions — some calling the news “{phrase}.”",
    "{S} has kept busy with {project}, which is expected to arrive next {season}.",
    "The {adj} post, shared on {weekday}, has since been deleted.",
    "Neither {S} nor {P} has addressed the rumours publicly.",
    "“It’s been {phrase},” one onlooker noted — though others were less sure.",
    "Photos obtained by {outlet} show {S} arriving at {venue} in {city}.",
    "{S} was last seen with {P} at {venue} in {city} — all smiles, according to witnesses.",
    "The pair’s friends say the two remain on {adj} terms.",
    "{S}’s publicist described the weekend as “{phrase}.”",
    "Meanwhile, {S} is reportedly weighing an offer to join {project}.",
    "Several guests at {venue} said the mood was {adj} but warm.",
    "{outlet} reached out to {S}’s team, which declined to comment.",
    "{S} also shared a {adj} message with followers on {weekday}.",
    "At the time, {S} said the split felt “{phrase}.”",
    "{S} has been leaning on close friends in {city}, the outlet added.",
    "It is not the first time {S} has made headlines this {season}.",
    "{S} has previously spoken about guarding the family’s privacy — a rule {P} is said to share.",
    "{S} wore a {colour} {garment} and carried a {colour} tote, photos show.",
    "The sighting comes weeks after {S} was spotted at {venue}.",
    "“We’re all rooting for them,” a fan wrote under the {adj} post.",
    "{S} and {P} were photographed together at {venue} for the first time in months.",
    "Production on {project} wraps in {city} this {season}, according to {outlet}.",
)
SEASONS = ("spring", "summer", "fall", "winter")

HEADLINES = (
    "{S} and {P} Spark Reunion Rumors in {city}",
    "{S} Is ‘Focused on the Kids’ After Difficult Year",
    "Inside {S}’s New Life in {city}",
    "{S} Steps Out With Friends in {city} Amid Split Rumors",
    "Why {S} Is ‘Finally Happy’ Again",
    "{S} Breaks Silence on {P} — ‘It Was Time’",
    "{S} and {P}: A Complete Timeline of Their Relationship",
    "{S} Spotted Without Wedding Ring at {Venue}",
    "What {S} Really Thinks About {P}’s New Project",
    "{S} Opens Up About Family Life in {city}",
)

# Synonyms a rewrite swaps in, one word for one word (so sentence token spans survive).
REWORD = {
    "said": "claimed", "revealed": "shared", "reportedly": "allegedly", "spotted": "seen",
    "pair": "couple", "quietly": "discreetly", "recently": "lately", "officially": "formally",
    "confirmed": "reported", "photographed": "snapped", "arrived": "showed", "deleted": "removed",
    "reached": "turned", "added": "noted", "friends": "pals", "weeks": "days", "warm": "friendly",
    "rumours": "reports", "busy": "occupied", "told": "informed",
}  # fmt: skip

# --------------------------------------------------------------------------------------------------
# Claim templates. {s} subject, {p} partner, {pf} partner's first name, {v} the value as written
# in the article (it becomes the quote's anchor).

THIRD: dict[str, tuple[str, ...]] = {
    "wedding": (
        "{s} married {p} {v}", "{s} and {p} tied the knot {v}", "{s} wed {p} {v}",
        "{s} exchanged vows with {p} {v}",
    ),
    "separation": (
        "{s} and {p} separated {v}", "{s} split from {p} {v}",
        "{s} quietly parted ways with {p} {v}", "{s} and {p} called it quits {v}",
    ),
    "engagement": (
        "{s} got engaged to {p} {v}", "{p} proposed to {s} {v}", "{s} and {p} became engaged {v}",
    ),
    "first-met": (
        "{s} first met {p} {v}", "{s} and {p} met on a film set {v}",
        "{s} was introduced to {p} by mutual friends {v}",
    ),
    "divorce-filing": (
        "{s} filed for divorce from {p} {v}", "{s} submitted divorce papers {v}",
        "{s} officially asked a judge to end the marriage to {p} {v}",
    ),
    "age": ("{s}, {v}, {activity}", "the {v}-year-old {s} {activity}"),
    "residence": (
        "{s} now lives in {v}", "{s} has quietly moved to {v}", "{s} recently bought a home in {v}",
        "{s} is now based in {v}",
    ),
    "children": ("{s} shares {v} children with {p}", "{s} is raising {v} children with {p}"),
    "children-single": ("{s} has {v} children", "{s} is raising {v} children"),
    "none": (
        "{s} is focusing on work after a difficult year", "{s} has been leaning on close friends",
        "{s} is not ready to date again", "{s} and {p} are in couples counselling",
        "{s} moved out of the family home", "{s} and {p} are co-parenting amicably",
        "{s} turned down a reality show offer", "{s} is planning a move abroad",
        "{s} has hired a new publicist", "{s} is writing a memoir about the marriage",
    ),
}  # fmt: skip
FIRST: dict[str, tuple[str, ...]] = {
    "wedding": ("We got married {v}", "I married {pf} {v} and never looked back"),
    "separation": ("We separated {v}", "{pf} and I went our separate ways {v}"),
    "engagement": ("{pf} proposed {v}", "We got engaged {v}"),
    "first-met": ("I first met {pf} {v}", "We met {v} and I knew right away"),
    "divorce-filing": ("I filed for divorce {v}", "I made the decision to file {v}"),
    "age": ("I’m {v} and I’ve never felt better", "Being {v} is the best thing that happened"),
    "residence": ("I live in {v} now", "Moving to {v} was the best decision I made"),
    "children": ("We have {v} children", "{pf} and I are raising {v} children"),
    "children-single": ("I have {v} children", "I am raising {v} children"),
    "none": (
        "I’m focused on my kids and my work", "I’m not ready to date again",
        "Things are really good right now", "I’ve learned to protect my peace",
    ),
}  # fmt: skip
ANON_WRAP = (
    "{F}, {att} said.", "According to {att}, {f}.", "{Att} claimed that {f}.",
    "{Att} revealed that {f}.", "{F}, {att} told {outlet}.",
)  # fmt: skip
OUTLET_WRAP = (
    "{Out} confirmed that {f}.", "According to {Out}, {f}.", "{F}, {Out} reported.",
    "As first reported by {Out}, {f}.",
)  # fmt: skip
QUOTE_WRAP = (
    "“{F},” {s} told {outlet}.", "“{F},” {s} said in an interview.",
    "{s} said it plainly: “{F}.”",
)  # fmt: skip
DATE_SLOTS = ("wedding", "separation", "engagement", "first-met", "divorce-filing")
SLOT_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("none", 25), ("wedding", 10), ("separation", 10), ("engagement", 6), ("first-met", 6),
    ("divorce-filing", 5), ("age", 14), ("residence", 14), ("children", 10),
)  # fmt: skip
ATTRIBUTIONS: tuple[tuple[str, int], ...] = (
    ("anonymous_insider", 45), ("named_outlet", 35), ("direct_quote", 20),
)  # fmt: skip

# The relay cues the templates above write ("told Us Weekly", "According to PEOPLE", "As first
# reported by TMZ"): a citing article whose own outlet is another says it relayed the claim, so the
# source gets that ``via`` (as ``claimtrack check``'s via-suggested would ask).
_RELAY = re.compile(
    r"\b(?:(?P<speech>told)|according to|reported by)\s+(?P<outlet>"
    + "|".join(re.escape(o) for o in sorted(OUTLETS, key=len, reverse=True))
    + r")(?![\w&])",
    re.IGNORECASE,
)
_SPEAKERS = ("anonymous_insider", "direct_quote")
"""The generated attributions whose words can be told to an outlet."""

SENTINEL = "\x01"
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "—": "-", "–": "-"})
_WS = re.compile(r"\s+")
_SLUG = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """The folding claimtrack matches quotes under: quotes, dashes and whitespace."""
    return _WS.sub(" ", text.translate(_FOLD)).strip()


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


# --------------------------------------------------------------------------------------------------
# The plan


@dataclass
class Person:
    key: str
    first: str
    name: str
    aliases: list[str]
    birth: dt.date
    city: str
    children: str
    partner: int | None = None
    couple: int | None = None


@dataclass
class Couple:
    met: dt.date
    engaged: dt.date
    wedding: dt.date
    separated: dt.date | None
    filed: dt.date | None

    def truth(self, slot: str) -> dt.date | None:
        return {
            "wedding": self.wedding, "separation": self.separated, "engagement": self.engaged,
            "first-met": self.met, "divorce-filing": self.filed,
        }[slot]  # fmt: skip


@dataclass
class Sentence:
    tokens: list[str]
    span: tuple[int, int] | None = None
    """Token range of the claim's value, which every quote window covers."""
    fact: tuple[int, int] | None = None
    """(claim, source) this sentence carries."""

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@dataclass
class ArticlePlan:
    index: int
    id: str
    date: dt.date
    dated: bool
    curated: str | None
    outlet: str
    focus: list[int]
    blank_lines: bool
    copy_of: int | None = None
    declare_copy: bool = False
    facts: list[tuple[int, int]] = field(default_factory=list)
    headline: str = ""
    paragraphs: list[list[Sentence]] = field(default_factory=list)
    folded: str = ""


@dataclass
class SourcePlan:
    article: int
    attribution: str
    attributed_to: str
    quote: str = ""
    via: str | None = None
    """The outlet the sentence says the claim was relayed through ("told Us Weekly")."""


@dataclass
class ClaimPlan:
    id: str
    subject: int
    slot: str | None
    when: str | int | None = None
    age: int | None = None
    value: str | None = None
    phrase: str = ""
    """The value as the article words it ("in June 2012", "last month", "42", "Malibu")."""
    involves: list[int] = field(default_factory=list)
    sources: list[SourcePlan] = field(default_factory=list)
    contradicts: list[str] = field(default_factory=list)
    statement: str = ""
    relative: bool = False
    variant: int = 0


@dataclass(frozen=True)
class GeneratedProject:
    """What :func:`generate` wrote, and good arguments for the benchmark's queries."""

    root: str
    claims: int
    articles: int
    sources: int
    subjects: int
    copies: int
    declared_copies: int
    undated: int
    planted_conflicts: int
    contradicts_links: int
    ambiguous_quotes: int
    claims_bytes: int
    articles_bytes: int
    subject_query: str
    """An alias of the subject with the most claims (for ``list --subject``)."""
    text_query: str
    """A word found in many claims (for ``list --text``)."""
    diff_pair: tuple[str, str]
    """A declared copy and its original (for ``diff A B``)."""
    edit_claim: str = ""
    """The id of the claim in the middle of the ledger (the benchmark edits its statement)."""
    edit_article: tuple[str, int, str, str] = ("", 0, "", "")
    """An original article in the middle of the seeds, the byte offset of a word in a sentence that
    carries no claim (away from the quotes where it can be), the word and what the benchmark
    changes it to."""
    layout: str = "file"
    folder_files: tuple[str, ...] = ()
    """The folder layout's files (names in ``data/claims/``), in reading order."""
    folder_bytes: int = 0


def _weighted(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    return rng.choices([name for name, _ in table], [w for _, w in table])[0]


def _random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def _age_at(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _month_diff(truth: dt.date, anchor: dt.date) -> int:
    return (anchor.year - truth.year) * 12 + anchor.month - truth.month


class _Generator:
    def __init__(self, claims: int, articles: int) -> None:
        if claims < 1 or articles < 2:
            raise ValueError("need at least 1 claim and 2 articles")
        self.n_claims = claims
        self.n_articles = articles
        self.rng = random.Random(f"claimtrack-bench/{claims}/{articles}")
        self.people: list[Person] = []
        self.couples: list[Couple] = []
        self.articles: list[ArticlePlan] = []
        self.claims: list[ClaimPlan] = []
        self.by_subject: dict[int, list[int]] = {}
        """Person → originals that focus on them."""
        self.ambiguous = 0
        self.planted = 0
        self.links = 0

    # -- registry ---------------------------------------------------------------------------------

    def make_people(self) -> None:
        rng = self.rng
        count = max(10, self.n_claims // 20)
        surnames = [h + m + t for h in SURNAME_HEADS for m in SURNAME_MIDS for t in SURNAME_TAILS]
        surnames = list(dict.fromkeys(surnames))
        rng.shuffle(surnames)
        while len(surnames) < count:  # beyond ~9,600 people: double-barrelled names
            surnames.append(f"{rng.choice(surnames)}-{rng.choice(surnames)}")
            surnames = list(dict.fromkeys(surnames))
        taken: set[str] = set()
        for i in range(count):
            first = rng.choice(FIRST_NAMES)
            last = surnames[i]
            if rng.random() < 0.04:
                last = "O’" + last
            name = f"{first} {last}"
            key = slug(f"{first}-{last}")
            aliases = [last]
            nickname = f"{first} {last[0]}."
            if rng.random() < 0.35 and nickname.casefold() not in taken:
                aliases.append(nickname)
            for alias in (name, *aliases):
                taken.add(alias.casefold())
            self.people.append(
                Person(
                    key=key, first=first, name=name, aliases=aliases,
                    birth=_random_day(rng, dt.date(1965, 1, 1), dt.date(2000, 12, 31)),
                    city=rng.choice(CITIES),
                    children=rng.choice(("no", "one", "two", "two", "three", "four")),
                )
            )  # fmt: skip
        order = list(range(count))
        rng.shuffle(order)
        for a, b in zip(order[0::2], order[1::2], strict=False):
            met = _random_day(rng, dt.date(2000, 1, 1), dt.date(2016, 12, 31))
            engaged = met + dt.timedelta(days=rng.randrange(180, 1100))
            wedding = engaged + dt.timedelta(days=rng.randrange(90, 550))
            separated = filed = None
            if rng.random() < 0.6:
                separated = min(
                    wedding + dt.timedelta(days=rng.randrange(365, 3650)), dt.date(2024, 10, 31)
                )
                if rng.random() < 0.7:
                    filed = separated + dt.timedelta(days=rng.randrange(30, 240))
            self.couples.append(Couple(met, engaged, wedding, separated, filed))
            for me, other in ((a, b), (b, a)):
                self.people[me].partner = other
                self.people[me].couple = len(self.couples) - 1
            # A couple shares a home and children.
            self.people[b].city = self.people[a].city
            self.people[b].children = self.people[a].children

    # -- articles ---------------------------------------------------------------------------------

    def make_articles(self) -> None:
        rng = self.rng
        n = self.n_articles
        width = max(3, len(str(n - 1)))
        copies = max(1, round(n * 0.05))
        copy_indices = sorted(rng.sample(range(n // 10 + 1, n), min(copies, n - n // 10 - 1)))
        is_copy = set(copy_indices)
        people = len(self.people)
        for i in range(n):
            date = _random_day(rng, dt.date(2016, 1, 1), dt.date(2024, 12, 31))
            dated = rng.random() >= 0.10
            curated = None
            if not dated:
                curated = date.isoformat() if rng.random() < 0.7 else date.isoformat()[:7]
            main = rng.randrange(people)
            focus = [main]
            partner = self.people[main].partner
            if partner is not None and rng.random() < 0.7:
                focus.append(partner)
            if rng.random() < 0.3:
                focus.append(rng.randrange(people))
            focus = list(dict.fromkeys(focus))
            plan = ArticlePlan(
                index=i, id=f"{i:0{width}d}_{rng.getrandbits(64):016x}.txt", date=date,
                dated=dated, curated=curated, outlet=rng.choice(OUTLETS), focus=focus,
                blank_lines=rng.random() < 0.5,
            )  # fmt: skip
            if i in is_copy:
                original = rng.randrange(i)
                while original in is_copy:
                    original = rng.randrange(i)
                source = self.articles[original]
                plan.copy_of = original
                plan.declare_copy = rng.random() < 0.5
                plan.focus = list(source.focus)
                plan.date = source.date + dt.timedelta(days=rng.randrange(1, 10))
                plan.dated = source.dated or rng.random() < 0.5
                plan.curated = None if plan.dated else plan.date.isoformat()
            else:
                for person in focus:
                    self.by_subject.setdefault(person, []).append(i)
            self.articles.append(plan)

    def originals(self) -> list[int]:
        return [a.index for a in self.articles if a.copy_of is None]

    # -- claims -----------------------------------------------------------------------------------

    def _date_phrase(self, truth: dt.date, article: ArticlePlan, allow_relative: bool) -> tuple[
        str | int, str, bool
    ]:
        """(``when`` as written in the YAML, the article's words, relative?)."""
        rng = self.rng
        if allow_relative and article.dated and truth < article.date and rng.random() < 0.35:
            d = _month_diff(truth, article.date)
            month = MONTH_NAMES[truth.month - 1]
            options: list[str] = []
            if d == 1:
                options.append("last month")
            if 2 <= d <= 12:
                options.append(f"{NUMBER_WORDS[d]} months ago")
            if 1 <= d <= 11:
                options.append(f"this past {month}")
            if 1 <= d <= 12:
                options.append(f"last {month}")
            if (article.date - truth).days > 400:
                options.append("over a year ago")
            if truth.year == article.date.year - 1:
                options.append("last year")
            if options:
                phrase = rng.choice(options)
                return phrase, phrase, True
        month = MONTH_NAMES[truth.month - 1]
        form = rng.random()
        if form < 0.35:
            year: str | int = truth.year if rng.random() < 0.5 else str(truth.year)
            return year, f"in {truth.year}", False
        if form < 0.6:
            return truth.isoformat()[:7], f"in {month} {truth.year}", False
        if form < 0.8:
            return f"{month} {truth.year}", f"in {month} {truth.year}", False
        return truth.isoformat(), f"on {month} {truth.day}, {truth.year}", False

    def _slot_for(self, person: Person, article: ArticlePlan) -> str:
        while True:
            slot = _weighted(self.rng, SLOT_WEIGHTS)
            if slot in DATE_SLOTS:
                if person.couple is None:
                    continue
                truth = self.couples[person.couple].truth(slot)
                if truth is None or truth > article.date:
                    continue
            return slot

    def make_claims(self) -> None:
        rng = self.rng
        originals = self.originals()
        order: list[int] = []
        counters: dict[int, int] = {}
        for i in range(self.n_claims):
            if not order:
                order = list(originals)
                rng.shuffle(order)
            primary = self.articles[order.pop()]
            subject = rng.choice(primary.focus)
            person = self.people[subject]
            slot = self._slot_for(person, primary)
            counters[subject] = counters.get(subject, 0) + 1
            claim = ClaimPlan(
                id=f"{person.key}-{'note' if slot == 'none' else slot}-{counters[subject]}",
                subject=subject, slot=None if slot == "none" else slot,
                variant=rng.randrange(1000),
            )  # fmt: skip
            if person.partner is not None and (
                slot in DATE_SLOTS or slot == "children" or (slot == "none" and rng.random() < 0.3)
            ):
                claim.involves = [person.partner]
            wanted = rng.choices((1, 2, 3), (55, 30, 15))[0]
            if slot in DATE_SLOTS:
                assert person.couple is not None
                truth = self.couples[person.couple].truth(slot)
                assert truth is not None
                claim.when, claim.phrase, claim.relative = self._date_phrase(truth, primary, True)
            elif slot == "age":
                claim.age = _age_at(person.birth, primary.date)
                claim.phrase = str(claim.age)
            elif slot == "residence":
                claim.value = claim.phrase = person.city
            elif slot == "children":
                claim.value = claim.phrase = person.children
            sources = [primary.index]
            if not claim.relative:
                pool = self.by_subject.get(subject, [])
                tries = 0
                while len(sources) < wanted and tries < 8:
                    tries += 1
                    other = self.articles[
                        rng.choice(pool) if pool and rng.random() < 0.8 else rng.choice(originals)
                    ]
                    if other.index in sources:
                        continue
                    if claim.age is not None and _age_at(person.birth, other.date) != claim.age:
                        continue
                    if slot in DATE_SLOTS:
                        assert person.couple is not None
                        truth = self.couples[person.couple].truth(slot)
                        if truth is None or truth > other.date:
                            continue
                    sources.append(other.index)
            for article in sources:
                self._add_source(i, claim, article)
            self.claims.append(claim)

    def _add_source(self, claim_index: int, claim: ClaimPlan, article: int) -> None:
        rng = self.rng
        attribution = _weighted(rng, ATTRIBUTIONS)
        plan = self.articles[article]
        if attribution == "direct_quote":
            who = self.people[claim.subject].name
        elif attribution == "named_outlet":
            who = plan.outlet if rng.random() < 0.6 else rng.choice(OUTLETS)
        else:
            who = rng.choice(INSIDERS)
        plan.facts.append((claim_index, len(claim.sources)))
        claim.sources.append(SourcePlan(article, attribution, who))

    def plant_conflicts(self) -> None:
        """Make ~1 % of claims disagree with their group, and link ~0.5 % with ``contradicts``."""
        rng = self.rng
        groups: dict[tuple[int, str], list[int]] = {}
        notes: dict[int, list[int]] = {}
        for i, claim in enumerate(self.claims):
            if claim.slot is not None:
                groups.setdefault((claim.subject, claim.slot), []).append(i)
            notes.setdefault(claim.subject, []).append(i)
        candidates = [members for members in groups.values() if len(members) >= 2]
        rng.shuffle(candidates)
        for members in candidates[: max(1, self.n_claims // 100)]:
            claim = self.claims[rng.choice(members)]
            person = self.people[claim.subject]
            if claim.slot in DATE_SLOTS:
                assert person.couple is not None
                truth = self.couples[person.couple].truth(claim.slot)
                assert truth is not None
                wrong = truth.year + rng.choice((-4, -3, -2, 2, 3, 4))
                claim.when, claim.phrase, claim.relative = str(wrong), f"in {wrong}", False
            elif claim.slot == "age":
                assert claim.age is not None
                claim.age = max(1, claim.age + rng.choice((-6, -5, 5, 6)))
                claim.phrase = str(claim.age)
            elif claim.slot == "residence":
                claim.value = claim.phrase = rng.choice([c for c in CITIES if c != person.city])
            else:
                claim.value = claim.phrase = rng.choice(
                    [c for c in ("no", "one", "two", "three", "four") if c != person.children]
                )
            self.planted += 1
        subjects = [s for s, members in notes.items() if len(members) >= 2]
        for _ in range(max(1, self.n_claims // 200)):
            if not subjects:
                break
            members = notes[rng.choice(subjects)]
            a, b = rng.sample(members, 2)
            if self.claims[b].id not in self.claims[a].contradicts:
                self.claims[a].contradicts.append(self.claims[b].id)
                self.links += 1

    # -- text -------------------------------------------------------------------------------------

    def _fill(self, template: str, plan: ArticlePlan, **extra: str) -> str:
        rng = self.rng
        s = self.people[plan.focus[0]].name
        other = plan.focus[1] if len(plan.focus) > 1 else self.people[plan.focus[0]].partner
        p = self.people[other].name if other is not None else rng.choice(FIRST_NAMES) + " Doe"
        venue = rng.choice(VENUES)
        values = {
            "S": s, "P": p, "city": rng.choice(CITIES), "venue": venue,
            "Venue": venue.split(" ", 1)[1].title(), "weekday": rng.choice(WEEKDAYS),
            "colour": rng.choice(COLOURS), "garment": rng.choice(GARMENTS),
            "adj": rng.choice(ADJECTIVES), "phrase": rng.choice(PHRASES),
            "project": rng.choice(PROJECTS), "season": rng.choice(SEASONS),
            "outlet": plan.outlet,
        }  # fmt: skip
        values.update(extra)
        values["activity"] = rng.choice(ACTIVITIES).format(**values)
        return template.format(**values)

    def _fact_sentence(self, claim: ClaimPlan, source: SourcePlan, plan: ArticlePlan) -> Sentence:
        rng = self.rng
        person = self.people[claim.subject]
        partner = self.people[person.partner] if person.partner is not None else None
        slot = claim.slot or "none"
        if slot == "children" and partner is None:
            slot = "children-single"
        activity = rng.choice(ACTIVITIES).format(
            venue=rng.choice(VENUES), city=rng.choice(CITIES)
        )
        fields = {
            "s": person.name, "p": partner.name if partner else "a former partner",
            "pf": partner.first if partner else "my partner", "v": SENTINEL,
            "activity": activity,
        }  # fmt: skip
        if source.attribution == "direct_quote":
            inner = rng.choice(FIRST[slot]).format(**fields)
            sentence = rng.choice(QUOTE_WRAP).format(
                F=inner, s=person.name, outlet=rng.choice(OUTLETS)
            )
        else:
            inner = rng.choice(THIRD[slot]).format(**fields)
            upper = inner[0].upper() + inner[1:]
            if source.attribution == "named_outlet":
                sentence = rng.choice(OUTLET_WRAP).format(
                    F=upper, f=inner, Out=source.attributed_to
                )
            else:
                att = source.attributed_to
                sentence = rng.choice(ANON_WRAP).format(
                    F=upper, f=inner, att=att, Att=att[0].upper() + att[1:], outlet=plan.outlet
                )
        tokens = sentence.split(" ")
        span: tuple[int, int] | None = None
        for k, token in enumerate(tokens):
            if SENTINEL in token:
                before, after = token.split(SENTINEL)
                words = claim.phrase.split(" ")
                words[0] = before + words[0]
                words[-1] = words[-1] + after
                tokens[k : k + 1] = words
                span = (k, k + len(words))
                break
        return Sentence(tokens, span)

    def render_original(self, plan: ArticlePlan) -> None:
        rng = self.rng
        facts: list[Sentence] = []
        seen: set[str] = set()
        for claim_index, source_index in plan.facts:
            claim = self.claims[claim_index]
            for _ in range(20):  # two claims worded alike would make both quotes ambiguous
                sentence = self._fact_sentence(claim, claim.sources[source_index], plan)
                if sentence.text not in seen:
                    break
            seen.add(sentence.text)
            sentence.fact = (claim_index, source_index)
            facts.append(sentence)
        target = rng.randrange(2000, 4000)
        size = sum(len(s.text) + 1 for s in facts)
        filler: list[Sentence] = []
        while size < target:
            text = self._fill(rng.choice(FILLER), plan)
            filler.append(Sentence(text.split(" ")))
            size += len(text) + 1
        sentences = facts + filler
        rng.shuffle(sentences)
        paragraphs: list[list[Sentence]] = []
        while sentences:
            take = rng.randint(1, 4)
            paragraphs.append(sentences[:take])
            sentences = sentences[take:]
        plan.paragraphs = paragraphs
        plan.headline = self._fill(rng.choice(HEADLINES), plan)

    def render_copy(self, plan: ArticlePlan) -> None:
        """A shortened rewrite: drop filler and some facts, swap words, new headline; cite it as a
        further source of some of the claims it repeats (at least one)."""
        rng = self.rng
        assert plan.copy_of is not None
        source = self.articles[plan.copy_of]

        def citable(fact: tuple[int, int]) -> bool:
            claim = self.claims[fact[0]]
            birth = self.people[claim.subject].birth
            return not claim.relative and (claim.age is None or _age_at(birth, plan.date) == claim.age)

        paragraphs: list[list[Sentence]] = []
        for attempt in range(2):  # the second time, keep every fact (none was citable)
            paragraphs = []
            for paragraph in source.paragraphs:
                kept: list[Sentence] = []
                for sentence in paragraph:
                    drop = 0.4 if sentence.fact is None else (0.25 if attempt == 0 else 0.0)
                    if rng.random() < drop:
                        continue
                    tokens = list(sentence.tokens)
                    for k, token in enumerate(tokens):
                        if sentence.span and sentence.span[0] <= k < sentence.span[1]:
                            continue
                        core = token.strip(",.;:“”’‘!?")
                        if core in REWORD and rng.random() < 0.7:
                            tokens[k] = token.replace(core, REWORD[core], 1)
                    kept.append(Sentence(tokens, sentence.span, sentence.fact))
                if kept:
                    paragraphs.append(kept)
            if any(s.fact is not None and citable(s.fact) for p in paragraphs for s in p):
                break
        plan.paragraphs = paragraphs
        plan.headline = self._fill(rng.choice(HEADLINES), plan)

        candidates = [
            (s, s.fact) for p in paragraphs for s in p if s.fact is not None and citable(s.fact)
        ]
        chosen = [
            s for s, fact in candidates
            if len(self.claims[fact[0]].sources) < 3 and rng.random() < 0.7
        ]  # fmt: skip
        if not chosen and candidates:
            chosen = [candidates[0][0]]
        cited = {id(s) for s in chosen}
        for paragraph in paragraphs:
            for sentence in paragraph:
                fact = sentence.fact
                sentence.fact = None
                if fact is None or id(sentence) not in cited:
                    continue
                claim = self.claims[fact[0]]
                original = claim.sources[fact[1]]
                sentence.fact = (fact[0], len(claim.sources))
                plan.facts.append(sentence.fact)
                claim.sources.append(
                    SourcePlan(plan.index, original.attribution, original.attributed_to)
                )

    def text_of(self, plan: ArticlePlan) -> str:
        body = [" ".join(s.text for s in paragraph) for paragraph in plan.paragraphs]
        first = f" date {plan.date.isoformat()} {plan.headline}" if plan.dated else plan.headline
        separator = "\n\n" if plan.blank_lines else "\n"
        return first + separator + separator.join(body) + "\n"

    def pick_quotes(self, plan: ArticlePlan) -> None:
        rng = self.rng
        folded = plan.folded
        for paragraph in plan.paragraphs:
            for sentence in paragraph:
                if sentence.fact is None:
                    continue
                claim_index, source_index = sentence.fact
                source = self.claims[claim_index].sources[source_index]
                if source.article != plan.index:
                    continue
                source.quote = self._window(sentence, folded, rng.randint(4, 12))
                source.via = _relayed_via(sentence.text, source.attribution, plan.outlet)

    def _window(self, sentence: Sentence, folded: str, length: int) -> str:
        tokens = sentence.tokens
        n = len(tokens)
        if sentence.span is not None:
            a, b = sentence.span
        else:
            a = self.rng.randrange(n)
            b = a + 1
        best = ""
        for size in range(min(max(length, b - a), n), n + 1):
            low, high = max(0, b - size), min(a, n - size)
            start = self.rng.randint(low, max(low, high))
            quote = " ".join(tokens[start : start + size]).strip(",;:“”\"")
            if quote.endswith(".") and not quote.endswith(".."):
                quote = quote[:-1]
            if len(quote.split()) < 4 and size < n:
                continue
            best = quote
            needle = fold(quote)
            first = folded.find(needle)
            if first != -1 and folded.find(needle, first + 1) == -1:
                return quote
        self.ambiguous += 1
        return best

    # -- output -----------------------------------------------------------------------------------

    def statement(self, claim: ClaimPlan) -> str:
        person = self.people[claim.subject]
        partner = self.people[person.partner].name if person.partner is not None else "a partner"
        slot = claim.slot or "none"
        if slot == "children" and person.partner is None:
            slot = "children-single"
        if slot == "age":
            return f"{person.name} was {claim.age} at the time of the article."
        template = THIRD[slot][claim.variant % len(THIRD[slot])]
        if slot == "none":
            template = THIRD["none"][claim.variant % len(THIRD["none"])]
        text = template.format(s=person.name, p=partner, v=claim.phrase, activity="")
        return text[0].upper() + text[1:].rstrip(", ") + "."

    def write_yaml(self, out: TextIO) -> None:
        """The whole ledger in one file: the registries, then every claim."""
        self._write_header(out, "")
        self._write_registries(out)
        self._write_claims(out, self.claims)

    def write_folder(self, folder: Path) -> list[Path]:
        """The same ledger split across files, read in name order: ``00-registry.yaml`` (articles
        and subjects), then ``articles-LO-HI.yaml`` with the claims whose first source is one of
        articles LO..HI (:data:`FOLDER_ARTICLES` a file), in the single file's order."""
        folder.mkdir(parents=True, exist_ok=True)
        for old in sorted(folder.glob("*.yaml")):
            old.unlink()
        written = [folder / "00-registry.yaml"]
        with _text_out(written[0]) as out:
            self._write_header(out, " (registries)")
            self._write_registries(out)
        groups: dict[int, list[ClaimPlan]] = {}
        for claim in self.claims:
            groups.setdefault(claim.sources[0].article // FOLDER_ARTICLES, []).append(claim)
        width = max(3, len(str(self.n_articles - 1)))
        for group in sorted(groups):
            low = group * FOLDER_ARTICLES
            high = min(low + FOLDER_ARTICLES, self.n_articles) - 1
            path = folder / f"articles-{low:0{width}d}-{high:0{width}d}.yaml"
            with _text_out(path) as out:
                self._write_header(out, f" (claims first cited in articles {low}-{high})")
                self._write_claims(out, groups[group])
            written.append(path)
        return written

    def _write_header(self, out: TextIO, part: str) -> None:
        out.write(
            f"# Synthetic claimtrack project{part}: {len(self.claims)} claims over "
            f"{len(self.articles)} articles.\n# Generated by bench/generate.py; do not edit.\n"
            "version: 1\n"
        )

    def _write_registries(self, out: TextIO) -> None:
        w = out.write
        w("articles:\n")
        for plan in self.articles:
            w(f"  {q(plan.id)}:\n    outlet: {q(plan.outlet)}\n")
            if not plan.dated:
                assert plan.curated is not None
                w(f"    date: {q(plan.curated)}\n")
                w(f"    date_basis: {q('publication date shown on the outlet’s page')}\n")
            if plan.copy_of is not None and plan.declare_copy:
                w(f"    copy_of: {q(self.articles[plan.copy_of].id)}\n")
        w("subjects:\n")
        for person in self.people:
            w(f"  {person.key}:\n    name: {q(person.name)}\n    aliases:\n")
            for alias in person.aliases:
                w(f"      - {q(alias)}\n")

    def _write_claims(self, out: TextIO, claims: Sequence[ClaimPlan]) -> None:
        w = out.write
        w("claims:\n")
        for claim in claims:
            w(f"  - id: {claim.id}\n    subject: {self.people[claim.subject].key}\n")
            if claim.involves:
                w("    involves: [" + ", ".join(self.people[p].key for p in claim.involves) + "]\n")
            w(f"    statement: {q(self.statement(claim))}\n")
            if claim.slot is not None:
                w(f"    slot: {claim.slot}\n")
            if claim.when is not None:
                when = claim.when
                w(f"    when: {when if isinstance(when, int) else q(when)}\n")
            elif claim.age is not None:
                w(f"    age: {claim.age}\n")
            elif claim.value is not None:
                w(f"    value: {q(claim.value)}\n")
            w("    sources:\n")
            for source in claim.sources:
                w(
                    f"      - article: {q(self.articles[source.article].id)}\n"
                    f"        attribution: {source.attribution}\n"
                    f"        attributed_to: {q(source.attributed_to)}\n"
                    + (f"        via: {q(source.via)}\n" if source.via else "")
                    + f"        quote: {q(source.quote)}\n"
                )
            if claim.contradicts:
                w("    contradicts:\n")
                for other in claim.contradicts:
                    w(f"      - {other}\n")


def _relayed_via(sentence: str, attribution: str, own_outlet: str) -> str | None:
    """The outlet ``sentence`` says the claim came through, if not the article's own."""
    for m in _RELAY.finditer(sentence):
        if m["speech"] is not None and attribution not in _SPEAKERS:
            continue
        outlet = next(o for o in OUTLETS if o.casefold() == m["outlet"].casefold())
        if outlet.casefold() != own_outlet.casefold():
            return outlet
    return None


@contextlib.contextmanager
def _text_out(path: Path) -> Iterator[TextIO]:
    with path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        yield out


def _word_to_edit(g: _Generator, plan: ArticlePlan, text: str) -> tuple[str, int, str, str]:
    """A word of ``plan``'s ``text`` in a sentence that carries no claim, preferably one whose
    neighbours carry none either, so that changing it moves no quote."""
    sentences = [s for paragraph in plan.paragraphs for s in paragraph]
    plain = [k for k, s in enumerate(sentences) if s.fact is None]
    if not plain:
        return ("", 0, "", "")
    far = [
        k for k in plain
        if all(sentences[j].fact is None for j in (k - 1, k + 1) if 0 <= j < len(sentences))
    ]  # fmt: skip
    chosen = sentences[(far or plain)[len(far or plain) // 2]]
    start = text.find(chosen.text, text.find("\n"))
    word = max(
        (t for t in chosen.tokens if t.isascii() and t.isalpha() and t != t[::-1]),
        key=len, default="",
    )  # fmt: skip
    if start < 0 or not word:
        return ("", 0, "", "")
    at = start + re.search(rf"\b{word}\b", chosen.text).start()  # type: ignore[union-attr]
    return (plan.id, len(text[:at].encode("utf-8")), word, word[::-1])


def generate(root: Path, claims: int, articles: int, layout: str = "file") -> GeneratedProject:
    """Write ``root/seeds/*.txt`` and ``root/data/claims.yaml`` (``layout="folder"``: the same
    ledger as ``root/data/claims/*.yaml``; ``"both"``: both); the same sizes give the same bytes.

    Existing ``*.txt`` files in ``root/seeds`` are removed first.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    g = _Generator(claims, articles)
    g.make_people()
    g.make_articles()
    g.make_claims()
    g.plant_conflicts()
    for plan in g.articles:
        if plan.copy_of is None:
            g.render_original(plan)
    for plan in g.articles:
        if plan.copy_of is not None:
            g.render_copy(plan)

    seeds = root / "seeds"
    data = root / "data"
    seeds.mkdir(parents=True, exist_ok=True)
    data.mkdir(parents=True, exist_ok=True)
    for old in sorted(seeds.glob("*.txt")):
        old.unlink()
    articles_bytes = 0
    middle = next(
        (p.index for p in g.articles[len(g.articles) // 2 :] if p.copy_of is None),
        g.originals()[0],
    )  # fmt: skip
    edit_article = ("", 0, "", "")
    for plan in g.articles:
        text = g.text_of(plan)
        plan.folded = fold(text)
        g.pick_quotes(plan)
        raw = text.encode("utf-8")
        articles_bytes += len(raw)
        (seeds / plan.id).write_bytes(raw)
        if plan.index == middle:
            edit_article = _word_to_edit(g, plan, text)
    claims_path = data / "claims.yaml"
    claims_bytes = 0
    if layout in ("file", "both"):
        with _text_out(claims_path) as out:
            g.write_yaml(out)
        claims_bytes = claims_path.stat().st_size
    folder_files: list[Path] = []
    if layout in ("folder", "both"):
        folder_files = g.write_folder(data / "claims")

    counts: dict[int, int] = {}
    for claim in g.claims:
        counts[claim.subject] = counts.get(claim.subject, 0) + 1
    top = max(counts, key=lambda s: (counts[s], -s))
    declared = [p for p in g.articles if p.copy_of is not None and p.declare_copy]
    pair_source = declared[0] if declared else next(p for p in g.articles if p.copy_of is not None)
    assert pair_source.copy_of is not None
    return GeneratedProject(
        root=str(root),
        claims=len(g.claims),
        articles=len(g.articles),
        sources=sum(len(c.sources) for c in g.claims),
        subjects=len(g.people),
        copies=sum(1 for p in g.articles if p.copy_of is not None),
        declared_copies=len(declared),
        undated=sum(1 for p in g.articles if not p.dated),
        planted_conflicts=g.planted,
        contradicts_links=g.links,
        ambiguous_quotes=g.ambiguous,
        claims_bytes=claims_bytes,
        articles_bytes=articles_bytes,
        subject_query=g.people[top].aliases[0],
        text_query="married",
        diff_pair=(g.articles[pair_source.copy_of].id, pair_source.id),
        edit_claim=g.claims[len(g.claims) // 2].id,
        edit_article=edit_article,
        layout=layout,
        folder_files=tuple(path.name for path in folder_files),
        folder_bytes=sum(path.stat().st_size for path in folder_files),
    )


# A duplicate-heavy ledger: many curators writing the same few facts (issue 16).
_DUPLICATE_SLOTS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    # slot, field, the values curators write (in turn), the sentence that carries it
    ("wedding", "when", ("2011", "2012"), "the wedding took place in {}"),
    ("separation", "when", ("August 2023", "2023-08", "July 2023"), "they separated in {}"),
    ("house-price", "value", ("$60 million", "more than $60 million", "$60,850,000"),
     "the house sold for {}"),
    ("settlement", "value", ("$20 million", "$20.5 million", "$35 million"),
     "the settlement came to {}"),
    ("children", "value", ("two children", "2", "3"), "the couple have {}"),
)  # fmt: skip


def generate_duplicates(root: Path, claims: int) -> GeneratedProject:
    """A ledger in which many claims state the same few values of a few slots about one couple,
    filed under either partner, as several curators would write it: every slot is one dispute
    whose size grows with its claims (``claims / 5`` each), never with their pairs.

    Each article carries 20 sentences, one per claim, each unique in its article (a serial
    number); claims alternate between the two partners (with the other in ``involves``), and
    cycle through the values of their slot.
    """
    per_article = 20
    articles = max(1, -(-claims // per_article))
    seeds, data = root / "seeds", root / "data"
    seeds.mkdir(parents=True, exist_ok=True)
    data.mkdir(parents=True, exist_ok=True)
    for old in sorted(seeds.glob("*.txt")):
        old.unlink()
    start = dt.date(2024, 1, 1)
    lines: dict[int, list[str]] = {}
    out = [
        "version: 1",
        "subjects:",
        '  ana-reyes: {name: "Ana Reyes", aliases: ["Reyes"]}',
        '  ben-cole: {name: "Ben Cole", aliases: ["Cole"]}',
        "claims:",
    ]
    for index in range(claims):
        article, serial = divmod(index, per_article)
        slot, field, choices, template = _DUPLICATE_SLOTS[index % len(_DUPLICATE_SLOTS)]
        value = choices[(index // len(_DUPLICATE_SLOTS)) % len(choices)]
        sentence = f"Source {serial + 1} said {template.format(value)}."
        lines.setdefault(article, []).append(sentence)
        subject, other = ("ana-reyes", "ben-cole") if index % 2 else ("ben-cole", "ana-reyes")
        out += [
            f"  - id: c{index}",
            f"    subject: {subject}",
            f"    involves: [{other}]",
            f"    statement: {q(sentence)}",
            f"    slot: {slot}",
            f"    {field}: {q(value)}",
            "    sources:",
            f"      - article: a{article:06d}.txt",
            "        attribution: anonymous_insider",
            f"        attributed_to: {q(f'source {serial + 1}')}",
            f"        quote: {q(sentence[:-1])}",
        ]
    articles_bytes = 0
    for article in range(articles):
        day = start + dt.timedelta(days=article % 365)
        text = f" date {day.isoformat()} The Couple, Again\n" + "\n".join(lines.get(article, []))
        raw = (text + "\n").encode("utf-8")
        articles_bytes += len(raw)
        (seeds / f"a{article:06d}.txt").write_bytes(raw)
    claims_path = data / "claims.yaml"
    claims_path.write_text("\n".join(out) + "\n", encoding="utf-8", newline="\n")
    return GeneratedProject(
        root=str(root), claims=claims, articles=articles, sources=claims, subjects=2, copies=0,
        declared_copies=0, undated=0, planted_conflicts=len(_DUPLICATE_SLOTS), contradicts_links=0,
        ambiguous_quotes=0, claims_bytes=claims_path.stat().st_size,
        articles_bytes=articles_bytes, subject_query="Reyes", text_query="settlement",
        diff_pair=("a000000.txt", f"a{min(1, articles - 1):06d}.txt"),
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="project folder to write (seeds/, data/)")
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=None, help="default: claims / 10")
    parser.add_argument(
        "--duplicates", action="store_true",
        help="a duplicate-heavy ledger: many claims per slot about one couple",
    )  # fmt: skip
    parser.add_argument(
        "--layout", choices=LAYOUTS, default="file",
        help="file: data/claims.yaml; folder: the same ledger as data/claims/*.yaml, registries in "
        f"00-registry.yaml and the claims of every {FOLDER_ARTICLES} articles in a file; both",
    )  # fmt: skip
    args = parser.parse_args(argv)
    articles = args.articles or max(2, args.claims // 10)
    if args.duplicates:
        if args.layout != "file":
            parser.error("--layout applies to the regular ledger, not --duplicates")
        project = generate_duplicates(args.root, args.claims)
    else:
        project = generate(args.root, args.claims, articles, args.layout)
    json.dump(project.__dict__, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
