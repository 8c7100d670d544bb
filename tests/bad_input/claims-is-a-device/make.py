"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    if not pathlib.Path("/dev/zero").exists():
        return "no /dev/zero on this system"
    return None
