"""A ledger across files (issue 21): ``--data`` a folder of claims files reads as the same ledger
in one file, every problem named with its own file and line, and an edit to one file re-parses
only that file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import ARTICLE_A, ARTICLE_B, invoke_in

REGISTRY = """\
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
"""

MARRIAGE = """\
  - id: married-2012
    subject: pat-smith
    involves: [lee-jones]
    statement: Smith and Jones married in 2012.
    slot: wedding
    when: "2012"
    sources:
      - article: a.txt
        attribution: named_outlet
        attributed_to: Daily Planet
        quote: The pair married in 2012
  - id: married-2011
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
"""

SEPARATION = """\
  - id: separation-eight-months
    subject: pat-smith
    involves: [lee-jones]
    statement: Smith and Jones separated eight months before March 2024.
    slot: separation
    when: eight months ago
    sources:
      - article: a.txt
        attribution: anonymous_insider
        attributed_to: a source
        quote: separated eight months ago
  - id: separation-august
    subject: pat-smith
    involves: [lee-jones]
    statement: Smith and Jones separated in August 2023.
    slot: separation
    when: August 2023
    sources:
      - article: b.txt
        attribution: named_outlet
        attributed_to: the Daily Planet
        quote: The couple split in August 2023
"""
"""The last quote is not in b.txt: ``check`` finds the closest passage."""

FILES = {
    "00-registry.yaml": "version: 1\n" + REGISTRY,
    "10-marriage.yaml": "version: 1\nclaims:\n" + MARRIAGE,
    "20-separation.yaml": "claims:\n" + SEPARATION,
}
SINGLE = "version: 1\n" + REGISTRY + "claims:\n" + MARRIAGE + SEPARATION


def _project(root: Path, files: dict[str, str | bytes], single: str | None = None) -> Path:
    (root / "data" / "claims").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "seeds" / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (root / "seeds" / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    for name, text in files.items():
        payload = text if isinstance(text, bytes) else text.encode("utf-8")
        (root / "data" / "claims" / name).write_bytes(payload)
    if single is not None:
        (root / "data" / "claims.yaml").write_text(single, encoding="utf-8")
    return root


def _json(root: Path, *args: str, code: int = 0) -> Any:
    result = invoke_in(root, *args, "--format", "json")
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def _check(root: Path, data: str, code: int = 1) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = _json(root, "check", "--data", data, code=code)["problems"]
    return problems


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_folder_reads_as_the_same_ledger_in_one_file(tmp_path: Path) -> None:
    root = _project(tmp_path, FILES, SINGLE)
    for command in ("list", "conflicts", "timeline"):
        folder = _json(root, command, "--data", "data/claims")
        single = _json(root, command, "--data", "data/claims.yaml")
        assert folder == single, command
    ids = [claim["id"] for claim in _json(root, "list", "--data", "data/claims")]
    assert ids == ["married-2012", "married-2011", "separation-eight-months", "separation-august"]
    assert _json(root, "conflicts", "--data", "data/claims")["conflicts"]  # its own contradictions
    folder, single = _check(root, "data/claims"), _check(root, "data/claims.yaml")
    assert [p["code"] for p in folder] == [p["code"] for p in single]
    assert "quote-not-found" in [p["code"] for p in folder]
    for mine, theirs in zip(folder, single, strict=True):
        assert {k: v for k, v in mine.items() if k not in ("path", "line")} == {
            k: v for k, v in theirs.items() if k not in ("path", "line")
        }
    # Each problem at its own file and line: the quote not found is in the third file.
    missing = next(p for p in folder if p["code"] == "quote-not-found")
    assert missing["path"] == "data/claims/20-separation.yaml"
    assert missing["line"] == _line_of(FILES["20-separation.yaml"], "quote: The couple split")
    assert "closest passage, line 3" in missing["hint"]  # the article's line, in b.txt


def test_the_library_opens_a_folder(tmp_path: Path) -> None:
    import claimtrack

    root = _project(tmp_path, FILES, SINGLE)
    folder = claimtrack.open_project(root / "data" / "claims", root / "seeds")
    single = claimtrack.open_project(root / "data" / "claims.yaml", root / "seeds")
    assert folder.claims() == single.claims()
    assert folder.conflicts() == single.conflicts()
    paths = [p["path"] for p in folder.check()["problems"]]
    assert paths == [str(root / "data" / "claims" / "20-separation.yaml")]


def test_an_id_used_in_two_files_names_both(tmp_path: Path) -> None:
    again = SEPARATION.replace("id: separation-august", "id: married-2011")
    root = _project(tmp_path, {**FILES, "20-separation.yaml": "claims:\n" + again})
    found = [p for p in _check(root, "data/claims") if p["code"] == "duplicate-claim-id"]
    first = _line_of(FILES["10-marriage.yaml"], "id: married-2011")
    assert [(p["path"], p["line"]) for p in found] == [
        ("data/claims/20-separation.yaml", _line_of("claims:\n" + again, "- id: married-2011"))
    ]
    assert f"first at line {first} of data/claims/10-marriage.yaml" in found[0]["message"]


def test_an_entry_declared_in_two_files_names_both(tmp_path: Path) -> None:
    twice = "version: 1\nsubjects:\n  lee-jones:\n    name: Lee Jones\nclaims:\n" + MARRIAGE
    root = _project(tmp_path, {**FILES, "10-marriage.yaml": twice})
    found = [p for p in _check(root, "data/claims") if p["code"] == "duplicate-entry"]
    assert [(p["path"], p["line"], p["severity"]) for p in found] == [
        ("data/claims/10-marriage.yaml", 3, "error")
    ]
    line = _line_of(REGISTRY, "lee-jones:") + 1
    assert f"declared in data/claims/00-registry.yaml too (line {line})" in found[0]["message"]


def test_registries_may_live_in_any_file(tmp_path: Path) -> None:
    files = {
        "10-marriage.yaml": "claims:\n" + MARRIAGE,
        "20-people.yaml": "version: 1\n" + REGISTRY,
        "30-separation.yaml": "claims:\n" + SEPARATION.replace(
            "The couple split in August 2023", "The couple separated in August 2023"),
    }  # fmt: skip
    root = _project(tmp_path, files)
    assert _check(root, "data/claims", code=0) == []
    subjects = {claim["subject"]["name"] for claim in _json(root, "list", "--data", "data/claims")}
    assert subjects == {"Pat Smith"}
    # A finding on a registry entry is at that entry, in the file that declares it.
    shared = REGISTRY.replace("aliases: [Smith, Pat]", "aliases: [Smith, Pat, Lee Jones]")
    (root / "data" / "claims" / "20-people.yaml").write_text("version: 1\n" + shared)
    found = [p for p in _check(root, "data/claims", code=0) if p["code"] == "alias-shared"]
    assert [(p["path"], p["line"]) for p in found] == [
        ("data/claims/20-people.yaml", _line_of("version: 1\n" + shared, "aliases: [Smith"))
    ]


def test_a_syntax_error_in_the_second_file_names_it(tmp_path: Path) -> None:
    broken = "claims:\n" + MARRIAGE.replace("statement: Smith married", 'statement: "Smith married')
    root = _project(tmp_path, {**FILES, "10-marriage.yaml": broken})
    problems = _check(root, "data/claims")
    assert [(p["path"], p["code"]) for p in problems] == [
        ("data/claims/10-marriage.yaml", "yaml-syntax")
    ]
    assert problems[0]["line"] == _line_of(broken, '"Smith married')
    result = invoke_in(root, "list", "--data", "data/claims")
    assert result.exit_code == 2
    assert f"data/claims/10-marriage.yaml:{problems[0]['line']}:" in result.stderr
    assert "Traceback" not in result.output


def test_a_schema_error_in_the_second_file_names_it(tmp_path: Path) -> None:
    broken = "claims:\n" + MARRIAGE.replace("attribution: anonymous_insider", "attribution: gossip")
    root = _project(tmp_path, {**FILES, "10-marriage.yaml": broken})
    problems = [p for p in _check(root, "data/claims") if p["severity"] == "error"]
    invalid = [p for p in problems if p["code"] == "invalid-value"]
    assert [(p["path"], p["line"]) for p in invalid] == [
        ("data/claims/10-marriage.yaml", _line_of(broken, "attribution: gossip"))
    ]
    # The claim is left out; the rest of the folder is still read.
    ids = [claim["id"] for claim in _json(root, "list", "--data", "data/claims")]
    assert ids == ["married-2012", "separation-eight-months", "separation-august"]


def test_a_binary_file_in_the_folder_is_named(tmp_path: Path) -> None:
    root = _project(tmp_path, {**FILES, "15-broken.yaml": b"claims:\x00\xff\n"})
    problems = _check(root, "data/claims")
    assert [(p["path"], p["code"]) for p in problems] == [("data/claims/15-broken.yaml", "not-utf8")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file_in_the_folder_is_named(tmp_path: Path) -> None:
    root = _project(tmp_path, FILES)
    locked = root / "data" / "claims" / "10-marriage.yaml"
    locked.chmod(0)
    try:
        result = invoke_in(root, "check", "--data", "data/claims")
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 2
    assert "data/claims/10-marriage.yaml: cannot read" in result.stderr


def test_a_dangling_link_in_the_folder_is_named(tmp_path: Path) -> None:
    root = _project(tmp_path, FILES)
    (root / "data" / "claims" / "15-gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    result = invoke_in(root, "list", "--data", "data/claims")
    assert result.exit_code == 2
    assert "data/claims/15-gone.yaml: no such file" in result.stderr
    assert "Traceback" not in result.output


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path, {"notes.md": "not claims"})
    for command in ("check", "list"):
        result = invoke_in(root, command, "--data", "data/claims")
        assert result.exit_code == 2, command
        assert "data/claims: a folder with no claims files (*.yaml, *.yml) in it" in result.stderr


def test_other_files_in_the_folder_are_ignored(tmp_path: Path) -> None:
    extra = {"README.md": "# notes: not: yaml: [", ".10-marriage.yaml.swp": b"\x00\xff",
             "05-more.yml": "claims: []\n"}  # fmt: skip
    root = _project(tmp_path, {**FILES, **extra}, SINGLE)
    (root / "data" / "claims" / "sub").mkdir()
    (root / "data" / "claims" / "sub" / "x.yaml").write_text(": broken", encoding="utf-8")
    assert _json(root, "list", "--data", "data/claims") == _json(
        root, "list", "--data", "data/claims.yaml"
    )


def test_an_edit_to_one_file_parses_only_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimtrack import loader

    root = _project(tmp_path, FILES)
    parsed: list[str] = []
    real = loader.parse_claims_text

    def counting(text: str | bytes, display: str, *args: Any, **kwargs: Any) -> Any:
        parsed.append(display)
        return real(text, display, *args, **kwargs)

    monkeypatch.setattr(loader, "parse_claims_text", counting)
    _check(root, "data/claims")
    assert sorted(parsed) == [f"data/claims/{name}" for name in sorted(FILES)]
    parsed.clear()
    _check(root, "data/claims")
    assert parsed == []  # all three from the cache
    edited = root / "data" / "claims" / "10-marriage.yaml"
    edited.write_text(FILES["10-marriage.yaml"].replace("in 2012.", "in 2012, in June."),
                      encoding="utf-8")  # fmt: skip
    statements = [c["statement"] for c in _json(root, "list", "--data", "data/claims")]
    assert parsed == ["data/claims/10-marriage.yaml"]
    assert "Smith and Jones married in 2012, in June." in statements


def test_init_creates_either_layout(tmp_path: Path) -> None:
    for layout in ("file", "folder"):
        root = tmp_path / layout
        result = invoke_in(tmp_path, "init", layout, "--layout", layout)
        assert result.exit_code == 0, result.output
        result = invoke_in(root, "check", "--format", "json")  # claimtrack.toml names the folder
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["problems"] == []
    folder = tmp_path / "folder" / "data" / "claims"
    assert sorted(p.name for p in folder.iterdir()) == ["00-registry.yaml", "10-claims.yaml"]
    for path in folder.iterdir():  # the editor's schema line, relative to each file
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schema/claims.schema.json"
        schema = (path.parent / "../../schema/claims.schema.json").resolve()
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")),
                            json.loads(schema.read_text(encoding="utf-8")))  # fmt: skip
        # A file of only claims, as a curator splits one off, is valid too.
        jsonschema.validate({"claims": []}, json.loads(schema.read_text(encoding="utf-8")))
    assert (tmp_path / "folder" / "claimtrack.toml").read_text() == 'data = "data/claims"\n'
    assert not (tmp_path / "file" / "claimtrack.toml").exists()


def test_writers_refuse_a_folder_and_write_the_file_named(tmp_path: Path) -> None:
    root = _project(tmp_path, FILES)
    before = {p.name: p.read_bytes() for p in (root / "data" / "claims").iterdir()}
    for args in (("match", "a.txt", "--write"), ("draft", "a.txt", "--write"),
                 ("add-article", "seeds/a.txt", "--outlet", "Daily Planet")):  # fmt: skip
        result = invoke_in(root, *args, "--data", "data/claims")
        assert result.exit_code == 2, (args, result.output)
        assert ("data/claims: is a folder of claims files" in result.stderr
                and "--data data/claims/20-separation.yaml" in result.stderr), args
    assert {p.name: p.read_bytes() for p in (root / "data" / "claims").iterdir()} == before
    target = root / "data" / "claims" / "00-registry.yaml"
    text = "version: 1\nclaims:\n" + MARRIAGE.replace("The pair married in 2012", "married in 2012")
    (root / "data" / "claims" / "10-marriage.yaml").write_text(text, encoding="utf-8")
    result = invoke_in(root, "match", "a.txt", "--write", "--data",
                       "data/claims/10-marriage.yaml")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == before["00-registry.yaml"]
    written = (root / "data" / "claims" / "10-marriage.yaml").read_text(encoding="utf-8")
    assert written.startswith(text.rstrip("\n"))
