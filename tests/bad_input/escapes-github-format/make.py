"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib

# A right-to-left override, ESC [31m (red), BEL, an OSC 8 hyperlink and a C1 CSI (U+009B).
ARTICLE = (
    " date 2024-03-08 Couple Splits\n"
    "\u202eThe star \x1b[31mshouted\x1b[0m and rang \x07 a bell, then "
    "\x1b]8;;https://evil.example\x1b\\clicked here\x1b]8;;\x1b\\ \u009b2J and more.\n"
)


def make(root: pathlib.Path) -> str | None:
    (root / "seeds").mkdir()
    (root / "seeds" / "planet.txt").write_text(ARTICLE, encoding="utf-8")
    return None
