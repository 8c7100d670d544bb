"""``claimtrack report``: one self-contained HTML page, checked as a parser and a browser see it."""

from __future__ import annotations

import html as html_module
import json
import os
import re
import shutil
import struct
import subprocess
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

import claimtrack.files
from conftest import DATA, REPO, SEEDS, Project, invoke, invoke_in

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
}  # fmt: skip
SECTIONS = ("timeline", "conflicts", "sourcing", "claims")


class Page(HTMLParser):
    """Parses a page and checks it is well formed: every non-void element closed, in order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple[int, int]]] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: Counter[str] = Counter()
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.doctype = False
        self.feed(html)
        self.close()
        for tag, (line, column) in self.stack:
            self.errors.append(f"<{tag}> opened at {line}:{column} is never closed")

    def handle_decl(self, decl: str) -> None:
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def _record(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if len(attributes) != len(attrs):
            self.errors.append(f"<{tag}> repeats an attribute: {attrs}")
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids[str(attributes["id"])] += 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._record(tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._record(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        line, column = self.getpos()
        if tag in VOID:
            self.errors.append(f"</{tag}> closes a void element at {line}:{column}")
        elif not self.stack:
            self.errors.append(f"</{tag}> at {line}:{column} closes nothing")
        elif self.stack[-1][0] != tag:
            opened, (at_line, at_column) = self.stack[-1]
            self.errors.append(
                f"</{tag}> at {line}:{column} but <{opened}> from {at_line}:{at_column} is open"
            )
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)
        elif not self.stack or self.stack[-1][0] != "style":
            self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def attribute_values(self, name: str) -> list[str]:
        return [str(attrs[name]) for _, attrs in self.tags if attrs.get(name) is not None]

    @property
    def plain(self) -> str:
        return "".join(self.text)


def check_page(html: str) -> Page:
    """Well formed, self-contained, every internal link lands: what every report must be."""
    page = Page(html)
    assert page.doctype
    assert page.errors == []
    assert [i for i, n in page.ids.items() if n > 1] == [], "duplicate ids"
    assert page.attribute_values("src") == []
    assert page.all("link") == [] and page.all("img") == [] and page.all("iframe") == []
    for href in page.attribute_values("href"):
        assert href.startswith("#"), f"external or script link: {href!r}"
        assert href[1:] in page.ids, f"link to a missing id: {href}"
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), f"event handler on <{tag}>"
    scripts = page.all("script")
    assert len(scripts) == 1 and "src" not in scripts[0]
    assert "url(" not in html.split("</style>")[0] and "@import" not in html
    csp = [m for m in page.all("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in str(csp[0]["content"])
    return page


_SEEDS_HTML: dict[str, str] = {}


def seeds_report() -> str:
    """The seeds' report, through the real CLI (computed once per test session)."""
    if "html" not in _SEEDS_HTML:
        result = invoke("report", "-o", "-")
        assert result.exit_code == 0, result.output
        _SEEDS_HTML["html"] = result.stdout
    return _SEEDS_HTML["html"]


def seeds_conflicts() -> list[dict[str, Any]]:
    result = invoke("conflicts", "--format", "json")
    assert result.exit_code == 0
    conflicts: list[dict[str, Any]] = json.loads(result.stdout)["conflicts"]
    return conflicts


def claim_ids(data: Path = DATA) -> list[str]:
    return [claim["id"] for claim in yaml.safe_load(data.read_text(encoding="utf-8"))["claims"]]


# --- the seeds' report ----------------------------------------------------------------------


def test_seeds_report_is_well_formed_and_self_contained() -> None:
    html = seeds_report()
    assert html.startswith("<!DOCTYPE html>")
    check_page(html)


def test_seeds_report_has_the_sections_and_a_timeline_per_subject() -> None:
    page = check_page(seeds_report())
    for section in SECTIONS:
        assert section in page.ids
    svgs = page.all("svg")
    assert len(svgs) >= 1
    timeline = json.loads(invoke("timeline", "--format", "json").stdout)
    subjects = {event["claim"]["subject"]["key"] for event in timeline["events"]}
    assert len(svgs) == len(subjects)  # one drawing per subject with a dated event
    rects = page.all("rect")
    assert len(rects) > len(timeline["events"])
    assert "2011" in page.plain and "2024" in page.plain  # year ticks


