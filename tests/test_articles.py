"""Tests for the article parser, on the seed articles and on small hand-written fixture files."""

from __future__ import annotations

import datetime
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.articles import (
    Article,
    ArticleError,
    Paragraph,
    classify_first_line,
    decode_article_bytes,
    parse_article,
    parse_article_bytes,
)
from conftest import Project

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"
SCRIPT = ROOT / "scripts" / "parse_corpus.py"


def fixture(name: str) -> Article:
    return parse_article(FIXTURES / name)


def check_invariants(article: Article) -> None:
    """What every parsed article must satisfy, whatever its input."""
    assert "\r" not in article.text
    assert article.paragraphs or article.headline is not None
    previous_end = -1
    for i, para in enumerate(article.paragraphs):
        assert para.number == i
        assert para.text == article.text[para.start : para.end]
        assert para.text and para.text == para.text.strip()
        assert "\n" not in para.text
        assert para.start > previous_end
        assert article.line_of(para.start) == para.line
        assert article.paragraph_at(para.start) is para
        assert article.paragraph_at(para.end - 1) is para
        previous_end = para.end
    if article.headline is not None:
        assert article.headline_span is not None
        start, end = article.headline_span
        assert article.text[start:end] == article.headline
        assert article.paragraph_at(start) is None
        assert not article.paragraphs or end < article.paragraphs[0].start
    else:
        assert article.headline_span is None


# --- seeds ------------------------------------------------------------------------------------

SEED_EXPECTATIONS = [
    # file, date, headline (exact) or headline prefix, first paragraph starts with, its line
    (
        "000_d9aef8a038ee8d87.txt",
        datetime.date(2024, 6, 8),
        "Natalie Portman Is 'Her Confident Self Again' as She Remains 'Focused on Her Kids and "
        "Work' After Shocking Divorce",
        "Natalie Portman has seen the light at the end of the tunnel!",
        2,
    ),
    (
        "001_1ef6b52c2d1eff1a.txt",
        None,
        "Natalie Portman is ‘focusing on herself’ after Benjamin Millepied’s affair",
        "Natalie Portman Benjamin Millepied",
        3,
    ),
    (
        "002_f9f3f9eec0cacd86.txt",
        datetime.date(2024, 1, 27),
        "Natalie Portman Is 'Officially Pulling the Plug",
        "Natalie Portman is ready to turn the page",
        2,
    ),
    (
        "003_eed9f197d463ef0c.txt",
        None,
        None,
        "Natalie Portman is “still hurt”",
        1,
    ),
    (
        "004_7b01bd8a63ffcb3d.txt",
        datetime.date(2024, 3, 8),
        None,
        "Hollywood star Natalie Portman has now officially split",
        1,
    ),
]


@pytest.mark.parametrize(
    ("name", "date", "headline", "first_words", "first_line"),
    SEED_EXPECTATIONS,
    ids=[row[0][:3] for row in SEED_EXPECTATIONS],
)
def test_seed(
    name: str,
    date: datetime.date | None,
    headline: str | None,
    first_words: str,
    first_line: int,
) -> None:
    path = SEEDS / name
    article = parse_article(path)
    assert article.id == name
    assert article.stem == name.removesuffix(".txt")
    assert article.path == path
    assert article.date == date
    assert article.date_error is None
    assert article.encoding == "utf-8"
    if headline is None:
        assert article.headline is None
    else:
        assert article.headline is not None
        assert article.headline.startswith(headline)
    assert article.paragraphs[0].text.startswith(first_words)
    assert article.paragraphs[0].line == first_line
    assert article.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert article.text == path.read_text(encoding="utf-8")
    assert article.headline_reason
    check_invariants(article)


def test_seed_headlines_exact() -> None:
    assert parse_article(SEEDS / "002_f9f3f9eec0cacd86.txt").headline == (
        "Natalie Portman Is 'Officially Pulling the Plug on Her Marriage' After Husband's "
        "Affair: 'She Tried Forgiving' Him"
    )


def test_lead_on_date_line_starts_after_marker() -> None:
    article = parse_article(SEEDS / "004_7b01bd8a63ffcb3d.txt")
    lead = article.paragraphs[0]
    assert article.text.startswith(" date 2024-03-08 Hollywood")
    assert lead.start == len(" date 2024-03-08 ")
    assert (article.line_of(lead.start), article.column_of(lead.start)) == (1, 18)
    assert lead.text.endswith("came to the fore.")
    assert article.paragraph_at(0) is None  # inside the date marker


