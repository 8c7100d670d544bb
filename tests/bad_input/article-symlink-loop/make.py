"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import os
import pathlib


def make(root: pathlib.Path) -> str | None:
    seeds = root / "seeds"
    try:
        os.symlink("b.txt", seeds / "a.txt")
        os.symlink("a.txt", seeds / "b.txt")
    except (OSError, NotImplementedError) as exc:
        return f"cannot create symbolic links here: {exc}"
    return None
