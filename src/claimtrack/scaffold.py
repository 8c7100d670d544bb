"""``claimtrack init``: a new, empty project that checks clean, with a commented example."""

from __future__ import annotations

from pathlib import Path

from claimtrack.problems import UsageError

__all__ = ["CLAIMS_TEMPLATE", "FOLDER_CLAIMS_TEMPLATE", "REGISTRY_TEMPLATE", "init_project"]

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


_SECTIONS = CLAIMS_TEMPLATE.split("\n\n")
"""The single file's parts: the header (modeline, version), articles, subjects, claims."""
_FOLDER_MODELINE = "# yaml-language-server: $schema=../../schema/claims.schema.json"

REGISTRY_TEMPLATE = "\n\n".join([
    f"{_FOLDER_MODELINE}\n# The registries of the ledger in data/claims/ (every *.yaml file there,\n"
    "# read in name order, is one ledger): articles and subjects here, claims in the other\n"
    "# files. Add an article with `claimtrack add-article FILE|URL --data\n"
    "# data/claims/00-registry.yaml`, then `claimtrack check`.\nversion: 1",
    *_SECTIONS[1:3],
]) + "\n"
"""``data/claims/00-registry.yaml`` of ``init --layout folder``: the single file's registries."""

FOLDER_CLAIMS_TEMPLATE = "\n\n".join([
    f"{_FOLDER_MODELINE}\n# Claims of the ledger in data/claims/ (one file per article or topic, as you\n"
    "# like; ids are unique across the files). Draft an article's claims into a file with\n"
    "# `claimtrack draft ARTICLE --write --data data/claims/10-claims.yaml`.\nversion: 1",
    _SECTIONS[3],
])
"""``data/claims/10-claims.yaml``: the single file's claims, with its example."""

def init_project(root: Path, layout: str = "file") -> list[Path]:
    """Create ``seeds/``, the claims (``data/claims.yaml``, or for the ``folder`` layout
    ``data/claims/`` and the ``claimtrack.toml`` naming it) and ``schema/claims.schema.json``
    under ``root`` (created if missing); refuses a folder that already holds a claims file or
    articles."""
    import json

    from claimtrack.claims_edit import write_if_unchanged
    from claimtrack.spec import claims_json_schema

    data = root / "data" / ("claims" if layout == "folder" else "claims.yaml")
    seeds = root / "seeds"
    schema = root / "schema" / "claims.schema.json"
    settings = root / "claimtrack.toml"
    for taken in (data, *((settings,) if layout == "folder" else ())):
        if taken.exists() or taken.is_symlink():
            raise UsageError(f"{taken} already exists: this is a project already; nothing written")
    if seeds.is_dir() and any(seeds.iterdir()):
        raise UsageError(f"{seeds} is not empty: this is a project already; nothing written")
    if seeds.exists() and not seeds.is_dir():
        raise UsageError(f"{seeds} exists and is not a folder; nothing written")
    files = {data: CLAIMS_TEMPLATE}
    if layout == "folder":
        files = {data / "00-registry.yaml": REGISTRY_TEMPLATE,
                 data / "10-claims.yaml": FOLDER_CLAIMS_TEMPLATE,
                 settings: 'data = "data/claims"\n'}  # fmt: skip
    try:
        for folder in (root, seeds, data.parent, schema.parent, *(f.parent for f in files)):
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {root}: {exc.strerror or exc}") from None
    created = [seeds, *files]
    for path, text in files.items():
        write_if_unchanged(path, None, text.encode("utf-8"), str(path))
    if not schema.exists():
        text = json.dumps(claims_json_schema(), indent=2, ensure_ascii=False) + "\n"
        write_if_unchanged(schema, None, text.encode("utf-8"), str(schema))
        created.append(schema)
    return created
