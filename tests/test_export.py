"""``claimtrack export``: schema.org Claim JSON-LD, the ledger as JSON and CSV, and ``-o`` written
atomically, never over the claims file or an article."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from claimtrack.dates import Interval
from claimtrack.export import CSV_COLUMNS, EXPORT_FORMATS, export_text, iso_date, write_atomic
from claimtrack.ledger import Ledger, open_ledger
from claimtrack.problems import UsageError
from claimtrack.query import article_rows, claim_record
from conftest import DATA, SEEDS, Project, invoke

ORIGINAL = """ date 2024-01-27 Insiders Say Marriage Is Over
Pat Smith married Lee Jones in 2011, according to insiders.
The couple separated in August 2023, the Daily Planet confirmed.
"""
COPY = """ date 2024-02-01 Pat Smith Marriage Over, Insiders Say
Pat Smith married Lee Jones in 2011, according to insiders.
"It was hard, but we're fine," Pat Smith said.
"""
UNDATED = """Pat Smith "is thriving", a friend said, "and so is Ada."
"""

CLAIMS = """\
articles:
  orig.txt:
    outlet: Daily Planet
    url: https://planet.example/pat
  copy.txt:
    outlet: Echo, "the" Daily
    copy_of: orig.txt
subjects:
  pat-smith: {name: Pat Smith, aliases: [Smith]}
  lee-jones: {name: Lee Jones}
claims:
  - id: wedding-2011
    subject: pat-smith
    involves: [lee-jones]
    statement: Smith married Jones in 2011.
    slot: wedding
    when: 2011
    sources:
      - {article: copy.txt, attribution: anonymous_insider, attributed_to: insiders, quote: "married Lee Jones in 2011"}
      - {article: orig.txt, attribution: anonymous_insider, attributed_to: insiders, quote: "married Lee Jones in 2011"}
  - id: fine
    subject: pat-smith
    statement: Smith says the couple are fine.
    sources:
      - {article: copy.txt, attribution: direct_quote, attributed_to: Pat Smith, quote: "It was hard, but we're fine,"}
  - id: thriving
    subject: pat-smith
    statement: Smith is thriving.
    sources:
      - {article: undated.txt, attribution: anonymous_insider, attributed_to: a friend, quote: "is thriving"}
