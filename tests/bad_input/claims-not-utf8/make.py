"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    claims = root / "data" / "claims.yaml"
    text = claims.read_bytes()
    claims.write_bytes(text.replace(b"Lee Jones", "Lée Jones".encode("latin-1")))
    return None
