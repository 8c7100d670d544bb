"""The cache: a re-run reads validated JSON instead of parsing YAML, and is never stale."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from claimtrack import cache
from claimtrack.loader import load_claims
from conftest import ARTICLE_A, MINIMAL_CLAIMS, Project


def entries(kind: str = "") -> list[Path]:
    return sorted(Path(os.environ["CLAIMTRACK_CACHE_DIR"]).glob(f"{kind}*.json"))


def kinds() -> list[str]:
    return sorted(path.name.split("-")[0] for path in entries())


def test_second_load_comes_from_the_cache(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    p = make_project()
    first = load_claims(p.data, "data/claims.yaml")
    assert len(entries("claims")) == 1
    import claimtrack.loader as loader

    def boom(*args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(loader, "parse_claims_text", boom)
    second = load_claims(p.data, "data/claims.yaml")
    assert second.claims == first.claims
    assert second.problems == first.problems


def test_an_edit_changes_the_key(make_project: Callable[..., Project]) -> None:
    p = make_project()
    first = load_claims(p.data, "d")
    p.data.write_text(p.data.read_text().replace("Pat Smith", "Patricia Smith"))
    result = load_claims(p.data, "d")
    assert result.claims is not None
    assert result.claims.subjects["pat-smith"].name == "Patricia Smith"
    assert result.key != first.key and result.key == cache.key("claims", p.data.read_bytes(), "d")


def test_damaged_entry_is_ignored(make_project: Callable[..., Project]) -> None:
    p = make_project()
    load_claims(p.data, "d")
    entries("claims")[0].write_bytes(b'{"problems":[],"claims":{"claims":[{"bogus":1}]}}')
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
    assert kinds() == ["check", "claims", "items", "ledger", "registries"]


def test_unwritable_cache_is_no_error(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(blocker / "sub"))
    p = make_project()
    assert p.run("check").exit_code == 0


def _forbid(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{name} ran again")

    monkeypatch.setattr(module, name, boom)


def test_rerun_of_check_neither_anchors_nor_runs_the_rules(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quotes' anchors and the check's findings come back from the cache, unchanged."""
    import claimtrack.checks as checks
    import claimtrack.ledger as ledger

    p = make_project(MINIMAL_CLAIMS + """\
      - article: b.txt
        attribution: named_outlet
        attributed_to: the Daily Planet
        quote: separated in Autumn 2023
""")
    first = p.run("check", "--format", "json")
    assert first.exit_code == 1 and "quote-not-found" in first.output
    _forbid(monkeypatch, ledger, "anchor_quote")
    _forbid(monkeypatch, checks, "run_rules")
    second = p.run("check", "--format", "json")
    assert (second.exit_code, second.output) == (first.exit_code, first.output)
    listed = p.run("list", "--format", "json")
    assert listed.exit_code == 0 and "separated eight months ago" in listed.output


def test_an_edited_article_is_anchored_again(make_project: Callable[..., Project]) -> None:
    """Never stale: the ledger and check entries are keyed on every article's content."""
    p = make_project()
    assert p.run("check").exit_code == 0
    article = p.seeds / "a.txt"
    article.write_text(ARTICLE_A.replace("separated eight months ago", "split up"))
    result = p.run("check")
    assert result.exit_code == 1
    assert "quote-not-found" in result.output
    article.write_text(ARTICLE_A)
    assert p.run("check").exit_code == 0
    assert len(entries("ledger")) == 2 and len(entries("check")) == 2


def test_a_removed_article_is_noticed(make_project: Callable[..., Project]) -> None:
    p = make_project()
    assert p.run("check").exit_code == 0
    (p.seeds / "a.txt").unlink()
    result = p.run("check")
    assert result.exit_code == 1 and "a.txt" in result.output


