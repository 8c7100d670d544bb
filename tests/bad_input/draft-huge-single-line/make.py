"""Set-up for this case: a 5 MB article on one line (no paragraph breaks at all)."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    (root / "seeds").mkdir()
    sentence = "A source said the couple split last month after eleven years, the outlet reported. "
    (root / "seeds" / "wall.txt").write_text(
        " date 2024-03-08 One Line\n" + sentence * (5 * 1024 * 1024 // len(sentence)),
        encoding="utf-8",
    )
    return None
