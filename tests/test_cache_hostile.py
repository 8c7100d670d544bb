"""A cache that cannot lie or hang: entries are validated on read, and only regular files are read.

Every entry is edited to well-formed JSON of the wrong shape, with spans out of range, or with
values of the wrong types, and given a digest that matches its new bytes (so that only the shape
checks stand between it and the commands); every command must then print exactly what it prints
with ``--no-cache``.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimtrack import cache
from conftest import ARTICLE_A, ARTICLE_B, Project

# A small story of its own: two outlets disagree on the wedding year, and agree on the split.
CLAIMS = """\
subjects:
  pat-smith:
    name: Pat Smith
    aliases: [Smith]
  lee-jones:
    name: Lee Jones
articles:
  a.txt:
    outlet: Daily Planet
    url: https://planet.example/split
claims:
  - id: wedding-2012
    subject: pat-smith
    involves: [lee-jones]
    statement: Smith and Jones married in 2012.
    slot: wedding
    when: "2012"
    sources:
      - article: a.txt
        attribution: named_outlet
        attributed_to: the Daily Planet
        quote: The pair married in 2012
  - id: wedding-2011
    subject: pat-smith
    involves: [lee-jones]
    statement: Smith married Jones in 2011.
    slot: wedding
    when: "2011"
    sources:
      - article: b.txt
        attribution: anonymous_insider
        attributed_to: insiders
        quote: married Lee Jones in 2011
  - id: age-42
    subject: pat-smith
    statement: Smith was 42 in January 2024.
    slot: age
    age: 42
    sources:
      - article: b.txt
        attribution: named_outlet
        attributed_to: the outlet
        quote: Pat Smith, 42
  - id: quote-missing
    subject: pat-smith
    statement: A quote that is in neither article.
    sources:
      - article: a.txt
        attribution: direct_quote
        attributed_to: Pat Smith
        quote: words nobody wrote
"""

COMMANDS: list[tuple[str, ...]] = [
    ("check",),
    ("check", "--format", "json"),
    ("list", "--format", "json"),
    ("list",),
    ("show", "wedding-2012"),
    ("show", "wedding-2011", "--format", "json"),
    ("articles", "--format", "json"),
    ("conflicts", "--format", "json"),
    ("conflicts",),
    ("timeline", "--format", "json"),
    ("export", "--format", "json"),
    ("diff", "a.txt", "b.txt", "--format", "json"),
    ("report", "-o", "-"),
]


def cache_folder() -> Path:
    return Path(os.environ["CLAIMTRACK_CACHE_DIR"])


def write_entry(path: Path, payload: bytes) -> None:
    """An entry with a header whose digest matches ``payload``: what a forger would write."""
    digest = hashlib.sha256(payload).hexdigest().encode()
    path.write_bytes(cache.MAGIC + digest + b"\n" + payload)


def payload_of(path: Path) -> Any:
    return json.loads(path.read_bytes()[cache.HEADER_BYTES :])


def every_value(data: Any, change: Callable[[Any], Any]) -> Any:
    """``data`` with ``change`` applied to every scalar (lists and mappings kept)."""
    if isinstance(data, list):
        return [every_value(item, change) for item in data]
    if isinstance(data, dict):
        return {key: every_value(value, change) for key, value in data.items()}
    return change(data)


def _ints(value: Any, to: Any) -> Any:
    return to if type(value) is int else value


def _drop_last(data: Any) -> Any:
    """Rows of the wrong length: one value fewer in every row (a list of scalars) and one key
    fewer in every record (a mapping). A list of rows keeps its length: fewer findings or pairs
    would be a well-formed entry that no check can tell from the truth."""
    if isinstance(data, list):
        if data and not any(isinstance(item, (list, dict)) for item in data):
            return data[:-1]
        return [_drop_last(item) for item in data]
    if isinstance(data, dict):
        return {key: _drop_last(value) for key, value in list(data.items())[:-1]}
    return data


def _spans_past_the_end(data: Any) -> Any:
    """The ledger entry's columns (start, end, line, column, occurrences) pushed past every
    article's end, as in the report of issue 22; other entries unchanged."""
    if isinstance(data, list) and len(data) == 5 and all(isinstance(c, list) for c in data):
        start, end, line, column, occurrences = data
        return [[v + 999_997_524 for v in start], [v + 999_997_524 for v in end],
                line, column, occurrences]  # fmt: skip
    return data


