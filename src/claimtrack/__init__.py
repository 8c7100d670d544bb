"""claimtrack: a ledger of the claims made in news coverage, tied to the exact words of each article.

``claimtrack.open_project(data, seeds)`` opens a project for a script or a notebook
(:class:`claimtrack.project.Project`). It is imported on first use, not with the package: every
command imports ``claimtrack`` and ``claimtrack --help`` must stay light (tests/test_startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimtrack.version import __version__

__all__ = ["Project", "__version__", "open_project"]

if TYPE_CHECKING:
    from claimtrack.project import Project, open_project


def __getattr__(name: str) -> Any:
    if name in ("Project", "open_project"):
        from claimtrack import project

        return getattr(project, name)
    raise AttributeError(f"module 'claimtrack' has no attribute {name!r}")