def test_seed_paragraph_counts_and_last_line() -> None:
    # 000 separates paragraphs by single newlines, 003 by blank lines: one paragraph per line.
    a000 = parse_article(SEEDS / "000_d9aef8a038ee8d87.txt")
    a003 = parse_article(SEEDS / "003_eed9f197d463ef0c.txt")
    assert [p.line for p in a000.paragraphs] == list(range(2, 14))
    assert [p.line for p in a003.paragraphs] == list(range(1, 24, 2))[: len(a003.paragraphs)]
    a002 = parse_article(SEEDS / "002_f9f3f9eec0cacd86.txt")  # no final newline
    assert a002.paragraphs[-1].text == "Life & Style spoke to sources close to Portman."
    assert a002.paragraphs[-1].end == len(a002.text)


# --- encodings and line ends ------------------------------------------------------------------


def test_cp1252_curly_quotes_and_crlf() -> None:
    article = fixture("cp1252_curly_quotes.txt")
    assert article.encoding == "cp1252"
    assert article.date == datetime.date(2024, 2, 3)
    assert article.headline == "Singer “Done With Touring” After Final Show"
    assert "\r" not in article.text
    assert article.paragraphs[0].text == (
        "The singer’s manager said the tour – her longest – was “the last one”."
    )
    assert article.paragraphs[0].line == 3
    raw = (FIXTURES / "cp1252_curly_quotes.txt").read_bytes()
    assert article.sha256 == hashlib.sha256(raw).hexdigest()  # of the bytes, before any change


def test_latin1_e_acute_reads_as_cp1252() -> None:
    # é is the same byte in both; cp1252 is preferred and gives the same text.
    article = fixture("latin1_e_acute.txt")
    assert article.encoding == "cp1252"
    assert article.headline == "Café owner wins baking prize"
    assert "small café in Leeds" in article.paragraphs[0].text


def test_latin1_fallback_when_not_cp1252() -> None:
    article = fixture("latin1_not_cp1252.txt")
    assert article.encoding == "latin-1"
    assert article.headline == "Café owner wins baking prize"
    assert article.paragraphs[0].text == "The judges\x81 verdict was unanimous."


def test_crlf_normalised() -> None:
    article = fixture("crlf.txt")
    assert article.encoding == "utf-8"
    assert article.text == (
        "Local team wins cup final\n\nThe home side won 2-1 after extra time.\n\n"
        "Fans celebrated late into the night.\n"
    )
    assert [(p.line, p.text[:8]) for p in article.paragraphs] == [(3, "The home"), (5, "Fans cel")]


def test_lone_cr_normalised() -> None:
    article = fixture("cr_only.txt")
    assert article.text == "Local team wins cup final\n\nThe home side won 2-1 after extra time.\n"
    assert article.headline == "Local team wins cup final"
    assert article.paragraphs[0].line == 3


def test_bom_removed_and_date_still_found() -> None:
    article = fixture("bom_utf8.txt")
    assert article.encoding == "utf-8-sig"
    assert not article.text.startswith("\ufeff")
    assert article.text.startswith(" date 2024-04-05 Museum")
    assert article.date == datetime.date(2024, 4, 5)
    assert article.headline == "Museum Reopens After Two-Year Refit"
    assert article.paragraphs[0].text.endswith("a new wing — and a café.")


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (b"plain ascii\r\n", "plain ascii\n", "utf-8"),
        (b"\xef\xbb\xbfbom\r", "bom\n", "utf-8-sig"),
        (b"\xc2\xa3100", "£100", "utf-8"),
        (b"\xa3100", "£100", "cp1252"),  # a bare 0xA3 pound sign, as in BBC sport_199
        (b"\x93hi\x94", "“hi”", "cp1252"),
        (b"\x81\xe9", "\x81é", "latin-1"),
        (b"\xef\xbb\xbf\x93hi\x94", "“hi”", "cp1252"),  # BOM in front of non-UTF-8 bytes
        (b"a\r\r\nb", "a\n\nb", "utf-8"),
    ],
)
def test_decode_article_bytes(data: bytes, text: str, encoding: str) -> None:
    assert decode_article_bytes(data) == (text, encoding)


# --- files that cannot be used ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("empty.txt", "article-empty"),
        ("bom_only.txt", "article-empty"),
        ("whitespace_only.txt", "article-empty"),
        ("date_line_only.txt", "article-empty"),
        ("binary_nul.txt", "article-binary"),
        ("control_chars.txt", "article-binary"),
        ("utf16_le.txt", "article-binary"),
    ],
)
def test_unusable_fixture(name: str, code: str) -> None:
    path = FIXTURES / name
    with pytest.raises(ArticleError) as info:
        parse_article(path)
    assert info.value.code == code
    assert info.value.path == path
    assert str(path) in str(info.value) and f"({code})" in str(info.value)