def _impossible_values(data: Any) -> Any:
    """Well-typed values that cannot be true: more words than an article has characters, a
    finding of a rule that does not exist."""
    if isinstance(data, list):
        if len(data) == 3 and type(data[2]) is int and type(data[1]) is str:  # an article summary
            return [data[0], data[1], data[2] + 999_997_524]
        return [_impossible_values(item) for item in data]
    if isinstance(data, dict):
        if "code" in data and "severity" in data:  # a finding
            return {**data, "code": "no-such-rule"}
        return {key: _impossible_values(value) for key, value in data.items()}
    return data


EDITS: dict[str, Callable[[Any], Any]] = {
    "shape-mapping": lambda data: {"claims": {"claims": [{"bogus": 1}]}, "problems": []},
    "shape-list": lambda data: [[1, 2, 3]],
    "shape-scalar": lambda data: 7,
    "rows-short": _drop_last,
    "span-out-of-range": lambda data: _spans_past_the_end(data),
    "impossible-values": _impossible_values,
    "negative": lambda data: every_value(data, lambda v: _ints(v, -1)),
    "ints-as-text": lambda data: every_value(data, lambda v: _ints(v, "7")),
    "text-as-ints": lambda data: every_value(data, lambda v: 1 if type(v) is str else v),
    "nulls": lambda data: every_value(data, lambda v: None),
    "floats": lambda data: every_value(data, lambda v: _ints(v, 1.5)),
}


@pytest.fixture
def story(make_project: Callable[..., Project]) -> Project:
    return make_project(CLAIMS, {"a.txt": ARTICLE_A, "b.txt": ARTICLE_B})


def outputs(project: Project, *extra: str) -> dict[tuple[str, ...], tuple[int, str]]:
    found = {}
    for args in COMMANDS:
        result = project.run(*args, *extra, env={"NO_COLOR": "1", "COLUMNS": "120"})
        cache.disable(False)
        found[args] = (result.exit_code, result.output)
    return found


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_edited_entries_are_rebuilt_and_every_command_agrees_with_no_cache(
    story: Project, edit: str
) -> None:
    expected = outputs(story, "--no-cache")
    assert all(code != 3 for code, _ in expected.values())
    outputs(story)  # fills the cache
    entries = sorted(cache_folder().glob("*.json"))
    kinds = {path.name.split("-")[0] for path in entries}
    assert kinds >= {"claims", "ledger", "check", "analysis", "articles", "copies"}
    genuine = {path: payload_of(path) for path in entries}
    for path in entries:
        write_entry(path, json.dumps(EDITS[edit](genuine[path])).encode())
    assert outputs(story) == expected
    # ...and every entry that was refused was written again as it was.
    assert {path: payload_of(path) for path in entries} == genuine
    assert outputs(story) == expected


def test_an_entry_whose_bytes_do_not_match_its_digest_is_ignored(story: Project) -> None:
    expected = outputs(story, "--no-cache")
    outputs(story)
    for path in cache_folder().glob("*.json"):
        data = bytearray(path.read_bytes())
        data[-2] ^= 0x01  # one bit: still JSON-ish, no longer its digest
        path.write_bytes(bytes(data))
    assert outputs(story) == expected


def test_entries_without_a_header_are_ignored(story: Project) -> None:
    expected = outputs(story, "--no-cache")
    outputs(story)
    for path in cache_folder().glob("*.json"):
        path.write_bytes(path.read_bytes()[cache.HEADER_BYTES :])  # the JSON of an old format
    assert outputs(story) == expected


def _claims_entry(story: Project) -> Path:
    assert story.run("list").exit_code == 0
    cache.disable(False)
    (entry,) = cache_folder().glob("claims-*.json")
    return entry


def test_a_fifo_entry_does_not_hang(story: Project) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this OS")
    entry = _claims_entry(story)
    expected = story.run("list", "--format", "json").output
    entry.unlink()
    os.mkfifo(entry)
    outcome: list[Any] = []
    worker = threading.Thread(
        target=lambda: outcome.append(story.run("list", "--format", "json")), daemon=True
    )
    worker.start()
    worker.join(20)
    if worker.is_alive():  # unblock the reader so the test process can end, then fail
        with open(entry, "wb"):
            pass
        pytest.fail("list hung on a named pipe in the cache")
    assert outcome[0].exit_code == 0 and outcome[0].output == expected
    assert stat.S_ISREG(entry.lstat().st_mode)  # rebuilt as a real entry
    assert cache.read(entry.name.removesuffix(".json")) is not None


