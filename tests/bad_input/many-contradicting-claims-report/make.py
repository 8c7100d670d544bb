"""Set-up for this case: 500 claims, each in its own year and linked to the next, on one slot."""

from __future__ import annotations

import pathlib


def make(root: pathlib.Path) -> str | None:
    (root / "seeds").mkdir()
    (root / "data").mkdir()
    lines = [" date 2024-03-08 Five Hundred Weddings\n"]
    claims = ["subjects:\n  pat:\n    name: Pat\nclaims:\n"]
    for i in range(500):
        year = 1500 + i
        lines.append(f"Pat married in {year}, source {i} said.\n")
        claims.append(
            f"  - id: wed-{i}\n    subject: pat\n    statement: Pat married in {year}.\n"
            f"    slot: wedding\n    when: \"{year}\"\n    contradicts: [wed-{(i + 1) % 500}]\n"
            f"    sources:\n      - article: a.txt\n        attribution: anonymous_insider\n"
            f"        attributed_to: source {i}\n"
            f"        quote: \"Pat married in {year}, source {i} said.\"\n"
        )
    (root / "seeds" / "a.txt").write_text("".join(lines), encoding="utf-8")
    (root / "data" / "claims.yaml").write_text("".join(claims), encoding="utf-8")
    return None
