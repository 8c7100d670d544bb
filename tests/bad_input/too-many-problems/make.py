"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    (root / "data").mkdir()
    (root / "data" / "claims.yaml").write_text("claims:\n" + "  - not a claim\n" * 5000)
    return None
