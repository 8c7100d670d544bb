"""The closest passage to a quote that is not found: aligned to the quote, with its line and the
words that differ marked, and bounded in time (issue 18)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from claimtrack.articles import parse_article
from claimtrack.closest import closest_passage
from conftest import Project

ARTICLE = """ date 2024-03-08 The Harbour Festival Is Cancelled
The harbour festival will not go ahead this summer, the council said.
Organisers blamed rising costs. "We tried everything," the festival director told the Gazette.
The event began in 1998 and drew 40,000 visitors last year, according to the council.
"""


def _article(tmp_path: Path, text: str = ARTICLE) -> Path:
    path = tmp_path / "gazette.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_passage_is_aligned_to_the_quote_and_marks_what_differs(tmp_path: Path) -> None:
    article = parse_article(_article(tmp_path))
    found = closest_passage(article, "The event started in 1998 and drew 45,000 visitors")
    assert found is not None
    assert found.line == 4
    # Neither the words before the quote's span nor after it; the two changed words marked.
    assert found.text == "The event *began* in 1998 and drew *40,000* visitors"


def test_a_missing_word_at_the_end_is_not_dropped(tmp_path: Path) -> None:
    article = parse_article(_article(tmp_path))
    found = closest_passage(article, "Organisers blamed the rising costs.")
    assert found is not None and found.line == 3
    assert found.text == "Organisers blamed rising costs."


def test_typography_and_a_quote_ending_inside_punctuation_are_not_differences(
    tmp_path: Path,
) -> None:
    article = parse_article(_article(tmp_path, ARTICLE.replace('"We tried', "\u201cWe tried")))
    found = closest_passage(article, '"We tried everything," the director told')
    assert found is not None
    assert found.text == "\u201cWe tried everything,\" the *festival* director told"


def test_nothing_alike_gives_no_passage(tmp_path: Path) -> None:
    article = parse_article(_article(tmp_path))
    assert closest_passage(article, "Completely unrelated words about a football match") is None


def test_the_cli_hint_names_the_line(make_project: Callable[..., Project]) -> None:
    claims = """\
subjects:
  council: {name: Harbour Council}
claims:
  - id: visitors
    subject: council
    statement: The festival drew 45,000 visitors last year.
    sources:
      - article: gazette.txt
        attribution: named_outlet
        attributed_to: the council
        quote: drew 45,000 visitors last year
"""
    project = make_project(claims, {"gazette.txt": ARTICLE})
    result = project.run("check")
    assert result.exit_code == 1
    assert (
        '    closest passage, line 4 (words that differ in *stars*): '
        '"drew *40,000* visitors last year,"\n'
    ) in result.stdout


def test_a_long_quote_in_a_large_article_answers_within_seconds(
    make_project: Callable[..., Project],
) -> None:
    """A 3,000-character quote, not found, in a 1 MB article (a fuzzy scan of every window took
    minutes): the bound is generous, the run takes well under a second here."""
    rng = random.Random(18)
    vocabulary = [f"word{i}" for i in range(3000)] + ["the", "and", "of", "a", "said"] * 40
    lines = [" ".join(rng.choice(vocabulary) for _ in range(15)) + "." for _ in range(11_000)]
    text = " date 2024-01-01 A long article\n" + "\n".join(lines) + "\n"
    assert len(text) > 1_000_000
    middle = text.index("\n", len(text) // 2) + 1
    words = text[middle : middle + 3200].split()[:-1]
    for index in range(0, len(words), 9):
        words[index] = "changed"
    quote = " ".join(words)[:3000].rsplit(" ", 1)[0]
    assert len(quote) > 2900
    claims = f"""\
subjects:
  pat: {{name: Pat}}
claims:
  - id: long
    subject: pat
    statement: A long quote.
    sources:
      - article: long.txt
        attribution: anonymous_insider
        attributed_to: a source
        quote: "{quote}"
"""
    project = make_project(claims, {"long.txt": text})
    started = time.monotonic()
    result = project.run("check")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    line = text.count("\n", 0, middle) + 1
    assert f"closest passage, line {line} (words that differ in *stars*): \"*" in result.stdout
    assert elapsed < 10, f"{elapsed:.1f} s"
