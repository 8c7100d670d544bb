"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib

ARTICLE = (
    " date 2024-03-08 Couple Splits After Eleven Years\r\n"
    "\r\n"
    "Pat Smith and Lee Jones separated eight months ago, a source said.\r\n"
    '"It was a hard year," Pat Smith told the Daily Planet.\r\n'
)


def make(root: pathlib.Path) -> str | None:
    (root / "seeds").mkdir()
    (root / "seeds" / "planet.txt").write_bytes(ARTICLE.encode("utf-8"))
    return None