def test_utf16_message_says_what_to_do() -> None:
    with pytest.raises(ArticleError, match="UTF-16"):
        fixture("utf16_le.txt")


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(ArticleError) as info:
        parse_article(path)
    assert info.value.code == "article-unreadable"
    assert "No such file" in info.value.message


def test_directory_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(ArticleError) as info:
        parse_article(tmp_path)
    assert info.value.code == "article-unreadable"
    assert "directory" in info.value.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_unreadable_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ArticleError) as info:
        parse_article(fifo)
    assert info.value.code == "article-unreadable"


@pytest.mark.skipif(
    sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="root can read anything",
)
def test_permission_denied_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(b"Headline\n\nBody.\n")
    path.chmod(0)
    with pytest.raises(ArticleError) as info:
        parse_article(path)
    assert info.value.code == "article-unreadable"
    assert "Permission denied" in info.value.message


def test_too_large() -> None:
    path = FIXTURES / "dated_headline.txt"
    size = path.stat().st_size
    with pytest.raises(ArticleError) as info:
        parse_article(path, max_bytes=size - 1)
    assert info.value.code == "article-too-large"
    assert parse_article(path, max_bytes=size).headline == "Pop Star Signs New Record Deal"


def test_article_error_pickles() -> None:
    error = ArticleError(Path("a.txt"), "article-empty", "empty file", line=3)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.code, copy.message, copy.line) == (
        Path("a.txt"),
        "article-empty",
        "empty file",
        3,
    )
    assert str(copy) == "a.txt:3: empty file (article-empty)"


# --- date line --------------------------------------------------------------------------------


def test_impossible_date_is_a_warning_not_a_crash() -> None:
    article = fixture("bad_date.txt")
    assert article.date is None
    assert article.date_error is not None and "2024-13-45" in article.date_error
    assert article.headline == "Pop Star Signs New Record Deal"
    assert article.text.startswith(" date 2024-13-45 ")


def test_malformed_date_is_a_warning() -> None:
    article = fixture("bad_date_format.txt")
    assert article.date is None
    assert article.date_error is not None and "YYYY-MM-DD" in article.date_error
    assert article.headline == "Pop Star Signs New Record Deal"


def test_date_without_leading_space() -> None:
    article = fixture("date_no_leading_space.txt")
    assert article.date == datetime.date(2024, 5, 3)
    assert article.headline == "Pop Star Signs New Record Deal"


def test_bare_date_line_then_headline() -> None:
    article = fixture("date_line_then_headline.txt")
    assert article.date == datetime.date(2024, 5, 4)
    assert article.headline == "Pop Star Signs New Record Deal"
    assert article.headline_span is not None
    assert article.line_of(article.headline_span[0]) == 2
    assert article.paragraphs[0].line == 4


def test_the_word_date_alone_is_not_a_marker() -> None:
    article = parse_article_bytes(b"date night is back for the couple\n\nBody.\n", Path("x.txt"))
    assert article.date is None and article.date_error is None
    assert article.headline == "date night is back for the couple"


@pytest.mark.parametrize(
    ("line", "partial", "headline"),
    [
        (" date 2024-07 Couple Splits", "2024-07", "Couple Splits"),
        (" date 2024 Couple Splits", "2024", "Couple Splits"),
        ("date 2024-07", "2024-07", "Body line here"),
    ],
)
def test_month_and_year_date_lines_are_dates_of_that_precision(
    line: str, partial: str, headline: str
) -> None:
    article = parse_article_bytes(f"{line}\nBody line here\n\nMore.\n".encode(), Path("x.txt"))
    assert (article.date, article.partial_date, article.date_error) == (None, partial, None)
    assert article.headline == headline


@pytest.mark.parametrize(
    "line",
    ["Date: 2025-03-01", " date 1 March 2025 Couple Splits", "DATE 2025-03-01", " date: 2025-03-01"],
)
def test_near_miss_date_lines_are_warned_about(line: str) -> None:
    article = parse_article_bytes(f"{line}\nBody.\n".encode(), Path("x.txt"))
    assert article.date is None and article.partial_date is None
    assert article.date_error is not None and "looks like a date line" in article.date_error


