"""Set-up for this case: a file name in NFD (as macOS writes it), which git would not keep."""

from __future__ import annotations

import pathlib
import unicodedata


def make(root: pathlib.Path) -> str | None:
    (root / "seeds").mkdir(exist_ok=True)
    name = unicodedata.normalize("NFD", "café.txt")
    path = root / "seeds" / name
    path.write_bytes(b" date 2024-03-08 Owner Speaks\nThe owner said Dubois had left town in March.\n")
    if path.name == "café.txt":  # this file system normalises names itself
        return "the file system stores names in NFC"
    return None
