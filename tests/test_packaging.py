"""The declared dependency ranges are the tested ones: ci/constraints-lowest.txt pins exactly the
lower bound pyproject.toml gives each direct dependency, so CI's second run tests those bounds."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _requirements(text: str, table: str) -> list[str]:
    """The quoted requirement strings of one array in pyproject.toml (``dependencies``, ``test``)."""
    match = re.search(rf"^{table} = \[\n(.*?)^\]", text, re.M | re.S)
    assert match, f"pyproject.toml has no '{table} = [' array"
    return re.findall(r'^\s*"([^"]+)"', match.group(1), re.M)


def _lower_bounds() -> dict[str, str]:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    bounds = {}
    for requirement in _requirements(text, "dependencies") + _requirements(text, "test"):
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9][0-9A-Za-z.]*)", requirement)
        assert match, f"{requirement!r}: give every dependency a tested lower bound (name>=X)"
        bounds[match.group(1).lower()] = match.group(2)
    return bounds


def _pins() -> dict[str, str]:
    text = (REPO / "ci" / "constraints-lowest.txt").read_text(encoding="utf-8")
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.lower()] = version
    return pins


def _same_version(a: str, b: str) -> bool:
    from packaging.version import Version  # pytest's own dependency

    return Version(a) == Version(b)


def test_constraints_pin_every_lower_bound_exactly() -> None:
    bounds, pins = _lower_bounds(), _pins()
    assert sorted(pins) == sorted(bounds)
    for name, bound in bounds.items():
        assert _same_version(pins[name], bound), f"{name}: pinned {pins[name]}, bound {bound}"


def test_ci_runs_the_suite_on_the_lowest_versions() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c ci/constraints-lowest.txt" in script
