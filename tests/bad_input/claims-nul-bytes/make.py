"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    claims = root / "data" / "claims.yaml"
    claims.write_bytes(claims.read_bytes().replace(b"separated.", b"separated.\x00"))
    return None
