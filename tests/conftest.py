"""Shared test helpers: small real projects on disk, and the real CLI through CliRunner."""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import struct
import termios
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claimtrack.cli import cli

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
DATA = REPO / "data" / "claims.yaml"


@dataclass
class Project:
    """A throw-away project folder: ``data/claims.yaml`` and ``seeds/``."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data" / "claims.yaml"

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    def run(self, *args: str, env: dict[str, str] | None = None) -> Result:
        """Run the CLI in the project folder (default --data/--seeds resolve there)."""
        return invoke_in(self.root, *args, env=env)


ARTICLE_A = """ date 2024-03-08 Couple Splits After Eleven Years
Pat Smith and Lee Jones separated eight months ago, a source said.
"It was a hard year," Pat Smith told the Daily Planet.
The pair married in 2012 and have a daughter, Ada, 7.
"""

ARTICLE_B = """ date 2024-01-27 Insiders Say Marriage Is Over
Pat Smith, 42, married Lee Jones in 2011, according to insiders.
The couple separated in August 2023, the Daily Planet confirmed.
Their daughter Ada, 6, lives with her mother.
"""

MINIMAL_CLAIMS = """\
subjects:
  pat-smith:
    name: Pat Smith
    aliases: [Smith, Pat]
  lee-jones:
    name: Lee Jones
    aliases: [Jones]
claims:
  - id: separation-eight-months
    subject: pat-smith
    involves: [lee-jones]
    statement: Smith and Jones separated eight months before March 2024.
    slot: separation
    when: eight months ago
    sources:
      - article: a.txt
        attribution: anonymous_insider
        attributed_to: a source
        quote: separated eight months ago
"""


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or write the user's cache, and each starts with it on (a ``--no-cache``
    run turns it off for the rest of the process, until the next command)."""
    from claimtrack import cache

    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    cache.disable(False)


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Project]:
    """Write a project: claims YAML text (dedented) and a mapping of article name → text/bytes."""

    def make(
        claims: str | bytes | None = MINIMAL_CLAIMS, articles: dict[str, str | bytes] | None = None
    ) -> Project:
        root = tmp_path / "project"
        (root / "data").mkdir(parents=True, exist_ok=True)
        (root / "seeds").mkdir(exist_ok=True)
        if claims is not None:
            payload = (
                claims if isinstance(claims, bytes) else textwrap.dedent(claims).encode("utf-8")
            )
            (root / "data" / "claims.yaml").write_bytes(payload)
        for name, text in (
            articles if articles is not None else {"a.txt": ARTICLE_A, "b.txt": ARTICLE_B}
        ).items():
            payload = text if isinstance(text, bytes) else text.encode("utf-8")
            (root / "seeds" / name).write_bytes(payload)
        return Project(root)

    return make


def copy_repository_project(root: Path) -> Path:
    """A copy of the repository's claims file and seeds under ``root`` (metadata kept), for tests
    that run the real data where they may change or watch it."""
    (root / "data").mkdir(parents=True)
    shutil.copy2(DATA, root / "data" / "claims.yaml")
    shutil.copytree(SEEDS, root / "seeds")
    return root


def invoke_in(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """The real CLI with ``root`` as the working directory (so the default paths resolve there)."""
    old = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(
            cli, list(args), env=env, catch_exceptions=False, prog_name="claimtrack"
        )
    finally:
        os.chdir(old)


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """The real CLI on the repository's own data."""
    return invoke_in(REPO, *args, env=env)


def pseudo_terminal(rows: int = 24, columns: int = 100) -> tuple[int, int]:
    """A pseudo-terminal of ``rows`` x ``columns``: (leader, follower) file descriptors."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    return leader, follower


def read_terminal(leader: int) -> bytes:
    """Everything written to a pseudo-terminal until its other side is closed; closes ``leader``."""
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return b"".join(chunks)
