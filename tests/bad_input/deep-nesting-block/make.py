"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    (root / "data").mkdir()
    lines = ["claims:"] + ["  " * depth + "k:" for depth in range(1, 201)]
    (root / "data" / "claims.yaml").write_text("\n".join(lines) + "\n")
    return None
