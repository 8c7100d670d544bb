"""An edited claims file re-parses only the claim items that changed, with the results of a run
without the cache (random edits: add, remove, change and move claims, edit registry entries)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from claimtrack import cache, claim_items, loader
from conftest import ARTICLE_A, ARTICLE_B, invoke_in

HEAD = """\
# A fictional ledger for the incremental loader.
version: 1
subjects:
  pat-smith:
    name: Pat Smith
    aliases: [Smith, Pat]
  lee-jones:
    name: Lee Jones
    aliases: [Jones]
articles:
  a.txt:
    outlet: Daily Planet
claims:
"""

TAIL = """\
slots:
  separation:
    type: date
"""


def claim(number: int, statement: str = "", style: int = 0) -> str:
    """One claim item, written in one of a few styles the loader must read alike."""
    statement = statement or f"Smith and Jones separated, report {number}."
    if style == 1:
        return (
            f"  - id: claim-{number}  # a comment\n"
            f"    subject: pat-smith\n"
            f"    statement: >-\n      {statement}\n      (folded)\n\n"
            f"    involves: [lee-jones]\n"
            f"    sources:\n"
            f"      - {{article: b.txt, attribution: named_outlet, attributed_to: the Daily Planet,"
            f" quote: \"separated in August 2023\"}}\n"
            f"# a comment between claims\n\n"
        )
    if style == 2:
        return (
            f"  -\n    id: claim-{number}\n    subject: lee-jones\n"
            f"    statement: \"{statement}\n      continued\"\n"
            f"    slot: separation\n    when: eight months ago\n"
            f"    sources:\n      - article: a.txt\n        attribution: anonymous_insider\n"
            f"        attributed_to: a source\n        quote: separated eight months ago\n"
        )
    return (
        f"  - id: claim-{number}\n    subject: pat-smith\n    statement: {statement}\n"
        f"    sources:\n      - article: a.txt\n        attribution: direct_quote\n"
        f"        attributed_to: Pat Smith\n        quote: It was a hard year\n"
    )


BROKEN = [
    "  - id: broken\n    subject: pat-smith\n    statment: a typo\n",
    "  - id: broken\n    subject: pat-smith\n    statement: \"never closed\n",
    "  - id: &anchor broken\n    subject: *anchor\n",
    "  - [a, flow, item]\n",
    "  - id: claim-dup\n    id: again\n",
]


def _same(left: loader.LoadResult, right: loader.LoadResult, data: Any) -> None:
    assert left.claims == right.claims
    assert left.problems == right.problems
    assert left.left_out == right.left_out
    assert left.key == right.key
    for path in loader.iter_paths(data) if isinstance(data, dict) else []:
        for result in (left, right):
            result.positions.prefetch([path])
        assert left.positions.value(path) == right.positions.value(path), path
        assert left.positions.key(path) == right.positions.key(path), path


def _load_both(
    path: Path, calls: list[str] | None = None
) -> tuple[loader.LoadResult, loader.LoadResult, bool]:
    """The file loaded with the cache and without, and whether the first was a whole parse."""
    before = len(calls or [])
    cached = loader.load_claims(path, "data/claims.yaml")
    whole = len(calls or []) > before
    cache.disable(True)
    try:
        fresh = loader.load_claims(path, "data/claims.yaml")
    finally:
        cache.disable(False)
    return cached, fresh, whole


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_load_as_without_the_cache(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _spy_whole_parse(monkeypatch)
    incremental = 0
    loaded_clean = False
    rng = random.Random(seed)
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "seeds" / "a.txt").write_text(ARTICLE_A)
    (root / "seeds" / "b.txt").write_text(ARTICLE_B)
    path = root / "data" / "claims.yaml"
    items = [claim(n, style=n % 3) for n in range(8)]
    head, tail = HEAD, TAIL
    counter = 100
    for step in range(14):
        kind = rng.choice(["add", "remove", "change", "move", "registry", "break", "same"])
        if kind == "add":
            counter += 1
            items.insert(rng.randrange(len(items) + 1), claim(counter, style=rng.randrange(3)))
        elif kind == "remove" and len(items) > 1:
            items.pop(rng.randrange(len(items)))
        elif kind == "change":
            index = rng.randrange(len(items))
            items[index] = claim(1000 + step, f"Statement changed at step {step}.", rng.randrange(3))
        elif kind == "move":
            items.insert(rng.randrange(len(items)), items.pop(rng.randrange(len(items))))
        elif kind == "registry":
            head = head.replace("name: Pat Smith", f"name: Pat Smith {step}").replace(
                f"Smith {step - 1}", ""
            )
            tail = TAIL + rng.choice(["", "    description: When they separated.\n"])
        elif kind == "break":
            items.insert(rng.randrange(len(items) + 1), rng.choice(BROKEN))
        text = head + "".join(items) + tail
        path.write_text(text)
        cached, fresh, whole = _load_both(path, calls)
        incremental += not whole
        if kind != "break" and loaded_clean:
            assert not whole, kind  # a clean file after a clean one: only new items parsed
        loaded_clean = loaded_clean or not fresh.problems
        data, _ = loader.parse_claims_text(text, "data/claims.yaml")
        _same(cached, fresh, data)
        if kind == "break":
            items = [item for item in items if item not in BROKEN]
        checked = invoke_in(root, "check", "--format", "json")
        unchecked = invoke_in(root, "check", "--format", "json", "--no-cache")
        cache.disable(False)  # --no-cache turns it off for the rest of the process
        assert json.loads(checked.output) == json.loads(unchecked.output)
        assert checked.output == unchecked.output and checked.exit_code == unchecked.exit_code
    assert incremental


def _spy_whole_parse(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = loader._load

    def spy(raw: bytes, display: str) -> loader.LoadResult:
        calls.append(display)
        return real(raw, display)

    monkeypatch.setattr(loader, "_load", spy)
    return calls


def test_an_edited_claim_is_the_only_item_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "claims.yaml"
    items = [claim(n, style=n % 3) for n in range(30)]
    path.write_text(HEAD + "".join(items) + TAIL)
    calls = _spy_whole_parse(monkeypatch)
    first = loader.load_claims(path)
    assert calls == [str(path)] and first.claims is not None and not first.problems
    parsed: list[bytes] = []
    real = loader.parse_claims_text

    def counting(text: str | bytes, display: str, *args: Any, **kwargs: Any) -> Any:
        parsed.append(text if isinstance(text, bytes) else text.encode())
        return real(text, display, *args, **kwargs)

    monkeypatch.setattr(loader, "parse_claims_text", counting)
    items[17] = claim(17, "Smith and Jones never separated.", 0)
    path.write_text(HEAD + "".join(items) + TAIL)
    second = loader.load_claims(path)
    assert calls == [str(path)]  # no whole parse
    assert second.claims is not None
    assert second.claims.claims[17].statement == "Smith and Jones never separated."
    # The one claim item: the rest of the file was read from the cache.
    assert parsed[0] == claim_items.PREFIX + items[17].encode()
    rest = HEAD.replace("claims:\n", "claims: ").encode() + loader._UNSET + b"\n" + TAIL.encode()
    assert parsed[1:] == [] and cache.read(cache.key("registries", rest)) is not None


@pytest.mark.parametrize(
    "text",
    [
        "claims: [{id: a}]\n",
        "claims:\n\t- id: a\n",
        "claims:\r\n  - id: a\r\n",
        "---\nclaims:\n  - id: a\n",
        "claims:\n  - id: a\nclaims:\n  - id: b\n",
        "\ufeffclaims:\n  - id: a\n",
        "claims:\n  id: a\n",
        "claims: # the list\n",
    ],
)
def test_text_that_may_read_otherwise_is_not_split(text: str) -> None:
    assert claim_items.split(text.encode()) is None


def test_items_split_at_their_dash_with_the_lines_after_them() -> None:
    text = "version: 1\nclaims:\n# first\n- id: a\n  x: 1\n\n# between\n-\n  id: b\nslots: {}\n"
    split = claim_items.split(text.encode())
    assert split is not None and split.indent == 0
    raw = text.encode()
    assert [split.item(raw, i) for i in range(len(split))] == [
        b"- id: a\n  x: 1\n\n# between\n", b"-\n  id: b\n"
    ]
    assert split.lines == [3, 7, 9]
    rest = split.rest(raw, b"null")
    assert rest == b"version: 1\nclaims: null\n# first\nslots: {}\n"


@pytest.mark.parametrize("field", ["rows", "spans"])
def test_a_hostile_item_entry_is_a_miss(tmp_path: Path, field: str) -> None:
    path = tmp_path / "claims.yaml"
    items = [claim(n) for n in range(3)]
    path.write_text(HEAD + "".join(items) + TAIL)
    loader.load_claims(path)
    name, _ = loader._items_names(path, str(path))
    entry = json.loads(cache.read(name) or b"{}")
    if field == "rows":
        for row in entry["rows"]:
            row[2] = 12  # a statement that is not text
    else:
        entry["spans"][0] = -1
    cache.write(name, json.dumps(entry).encode())
    items[0] = claim(0, "Changed.")
    path.write_text(HEAD + "".join(items) + TAIL)
    cached, fresh, _ = _load_both(path)
    assert cached.claims == fresh.claims and cached.claims is not None
    assert [c.statement for c in cached.claims.claims][1] == "Smith and Jones separated, report 1."
