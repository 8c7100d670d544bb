"""Who really said it, and when: relays (``via``), reused quotes, primary evidence and dates
anchored to events, on a small fictional story (tests/fixtures/vale) through the real CLI.

The story: Glimmer (001, 2024-06-28) breaks a separation with an insider, a representative's
statement, the divorce petition and an Instagram post; Celebrity Pulse (002, 2024-07-30) relays
Glimmer's insider and the statement; Tattle (003, dated only "2024-09") rewrites 001 keeping all
its quotes verbatim and adds its own wedding year. Genuine conflicts: the separation (petition,
late April, against the insider's "last month", i.e. May) and the wedding (2018 against 2019).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, invoke_in

STORY = REPO / "tests" / "fixtures" / "vale"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    root = tmp_path / "vale"
    shutil.copytree(STORY, root)
    return root


def run_json(root: Path, *args: str) -> Any:
    result = invoke_in(root, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def edit(root: Path, old: str, new: str) -> None:
    path = root / "data" / "claims.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def disputes(root: Path) -> set[frozenset[frozenset[str]]]:
    """Each dispute as the set of its positions, each position the ids of its claims."""
    found = run_json(root, "conflicts")["conflicts"]
    return {
        frozenset(frozenset(x["claim"]["id"] for x in p["claims"]) for p in c["positions"])
        for c in found
    }


def _dispute(*positions: set[str]) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(p) for p in positions)


def test_the_story_checks_clean(story: Path) -> None:
    result = invoke_in(story, "check")
    assert result.exit_code == 0 and "no problems" in result.stdout, result.output


def test_conflicts_are_exactly_the_genuine_ones(story: Path) -> None:
    assert disputes(story) == {
        # The petition and the court papers agree with each other, against the insider's month.
        _dispute({"separation-filing", "separation-late-april"}, {"separation-last-month"}),
        # "two years after" the 2017 meeting is 2019: with 2019, against 2018.
        _dispute({"wedding-2018"}, {"wedding-2019", "wedding-two-years-after-meeting"}),
    }


def test_origins_count_original_sources_once(story: Path) -> None:
    origins = {c["id"]: (len(c["sources"]), c["origins"]) for c in run_json(story, "list")}
    # Glimmer's insider, relayed by Pulse (via) and reprinted by Tattle's rewrite: one origin.
    assert origins["separation-last-month"] == (3, 1)
    # One representative's statement in three articles; one post; one insider's words reused.
    assert origins["representative-statement"] == (3, 1)
    assert origins["instagram-post"] == (2, 1)
    assert origins["touring-strain"] == (2, 1)
    # Glimmer and Pulse each report the meeting in their own words: two origins.
    assert origins["met-2017"] == (2, 2)


def test_without_via_a_relay_counts_twice_and_check_suggests_via(story: Path) -> None:
    edit(story, "        via: Glimmer\n        said_on: \"2024-06-28\"\n        quote: They split",
         "        said_on: \"2024-06-28\"\n        quote: They split")  # fmt: skip
    # Different words in 001 and 002 would make the relay two origins; the reused quote and the
    # rewrite keep it one, and check says what is missing.
    result = invoke_in(story, "check")
    assert result.exit_code == 0
    assert "warning: claim 'separation-last-month': the sentence says 'told Glimmer': if the " \
        "claim is relayed, add 'via: Glimmer'" in result.stdout and "(via-suggested)" in result.stdout


def test_said_on_keeps_a_reused_quote_s_now(story: Path) -> None:
    shown = run_json(story, "show", "separation-last-month")
    readings = [(s["article"][:3], s["resolved_text"], s["resolved_from"], s["resolved_against"])
                for s in shown["sources"]]  # fmt: skip
    assert readings == [
        ("001", "2024-05", "article", "2024-06-28"),
        ("002", "2024-05", "said_on", "2024-06-28"),
        ("003", "2024-05", "said_on", "2024-06-28"),
    ]
    assert shown["resolved_text"] == "2024-05"
    assert _dispute({"separation-filing", "separation-late-april"},
                    {"separation-last-month"}) in disputes(story)  # fmt: skip


def test_without_said_on_the_reprint_resolves_against_its_own_date(story: Path) -> None:
    text = (story / "data" / "claims.yaml").read_text(encoding="utf-8")
    (story / "data" / "claims.yaml").write_text(
        text.replace('        said_on: "2024-06-28"\n', ""), encoding="utf-8"
    )
    shown = run_json(story, "show", "separation-last-month")
    assert [s["resolved_text"] for s in shown["sources"]] == ["2024-05", "2024-06", "2024-08"]
    assert shown["resolved"] is None  # its sources no longer agree


def test_event_anchored_dates_resolve_through_the_chain(story: Path) -> None:
    moved = run_json(story, "show", "moved-out-ten-weeks-before")
    assert moved["anchor"] == "separation-filing"
    assert moved["resolved"] == {"start": "2024-02-13", "end": "2024-02-19", "precision": "range"}
    assert moved["sources"][0]["resolved_from"] == "claim:separation-filing"
    wed = run_json(story, "show", "wedding-two-years-after-meeting")
    assert wed["resolved_text"] == "2019"
    verdicts = {r["id"]: r["verdict"] for r in wed["related"]}
    assert verdicts == {"wedding-2019": "agrees", "wedding-2018": "conflicts"}
    february = {r["id"]: r["verdict"] for r in moved["related"]}
    assert february == {"moved-out-february": "agrees"}


def test_an_anchor_chain_follows_an_edit_of_its_root(story: Path) -> None:
    edit(story, "    when: April 26, 2024\n", "    when: May 20, 2024\n")
    moved = run_json(story, "show", "moved-out-ten-weeks-before")
    assert moved["resolved_text"] == "2024-03-08..2024-03-14"
    assert "moved-out-february" in {r["id"] for r in moved["related"] if r["verdict"] == "conflicts"}


def test_anchor_cycles_and_missing_anchors_are_check_errors(story: Path) -> None:
    edit(story, "    when: \"2017\"\n", "    when: two years before\n    anchor: wedding-two-years-after-meeting\n")
    edit(story, "    when: on Monday\n", "    when: the following day\n")
    result = invoke_in(story, "check")
    assert result.exit_code == 1
    assert "anchor cycle: met-2017 → wedding-two-years-after-meeting → met-2017" in result.stdout \
        or "anchor cycle: wedding-two-years-after-meeting → met-2017 → wedding-two-years-after-meeting" \
        in result.stdout
    assert "(anchor-needed)" in result.stdout
    for command in ("conflicts", "timeline", "list", "export"):
        assert invoke_in(story, command).exit_code == 0, command


def test_weekday_resolves_against_the_article(story: Path) -> None:
    shown = run_json(story, "show", "seen-alone-monday")
    assert shown["resolved_text"] == "2024-07-29"  # 2024-07-30 is a Tuesday


def test_primary_evidence_is_shown_apart(story: Path) -> None:
    rows = {r["id"][:3]: r for r in run_json(story, "articles")}
    assert {k: v for k, v in rows["001"]["profile"].items() if v} == {
        "anonymous_insider": 3, "named_outlet": 2, "public_record": 1, "representative": 1,
        "own_post": 1,
    }  # fmt: skip
    conflict = next(c for c in run_json(story, "conflicts")["conflicts"]
                    if c["slot"] == "separation")  # fmt: skip
    strengths = {x["claim"]["id"]: x["strength"] for p in conflict["positions"]
                 for x in p["claims"]}  # fmt: skip
    assert strengths["separation-filing"]["public_record"] == 1
    assert strengths["separation-filing"]["primary"] == 1
    assert strengths["separation-last-month"]["primary"] == 0
    table = invoke_in(story, "conflicts", "--format", "markdown").stdout
    # The side resting on the petition says so; the insiders' side does not.
    assert "2024-04-26 (rests on primary evidence (2 citations), 2 claims, 2 citations, 1 origin" \
        in table
    assert "2024-05 (rests on" not in table and "2024-05 (1 claim, 3 citations" in table


def test_quote_reuse_links_a_rewrite_that_shingles_miss(story: Path) -> None:
    rows = {r["id"][:3]: r for r in run_json(story, "articles")}
    assert rows["003"]["near_duplicates"] == []  # the prose is rewritten
    reuse = {r["article"][:3]: r for r in rows["003"]["reuses_quotes"]}
    assert (reuse["001"]["shared"], reuse["001"]["strong"]) == (4, True)
    assert "Grateful for every chapter, even the hard ones," in reuse["001"]["quotes"]
    assert (reuse["002"]["shared"], reuse["002"]["strong"]) == (2, False)
    table = invoke_in(story, "articles").stdout
    assert "one origin" in table


def test_month_only_date_line_dates_the_article(story: Path) -> None:
    rows = {r["id"][:3]: r for r in run_json(story, "articles")}
    assert (rows["003"]["date"], rows["003"]["date_origin"]) == ("2024-09", "file")
    assert rows["003"]["headline"] == "What Really Ended Juniper Vale's Marriage"


def test_list_csv_and_export_give_values_as_written_and_resolved(story: Path) -> None:
    result = invoke_in(story, "list", "--format", "csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout, newline=""))}
    assert rows["moved-out-ten-weeks-before"]["value"] == "ten weeks before"
    assert rows["moved-out-ten-weeks-before"]["resolved"] == "2024-02-13..2024-02-19"
    assert rows["separation-last-month"]["resolved_per_source"].split("; ")[1] == (
        "2024-05 (from said_on 2024-06-28)"
    )
    exported = invoke_in(story, "export", "--format", "csv")
    lines = list(csv.DictReader(io.StringIO(exported.stdout, newline="")))
    relay = next(r for r in lines if r["claim_id"] == "separation-last-month" and r["source"] == "2")
    assert (relay["value"], relay["resolved"], relay["via"], relay["said_on"]) == (
        "last month", "2024-05", "Glimmer", "2024-06-28",
    )  # fmt: skip
    assert (relay["source_resolved"], relay["resolved_from"]) == ("2024-05", "said_on")
    document = run_json(story, "export")
    claim = next(c for c in document["claims"] if c["id"] == "instagram-post")
    assert claim["sources"][0]["url"] == "https://example.org/junipervale/posts/1"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "https://", "file:///etc/passwd"])
def test_a_source_url_must_be_http_or_https(story: Path, url: str) -> None:
    edit(story, "url: https://example.org/junipervale/posts/1", f"url: '{url}'")
    result = invoke_in(story, "check")
    assert result.exit_code == 1
    assert "url" in result.stdout and "Traceback" not in result.output


def test_the_report_badge_prefers_the_side_resting_on_a_record(story: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = invoke_in(story, "report", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "rests on a record, a representative or the person&#39;s own post" in page
    assert "seg-public_record" in page and "an insider (via Glimmer)" in page


def test_draft_fills_in_via_where_the_sentence_names_the_relaying_outlet(tmp_path: Path) -> None:
    # An empty ledger: draft skips the passages a ledger already quotes, and the bundled one
    # quotes all of 001.
    empty = tmp_path / "claims.yaml"
    empty.write_text("claims: []\n", encoding="utf-8")
    result = invoke_in(REPO, "draft", "001", "--data", str(empty), "--format", "json")
    assert result.exit_code == 0, result.output
    candidates = json.loads(result.stdout)["candidates"]
    relayed = [c["claim"]["sources"][0] for c in candidates if c["claim"]["sources"][0].get("via")]
    assert {(s["attributed_to"], s["via"]) for s in relayed} >= {("a source", "US Weekly")}
    revealed = next(s for s in relayed if s["attributed_to"] == "a source")
    assert (revealed["attribution"], revealed["quote"]) == (
        "anonymous_insider", "She didn’t give up on [her marriage] lightly",
    )  # "a source revealed to US Weekly": the insider's words, relayed
