"""SHA-256 of contents (article identities, cache keys), without loading OpenSSL for a small project.

``hashlib`` loads OpenSSL's libcrypto, 4-5 ms at every start-up: 3% of a command on the seeds.
CPython's own SHA-256 loads in a fraction of that but hashes several times slower (0.35 s against
0.05 s for 80 MB), so it serves the first few megabytes a process hashes and OpenSSL the rest: a
small project never loads OpenSSL, a large one loads it once against tens of megabytes. Both give
the same digests.
"""

from __future__ import annotations

from typing import Any

_BUILTIN_BYTES = 4 * 1024 * 1024
"""Bytes hashed by CPython's own SHA-256 before OpenSSL's takes over."""

_hashed = 0
_builtin: Any = None


def sha256(size: int) -> Any:
    """A new SHA-256 object for about ``size`` bytes (``update`` it, then ``hexdigest``)."""
    global _hashed, _builtin
    _hashed += size
    if _hashed <= _BUILTIN_BYTES:
        if _builtin is None:
            _builtin = _builtin_sha256()
        if _builtin is not False:
            return _builtin()
    from hashlib import sha256 as openssl_sha256

    return openssl_sha256()


def sha256_hex(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    digest = sha256(len(data))
    digest.update(data)
    return str(digest.hexdigest())


def _builtin_sha256() -> Any:
    """CPython's own constructor (``_sha2`` from 3.12, ``_sha256`` before), or False if this build
    has none (hashlib then serves everything)."""
    for module in ("_sha2", "_sha256"):
        try:
            return __import__(module).sha256
        except (ImportError, AttributeError):
            continue
    return False
