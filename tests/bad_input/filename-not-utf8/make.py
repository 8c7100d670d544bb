"""Set-up for this case: a file name whose bytes are not UTF-8 (Latin-1 é), which git cannot hold."""

from __future__ import annotations

import os
import pathlib


def make(root: pathlib.Path) -> str | None:
    try:
        with open(os.path.join(os.fsencode(root / "seeds"), b"caf\xe9.txt"), "wb") as handle:
            handle.write(b" date 2024-01-02 Hello\nSome text here.\n")
    except (OSError, UnicodeError):
        return "this file system does not take names that are not UTF-8"
    return None
