"""``claimtrack init``: a new, empty project that checks clean, with a commented example."""

from __future__ import annotations

from pathlib import Path

from claimtrack.problems import UsageError

__all__ = ["CLAIMS_TEMPLATE", "init_project"]

CLAIMS_TEMPLATE = """\
# yaml-language-server: $schema=../schema/claims.schema.json
# The claims file: every claim tied to the exact words of an article in seeds/.
# Add an article with `claimtrack add-article FILE|URL`, draft its claims with
# `claimtrack draft ARTICLE --write`, replace every FILL-IN, then `claimtrack check`.
version: 1

# Per-article metadata, keyed by the file name in seeds/, e.g.
#   couple-split_1a2b3c4d5e6f.txt:
#     outlet: Daily Planet
#     url: https://example.com/couple-split
articles: {}

# The subjects registry: who claims are about, found by key, name or alias, e.g.
#   pat-smith:
#     name: Pat Smith
#     aliases: [Pat, Smith]
subjects: {}

# The claims, e.g.
#   - id: pat-smith-separation-2023
#     subject: pat-smith
#     statement: Pat Smith and Lee Jones separated in 2023.
#     slot: separation
#     when: "2023"
#     sources:
#       - article: couple-split_1a2b3c4d5e6f.txt
#         attribution: anonymous_insider   # named_outlet | anonymous_insider | direct_quote
#         attributed_to: a source
#         quote: the pair separated in 2023
claims: []
"""


def init_project(root: Path) -> list[Path]:
    """Create ``seeds/``, ``data/claims.yaml`` and ``schema/claims.schema.json`` under ``root``
    (created if missing); refuses a folder that already holds a claims file or articles."""
    import json

    from claimtrack.claims_edit import write_if_unchanged
    from claimtrack.spec import claims_json_schema

    data = root / "data" / "claims.yaml"
    seeds = root / "seeds"
    schema = root / "schema" / "claims.schema.json"
    if data.exists() or data.is_symlink():
        raise UsageError(f"{data} already exists: this is a project already; nothing written")
    if seeds.is_dir() and any(seeds.iterdir()):
        raise UsageError(f"{seeds} is not empty: this is a project already; nothing written")
    if seeds.exists() and not seeds.is_dir():
        raise UsageError(f"{seeds} exists and is not a folder; nothing written")
    try:
        for folder in (root, seeds, data.parent, schema.parent):
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {root}: {exc.strerror or exc}") from None
    created = [seeds, data]
    write_if_unchanged(data, None, CLAIMS_TEMPLATE.encode("utf-8"), str(data))
    if not schema.exists():
        text = json.dumps(claims_json_schema(), indent=2, ensure_ascii=False) + "\n"
        write_if_unchanged(schema, None, text.encode("utf-8"), str(schema))
        created.append(schema)
    return created
