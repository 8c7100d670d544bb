"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib

# cp1252: 0x93/0x94 are curly double quotes, 0x92 a curly apostrophe, 0x96 an en dash.
ARTICLE = (
    b" date 2024-03-08 Caf\xe9 Owner Speaks\n"
    b"\x93It was a hard year\x94 \x96 and it\x92s over, Pat Smith told the Daily Planet.\n"
)


def make(root: pathlib.Path) -> str | None:
    (root / "seeds").mkdir()
    (root / "seeds" / "planet.txt").write_bytes(ARTICLE)
    return None