def test_every_conflict_is_a_block_linked_from_the_timeline() -> None:
    html = seeds_report()
    page = check_page(html)
    conflicts = seeds_conflicts()
    blocks = [a for a in page.all("article") if "conflict" in str(a.get("class")).split()]
    assert len(conflicts) == 8
    assert len(blocks) == len(conflicts)
    assert [b["id"] for b in blocks] == [f"conflict-{n}" for n in range(1, len(conflicts) + 1)]
    hrefs = set(page.attribute_values("href"))
    for n in range(1, len(conflicts) + 1):
        assert f"#conflict-{n}" in hrefs
    # each side's claim, quote (highlighted in its sentence) and sourcing summary
    for conflict in conflicts:
        for position in conflict["positions"]:
            for side in position["claims"]:
                assert f'href="#claim-{side["claim"]["id"]}"' in html
    assert html.count("<mark>") >= sum(
        len(side["claim"]["sources"])
        for c in conflicts
        for position in c["positions"]
        for side in position["claims"]
    )
    assert "independent origin" in page.plain and "better sourced" in page.plain


def test_date_conflicts_are_marked_in_the_timeline() -> None:
    html = seeds_report()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'class="mark event conflict' in svg
    assert "hatch" in svg


def test_every_claim_is_in_the_index_with_its_quotes() -> None:
    html = seeds_report()
    page = check_page(html)
    ids = claim_ids()
    assert len(ids) == 118
    for claim_id in ids:
        assert f"claim-{claim_id}" in page.ids
    rows = page.all("tr")
    assert len(rows) == len(ids) + 1  # and the header
    assert len(page.all("q")) == sum(
        len(c["sources"]) for c in yaml.safe_load(DATA.read_text(encoding="utf-8"))["claims"]
    )


def test_sourcing_profile_per_article_and_copies() -> None:
    page = check_page(seeds_report())
    for article in sorted(p.name for p in SEEDS.glob("*.txt")):
        assert f"article-{article.lower()}" in page.ids
    stacks = [a for a in page.all("div") if a.get("class") == "stack"]
    assert len(stacks) >= 5
    text = " ".join(page.plain.split())
    assert "copy of 003" in text and "copied by 001" in text
    assert "containment 0.3" in text


def test_the_report_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "one.html", tmp_path / "two.html"
    assert invoke("report", "-o", str(first)).exit_code == 0
    assert invoke("report", "--no-cache", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8") == seeds_report()


def test_subject_filter_as_in_list() -> None:
    result = invoke("report", "-o", "-", "--subject", "AMALIA")
    assert result.exit_code == 0
    page = check_page(result.stdout)
    listed = json.loads(invoke("list", "--subject", "amalia", "--format", "json").stdout)
    ids = [claim["id"] for claim in listed]
    rows = [r["id"] for r in page.all("tr") if r.get("id")]
    assert rows == [f"claim-{i}" for i in ids]
    assert "Amalia Millepied" in page.plain
    bad = invoke("report", "-o", "-", "--subject", "nobody-at-all")
    assert bad.exit_code == 2 and "no subject matches" in bad.output


# --- safety ---------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
BREAKER = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"

HOSTILE_ARTICLE = f""" date 2024-03-08 Headline {SCRIPT} and {BREAKER}
Pat Smith said {SCRIPT} on stage in 2012.
The insider wrote {BREAKER} in a note last month.
Visit {JS_URL} for more, said Pat Smith.
"""

HOSTILE_CLAIMS = {
    "articles": {
        # (a javascript: URL is a check error now: see tests/bad_input/url-javascript)
        "a.txt": {"outlet": BREAKER, "note": SCRIPT, "url": f"https://x.example/?q={SCRIPT}"},
    },
    "subjects": {
        "pat-smith": {"name": f"Pat {SCRIPT} Smith", "aliases": ["Smith", BREAKER]},
    },
    "claims": [
        {
            "id": "payload-script",
            "subject": "pat-smith",
            "statement": f"Statement {SCRIPT}",
            "slot": "event",
            "when": "2012",
            "sources": [{
                "article": "a.txt", "attribution": "direct_quote", "attributed_to": BREAKER,
                "quote": f"said {SCRIPT} on stage",
            }],
        },
        {
            "id": "payload-img",
            "subject": "pat-smith",
            "statement": BREAKER,
            "slot": "event",
            "when": "last month",
            "note": JS_URL,
            "sources": [{
                "article": "a.txt", "attribution": "anonymous_insider", "attributed_to": JS_URL,
                "quote": f"{BREAKER} in a note last month",
            }],
        },
        {
            "id": "payload-js",
            "subject": "pat-smith",
            "statement": JS_URL,
            "slot": "link",
            "value": JS_URL,
            "contradicts": ["payload-script"],
            "sources": [{
                "article": "a.txt", "attribution": "named_outlet", "attributed_to": SCRIPT,
                "quote": f"Visit {JS_URL} for more",
            }],
        },
    ],
}  # fmt: skip


def test_article_and_claims_text_is_escaped(make_project: Callable[..., Project]) -> None:
    project = make_project(
        yaml.safe_dump(HOSTILE_CLAIMS, allow_unicode=True), {"a.txt": HOSTILE_ARTICLE}
    )
    assert project.run("check").exit_code == 0, project.run("check").output
    result = project.run("report", "-o", "-")
    assert result.exit_code == 0, result.output
    html = result.stdout
    page = check_page(html)
    # the one script is the page's own, and no payload became an element or an attribute
    assert page.scripts and SCRIPT not in page.scripts[0] and "alert" not in page.scripts[0]
    assert html.count("<script") == 1
    assert "<img" not in html and "onerror" not in [a for _, attrs in page.tags for a in attrs]
    for value in (v for _, attrs in page.tags for v in attrs.values() if v is not None):
        assert not value.strip().lower().startswith("javascript:")
        assert "<" not in value  # no text from the data is ever put in an attribute
    # ... they are all there, as text
    text = page.plain
    for payload in (SCRIPT, BREAKER, JS_URL, f"Pat {SCRIPT} Smith"):
        assert payload in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    # the quotes, shown in their sentence, are the escaped article text
    assert "<mark>said &lt;script&gt;alert(1)&lt;/script&gt; on stage</mark>" in html
    assert page.all("svg")  # the hostile dates were drawn too
    assert "conflict-1" in page.ids


# --- writing the file -----------------------------------------------------------------------


def copy_repo_project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "seeds", root / "seeds")
    return root