def test_near_miss_date_line_is_a_check_warning_naming_the_file(
    make_project: Callable[..., Project],
) -> None:
    p = make_project()
    (p.seeds / "z.txt").write_text(" date 2025-3-1 Couple Splits\nBody.\n", encoding="utf-8")
    (p.seeds / "y.txt").write_text("Date: 2025-03-01\nCouple Splits\nBody.\n", encoding="utf-8")
    result = p.run("check")
    assert "seeds/z.txt:1:1: warning: date line has '2025-3-1'" in result.stdout
    assert "seeds/y.txt:1:1: warning: the first line 'Date: 2025-03-01' looks like" in result.stdout
    assert "(article-date-line)" in result.stdout


# --- headline or lead -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "headline", "first_paragraph", "first_line"),
    [
        ("dated_headline.txt", "Pop Star Signs New Record Deal", "The pop star has signed", 3),
        (
            "dated_headline_no_blank.txt",
            "Actor Is 'Ready to Move On' After 'Messy' Split",
            "The actor has turned a corner",
            2,
        ),
        ("dated_lead.txt", None, "The pop star has signed a new record deal with", 1),
        ("undated_headline.txt", "Pop star signs ‘surprise’ record deal", "The pop star", 3),
        ("undated_lead.txt", None, "The pop star has signed a “surprise” deal", 1),
        ("undated_long_lead.txt", None, "The pop star, who last released", 1),
        ("question_headline.txt", "What next for the band?", "The band has not played", 3),
        ("exclamation_lead.txt", None, "The pop star has finally found happiness again!", 1),
        ("headline_only.txt", "Pop star signs new record deal", None, 0),
    ],
)
def test_headline_or_lead(
    name: str, headline: str | None, first_paragraph: str | None, first_line: int
) -> None:
    article = fixture(name)
    assert article.headline == headline
    if first_paragraph is None:
        assert article.paragraphs == ()
    else:
        assert article.paragraphs[0].text.startswith(first_paragraph)
        assert article.paragraphs[0].line == first_line
    check_invariants(article)


def test_dated_lead_offsets() -> None:
    article = fixture("dated_lead.txt")
    assert article.date == datetime.date(2024, 5, 2)
    assert article.paragraphs[0].start == len(" date 2024-05-02 ")
    assert article.paragraphs[0].text.endswith("The deal was confirmed on Tuesday.")


@pytest.mark.parametrize(
    ("line", "followed_by_blank", "expected"),
    [
        ("Rivals of the £400 Apple...", True, True),  # an ellipsis is not a full stop
        ("Fox attacks Blair's Tory 'lies'", True, True),
        ("Analysis: No pain, no gain?", True, True),
        ("Star Splits From Husband!", False, True),  # tabloid, title-cased
        ("She is finally happy again and friends are thrilled!", False, False),
        ('He said it was "over."', True, False),  # full stop inside closing quote
        ("A friend of the couple told PEOPLE:", True, False),
        ("Shock split. Is it really over for the couple?", True, False),  # two sentences
        ("Mr. Smith goes to Washington?", True, True),  # "Mr." is not a sentence end
        (" ".join(["word"] * 31), True, False),
        (
            "Your child may want the latest toy this Christmas, but how about giving them a "
            "present that will help their financial future?",
            True,
            False,
        ),
    ],
)
def test_classify_first_line(line: str, followed_by_blank: bool, expected: bool) -> None:
    is_headline, reason = classify_first_line(line, followed_by_blank=followed_by_blank)
    assert is_headline is expected, reason
    assert reason


# --- paragraphs and positions -----------------------------------------------------------------


def test_messy_whitespace() -> None:
    article = fixture("messy_whitespace.txt")
    assert article.headline == "Council approves new park"
    assert [(p.line, p.text) for p in article.paragraphs] == [
        (4, "The council approved the plan on Monday."),
        (8, "Work will start in the spring."),
        (9, "Residents welcomed the decision."),
    ]
    check_invariants(article)
    assert article.paragraphs[-1].end == len(article.text)  # no final newline


def test_line_column_and_paragraph_at() -> None:
    data = b" date 2024-01-02 Headline Here\n\nFirst para.\n  Second para.\n"
    article = parse_article_bytes(data, Path("inline.txt"))
    text = article.text
    assert article.line_starts == (0, 31, 32, 44, 59)
    assert (article.line_of(0), article.column_of(0)) == (1, 1)
    first = text.index("First")
    assert (article.line_of(first), article.column_of(first)) == (3, 1)
    second = text.index("Second")
    assert (article.line_of(second), article.column_of(second)) == (4, 3)
    assert article.line_of(len(text)) == 5  # just past the final newline
    assert article.line_of(text.index("\n")) == 1  # a newline belongs to the line it ends

    assert article.paragraph_at(first) == Paragraph(0, 3, first, first + 11, "First para.")
    assert article.paragraph_at(first + 10) is article.paragraphs[0]
    assert article.paragraph_at(first + 11) is None  # end is exclusive
    assert article.paragraph_at(second - 1) is None  # leading whitespace
    assert article.paragraph_at(second) is article.paragraphs[1]
    assert article.paragraph_at(text.index("Headline")) is None
    assert article.paragraph_at(-1) is None
    assert article.paragraph_at(10_000) is None

    for bad in (-1, len(text) + 1):
        with pytest.raises(ValueError):
            article.line_of(bad)
        with pytest.raises(ValueError):
            article.column_of(bad)

    assert article.word_count == 2 + 2 + 2


