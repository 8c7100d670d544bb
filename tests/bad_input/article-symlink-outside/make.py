"""Set-up for this case: bytes, permissions or sizes that cannot sit in git."""

from __future__ import annotations

import os
import pathlib

PLANET = (
    " date 2024-03-08 Couple Splits After Eleven Years\n"
    "Pat Smith and Lee Jones separated eight months ago, a source said.\n"
)


def make(root: pathlib.Path) -> str | None:
    (root / "seeds").mkdir()
    (root / "outside.txt").write_text(PLANET, encoding="utf-8")
    try:
        os.symlink(os.path.join("..", "outside.txt"), root / "seeds" / "planet.txt")
    except (OSError, NotImplementedError) as exc:
        return f"cannot create symbolic links here: {exc}"
    return None
