"""A cache of work that depends only on file contents, so an unchanged project is not parsed twice.

Parsing a large claims YAML file is the slowest step there is (libyaml's parser itself), and
anchoring every quote in its article the next, so their results are kept as JSON under keys that
cover every content they depend on (SHA-256 of the bytes), the tool's version and :data:`FORMAT`:
an edit or an upgrade changes the key, so an entry is never stale. The entries (see the README,
"The cache"): ``claims-`` (the validated claims file, :mod:`claimtrack.loader`), ``ledger-``
(anchors, :mod:`claimtrack.ledger`), ``check-`` (the rules' findings, :mod:`claimtrack.checks`),
``analysis-`` (conflicts and consistent groups, :mod:`claimtrack.analysis`), ``copies-``
(suspected copies) and ``reuse-`` (shared quotations), both :mod:`claimtrack.origins`, ``articles-`` (headline, title and words of each article,
:mod:`claimtrack.query`).

Entries are JSON (reading them cannot run code, unlike pickle), written atomically, and safe to
delete at any time. The folder is ``$CLAIMTRACK_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimtrack``,
else ``~/.cache/claimtrack``; ``--no-cache`` or ``CLAIMTRACK_NO_CACHE=1`` turns it off.

Nothing read back is trusted (anyone who can write the folder can write an entry): an entry is a
header holding the SHA-256 of the JSON after it, :func:`read` opens only a regular file of at most
:data:`MAX_BYTES` (never following a link, never blocking on a pipe) and returns its JSON only when
the digest matches, and :func:`load` hands it to the caller's decoder, which checks the shape,
types and ranges of everything in it; any failure is a miss (the work is done again and the entry
rewritten), noted with ``CLAIMTRACK_DEBUG=1``, never an error.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from claimtrack.digest import sha256
from claimtrack.version import __version__

FORMAT = "5"
"""Bumped when what is stored changes shape."""

MAGIC = b"claimtrack-cache-" + FORMAT.encode() + b" "
HEADER_BYTES = len(MAGIC) + 64 + 1
"""The magic, the hex SHA-256 of the payload, a newline."""
MAX_BYTES = 1024 * 1024 * 1024
"""Larger entries are not read (the largest real one, 100,000 claims, is about 60 MB)."""
STALE_SECONDS = 3600
"""A temporary file this old belongs to a process that died mid-write: it is swept."""

T = TypeVar("T")

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


def _debug(name: str, why: str) -> None:
    if os.environ.get("CLAIMTRACK_DEBUG"):
        print(f"claimtrack: cache entry {name} ignored: {why}", file=sys.stderr)


_trusted: dict[str, bool] = {}


def _folder_is_private(folder: Path) -> bool:
    """Whether entries in ``folder`` can only have been written by this user. A folder owned by
    someone else (a shared ``/tmp`` path) is not read from; one of ours that others may write
    into (made before the cache made its folder 0700, under a umask of 002) is made 0700 first."""
    key = str(folder)
    found = _trusted.get(key)
    if found is None:
        try:
            info = os.stat(folder)
        except OSError:
            return False  # not there (yet): nothing to read; not remembered
        getuid = getattr(os, "getuid", None)
        found = getuid is None or info.st_uid == getuid()
        if found and getuid is not None and info.st_mode & 0o022:
            try:
                os.chmod(folder, 0o700)
            except OSError:
                found = False
        _trusted[key] = found
        if not found:
            _debug(key, "the cache folder is not private to this user; it is not read")
    return found


def read(name: str) -> bytes | None:
    """The stored JSON, or None (missing, not a regular file, too large, damaged, caching off,
    or a folder that others can write)."""
    if not enabled():
        return None
    folder = cache_dir()
    if not _folder_is_private(folder):
        return None
    path = folder / f"{name}.json"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:  # a symbolic link (ELOOP), a folder, no permission
        _debug(name, exc.strerror or str(exc))
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                _debug(name, "not a regular file")
                return None
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                _debug(name, "written by another user")
                return None
            if not HEADER_BYTES < info.st_size <= MAX_BYTES:
                _debug(name, f"{info.st_size} bytes")
                return None
            header = handle.read(HEADER_BYTES)
            payload = handle.read(MAX_BYTES + 1 - HEADER_BYTES)
    except OSError as exc:
        _debug(name, exc.strerror or str(exc))
        return None
    if len(header) != HEADER_BYTES or not header.startswith(MAGIC) or header[-1:] != b"\n":
        _debug(name, "no header")
        return None
    digest = sha256(len(payload))
    digest.update(payload)
    if digest.hexdigest().encode() != header[len(MAGIC) : -1]:
        _debug(name, "its digest does not match its bytes")
        return None
    return payload


def load(name: str, decode: Callable[[bytes], T | None]) -> T | None:
    """:func:`read`, then ``decode`` (which returns None, or raises, for data of the wrong shape,
    types or ranges): the decoded entry, or None for a miss."""
    stored = read(name) if name else None
    if stored is None:
        return None
    try:
        found = decode(stored)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
            RecursionError) as exc:  # fmt: skip
        _debug(name, f"{type(exc).__name__}: {exc}")
        return None
    if found is None:
        _debug(name, "wrong shape")
    return found


def write(name: str, data: bytes | Iterable[bytes], size: int = 0) -> None:
    """Store atomically (temporary file + rename); a cache that cannot be written is no error.

    ``data`` may come in pieces, so that a large entry is never whole in memory (``size`` then
    estimates their total, for :func:`claimtrack.digest.sha256`); their digest is computed as
    they are written and put in the header last."""
    if not enabled():
        return
    folder = cache_dir()
    try:
        # Private to the user: entries hold the claims and quotes of the projects.
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        _sweep(folder)
        # A fresh name opened exclusively, as tempfile.mkstemp does; importing tempfile (shutil,
        # bz2, lzma, random) would cost a small project's first run more than writing does.
        tmp = folder / f".{name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(b"\0" * HEADER_BYTES)
                digest = sha256(len(data) if isinstance(data, bytes) else size)
                for piece in [data] if isinstance(data, bytes) else data:
                    digest.update(piece)
                    handle.write(piece)
                handle.seek(0)
                handle.write(MAGIC + digest.hexdigest().encode() + b"\n")
            os.replace(tmp, folder / f"{name}.json")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return


def _sweep(folder: Path) -> None:
    """Remove temporary files left by processes killed mid-write (older than an hour, so that a
    write in progress elsewhere is never touched)."""
    cutoff = time.time() - STALE_SECONDS
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith(".") and name.endswith(".tmp"):
                    try:
                        info = entry.stat(follow_symlinks=False)
                        if info.st_mtime < cutoff:
                            os.unlink(entry.path)
                    except OSError:
                        continue
    except OSError:
        return
