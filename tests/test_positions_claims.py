"""Problems inside a claim are located by walking only that claim's lines (``Positions`` with the
spans of the first parse): the positions, and so every finding of ``check``, must be exactly those
of a walk of the whole file, whatever the file's layout."""

from __future__ import annotations

import re
import shutil
from array import array
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.loader import Positions, iter_paths, parse_claims_text
from conftest import REPO, invoke_in

STORY = REPO / "tests" / "fixtures" / "vale"


def _relayed(text: str) -> str:
    """The vale story with its two ``via`` removed: check then suggests them."""
    return re.sub(r"^ +via: Glimmer\n", "", text, flags=re.MULTILINE)


def _layouts(text: str) -> dict[str, str]:
    """The same claims file written in the ways curators and tools write YAML."""
    data = yaml.safe_load(text)
    claims = data["claims"]
    head = text.split("\nclaims:\n", 1)[0] + "\nclaims:\n"
    flow_claims = "".join(
        "- " + yaml.safe_dump(claim, default_flow_style=True, width=10_000, allow_unicode=True)
        for claim in claims
    )  # fmt: skip
    commented = text.replace("\n  - id:", "\n  # a curator's note between claims\n\n  - id:")
    return {
        "as written": text,
        "comments between claims": commented,
        "CRLF": text.replace("\n", "\r\n"),
        "unindented sequence": yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
        "wide indent": yaml.safe_dump(data, sort_keys=False, indent=4, allow_unicode=True),
        "one claim a line, in flow style": head + flow_claims,
        "flow style, wrapped": yaml.safe_dump(data, default_flow_style=True, width=60),
        "non-ASCII before a claim": head.replace("claims:\n", "claims:  # «Vale» ✓\n")
        + text.split("\nclaims:\n", 1)[1],
    }


def _check(root: Path) -> str:
    result = invoke_in(root, "check")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


@pytest.mark.parametrize("layout", list(_layouts(_relayed(
    (STORY / "data" / "claims.yaml").read_text(encoding="utf-8")))))  # fmt: skip
def test_check_finds_the_same_as_a_walk_of_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    root = tmp_path / "vale"
    shutil.copytree(STORY, root)
    data = root / "data" / "claims.yaml"
    text = _layouts(_relayed(data.read_text(encoding="utf-8")))[layout]
    data.write_bytes(text.encode("utf-8"))

    used: list[bool] = []
    by_claims = Positions._prefetch_claims

    def spy(self: Positions, paths: list[Any]) -> bool:
        used.append(by_claims(self, paths))
        return used[-1]

    monkeypatch.setattr(Positions, "_prefetch_claims", spy)
    monkeypatch.setenv("CLAIMTRACK_NO_CACHE", "1")
    fast = _check(root)
    assert "(via-suggested)" in fast, fast
    # Only a lone CR or a claim on the first line sends every lookup to the whole walk.
    assert used and all(used), layout
    monkeypatch.setattr(Positions, "_prefetch_claims", lambda self, paths: False)
    whole = _check(root)
    assert fast == whole


def test_a_warning_points_at_the_attribution_of_its_claim(tmp_path: Path) -> None:
    root = tmp_path / "vale"
    shutil.copytree(STORY, root)
    data = root / "data" / "claims.yaml"
    data.write_text(_relayed(data.read_text(encoding="utf-8")), encoding="utf-8")
    lines = data.read_text(encoding="utf-8").splitlines()
    found = re.findall(r":(\d+):(\d+): warning: claim '([^']+)'.*\(via-suggested\)", _check(root))
    assert found
    for line, column, claim in found:
        written = lines[int(line) - 1]
        # the value of 'attributed_to:', where the curator would add 'via'
        assert written.lstrip().startswith("attributed_to: ")
        assert int(column) == written.index("attributed_to: ") + len("attributed_to: ") + 1
        # the claim's own entry is the nearest '- id:' above
        above = next(x for x in reversed(lines[: int(line)]) if x.lstrip().startswith("- id:"))
        assert above.split("- id:", 1)[1].strip() == claim


_SCALAR = st.one_of(
    st.text(max_size=12), st.integers(-99, 99), st.none(), st.booleans(),
    st.sampled_from(["a: b", "- x", "#", "«é»", "line\nbreak", "  spaced  "]),
)  # fmt: skip
_VALUE = st.recursive(
    _SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["quote", "article", "via", "n"]), inner, max_size=3),
    max_leaves=8,
)  # fmt: skip
_CLAIM = st.dictionaries(st.sampled_from(["id", "sources", "when", "slot", "x"]), _VALUE,
                         min_size=1, max_size=4)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_CLAIM, min_size=1, max_size=5),
    st.sampled_from([False, True, None]),
    st.sampled_from([2, 4]),
    st.booleans(),
    st.data(),
)
def test_positions_inside_claims_equal_a_full_walk(
    claims: list[dict[str, Any]], flow: bool | None, indent: int, crlf: bool, draw: st.DataObject
) -> None:
    text = yaml.safe_dump({"version": 1, "claims": claims, "articles": {"a.txt": {"outlet": "x"}}},
                          default_flow_style=flow, indent=indent, allow_unicode=True, width=40)  # fmt: skip
    if crlf:
        text = text.replace("\n", "\r\n")
    spans: array[int] = array("I")
    parsed, _ = parse_claims_text(text.encode(), "c.yaml", {}, spans)
    inside = [p for p in iter_paths(parsed) if len(p) >= 3 and p[0] == "claims"]
    if not inside:
        return
    asked = draw.draw(st.lists(st.sampled_from(inside), min_size=1, max_size=6))
    full, partial = Positions(text.encode()), Positions(text.encode(), spans)
    partial.prefetch(asked)
    for path in asked:
        assert partial.value(path) == full.value(path), (path, text)
        assert partial.key(path) == full.key(path), (path, text)


def test_a_claim_after_a_wide_character_on_its_line() -> None:
    # libyaml counts columns in characters; the file is read as UTF-8 bytes (\xa0 takes two)
    text = "{articles: {a.txt: {outlet: x}}, claims: [\n    {id: \xa0}, {id: []}], version: 1}\n"
    spans: array[int] = array("I")
    parse_claims_text(text.encode(), "c.yaml", {}, spans)
    partial = Positions(text.encode(), spans)
    partial.prefetch([("claims", 1, "id")])
    assert partial.value(("claims", 1, "id")) == Positions(text.encode()).value(("claims", 1, "id")) == (2, 19)
