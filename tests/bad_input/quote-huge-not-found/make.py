"""Set-up for this case: a 3,000-character quote that is not in a 1 MB article."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    (root / "seeds").mkdir()
    (root / "data").mkdir()
    words = [f"word{i % 997}" for i in range(180_000)]
    (root / "seeds" / "planet.txt").write_text(
        " date 2024-03-08 A Long Read\n" + " ".join(words) + "\n", encoding="utf-8"
    )
    quote = " ".join(f"other{i}" for i in range(430))[:3000]
    (root / "data" / "claims.yaml").write_text(
        "subjects:\n  pat:\n    name: Pat\nclaims:\n  - id: long\n    subject: pat\n"
        "    statement: A long quote.\n    sources:\n      - article: planet.txt\n"
        "        attribution: named_outlet\n        attributed_to: The Planet\n"
        f'        quote: "{quote}"\n',
        encoding="utf-8",
    )
    return None