def test_a_symlink_to_dev_zero_is_not_read(story: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    entry = _claims_entry(story)
    expected = story.run("list", "--format", "json").output
    entry.unlink()
    entry.symlink_to("/dev/zero")
    opened: list[str] = []
    real_open = os.open

    def watch(path: Any, *args: Any, **kwargs: Any) -> int:
        fd = real_open(path, *args, **kwargs)
        if stat.S_ISCHR(os.fstat(fd).st_mode):
            opened.append(str(path))
        return fd

    monkeypatch.setattr(os, "open", watch)
    result = story.run("list", "--format", "json")
    assert result.exit_code == 0 and result.output == expected
    assert opened == []


def test_a_symlink_to_a_valid_entry_elsewhere_is_not_followed(
    story: Project, tmp_path: Path
) -> None:
    entry = _claims_entry(story)
    outside = tmp_path / "elsewhere.json"
    outside.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(outside)
    assert cache.read(entry.name.removesuffix(".json")) is None


def test_an_oversized_entry_is_not_read(
    story: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = _claims_entry(story)
    name = entry.name.removesuffix(".json")
    assert cache.read(name) is not None
    monkeypatch.setattr(cache, "MAX_BYTES", entry.stat().st_size - 1)
    assert cache.read(name) is None


def test_stale_temporary_files_are_swept_and_fresh_ones_kept(story: Project) -> None:
    folder = cache_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / ".claims-0123.999.abcdef.tmp"
    fresh = folder / ".claims-4567.998.abcdef.tmp"
    unrelated = folder / "notes.txt"
    for path in (stale, fresh, unrelated):
        path.write_bytes(b'{"half": ')
    old = time.time() - 2 * cache.STALE_SECONDS
    os.utime(stale, (old, old))
    os.utime(unrelated, (old, old))
    assert story.run("check").exit_code == 1  # writes entries
    assert not stale.exists()
    assert fresh.exists() and unrelated.exists()


def test_the_cache_folder_is_created_private(
    story: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "fresh" / "claimtrack"
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(folder))
    old = os.umask(0o022)
    try:
        assert story.run("check").exit_code == 1
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_debug_notes_why_an_entry_was_ignored(story: Project) -> None:
    entry = _claims_entry(story)
    write_entry(entry, b"[]")
    result = story.run("list", env={"CLAIMTRACK_DEBUG": "1"})
    assert result.exit_code == 0
    assert f"cache entry {entry.name.removesuffix('.json')} ignored" in result.stderr


def test_the_fast_row_check_agrees_with_the_mapping_validator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every field of every claim row of the repository's claims file, replaced by values of the
    wrong type or range: the positional check and the mapping validator accept and refuse alike."""
    import copy

    from claimtrack import models
    from claimtrack.loader import load_claims
    from conftest import DATA

    loaded = load_claims(DATA, "data/claims.yaml").claims
    assert loaded is not None
    rows = models.claims_file_to_rows(loaded)

    def both(candidate: dict[str, Any]) -> tuple[object, object]:
        answers = []
        for fields in (models._ROW_FIELDS, ()):
            monkeypatch.setattr(models, "_ROW_FIELDS", fields)
            try:
                answers.append(models.claims_file_from_rows(copy.deepcopy(candidate)))
            except (ValueError, TypeError, KeyError):
                answers.append("refused")
        monkeypatch.undo()
        return answers[0], answers[1]

    fast, slow = both(rows)
    assert fast == slow == loaded
    wrong = [None, "", "Not A Slug", 7, -1, 151, 1.5, [], ["x"], [[]], {"a": 1}, "x" * 201]
    for index in range(0, len(rows["claims"]), 10):
        for field in range(12):
            for value in wrong:
                candidate = copy.deepcopy(rows)
                candidate["claims"] = [candidate["claims"][index]]
                candidate["claims"][0][field] = value
                fast, slow = both(candidate)
                assert fast == slow, (index, field, value)
            source = copy.deepcopy(rows)
            source["claims"] = [source["claims"][index]]
            source["claims"][0][3][0][field % 5] = wrong[field]
            fast, slow = both(source)
            assert fast == slow, (index, "source", field % 5, wrong[field])


def test_a_cache_folder_of_someone_else_is_not_read_and_ours_is_made_private(
    story: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if not hasattr(os, "getuid"):
        pytest.skip("no owners on this OS")
    folder = tmp_path / "shared"
    folder.mkdir()
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(folder))
    cache._trusted.clear()
    assert story.run("list").exit_code == 0
    cache.disable(False)
    (entry,) = folder.glob("claims-*.json")
    name = entry.name.removesuffix(".json")
    os.chmod(folder, 0o777)  # ours, but anyone may plant entries: tightened, then read
    cache._trusted.clear()
    assert cache.read(name) is not None
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    cache._trusted.clear()
    monkeypatch.setattr(os, "getuid", lambda: os.stat(folder).st_uid + 1)  # someone else's
    assert cache.read(name) is None
