"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib

PLANET = (
    " date 2024-03-08 Couple Splits After Eleven Years\n"
    "Pat Smith and Lee Jones separated eight months ago, a source said.\n"
)


def make(root: pathlib.Path) -> str | None:
    (root / "seeds").mkdir()
    (root / "seeds" / "planet.txt").write_bytes(PLANET.encode("utf-16"))
    return None
