"""The cache: a re-run reads validated JSON instead of parsing YAML, and is never stale."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from claimtrack import cache
from claimtrack.loader import load_claims
from conftest import Project


def entries() -> list[Path]:
    return sorted(Path(os.environ["CLAIMTRACK_CACHE_DIR"]).glob("*.json"))


def test_second_load_comes_from_the_cache(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    p = make_project()
    first = load_claims(p.data, "data/claims.yaml")
    assert len(entries()) == 1
    import claimtrack.loader as loader

    def boom(*args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(loader, "parse_claims_text", boom)
    second = load_claims(p.data, "data/claims.yaml")
    assert second.claims == first.claims
    assert second.problems == first.problems


def test_an_edit_changes_the_key(make_project: Callable[..., Project]) -> None:
    p = make_project()
    load_claims(p.data, "d")
    p.data.write_text(p.data.read_text().replace("Pat Smith", "Patricia Smith"))
    result = load_claims(p.data, "d")
    assert result.claims is not None
    assert result.claims.subjects["pat-smith"].name == "Patricia Smith"
    assert len(entries()) == 2


def test_damaged_entry_is_ignored(make_project: Callable[..., Project]) -> None:
    p = make_project()
    load_claims(p.data, "d")
    entries()[0].write_bytes(b'{"problems":[],"claims":{"claims":[{"bogus":1}]}}')
    result = load_claims(p.data, "d")
    assert result.claims is not None and len(result.claims.claims) == 1


def test_no_cache_flag_and_env(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    p = make_project()
    assert p.run("check", "--no-cache").exit_code == 0
    assert entries() == []
    cache.disable(False)
    monkeypatch.setenv("CLAIMTRACK_NO_CACHE", "1")
    assert p.run("check").exit_code == 0
    assert entries() == []
    monkeypatch.delenv("CLAIMTRACK_NO_CACHE")
    assert p.run("check").exit_code == 0
    assert len(entries()) == 1


def test_unwritable_cache_is_no_error(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(blocker / "sub"))
    p = make_project()
    assert p.run("check").exit_code == 0
