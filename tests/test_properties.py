"""Properties that hold for any input: parsers and checks answer with problems, never exceptions.

- the article parser raises nothing but :class:`ArticleError`, whatever the bytes;
- the claims loader and ``check_project`` never raise on arbitrary text, bytes or YAML structures:
  they return problems, each inside the file, and a file that did not load has an error;
- quote folding is idempotent, normalisation folds like :func:`fold`, and its offsets map back;
- text made printable carries no control or escape character;
- every date phrase of the grammar resolves to a well-formed interval (or a DateParseError).

Example counts are modest so that the suite stays fast; the bad-input corpus covers the hostile
cases that need files, sizes and permissions.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack import cache
from claimtrack.articles import ArticleError, finish_article, parse_article_bytes, prepare_article
from claimtrack.checks import LOADER_CODES, RULES, check_project
from claimtrack.dates import (
    _ABSOLUTE,
    _RELATIVE,
    PRECISIONS,
    DateParseError,
    Interval,
    day,
    resolve_when,
)
from claimtrack.loader import MAX_PROBLEMS, Positions, iter_paths, load_claims, parse_claims_text
from claimtrack.problems import Problem
from claimtrack.render.problems import problems_text
from claimtrack.text import fold, nfc, normalise, one_line, printable

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CODES = {code for code, _ in LOADER_CODES} | {rule.code for rule in RULES} | {"too-many-problems"}
ARTICLE_CODES = {"article-empty", "article-binary"}
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never reach a terminal: C0 and C1 controls but tab and newline, DEL, bidi overrides."""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One project folder for a whole test: each example rewrites its claims file."""
    root = tmp_path_factory.mktemp("prop")
    (root / "data").mkdir()
    (root / "seeds").mkdir()
    (root / "seeds" / "a.txt").write_text(
        " date 2024-03-08 Couple Splits After Eleven Years\n"
        "Pat Smith and Lee Jones separated eight months ago, a source said.\n"
        "\u201cIt was a hard year,\u201d Pat Smith told the Daily Planet.\n",
        encoding="utf-8",
    )
    (root / "seeds" / "b.txt").write_text(
        "Pat Smith, 42, married Lee Jones in 2011, according to insiders.\n", encoding="utf-8"
    )
    cache.disable()  # every example is new content: the cache would only fill a folder
    yield root
    cache.disable(False)


# --- articles -------------------------------------------------------------------------------------

_ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]


@st.composite
def article_bytes(draw: st.DrawFn) -> bytes:
    """Text-like bytes in the encodings and line ends that real corpora use, or raw bytes."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=600))
    text = draw(st.text(max_size=400))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    encoding = draw(st.sampled_from(_ENCODINGS))
    return text.encode(encoding, errors="replace")


@SETTINGS
@given(
    st.sampled_from(["", " date 2024-01-02", "date 2024-13-45 ", " date 2024-01-02\n", "\ufeff"]),
    st.text(alphabet=" \t\n\r\u00a0\u2028\x0b\x0cab.", max_size=12),
)
def test_prepared_articles_always_finish(prefix: str, rest: str) -> None:
    """The loader checks articles with prepare_article and parses them whole only on use: every
    file it accepts must parse, or a later command would fail where check said all was well."""
    data = (prefix + rest).encode("utf-8")
    try:
        prepared = prepare_article(data, Path("p.txt"))
    except ArticleError as exc:
        assert exc.code in ARTICLE_CODES
        return
    article = finish_article(prepared)
    assert article.paragraphs or article.headline is not None
    assert article == parse_article_bytes(data, Path("p.txt"))


@SETTINGS
@given(article_bytes())
def test_article_parser_raises_only_article_error(data: bytes) -> None:
    try:
        article = parse_article_bytes(data, Path("prop.txt"))
    except ArticleError as exc:
        assert exc.code in ARTICLE_CODES
        return
    assert "\r" not in article.text
    for para in article.paragraphs:
        assert article.text[para.start : para.end] == para.text
        assert 1 <= para.line <= article.text.count("\n") + 1