"""


@pytest.fixture
def small(make_project: Callable[..., Project]) -> Project:
    return make_project(CLAIMS, {"orig.txt": ORIGINAL, "copy.txt": COPY, "undated.txt": UNDATED})


def ledger_of(project: Project) -> Ledger:
    return open_ledger(project.data, project.seeds, "data/claims.yaml", "seeds")


def repo_ledger() -> Ledger:
    return open_ledger(DATA, SEEDS, "data/claims.yaml", "seeds")


def jsonld(project: Project) -> dict[str, Any]:
    result = project.run("export", "--format", "claimreview")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


# --- claimreview: exact records on a small project ------------------------------------------

PLANET = {"@type": "Organization", "name": "Daily Planet"}
ORIG_NODE = {
    "@type": "NewsArticle",
    "@id": "#article-orig",
    "identifier": "orig.txt",
    "headline": "Insiders Say Marriage Is Over",
    "datePublished": "2024-01-27",
    "publisher": PLANET,
    "url": "https://planet.example/pat",
}
COPY_NODE = {
    "@type": "NewsArticle",
    "@id": "#article-copy",
    "identifier": "copy.txt",
    "headline": "Pat Smith Marriage Over, Insiders Say",
    "datePublished": "2024-02-01",
    "publisher": {"@type": "Organization", "name": 'Echo, "the" Daily'},
    "isBasedOn": ORIG_NODE,
}
PAT = {"@type": "Person", "@id": "#subject-pat-smith", "name": "Pat Smith"}


def test_claimreview_document_exactly(small: Project) -> None:
    document = jsonld(small)
    assert document["@context"] == "https://schema.org"
    assert document["@graph"] == [
        {
            "@type": "Claim",
            "@id": "#claim-wedding-2011",
            "identifier": "wedding-2011",
            "text": "Smith married Jones in 2011.",
            "about": PAT,
            "mentions": [{"@type": "Person", "@id": "#subject-lee-jones", "name": "Lee Jones"}],
            # The claimant is whom the original attributes it to, though the copy is cited first.
            "author": {
                "@type": "Person",
                "name": "insiders",
                "description": "anonymous source cited by Daily Planet",
            },
            "datePublished": "2024-01-27",
            "appearance": [ORIG_NODE, COPY_NODE],  # earliest first
            "firstAppearance": ORIG_NODE,
        },
        {
            "@type": "Claim",
            "@id": "#claim-fine",
            "identifier": "fine",
            "text": "Smith says the couple are fine.",
            "about": PAT,
            # Only a copy cites it: its own attribution is all there is.
            "author": {"@type": "Person", "name": "Pat Smith"},
            "datePublished": "2024-02-01",
            "appearance": [COPY_NODE],
            "firstAppearance": COPY_NODE,
        },
        {
            "@type": "Claim",
            "@id": "#claim-thriving",
            "identifier": "thriving",
            "text": "Smith is thriving.",
            "about": PAT,
            "author": {
                "@type": "Person",
                "name": "a friend",
                "description": "anonymous source cited by undated.txt",
            },
            # Undated and without a headline: the lead's first words, no date, no first appearance.
            "appearance": [
                {
                    "@type": "NewsArticle",
                    "@id": "#article-undated",
                    "identifier": "undated.txt",
                    "headline": 'Pat Smith "is thriving", a friend said, "and so is Ada."',
                }
            ],
        },
    ]


def test_named_outlet_claimant_is_an_organization(make_project: Callable[..., Project]) -> None:
    claims = CLAIMS.replace(
        "{article: copy.txt, attribution: direct_quote, attributed_to: Pat Smith",
        "{article: copy.txt, attribution: named_outlet, attributed_to: The Echo",
    )
    project = make_project(claims, {"orig.txt": ORIGINAL, "copy.txt": COPY, "undated.txt": UNDATED})
    author = jsonld(project)["@graph"][1]["author"]
    assert author == {"@type": "Organization", "name": "The Echo"}


def test_curated_date_range_is_given_at_the_precision_that_holds_it(
    make_project: Callable[..., Project],
) -> None:
    claims = CLAIMS.replace(
        "  copy.txt:\n",
        "  undated.txt:\n    date: 2024-01-10..2024-01-31\n    date_basis: the text says so\n"
        "  copy.txt:\n",
    )
    project = make_project(claims, {"orig.txt": ORIGINAL, "copy.txt": COPY, "undated.txt": UNDATED})
    node = jsonld(project)["@graph"][2]
    assert node["datePublished"] == "2024-01"
    assert node["firstAppearance"]["datePublished"] == "2024-01"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2024-01-27", "2024-01-27", "2024-01-27"),
        ("2024-01-01", "2024-01-31", "2024-01"),
        ("2024-01-10", "2024-01-31", "2024-01"),
        ("2024-01-01", "2024-12-31", "2024"),
        ("2024-03-01", "2024-05-31", "2024"),
        ("2023-12-01", "2024-02-29", None),
        (None, "2024-02-29", None),
    ],
)
def test_iso_date(start: str | None, end: str | None, expected: str | None) -> None:
    lo = None if start is None else datetime.date.fromisoformat(start)
    hi = None if end is None else datetime.date.fromisoformat(end)
    assert iso_date(Interval.span(lo, hi)) == expected


def test_iso_date_of_nothing() -> None:
    assert iso_date(None) is None


# --- claimreview: structure on the curated seeds ---------------------------------------------


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes(item)


def test_seeds_export_one_claim_node_per_claim_with_the_fields() -> None:
    ledger = repo_ledger()
    result = invoke("export", "--format", "claimreview")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert set(document) == {"@context", "@graph"}
    graph = document["@graph"]
    assert len(graph) == len(ledger.claims) > 100
    assert [node["@id"] for node in graph] == [f"#claim-{c.id}" for c in ledger.claims]
    for node, claim in zip(graph, ledger.claims, strict=True):
        assert node["@type"] == "Claim"
        assert node["text"] == claim.statement
        assert node["author"]["@type"] in ("Person", "Organization") and node["author"]["name"]
        assert node["about"]["@type"] == "Person" and node["about"]["name"]
        cited = {source.article for source in claim.sources}
        assert {a["identifier"] for a in node["appearance"]} == cited
        for appearance in node["appearance"]:
            assert appearance["@type"] == "NewsArticle" and appearance["headline"]
        # Every seed is dated (by its file or by the curator): the first appearance is the earliest.
        assert node["firstAppearance"] == node["appearance"][0]
        dates = [a["datePublished"] for a in node["appearance"]]
        assert node["datePublished"] == min(dates) == dates[0]


def test_seeds_copies_point_at_their_original() -> None:
    document = json.loads(invoke("export", "--format", "claimreview").stdout)
    based = {
        node["identifier"]: node["isBasedOn"]["@id"]
        for node in _nodes(document)
        if node.get("@type") == "NewsArticle" and "isBasedOn" in node
    }
    # Only the curated copy: 001 rewrites Us Weekly's 003.
    assert based == {"001_1ef6b52c2d1eff1a.txt": "#article-003_eed9f197d463ef0c"}


def test_jsonld_is_well_formed_and_each_id_describes_one_node() -> None:
    document = json.loads(invoke("export", "--format", "claimreview").stdout)
    by_id: dict[str, list[dict[str, Any]]] = {}
    for node in _nodes(document["@graph"]):
        for key, value in node.items():
            assert key.startswith("@") or key.isidentifier(), key  # schema.org terms, no IRIs
            if key == "@id":
                assert isinstance(value, str) and value.startswith("#") and " " not in value
        if "@type" in node:
            assert node["@type"] in {"Claim", "NewsArticle", "Person", "Organization"}
        if "@id" in node:
            by_id.setdefault(node["@id"], []).append(node)
    # The same @id repeated is the same node: its descriptions agree (isBasedOn is only ever
    # left off the nested copy of an original).
    for node_id, nodes in by_id.items():
        shapes = {json.dumps({k: v for k, v in n.items() if k != "isBasedOn"}) for n in nodes}
        assert len(shapes) == 1, node_id


def test_export_is_deterministic() -> None:
    for fmt in EXPORT_FORMATS:
        first, second = (invoke("export", "--format", fmt).stdout_bytes for _ in range(2))
        assert first == second


# --- json -----------------------------------------------------------------------------------


def test_json_is_the_whole_ledger(small: Project) -> None:
    result = small.run("export", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    ledger = ledger_of(small)
    assert document == {
        "version": 1,
        "subjects": [
            {"key": "pat-smith", "name": "Pat Smith", "aliases": ["Smith"], "note": None},
            {"key": "lee-jones", "name": "Lee Jones", "aliases": [], "note": None},
        ],
        "articles": article_rows(ledger),
        "claims": [claim_record(ledger, i) for i in range(len(ledger.claims))],
    }


def test_json_is_the_default_format(small: Project) -> None:
    assert small.run("export").stdout == small.run("export", "--format", "json").stdout


# --- csv ------------------------------------------------------------------------------------


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_one_row_per_citation_and_parses_back(small: Project) -> None:
    result = small.run("export", "--format", "csv")
    assert result.exit_code == 0
    text = result.stdout_bytes.decode("utf-8")  # (Result.stdout turns CRLF into LF)
    assert text.startswith(",".join(CSV_COLUMNS) + "\r\n")
    assert text.count("\r\n") == text.count("\n")  # RFC 4180: CRLF
    rows = parse_csv(text)
    assert [(r["claim_id"], r["source"], r["article"]) for r in rows] == [
        ("wedding-2011", "1", "copy.txt"),
        ("wedding-2011", "2", "orig.txt"),
        ("fine", "1", "copy.txt"),
        ("thriving", "1", "undated.txt"),
    ]
    fine = rows[2]
    assert fine["quote"] == "It was hard, but we're fine,"
    assert fine["outlet"] == 'Echo, "the" Daily'  # commas and quotes survive
    assert fine["copy_of"] == "orig.txt" and fine["attribution"] == "direct_quote"
    assert fine["article_date"] == "2024-02-01" and fine["line"] == "3"
    assert rows[0]["involves"] == "lee-jones" and rows[0]["value"] == "2011"
    assert rows[3]["article_date"] == "" and rows[3]["earliest_article_date"] == ""


def test_seeds_csv_row_count_is_the_number_of_sources() -> None:
    ledger = repo_ledger()
    rows = parse_csv(invoke("export", "--format", "csv").stdout_bytes.decode("utf-8"))
    assert len(rows) == sum(len(claim.sources) for claim in ledger.claims) > 200
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    assert all(row["line"] for row in rows)  # every curated quote is found


# --- -o FILE --------------------------------------------------------------------------------


def files_under(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_output_file_gets_exactly_what_stdout_would(small: Project, fmt: str) -> None:
    expected = small.run("export", "--format", fmt).stdout_bytes
    result = small.run("export", "--format", fmt, "-o", f"out.{fmt}")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"wrote out.{fmt}: 3 claims as {fmt}\n"
    assert (small.root / f"out.{fmt}").read_bytes() == expected
    # No temporary file is left behind.
    assert sorted(p.name for p in small.root.iterdir()) == ["data", f"out.{fmt}", "seeds"]


def test_output_replaces_an_existing_file_and_keeps_its_mode(small: Project) -> None:
    target = small.root / "ledger.json"
    target.write_text("old")
    target.chmod(0o640)
    assert small.run("export", "-o", "ledger.json").exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == 1
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.json", "{}\n")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(UsageError, match="No space left on device"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.parametrize(
    "target",
    [
        "data/claims.yaml",
        "./data/claims.yaml",
        "seeds/orig.txt",
        "seeds/new.txt",
        "seeds/export.json",
        "seeds/../data/claims.yaml",
    ],
)
def test_refuses_to_overwrite_the_claims_file_or_an_article(small: Project, target: str) -> None:
    before = files_under(small.root)
    result = small.run("export", "--format", "json", "-o", target)
    assert result.exit_code == 2
    assert result.stderr.startswith("claimtrack: error: refusing to write")
    assert files_under(small.root) == before


def test_refuses_a_link_to_the_claims_file(small: Project) -> None:
    link = small.root / "ledger.json"
    try:
        link.symlink_to(small.data)
    except OSError:
        pytest.skip("symbolic links are not available here")
    before = files_under(small.root)
    assert small.run("export", "-o", "ledger.json").exit_code == 2
    assert files_under(small.root) == before


def test_refusal_comes_before_reading_the_project(small: Project) -> None:
    small.data.write_text("claims: [")  # broken YAML: the refusal is still the error reported
    result = small.run("export", "-o", "data/claims.yaml")
    assert result.exit_code == 2 and "refusing to write" in result.stderr
    assert small.data.read_text() == "claims: ["


def test_other_data_and_seeds_are_protected_too(small: Project) -> None:
    os.rename(small.data, small.root / "ledger.yaml")
    os.rename(small.seeds, small.root / "articles")
    for target in ("ledger.yaml", "articles/orig.txt"):
        result = small.run("export", "--data", "ledger.yaml", "--seeds", "articles", "-o", target)
        assert result.exit_code == 2, target
    ok = small.run("export", "--data", "ledger.yaml", "--seeds", "articles", "-o", "seeds.json")
    assert ok.exit_code == 0


def test_unknown_format_is_a_usage_error(small: Project) -> None:
    result = small.run("export", "--format", "xml")
    assert result.exit_code == 2
    with pytest.raises(UsageError):
        export_text(ledger_of(small), "xml")


def test_unusable_claims_file_is_exit_2(small: Project) -> None:
    small.data.write_text("claims: [")
    result = small.run("export")
    assert result.exit_code == 2 and result.stdout == ""


def test_every_export_format_has_one_exporter() -> None:
    """``export --format`` names are looked up in one mapping, which holds exactly them."""
    from claimtrack import export

    assert tuple(export._EXPORTERS) == EXPORT_FORMATS
