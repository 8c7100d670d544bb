"""The command line: each command parses options, makes one library call, picks a renderer.

The group in :mod:`claimtrack.cli.base` knows every command by name (``COMMANDS`` there) and
imports a command's module only when that command is used, so that ``--help``, ``--version`` and
each command load no more than they need.
"""

from __future__ import annotations

from claimtrack.cli.base import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="claimtrack")