# --- the claims file ------------------------------------------------------------------------------


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""Line breaks as YAML (and editors) count them: a lone CR is one too."""


def assert_sane(problems: list[Problem], text: str, display: str) -> None:
    lines = len(_LINE_BREAK.split(text))
    assert len(problems) <= 2 * MAX_PROBLEMS + 2
    for problem in problems:
        assert problem.code in CODES, problem
        assert problem.severity in ("error", "warning")
        if problem.path == display:
            assert 0 <= problem.line <= lines + 1, (problem, lines)
        assert problem.column >= 0
        assert problem.message
    # Rendered, each problem is one line (and its hint one more), with nothing a terminal obeys.
    rendered = problems_text(problems, "summary")
    hints = sum(1 for problem in problems if problem.hint)
    assert rendered.count("\n") == len(problems) + hints + 1
    assert not _UNSAFE.search(rendered)


def load_text(project: Path, raw: bytes) -> None:
    path = project / "data" / "claims.yaml"
    path.write_bytes(raw)
    result = load_claims(path, "claims.yaml")
    text = raw.decode("utf-8", errors="replace")
    assert_sane(result.problems, text, "claims.yaml")
    if result.claims is None:
        assert any(p.severity == "error" for p in result.problems)


# Fragments of real claims files, so that generated text gets past the first line of YAML.
_YAML_PIECES = st.sampled_from(
    [
        "claims:\n", "subjects:\n", "articles:\n", "  - id: one\n", "    subject: pat\n",
        "    sources:\n", "      - article: a.txt\n", "        quote: separated\n", "  pat:\n",
        "    name: Pat\n", "- ", "  ", "\t", ": ", ":", "'", '"', "[", "]", "{", "}", ",", "&a ",
        "*a", "!!python/object:os.system ", "!tag ", "---\n", "...\n", "# note\n", "? ", "|\n",
        ">\n", "\\", "\\e", "\x1b", "\u00e9", "\ufeff", "2024-01-05", "yes", "~", "\n", "\r\n",
    ]
)  # fmt: skip


@SETTINGS
@given(st.text(max_size=300))
def test_loader_never_raises_on_text(project: Path, text: str) -> None:
    load_text(project, text.encode("utf-8", errors="surrogatepass"))


@SETTINGS
@given(st.lists(_YAML_PIECES | st.text(max_size=8), max_size=40).map("".join))
def test_loader_never_raises_on_yaml_like_text(project: Path, text: str) -> None:
    load_text(project, text.encode("utf-8", errors="surrogatepass"))


@SETTINGS
@given(st.binary(max_size=300))
def test_loader_never_raises_on_bytes(project: Path, raw: bytes) -> None:
    load_text(project, raw)


_KEYS = st.sampled_from(
    ["claims", "subjects", "articles", "version", "id", "subject", "statement", "sources",
     "article", "attribution", "attributed_to", "quote", "slot", "when", "age", "as_of", "value",
     "contradicts", "involves", "name", "aliases", "date", "date_basis", "copy_of", "note"]
) | st.text(max_size=6)  # fmt: skip
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["a.txt", "b.txt", "pat", "anonymous_insider", "last month", "2012"])
)
_STRUCTURES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=5),
    max_leaves=30,
)


@SETTINGS
@given(st.dictionaries(_KEYS, _STRUCTURES, max_size=5) | _STRUCTURES)
def test_loader_never_raises_on_structures(project: Path, data: Any) -> None:
    load_text(project, yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.dictionaries(_KEYS, _STRUCTURES, max_size=5), st.data())
def test_prefetched_positions_equal_a_full_walk(data: dict[str, Any], draw: st.DataObject) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    parsed, _ = parse_claims_text(text, "c.yaml")
    paths = list(iter_paths(parsed))
    asked = draw.draw(st.lists(st.sampled_from(paths), max_size=6)) if paths else []
    asked.append(("no such key", 3))
    full, partial = Positions(text), Positions(text)
    partial.prefetch(asked)
    for path in asked:
        assert partial.value(path) == full.value(path)
        assert partial.key(path) == full.key(path)


# Claims files that pass the schema, with arbitrary content: these reach every check rule.
_WORDS = st.sampled_from(
    ["Pat Smith", "separated", "eight months ago", "a source said", "It was a hard year",
     "\u201cIt was a hard year,\u201d", "married Lee Jones in 2011", "Daily Planet", "zebra", ""]
)  # fmt: skip
_WHEN = st.sampled_from(
    ["last month", "eight months ago", "2011", "2023-08", "summer of 2023", "over a year ago",
     "this past March", "around then", "2024-13", "next week", "the end of last year"]
)  # fmt: skip
_SLUG = st.sampled_from(["pat", "lee", "one", "two", "three", "x"])


@st.composite
def claims_files(draw: st.DrawFn) -> dict[str, Any]:
    subjects = {key: {"name": key.title()} for key in draw(st.sets(_SLUG, max_size=3))}
    claims = []
    for _ in range(draw(st.integers(0, 5))):
        sources = [
            {
                "article": draw(st.sampled_from(["a.txt", "b.txt", "c.txt", "../a.txt"])),
                "attribution": draw(st.sampled_from(["named_outlet", "anonymous_insider"])),
                "attributed_to": "a source",
                "quote": draw(st.lists(_WORDS, min_size=1, max_size=3).map(" ".join))
                or "separated",
            }
            for _ in range(draw(st.integers(1, 3)))
        ]
        claim: dict[str, Any] = {
            "id": draw(_SLUG),
            "subject": draw(_SLUG),
            "statement": "Something happened.",
            "sources": sources,
            "contradicts": draw(st.lists(_SLUG, max_size=2)),
        }
        if draw(st.booleans()):
            claim["slot"] = "separation"
            claim["when"] = draw(_WHEN)
        claims.append(claim)
    articles = {}
    if draw(st.booleans()):
        articles["b.txt"] = {"date": draw(_WHEN), "date_basis": "a guess"}
    return {"subjects": subjects, "claims": claims, "articles": articles}


@SETTINGS
@given(claims_files() | st.dictionaries(_KEYS, _STRUCTURES, max_size=4))
def test_check_never_raises(project: Path, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    (project / "data" / "claims.yaml").write_text(text, encoding="utf-8")
    report = check_project(project / "data" / "claims.yaml", project / "seeds", "c.yaml", "seeds")
    assert_sane(report.problems, text, "c.yaml")
    assert report.problems == sorted(report.problems)
    if report.ledger is None:
        assert any(p.severity == "error" for p in report.problems)


# --- text -----------------------------------------------------------------------------------------

_TEXT = st.text(
    st.characters(codec="utf-8")
    | st.sampled_from(list(" \t\n\r\u00a0\u2009\u2018\u2019\u201c\u201d\u2014\u2013`'\"-"))
)


@SETTINGS
@given(_TEXT)
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@SETTINGS
@given(_TEXT)
def test_normalise_folds_like_fold_and_maps_back(text: str) -> None:
    # normalise works on article text, which is decoded to NFC first (U+2F800 is U+4E3D then).
    text = nfc(text)
    normalised = normalise(text)
    assert fold(normalised.text) == fold(text)
    for index, char in enumerate(normalised.text):
        original = normalised.to_original(index)
        assert 0 <= original < len(text)
        if char != " ":
            assert fold(text[original]) == char


@SETTINGS
@given(_TEXT)
def test_printable_text_cannot_drive_a_terminal(text: str) -> None:
    assert not _UNSAFE.search(printable(text))
    line = one_line(text)
    assert "\n" not in line and not _UNSAFE.search(line)
    controls = [c for c in printable(text) if unicodedata.category(c) == "Cc"]
    assert set(controls) <= {"\t", "\n"}


# --- dates ----------------------------------------------------------------------------------------

_EXAMPLES = [example for rule in (*_ABSOLUTE, *_RELATIVE) for example in rule.examples]
_NUMBERS = st.sampled_from(["a", "an", "one", "two", "seven", "twelve", "twenty", "0", "1", "99"])
_UNITS = st.sampled_from(["day", "days", "week", "weeks", "month", "months", "year", "years"])
_MONTHS = st.sampled_from(["January", "feb", "Sept.", "march", "July", "December"])
_SEASONS = st.sampled_from(["spring", "summer", "autumn", "fall", "winter"])
_YEARS = st.integers(1, 9999).map(str)
_PHRASES = (
    st.sampled_from(_EXAMPLES)
    | st.builds("{}{} {} ago".format, st.sampled_from(["", "over ", "less than ", "nearly "]),
                _NUMBERS, _UNITS)
    | st.builds("{} {} {}".format, st.sampled_from(["early", "mid", "late", "the end of"]),
                _MONTHS, _YEARS)
    | st.builds("{} of {}".format, _SEASONS, _YEARS)
    | st.builds("{}-{:02d}-{:02d}".format, st.integers(1, 9999), st.integers(0, 13),
                st.integers(0, 32))
    | st.builds("{} {}".format, st.sampled_from(["last", "this past", "this", "in"]), _MONTHS)
    | st.builds("{} {}".format, st.sampled_from(["last", "this past", "this"]), _SEASONS)
    | st.text(max_size=25)
)  # fmt: skip
_DATES = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))


@st.composite
def anchors(draw: st.DrawFn) -> Interval | None:
    kind = draw(st.sampled_from(["none", "day", "range", "open"]))
    if kind == "none":
        return None
    first = draw(_DATES)
    if kind == "day":
        return day(first)
    second = draw(_DATES)
    low, high = min(first, second), max(first, second)
    if kind == "open":
        return Interval.span(None, high) if draw(st.booleans()) else Interval.span(low, None)
    return Interval.span(low, high)


@settings(max_examples=200, deadline=None)
@given(_PHRASES, anchors())
def test_date_intervals_are_well_formed(text: str, anchor: Interval | None) -> None:
    try:
        result = resolve_when(text, anchor)
    except DateParseError:
        return
    assert isinstance(result, Interval)
    assert result.precision in PRECISIONS
    if result.start is not None and result.end is not None:
        assert result.start <= result.end
    # The constructor's own checks (exact month, season, ...) accept it as it stands.
    assert Interval(result.start, result.end, result.precision) == result


_FOLDY = st.text(
    alphabet=st.sampled_from(list("aAbB ßsSﬁfiİi\u0130\u212a kK1-—–‘’'“”\"\t\n\u00a0é")),
    max_size=12,
)


@SETTINGS
@given(_FOLDY, st.lists(_FOLDY, max_size=3), _FOLDY)
def test_text_filter_probe_never_changes_the_answer(
    statement: str, quotes: list[str], typed: str
) -> None:
    """list --text looks for the needle's longest letter-and-digit run in the plain casefolded
    text before folding it: that shortcut must never turn a match into a miss."""
    from claimtrack.models import Claim, Source
    from claimtrack.query import _mentions, _probe
    from claimtrack.text import fold

    sources = [Source("a.txt", "named_outlet", "x", quote or "q") for quote in quotes]
    claim = Claim("c", "s", statement or "s", sources or [Source("a.txt", "named_outlet", "x", "q")])
    needle = fold(typed).casefold()
    assert _mentions(claim, needle, _probe(needle)) == _mentions(claim, needle)
