"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import codecs
import pathlib

ARTICLE = (
    "Pat Smith and Lee Jones separated, a source said.\n\nThey were married for eleven years.\n"
)


def make(root: pathlib.Path) -> str | None:
    (root / "seeds").mkdir()
    (root / "seeds" / "planet.txt").write_bytes(codecs.BOM_UTF8 + ARTICLE.encode("utf-8"))
    return None
