"""Set-up for this case: a seeds file whose name holds a newline and a GitHub annotation."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    (root / "seeds").mkdir(exist_ok=True)  # git keeps no empty folder
    try:
        (root / "seeds" / "b\n::error title=forged::boom.txt").write_bytes(
            b" date 2024-03-08 Couple Splits\nPat Smith and Lee Jones separated eight months ago.\n"
        )
    except OSError:
        return "this file system does not allow a newline in a file name"
    return None
