"""Set-up for this case: a character device like /dev/null, made in the project (as root only),
so that a regression replaces this node and never the system's /dev/null."""

from __future__ import annotations

import os
import pathlib
import stat


def make(root: pathlib.Path) -> str | None:
    try:
        os.mknod(root / "null", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except (OSError, AttributeError):
        return "cannot make a device node here (needs root on Linux)"
    return None
