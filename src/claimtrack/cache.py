"""A cache of work that depends only on file contents, so an unchanged project is not parsed twice.

Parsing a large claims YAML file is the slowest step there is (libyaml's parser itself), and
anchoring every quote in its article the next, so their results are kept as JSON under keys that
cover every content they depend on (SHA-256 of the bytes), the tool's version and :data:`FORMAT`:
an edit or an upgrade changes the key, so an entry is never stale. The entries (see the README,
"The cache"): ``claims-`` (the validated claims file, :mod:`claimtrack.loader`), ``ledger-``
(anchors, :mod:`claimtrack.ledger`), ``check-`` (the rules' findings, :mod:`claimtrack.checks`),
``analysis-`` (conflicts and consistent groups) and ``copies-`` (suspected copies), both
:mod:`claimtrack.analysis`, ``articles-`` (headline, title and words of each article,
:mod:`claimtrack.query`).

Entries are JSON (reading them cannot run code, unlike pickle), written atomically, and safe to
delete at any time. The folder is ``$CLAIMTRACK_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimtrack``,
else ``~/.cache/claimtrack``; ``--no-cache`` or ``CLAIMTRACK_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from claimtrack import __version__
from claimtrack.digest import sha256

FORMAT = "4"
"""Bumped when what is stored changes shape."""


_disabled = False


def disable(off: bool = True) -> None:
    """Turn the cache off for this process (``--no-cache``)."""
    global _disabled
    _disabled = off


def enabled() -> bool:
    return not _disabled and not os.environ.get("CLAIMTRACK_NO_CACHE")


def cache_dir() -> Path:
    explicit = os.environ.get("CLAIMTRACK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimtrack"


def key(kind: str, *parts: bytes | str) -> str:
    """A cache key over the contents that decide the result, the tool version and the format."""
    pieces = [
        part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        for part in (kind, __version__, FORMAT, *parts)
    ]
    digest = sha256(sum(len(data) + 8 for data in pieces))
    for data in pieces:
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return f"{kind}-{digest.hexdigest()[:32]}"


def read(name: str) -> bytes | None:
    """The stored bytes, or None (missing, unreadable, or caching off)."""
    if not enabled():
        return None
    try:
        return (cache_dir() / f"{name}.json").read_bytes()
    except OSError:
        return None


def write(name: str, data: bytes | Iterable[bytes]) -> None:
    """Store atomically (temporary file + rename); a cache that cannot be written is no error.

    ``data`` may come in pieces, so that a large entry is never whole in memory."""
    if not enabled():
        return
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # A fresh name opened exclusively, as tempfile.mkstemp does; importing tempfile (shutil,
        # bz2, lzma, random) would cost a small project's first run more than writing does.
        tmp = folder / f".{name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                if isinstance(data, bytes):
                    handle.write(data)
                else:
                    handle.writelines(data)
            os.replace(tmp, folder / f"{name}.json")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
