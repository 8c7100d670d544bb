"""Set-up for this case: the claims file's cache entry is well-formed JSON with a valid digest but
the wrong shape (a claim row whose age is a string and whose sources are numbers)."""

from __future__ import annotations

import hashlib
import json
import pathlib

from claimtrack import cache


def entry(root: pathlib.Path) -> pathlib.Path:
    """Where the claims file's entry goes (the key covers its bytes and its name as shown)."""
    raw = (root / "data" / "claims.yaml").read_bytes()
    folder = cache.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{cache.key('claims', raw, 'data/claims.yaml')}.json"


def make(root: pathlib.Path) -> str | None:
    row = ["separation", "pat-smith", "Smith and Jones separated.", [1, 2], [], None, None,
           "forty", None, None, [], None]  # fmt: skip
    payload = json.dumps(
        {"problems": [], "claims": {"articles": {}, "subjects": {}, "claims": [row]}}
    ).encode()
    digest = hashlib.sha256(payload).hexdigest().encode()
    entry(root).write_bytes(cache.MAGIC + digest + b"\n" + payload)
    return None