@pytest.mark.parametrize("kind", ["ledger", "check"])
def test_damaged_derived_entries_are_ignored(
    make_project: Callable[..., Project], kind: str
) -> None:
    p = make_project()
    first = p.run("check", "--format", "json")
    damages = (b"not json", b"[1, 2, 3]", b'{"a": 1}', b"[[0, 0]]", b'[[0], [0], [0], [0], ["x"]]')
    for damage in damages:
        entries(kind)[0].write_bytes(damage)
        again = p.run("check", "--format", "json")
        assert (again.exit_code, again.output) == (first.exit_code, first.output)


def test_rerun_of_check_does_not_parse_articles_whole(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles are read, hashed and checked on every run, but split into paragraphs only when a
    command shows them: a cached check never needs to."""
    import claimtrack.ledger as ledger

    p = make_project()
    first = p.run("check")
    _forbid(monkeypatch, ledger, "finish_article")
    again = p.run("check")
    assert (again.exit_code, again.output) == (first.exit_code, first.output) == (0, first.output)
    (p.seeds / "c.txt").write_bytes(b" date 2024-01-02\n  \n")  # checked up front, still
    broken = p.run("check")
    assert broken.exit_code == 1 and "c.txt:1: error: file has a date line but no text" in (
        broken.output
    )


def _seeds_project(make_project: Callable[..., Project]) -> Project:
    """The bundled seeds and claims: real conflicts, and groups that pin a birthday down."""
    from conftest import DATA, SEEDS

    return make_project(
        DATA.read_bytes(), {path.name: path.read_bytes() for path in SEEDS.glob("*.txt")}
    )


ANALYSIS_COMMANDS = [
    ("conflicts", "--format", "json"),
    ("conflicts", "--subject", "Portman", "--format", "json"),
    ("timeline", "--format", "json"),
    ("timeline", "--subject", "Millepied", "--format", "json"),
    ("report", "--output", "-"),
]


def test_rerun_of_conflicts_reads_the_groups_back(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Conflicts and consistent groups come back from the ``analysis-`` entry, identical to a run
    without the cache, and only the claims a command shows are resolved."""
    import claimtrack.conflicts as conflicts
    import claimtrack.resolve as resolve

    p = _seeds_project(make_project)
    uncached = [p.run(*args, "--no-cache") for args in ANALYSIS_COMMANDS]
    cache.disable(False)
    first = [p.run(*args) for args in ANALYSIS_COMMANDS]
    assert [(r.exit_code, r.output) for r in first] == [(r.exit_code, r.output) for r in uncached]
    assert '"conflicts": [' in first[0].output and len(entries("analysis")) == 1
    _forbid(monkeypatch, conflicts, "find_disputes")
    _forbid(monkeypatch, conflicts, "consistent_groups")
    resolved: list[int] = []
    real = resolve.Resolver._resolve

    def counting(self: resolve.Resolver, index: int) -> object:
        resolved.append(index)
        return real(self, index)

    monkeypatch.setattr(resolve.Resolver, "_resolve", counting)
    again = [p.run(*args) for args in ANALYSIS_COMMANDS]
    assert [(r.exit_code, r.output) for r in again] == [(r.exit_code, r.output) for r in first]
    resolved.clear()
    p.run("timeline", "--subject", "Millepied", "--format", "json")
    claims = p.data.read_text().count("\n  - id: ")
    assert 0 < len(resolved) < claims / 2


def test_an_edited_claims_file_is_analysed_again(make_project: Callable[..., Project]) -> None:
    """Never stale: the analysis entry is keyed on the ledger, so on the claims and articles."""
    p = make_project(MINIMAL_CLAIMS + """\
  - id: separation-august
    subject: pat-smith
    statement: They separated in August 2023.
    slot: separation
    when: "2023"
    sources:
      - article: b.txt
        attribution: named_outlet
        attributed_to: the Daily Planet
        quote: separated in August 2023
""")
    agreeing = p.run("conflicts", "--format", "json")
    assert agreeing.exit_code == 0 and '"count": 0' in agreeing.output
    p.data.write_text(p.data.read_text().replace('when: "2023"', 'when: "2021"'))
    disagreeing = p.run("conflicts", "--format", "json")
    assert '"count": 1' in disagreeing.output and "do not overlap" in disagreeing.output
    assert len(entries("analysis")) == 2


def test_damaged_analysis_entry_is_ignored(make_project: Callable[..., Project]) -> None:
    p = _seeds_project(make_project)
    first = p.run("conflicts", "--format", "json")
    assert first.exit_code == 0
    damages = (
        b"not json",
        b"[]",
        b'{"conflicts": [[1]], "consistent": []}',
        b'{"conflicts": [["date", "x", "y", 0, 99999, "r"]], "consistent": []}',
        b'{"conflicts": [], "consistent": [["x", "y", "date", [0, 1], ["2020-01-02", null]]]}',
        b'{"conflicts": [], "consistent": [["x", "y", "date", [0, 1], {"start": "2020-01-02",'
        b' "end": null, "precision": "day"}]]}',
    )
    for damage in damages:
        entries("analysis")[0].write_bytes(damage)
        again = p.run("conflicts", "--format", "json")
        assert (again.exit_code, again.output) == (first.exit_code, first.output)


def test_a_cache_hit_locates_problems_by_reading_the_file_again(
    make_project: Callable[..., Project],
) -> None:
    """A hit does not keep the file's bytes; a finding that needs a line reads them again."""
    p = make_project()
    assert p.run("check").exit_code == 0
    (p.seeds / "a.txt").write_text(ARTICLE_A.replace("separated eight months ago", "split up"))
    cached = p.run("check")  # claims from the cache, the rules run again
    uncached = p.run("check", "--no-cache")
    assert cached.exit_code == uncached.exit_code == 1
    assert cached.output == uncached.output
    assert "data/claims.yaml:19:16:" in cached.output and "quote-not-found" in cached.output


def test_a_file_changed_after_a_cache_hit_is_not_located_wrongly(
    make_project: Callable[..., Project],
) -> None:
    from claimtrack.problems import UsageError

    p = make_project()
    load_claims(p.data, "d")
    hit = load_claims(p.data, "d")
    p.data.write_text("# moved down\n" + p.data.read_text())
    with pytest.raises(UsageError, match="d: changed while it was being read"):
        hit.positions.value(("claims", 0, "sources", 0, "quote"))


def test_a_pipe_is_located_without_reading_it_again(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A pipe cannot be read twice: a hit on one keeps its bytes."""
    import claimtrack.loader as loader

    fifo = tmp_path / "claims.fifo"
    os.mkfifo(fifo)
    assert not loader._rereadable(fifo) and not loader._rereadable(tmp_path / "missing")
    p = make_project()
    assert loader._rereadable(p.data)
    monkeypatch.setattr(loader, "_rereadable", lambda path: False)
    load_claims(p.data, "d")
    hit = load_claims(p.data, "d")
    p.data.write_text("# moved down\n" + p.data.read_text())
    assert hit.positions.value(("claims", 0, "sources", 0, "quote")) == (19, 16)


@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_the_claims_entry_is_written_in_pieces_that_make_one_document(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, chunk: int
) -> None:
    """Pieces of any size join into the document the whole rows would make, and load back."""
    import json

    import claimtrack.loader as loader
    from claimtrack.models import claims_file_to_rows
    from conftest import DATA

    monkeypatch.setattr(loader, "_CACHE_CHUNK", chunk)
    for text in (DATA.read_text(encoding="utf-8"), "subjects: {s: {name: S}}\nclaims: []\n"):
        path = tmp_path / "claims.yaml"
        path.write_text(text, encoding="utf-8")
        result = load_claims(path, "c")
        assert result.claims is not None
        pieces = list(loader._to_cache(result))
        assert len(pieces) == 2 + -(-len(result.claims.claims) // chunk)
        whole = {
            "problems": [p.to_json() for p in result.problems],
            "left_out": {"claims": [], "claim_ids": [], "subjects": [], "articles": [], "cited": []},
            "claims": claims_file_to_rows(result.claims),
        }
        assert json.loads(b"".join(pieces)) == json.loads(json.dumps(whole))
        assert load_claims(path, "c").claims == result.claims  # from the entry just written
