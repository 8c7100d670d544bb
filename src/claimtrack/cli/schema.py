"""``claimtrack schema``: the claims file's JSON Schema, for editors and validators."""

from __future__ import annotations

import click

from claimtrack.cli.base import data_option, output_target, seeds_option, write_or_echo
from claimtrack.cli.options import output_option


def schema_text() -> str:
    """The published schema as text: indented by 2, UTF-8, one trailing newline, deterministic."""
    import json

    from claimtrack.spec import claims_json_schema

    return json.dumps(claims_json_schema(), indent=2, ensure_ascii=False) + "\n"


@click.command()
@output_option()
@data_option("The claims file, which -o refuses to overwrite.")
@seeds_option("The articles folder, which -o refuses to write into.")
def schema(output: str | None, data: str, seeds: str) -> None:
    """Print the JSON Schema of the claims file (for editors and validators).

    The repository ships it as schema/claims.schema.json; point the claims file at it with a
    first line '# yaml-language-server: $schema=../schema/claims.schema.json'. Regenerate it with
    'claimtrack schema -o schema/claims.schema.json'.
    """
    write_or_echo(schema_text(), output_target(output, data, seeds))
