"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    (root / "data").mkdir()
    involves = ", ".join(["pat"] * 30_000)
    (root / "data" / "claims.yaml").write_text(
        "subjects:\n  pat: {name: Pat}\n"
        "claims:\n"
        "  - {id: one, subject: pat, statement: x, sources: [], involves: [" + involves + "]}\n"
    )
    return None
