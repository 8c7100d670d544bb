"""docs/performance.md names, for each fast path, the test that keeps it equal to the plain path:
those names must be real, or the page would promise a guard that does not exist."""

from __future__ import annotations

import ast
import re

from conftest import REPO

PAGE = REPO / "docs" / "performance.md"


def _test_names(path: str) -> set[str]:
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def test_every_test_the_page_names_exists() -> None:
    text = PAGE.read_text(encoding="utf-8")
    named: list[tuple[str, str]] = []
    for line in text.splitlines():
        current = None
        for match in re.finditer(r"`(tests/[\w/]+\.py)(?:::(\w+))?`|`(test_\w+)`", line):
            path, name, bare = match.groups()
            if path:
                current = path
                assert (REPO / path).is_file(), f"docs/performance.md names {path}, which is not there"
                if name:
                    named.append((path, name))
            elif bare:
                assert current, f"{bare} is named before any test file on its line"
                named.append((current, bare))
    assert len(named) >= 15
    for path, name in named:
        assert name in _test_names(path), f"docs/performance.md names {path}::{name}, not a test there"


def test_every_module_the_page_names_exists() -> None:
    text = PAGE.read_text(encoding="utf-8")
    modules = set(re.findall(r"`((?:render/|cli/)?\w+\.py)`", text))
    assert modules
    for module in modules:
        assert (REPO / "src" / "claimtrack" / module).is_file(), module
