"""The command line: each command parses options, makes one library call, picks a renderer.

Each module of this package registers its commands on the group in :mod:`claimtrack.cli.base`.
"""

from __future__ import annotations

from claimtrack.cli import (
    check,  # noqa: F401  (registers commands)
    conflicts,  # noqa: F401
    draft,  # noqa: F401
    export,  # noqa: F401
    query,  # noqa: F401
    report,  # noqa: F401
    schema,  # noqa: F401
)
from claimtrack.cli.base import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="claimtrack")