def test_writes_report_html_by_default_atomically(tmp_path: Path) -> None:
    root = copy_repo_project(tmp_path)
    (root / "report.html").write_text("old report", encoding="utf-8")
    result = invoke_in(root, "report")
    assert result.exit_code == 0, result.output
    assert "wrote report.html" in result.stderr
    written = (root / "report.html").read_text(encoding="utf-8")
    assert written == seeds_report()
    assert sorted(p.name for p in root.iterdir()) == ["data", "report.html", "seeds"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_repo_project(tmp_path)
    target = root / "out.html"
    target.write_text("old report", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(claimtrack.files.os, "replace", fail)
    result = invoke_in(root, "report", "-o", "out.html")
    assert result.exit_code == 2
    assert "cannot write out.html: No space left on device" in result.stderr
    assert target.read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in root.iterdir()) == ["data", "out.html", "seeds"]


@pytest.mark.parametrize(
    "output",
    [
        "data/claims.yaml",
        "./data/../data/claims.yaml",
        "seeds/000_d9aef8a038ee8d87.txt",
        "seeds/new-report.html",
        "seeds",
        "link-to-claims.html",
    ],
)
def test_refuses_to_overwrite_the_project(tmp_path: Path, output: str) -> None:
    root = copy_repo_project(tmp_path)
    (root / "link-to-claims.html").symlink_to(root / "data" / "claims.yaml")
    before = {p: p.read_bytes() for p in [root / "data" / "claims.yaml", *root.glob("seeds/*")]}
    result = invoke_in(root, "report", "-o", output)
    assert result.exit_code == 2
    assert "refusing to write" in result.stderr
    assert "Traceback" not in result.output
    after = {p: p.read_bytes() for p in [root / "data" / "claims.yaml", *root.glob("seeds/*")]}
    assert after == before
    assert not (root / "seeds" / "new-report.html").exists()


def test_refuses_with_custom_data_and_seeds_paths(tmp_path: Path) -> None:
    root = copy_repo_project(tmp_path)
    os.rename(root / "data" / "claims.yaml", root / "ledger.yaml")
    os.rename(root / "seeds", root / "articles")
    for output in ("ledger.yaml", "articles/x.html"):
        result = invoke_in(root, "report", "--data", "ledger.yaml", "--seeds", "articles", "-o",
                           output)  # fmt: skip
        assert result.exit_code == 2, output
    ok = invoke_in(root, "report", "--data", "ledger.yaml", "--seeds", "articles", "-o", "r.html")
    assert ok.exit_code == 0
    assert "ledger.yaml" in (root / "r.html").read_text(encoding="utf-8")


def test_bad_output_paths_exit_2(tmp_path: Path) -> None:
    root = copy_repo_project(tmp_path)
    (root / "out").mkdir()
    for output in ("out", "missing/report.html"):
        result = invoke_in(root, "report", "-o", output)
        assert result.exit_code == 2, output
        assert "claimtrack: error:" in result.stderr


def test_report_of_an_unusable_claims_file_exits_2(make_project: Callable[..., Project]) -> None:
    project = make_project("claims: [", None)
    result = project.run("report", "-o", "r.html")
    assert result.exit_code == 2
    assert not (project.root / "r.html").exists()


# --- as a person sees it: headless Chromium -------------------------------------------------


def chromium() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.skip("chromium not installed: apt-get install -y chromium (as .ci/run does)")


def chromium_run(binary: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", f"--user-data-dir={profile}", *args,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_chromium_renders_the_report_without_console_errors(tmp_path: Path) -> None:
    binary = chromium()
    page = tmp_path / "report.html"
    assert invoke("report", "-o", str(page)).exit_code == 0
    url = page.resolve().as_uri()

    shot = tmp_path / "shot.png"
    run = chromium_run(binary, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", url)
    assert shot.exists(), run.stderr[-2000:]
    assert png_size(shot) == (1280, 2000)
    assert shot.stat().st_size > 50_000  # a blank page compresses to a few kilobytes

    run = chromium_run(binary, tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", url)
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    console = [
        line for line in run.stderr.splitlines()
        if ":CONSOLE" in line or "Uncaught" in line or "Content Security Policy" in line
    ]  # fmt: skip
    assert console == []
    for section in SECTIONS:
        assert f'id="{section}"' in dom
    assert dom.count("<svg") >= 1 and "<rect" in dom
    assert dom.count('class="conflict"') == len(seeds_conflicts())
    # the inline search script ran (the CSP hash matched): it shows the box and counts the rows
    assert '<div class="search" id="claim-search">' in dom
    assert f">{len(claim_ids())} claims<" in dom


_MEASURE = """
<script>
window.addEventListener("load", () => {
  const doc = document.documentElement;
  const row = document.querySelector("table.claims tbody tr");
  const svg = document.querySelector("svg.timeline");
  const scroller = svg ? svg.closest("figure") : null;
  const cut = [...document.querySelectorAll("table.claims td, .side, .conflict, .profile")]
    .filter(el => !(el instanceof SVGElement) && el.getBoundingClientRect().right > window.innerWidth + 1);
  parent.postMessage(JSON.stringify({
    inner: window.innerWidth, scroll: doc.scrollWidth, cut: cut.length,
    cutWhat: cut.slice(0, 5).map(el => el.className),
    row: row ? getComputedStyle(row).display : null,
    svgWidth: svg ? svg.getBoundingClientRect().width : 0,
    svgScreenWidth: scroller ? scroller.clientWidth : 0,
    scrollerOverflow: scroller ? getComputedStyle(scroller).overflowX : null,
  }), "*");
});
</script>
"""


def measure_report(binary: str, tmp_path: Path, width: int) -> dict[str, Any]:
    """The report laid out by Chromium at ``width`` CSS pixels: what a reader would have to
    scroll. The page's own CSS, with a measuring script added (its CSP would refuse one)."""
    page = tmp_path / "report.html"
    if not page.exists():
        assert invoke("report", "-o", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = tmp_path / f"probe-{width}.html"
    probe.write_text(html.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    # A frame of exactly ``width`` (a headless window is never narrower than 500 px); the
    # measurement comes back by message, which crosses file:// origins.
    frame = tmp_path / f"frame-{width}.html"
    frame.write_text(
        f'<!doctype html><body style="margin:0"><iframe src="{probe.name}" '
        f'style="width:{width}px;height:900px;border:0"></iframe><script>'
        'addEventListener("message", e => { const p = document.createElement("pre"); '
        'p.id = "measured"; p.textContent = e.data; document.body.append(p); });'
        "</script></body>",
        encoding="utf-8",
    )
    run = chromium_run(binary, tmp_path, "--window-size=1400,1000", "--virtual-time-budget=5000",
                       "--dump-dom", frame.resolve().as_uri())  # fmt: skip
    found = re.search(r'<pre id="measured">(.*?)</pre>', run.stdout, re.S)
    assert found, run.stderr[-2000:]
    measured: dict[str, Any] = json.loads(html_module.unescape(found.group(1)))
    return measured


def test_the_report_reads_on_a_phone(tmp_path: Path) -> None:
    """At 400 px the page never scrolls sideways: claims are stacked cards, no box runs off the
    screen, and the timeline keeps readable text by scrolling inside its own frame."""
    measured = measure_report(chromium(), tmp_path, 400)
    assert measured["scroll"] <= measured["inner"], measured
    assert measured["cut"] == 0, measured
    assert measured["row"] == "block", measured
    assert measured["svgWidth"] >= 600, measured  # not shrunk to unreadable text
    assert measured["scrollerOverflow"] == "auto", measured
    assert measured["svgScreenWidth"] <= measured["inner"], measured


def test_the_report_on_a_desktop_keeps_its_table(tmp_path: Path) -> None:
    measured = measure_report(chromium(), tmp_path, 1280)
    assert measured["scroll"] <= measured["inner"], measured
    assert measured["row"] == "table-row", measured
    assert measured["cut"] == 0, measured
