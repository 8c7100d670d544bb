"""``claimtrack articles`` on a large project: what it shows of each article comes from the cache
or from :func:`summarise_article`, never from parsing articles whole, and the output is the same.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimtrack.articles as articles_module
import claimtrack.ledger as ledger_module
from claimtrack import cache, query
from claimtrack.articles import (
    Article,
    ArticleError,
    prepare_article,
    read_article_bytes,
    summarise_article,
)
from claimtrack.ledger import Ledger, open_ledger
from conftest import ARTICLE_A, MINIMAL_CLAIMS, SEEDS, Project, copy_repository_project, invoke_in

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"


# --- summaries agree with the full parse ---------------------------------------------------


def _expected(article: Article) -> tuple[str | None, str | None, int]:
    """Headline, lead and word count as the parsed article gives them, counted the slow way."""
    words = sum(len(p.text.split()) for p in article.paragraphs)
    words += len(article.headline.split()) if article.headline else 0
    lead = article.paragraphs[0].text if article.paragraphs else None
    return article.headline, lead, words


def _check_summary(data: bytes) -> None:
    path = Path("prop.txt")
    try:
        prepared = prepare_article(data, path)
    except ArticleError:
        return
    article = articles_module.finish_article(prepared)
    summary = summarise_article(prepared.text)
    assert (summary.headline, summary.lead, summary.words) == _expected(article)
    assert article.word_count == summary.words


@pytest.mark.parametrize(
    "path",
    sorted(SEEDS.glob("*.txt")) + sorted(FIXTURES.glob("*.txt")),
    ids=lambda p: p.name,
)
def test_summary_matches_the_parsed_article(path: Path) -> None:
    _check_summary(read_article_bytes(path))


_LINES = st.sampled_from(
    [
        " date 2024-01-02 ",
        " date 2024-01-02",
        "date 2024-13-45 ",
        "\ufeff date 2024-01-02 Headline",
        "",
        " ",
        "\t",
        "\x0c",
        "\x1c",
        "\x85",
        "\u2028",
        "\xa0",
        "Couple Splits After Eleven Years",
        "What now for Kelly Holmes?",
        "A sentence. Another one.",
        "Pat Smith, 42, married Lee Jones in 2011, according to insiders who spoke to us.",
        "one two three four five six seven eight nine ten eleven twelve thirteen",
        "Wow!",
        "Really?",
        "ends with a comma,",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_LINES, min_size=1, max_size=3).map(" ".join), max_size=8))
def test_summary_matches_the_parse_of_article_like_text(lines: list[str]) -> None:
    _check_summary("\n".join(lines).encode("utf-8"))


# --- the articles command and its cache ----------------------------------------------------


def _entries(kind: str) -> list[Path]:
    return sorted(Path(os.environ["CLAIMTRACK_CACHE_DIR"]).glob(f"{kind}-*.json"))


@pytest.fixture
def seeds_project(tmp_path: Path) -> Project:
    """A copy of the repository's seeds and claims file."""
    return Project(copy_repository_project(tmp_path / "project"))


