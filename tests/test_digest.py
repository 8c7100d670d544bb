"""Content digests: CPython's own SHA-256 for the first megabytes, OpenSSL's after, same digests."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack import digest
from conftest import REPO


@pytest.mark.parametrize("data", [b"", b"abc", bytes(range(256)) * 1000])
def test_digests_are_sha256(data: bytes) -> None:
    assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_a_large_input_goes_to_openssl_and_gives_the_same_digest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(digest, "_hashed", 0)
    small = digest.sha256(10)
    large = digest.sha256(digest._BUILTIN_BYTES)  # the running total is now past the limit
    assert type(large) is type(hashlib.sha256())
    if digest._builtin_sha256() is not False:
        assert type(small) is not type(large)
    for obj in (small, large):
        obj.update(b"claimtrack")
    assert small.hexdigest() == large.hexdigest() == hashlib.sha256(b"claimtrack").hexdigest()


def test_a_small_project_does_not_load_openssl(tmp_path: Path) -> None:
    """hashlib's OpenSSL binding costs 4-5 ms to import: a command on the seeds does without."""
    code = (
        "import sys, runpy\n"
        "sys.argv = ['claimtrack', 'check']\n"
        "try:\n"
        "    runpy.run_module('claimtrack', run_name='__main__', alter_sys=True)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('_hashlib' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120,
        env={**os.environ, "CLAIMTRACK_CACHE_DIR": str(tmp_path)},
    )  # fmt: skip
    if digest._builtin_sha256() is False:
        pytest.skip("this Python has no built-in SHA-256")
    assert result.stderr.strip().splitlines()[-1] == "False", result.stderr
    assert list(tmp_path.glob("claims-*.json")), "the run wrote its cache entries (keyed by digest)"
