"""Set-up for this case: the claims file's cache entry is a symbolic link to /dev/zero (reading it would never end)."""

from __future__ import annotations

import os
import pathlib

from claimtrack import cache


def entry(root: pathlib.Path) -> pathlib.Path:
    """Where the claims file's entry goes (the key covers its bytes and its name as shown)."""
    raw = (root / "data" / "claims.yaml").read_bytes()
    folder = cache.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{cache.key('claims', raw, 'data/claims.yaml')}.json"


def make(root: pathlib.Path) -> str | None:
    if not os.path.exists("/dev/zero"):
        return "no /dev/zero"
    path = entry(root)
    path.unlink(missing_ok=True)
    path.symlink_to("/dev/zero")
    return None
