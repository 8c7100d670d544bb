"""Writing output files safely: all at once, never half, with the permissions a user expects."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from claimtrack.problems import UsageError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(
    target: Path,
    text: str | bytes,
    *,
    display: str | None = None,
    before_replace: Callable[[], None] | None = None,
    error: type[UsageError] = UsageError,
) -> None:
    """Write ``text`` (UTF-8 when a ``str``) to ``target`` all at once: a temporary file in the
    same folder, then :func:`os.replace`, so a reader never sees half a file and a failure leaves
    the old one. A new file gets the usual permissions (0666 less the umask), an existing file
    keeps its own. ``before_replace`` runs just before the rename and may raise to abandon the
    write (the claims editor refuses a file changed on disk); errors are ``error``, naming the
    file as ``display``."""
    name = display or str(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise error(f"cannot write {name}: no such folder {folder}")
    if target.is_dir():
        raise error(f"cannot write {name}: it is a folder; give a file name")
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise error(f"cannot write {name}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        if before_replace is not None:
            before_replace()
        os.replace(temp, target)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise error(f"cannot write {name}: {exc.strerror or exc}") from None
        raise


def check_target(target: Path) -> os.stat_result | None:
    """What ``-o`` points at (None: nothing yet), or :class:`UsageError` (exit 2) for what can
    never be written: a symbolic link loop, a folder, a block device, a missing folder."""
    try:
        info = os.stat(target)  # follows links: a link to a file writes that file
    except FileNotFoundError:
        info = None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UsageError(f"cannot write {target}: a symbolic link loop") from None
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    if info is None:
        folder = Path(os.path.realpath(target)).parent
        if not folder.is_dir():
            raise UsageError(f"cannot write {target}: no such folder {folder}")
        return None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"cannot write {target}: it is a folder; give a file name")
    if stat.S_ISBLK(info.st_mode):
        raise UsageError(f"refusing to write {target}: it is a block device (a disk)")
    return info


def write_output(target: Path, text: str) -> None:
    """Write ``text`` where ``-o`` points: a regular file (or a new one) atomically, by
    :func:`write_atomic`, through any symbolic link; anything else that can be written (a
    character device such as /dev/null, a named pipe) directly, opened for writing and never
    replaced (as root, replacing /dev/null would break the system). What can never be written is
    refused by :func:`check_target`; a full disk is a :class:`UsageError` too (exit 2)."""
    info = check_target(target)
    if info is None or stat.S_ISREG(info.st_mode):
        # Through a link, the file it names is replaced, not the link.
        write_atomic(Path(os.path.realpath(target)) if os.path.islink(target) else target, text)
        return
    try:
        with open(target, "wb") as handle:  # a device, a pipe: written to, never replaced
            handle.write(text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
