"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    article = root / "seeds" / "planet.txt"
    article.chmod(0)
    try:
        article.open("rb").close()
    except PermissionError:
        return None
    article.chmod(0o644)
    return "chmod 000 does not stop reads here (running as root or with CAP_DAC_OVERRIDE)"
