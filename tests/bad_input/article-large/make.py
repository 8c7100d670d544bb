"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib

SIZE = 7 * 1024 * 1024


def make(root: pathlib.Path) -> str | None:
    (root / "seeds").mkdir()
    line = "Filler paragraph about nothing in particular, written again and again.\n"
    head = " date 2024-03-08 A Very Long Article\n"
    tail = "In the end Pat Smith and Lee Jones separated eight months ago, a source said.\n"
    body = line * ((SIZE - len(head) - len(tail)) // len(line))
    (root / "seeds" / "planet.txt").write_text(head + body + tail, encoding="utf-8")
    return None
