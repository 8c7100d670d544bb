"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    (root / "seeds").mkdir()
    line = b"Filler paragraph about nothing in particular, written again and again.\n"
    (root / "seeds" / "planet.txt").write_bytes(line * (30 * 1024 * 1024 // len(line)))
    return None
