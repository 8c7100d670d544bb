"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    # Sparse: the size is what matters, and the tool must refuse before reading a byte.
    with (root / "data" / "claims.yaml").open("r+b") as handle:
        handle.truncate(513 * 1024 * 1024)
    return None
