"""Writing output files safely: all at once, never half, with the permissions a user expects."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from claimtrack.problems import UsageError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(target: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``target`` all at once: a temporary file in the same folder,
    then :func:`os.replace`, so a reader never sees half a file and a failure leaves the old one.
    A new file gets the usual permissions (0666 less the umask), an existing file keeps its own.
    """
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write {target}: no such folder {folder}")
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise
