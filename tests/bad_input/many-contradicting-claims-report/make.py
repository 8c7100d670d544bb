"""Set-up for this case: the same 500 contradicting claims as many-contradicting-claims-conflicts."""

from __future__ import annotations

import importlib.util
import pathlib


def make(root: pathlib.Path) -> str | None:
    shared = pathlib.Path(__file__).parent.parent / "many-contradicting-claims-conflicts" / "make.py"
    spec = importlib.util.spec_from_file_location("many_contradicting_claims", shared)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result: str | None = module.make(root)
    return result
