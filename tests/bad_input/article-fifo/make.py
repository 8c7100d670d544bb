"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import os
import pathlib


def make(root: pathlib.Path) -> str | None:
    if not hasattr(os, "mkfifo"):
        return "no named pipes on this OS"
    os.mkfifo(root / "seeds" / "pipe.txt")
    return None
