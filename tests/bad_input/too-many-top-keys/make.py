"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    (root / "data").mkdir()
    keys = "".join(f"key{number:05d}: 1\n" for number in range(20_000))
    (root / "data" / "claims.yaml").write_text("claims: []\n" + keys)
    return None