def _articles(project: Project, *args: str) -> str:
    result = invoke_in(project.root, "articles", *args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_cached_output_is_the_uncached_output(seeds_project: Project, fmt: str) -> None:
    uncached = _articles(seeds_project, "--no-cache", "--format", fmt)
    cache.disable(False)
    assert _entries("articles") == []
    first = _articles(seeds_project, "--format", fmt)
    assert len(_entries("articles")) == 1
    again = _articles(seeds_project, "--format", fmt)
    assert uncached == first == again


def _forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("an article was parsed")

    monkeypatch.setattr(ledger_module, "finish_article", boom)
    monkeypatch.setattr(articles_module, "finish_article", boom)
    monkeypatch.setattr(articles_module, "summarise_article", boom)


def test_a_rerun_parses_no_article(seeds_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _articles(seeds_project, "--format", "json")
    _forbid_parsing(monkeypatch)
    assert _articles(seeds_project, "--format", "json") == first


def test_summaries_do_not_parse_articles_whole(
    seeds_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the cache, the parsed articles are not built (nor kept by the ledger)."""
    ledger = open_ledger(seeds_project.data, seeds_project.seeds, "data/claims.yaml", "seeds")
    monkeypatch.setattr(ledger_module, "finish_article", _raise)
    cache.disable()
    try:
        summaries = query.article_summaries(ledger)
    finally:
        cache.disable(False)
    assert len(summaries) == len(ledger.articles)


def _raise(*args: object) -> None:
    raise AssertionError("an article was parsed whole")


def test_an_edited_article_changes_its_row(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    p = make_project()
    rows = {r["id"]: r for r in json.loads(_articles(p, "--format", "json"))}
    assert rows["a.txt"]["headline"] == "Couple Splits After Eleven Years"
    edited = ARTICLE_A.replace("Couple Splits After Eleven Years", "Couple Part Ways") + "More.\n"
    (p.seeds / "a.txt").write_text(edited)
    rows = {r["id"]: r for r in json.loads(_articles(p, "--format", "json"))}
    assert rows["a.txt"]["headline"] == rows["a.txt"]["title"] == "Couple Part Ways"
    assert rows["a.txt"]["words"] == len(edited.split()) - 2  # not the date marker
    assert len(_entries("articles")) == 2
    # A renamed article is a new entry too: ids are part of the key.
    (p.seeds / "a.txt").rename(p.seeds / "c.txt")
    rows = {r["id"]: r for r in json.loads(_articles(p, "--format", "json"))}
    assert rows["c.txt"]["headline"] == "Couple Part Ways" and "a.txt" not in rows


@pytest.mark.parametrize(
    "damage",
    [
        b"not json",
        b"{}",
        b"[]",
        b'[["h", "t", 3]]',
        b'[["h", "t", 3], ["h", "t"]]',
        b'[["h", "t", 3], ["h", "t", "3"]]',
        b'[["h", "t", 3], [1, "t", 3]]',
        b'[["h", "t", 3], ["h", null, 3]]',
        b'[["h", "t", 3], ["h", "t", -1]]',
        b'[["h", "t", 3], ["h", "t", true]]',
    ],
)
def test_a_damaged_entry_is_ignored(make_project: Callable[..., Project], damage: bytes) -> None:
    p = make_project()
    first = _articles(p, "--format", "json")
    [entry] = _entries("articles")
    entry.write_bytes(damage)
    assert _articles(p, "--format", "json") == first
    assert entry.read_bytes() != damage  # recomputed and stored again


def test_an_entry_from_the_cache_is_what_is_shown(make_project: Callable[..., Project]) -> None:
    """The entry is really read (guards against a cache that is written but never used)."""
    p = make_project()
    _articles(p, "--format", "json")
    [entry] = _entries("articles")
    from claimtrack import cache

    stored = json.loads(entry.read_bytes()[cache.HEADER_BYTES :])
    stored[0] = ["Planted", "Planted", 99]
    payload = json.dumps(stored).encode()
    digest = hashlib.sha256(payload).hexdigest().encode()  # a well-formed entry: header, digest
    entry.write_bytes(cache.MAGIC + digest + b"\n" + payload)
    rows = {r["id"]: r for r in json.loads(_articles(p, "--format", "json"))}
    assert (rows["a.txt"]["headline"], rows["a.txt"]["words"]) == ("Planted", 99)


# --- the ledger index, built part by part ---------------------------------------------------

CONTRADICTING = (
    MINIMAL_CLAIMS
    + """\
  - id: together
    subject: pat-smith
    statement: Still together.
    slot: separation
    contradicts: [separation-eight-months, separation-eight-months, nobody]
    sources:
      - article: b.txt
        attribution: named_outlet
        attributed_to: the Daily Planet
        quote: Pat Smith, 42
      - article: a.txt
        attribution: named_outlet
        attributed_to: the Daily Planet
        quote: It was a hard year
      - article: b.txt
        attribution: direct_quote
        attributed_to: Pat Smith
        quote: married Lee Jones in 2011
  - id: undated
    subject: lee-jones
    statement: Nothing dated.
    contradicts: [together]
    sources:
      - article: missing.txt
        attribution: named_outlet
        attributed_to: somebody
        quote: anything
"""
)


def _index_the_slow_way(ledger: Ledger) -> dict[str, Any]:
    """Every part of the index as the single pass that built them all used to."""
    position: dict[str, int] = {}
    citing: dict[str, list[int]] = {}
    by_slot: dict[tuple[str, str], list[int]] = {}
    contradicted_by: dict[str, list[int]] = {}
    earliest = []
    for ci, claim in enumerate(ledger.claims):
        position.setdefault(claim.id, ci)
        if claim.slot is not None:
            by_slot.setdefault((claim.subject, claim.slot), []).append(ci)
        for target in dict.fromkeys(claim.contradicts):
            contradicted_by.setdefault(target, []).append(ci)
        dated = []
        for article_id in dict.fromkeys(source.article for source in claim.sources):
            citing.setdefault(article_id, []).append(ci)
            found = ledger.dates.get(article_id)
            if found is not None and found.interval is not None:
                dated.append(found.interval)
        earliest.append(min(dated, key=lambda i: (i.start, i.end), default=None))
    return {
        "position": position,
        "citing": citing,
        "by_subject_slot": by_slot,
        "contradicted_by": contradicted_by,
        "earliest": earliest,
    }


def _project_ledger(project: Project) -> Ledger:
    return open_ledger(project.data, project.seeds, "data/claims.yaml", "seeds")


@pytest.mark.parametrize("where", ["seeds", "contradicting"])
def test_every_part_of_the_index_is_as_before(
    where: str, seeds_project: Project, make_project: Callable[..., Project]
) -> None:
    project = seeds_project if where == "seeds" else make_project(CONTRADICTING)
    ledger = _project_ledger(project)
    expected = _index_the_slow_way(ledger)
    index = query.ledger_index(ledger)
    for i in range(len(ledger.claims)):
        assert index.earliest_of(i) == expected["earliest"][i]
    for name, value in expected.items():
        assert getattr(index, name) == value, name
    for i in range(len(ledger.claims)):
        assert index.earliest_of(i) == expected["earliest"][i]
    if where == "contradicting":
        assert index.contradicted_by == {"separation-eight-months": [1], "nobody": [1],
                                         "together": [2]}  # fmt: skip


def test_article_rows_count_claims_as_the_index_does(make_project: Callable[..., Project]) -> None:
    ledger = _project_ledger(make_project(CONTRADICTING))
    rows = {row["id"]: row for row in query.article_rows(ledger)}
    citing = query.ledger_index(ledger).citing
    assert {a: row["claims"] for a, row in rows.items()} == {"a.txt": 2, "b.txt": 1}
    assert {a: len(citing.get(a, [])) for a in rows} == {"a.txt": 2, "b.txt": 1}
    assert rows["b.txt"]["citations"] == 2


def test_a_claim_record_builds_only_what_it_needs(make_project: Callable[..., Project]) -> None:
    ledger = _project_ledger(make_project(CONTRADICTING))
    records = [query.claim_record(ledger, i) for i in range(len(ledger.claims))]
    assert records[0]["contradicted_by"] == ["together"]
    assert records[0]["earliest_article_date"] == "2024-03-08"
    assert records[1]["earliest_article_date"] == "2024-01-27"
    assert records[2]["earliest_article_date"] is None
    built = set(vars(query.ledger_index(ledger)))
    assert "contradicted_by" in built
    assert not built & {"position", "citing", "by_subject_slot", "earliest"}
