"""A project's settings, written once: ``claimtrack.toml``, or ``[tool.claimtrack]`` in
``pyproject.toml``, in the folder a command runs in.

They set what every command would otherwise be told each time (``--data``, ``--seeds``), so a
project whose claims live elsewhere than ``data/claims.yaml`` needs no option on each command.
Options on the command line win over the file; relative paths in the file are relative to the
file's folder.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from claimtrack.problems import UsageError

KEYS = {"data": "the claims YAML file, or a folder of them", "seeds": "the folder of article files"}
"""Every setting, and what it is: a key the file may hold."""

FILES = ("claimtrack.toml", "pyproject.toml")


def _toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 has no TOML reader; CI runs 3.11
        try:
            import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]
        except ImportError:
            raise UsageError(
                f"{path}: reading it needs Python 3.11 or later, or 'pip install tomli' on 3.10"
            ) from None
    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    return data


def find(folder: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The settings file of ``folder`` (the current one by default) and its ``claimtrack`` table,
    or None when there is none. ``claimtrack.toml`` wins over ``pyproject.toml``."""
    folder = folder or Path()  # relative, so messages name the file as the user sees it
    for name in FILES:
        path = folder / name
        if not path.is_file():
            continue
        data = _toml(path)
        if name == "pyproject.toml":
            table = data.get("tool", {}).get("claimtrack")
            if table is None:
                continue
            where = f"{path} [tool.claimtrack]"
        else:
            table, where = data, str(path)
        if not isinstance(table, dict):
            raise UsageError(f"{where}: must be a table of settings")
        return path, table
    return None


def settings(folder: Path | None = None) -> dict[str, str]:
    """The settings that apply in ``folder``: ``{"data": ..., "seeds": ...}`` for the keys the file
    gives, paths made relative to the current folder. Unknown keys and wrong types are errors."""
    found = find(folder)
    if found is None:
        return {}
    path, table = found
    where = f"{path} [tool.claimtrack]" if path.name == "pyproject.toml" else str(path)
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], list(KEYS), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        known = ", ".join(f"'{key}' ({what})" for key, what in KEYS.items())
        raise UsageError(f"{where}: unknown setting '{unknown[0]}'{hint}; known: {known}")
    out = {}
    base = path.parent
    for key, value in table.items():
        if not isinstance(value, str) or not value:
            raise UsageError(f"{where}: '{key}' must be a path in quotes, e.g. {key} = \"...\"")
        given = Path(value)
        out[key] = str(given if given.is_absolute() else base / given)
    return out