def test_line_starts_computed_when_constructed_directly() -> None:
    article = Article(
        id="x.txt",
        path=Path("x.txt"),
        date=None,
        headline=None,
        text="a\nbb\n",
        spans=(),
        sha256="0" * 64,
        encoding="utf-8",
    )
    assert article.line_starts == (0, 2, 5)
    assert article.line_of(3) == 2


def test_seed_positions_match_file_lines() -> None:
    # Line numbers must agree with what an editor shows for the raw file.
    for path in sorted(SEEDS.glob("*.txt")):
        article = parse_article(path)
        file_lines = path.read_text(encoding="utf-8").split("\n")
        for para in article.paragraphs:
            assert para.text in file_lines[para.line - 1]


# --- robustness and speed ---------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        b" date 2024-01-02 ",
        b"date 2024-13-45 ",
        b" date 2024-1-2",
        b"\xef\xbb\xbf",
        b"\r\n",
        b"\r",
        b"\n",
        b"\n\n",
        b" ",
        b"\t",
        b"\x00",
        b"\x93",
        b"\x81",
        b"\xe9",
        b"\xe2\x80\x9c",
        b"Headline",
        b"A sentence.",
        b"Really?",
        b"Wow!",
        b"\xc2\xa0",
        b"\x0c",
        b"\x1c",
        b"\x85",
    ]
)


def _parses_or_raises_article_error(data: bytes) -> None:
    try:
        article = parse_article_bytes(data, Path("prop.txt"))
    except ArticleError as exc:
        assert exc.code in {"article-empty", "article-binary"}
        return
    check_invariants(article)
    assert article.sha256 == hashlib.sha256(data).hexdigest()
    for offset in range(0, len(article.text) + 1, max(1, len(article.text) // 7)):
        assert 1 <= article.line_of(offset) <= article.text.count("\n") + 1
        assert article.column_of(offset) >= 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_parse_or_raise_article_error(data: bytes) -> None:
    _parses_or_raises_article_error(data)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map(b"".join))
def test_article_like_bytes_parse_or_raise_article_error(data: bytes) -> None:
    _parses_or_raises_article_error(data)


def test_parsing_is_fast() -> None:
    # The design target is 10,000 articles in seconds; 2,000 ~3 KB articles take ~0.1 s here,
    # so this bound only catches an accidental quadratic or per-character loop.
    body = "\n\n".join(
        f"Paragraph {i} says that a source told the outlet something “important”." * 3
        for i in range(12)
    )
    data = f" date 2024-01-02 A Headline for Speed\n\n{body}\n".encode()
    assert 2_500 < len(data) < 3_500
    started = time.perf_counter()
    for i in range(2_000):
        parse_article_bytes(data, Path(f"{i:05}.txt"))
    assert time.perf_counter() - started < 2.0


# --- scripts/parse_corpus.py ------------------------------------------------------------------


def _run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def test_parse_corpus_script(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    for name in ("dated_headline.txt", "cp1252_curly_quotes.txt", "undated_lead.txt"):
        shutil.copy(FIXTURES / name, good / name)
    result = _run_script(str(good))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "parsed:          3" in result.stdout
    assert "failed:          0" in result.stdout
    assert "encodings:       cp1252 1, utf-8 2" in result.stdout

    result = _run_script(str(FIXTURES))  # holds empty and binary files
    assert result.returncode == 1
    assert "(article-binary)" in result.stdout

    result = _run_script(str(tmp_path / "missing"))
    assert result.returncode == 1
    assert "not found" in result.stderr


def test_parse_corpus_script_skips_missing_default_corpus(tmp_path: Path) -> None:
    # A copy of the script two levels below tmp_path looks for tmp_path/shared/corpora/bbc.
    scripts = tmp_path / "repo" / "scripts"
    scripts.mkdir(parents=True)
    shutil.copy(SCRIPT, scripts / SCRIPT.name)
    result = subprocess.run(
        [sys.executable, str(scripts / SCRIPT.name)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("skipped: corpus not present")
