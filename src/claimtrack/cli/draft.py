"""``claimtrack draft``: candidate claims for an article that is not curated yet."""

from __future__ import annotations

from pathlib import Path

import click

from claimtrack.cli.base import InputError, completer, seeds_option


@click.command()
@click.argument("article", metavar="ARTICLE", shell_complete=completer("complete_article"))
@seeds_option("Folder of article .txt files (for a name or prefix).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="yaml: stubs to paste under 'claims:'; json: the stubs with offsets and cues.",
)
@click.option(
    "--outlet",
    metavar="NAME",
    default=None,
    help="The article's outlet, credited for what it says in its own voice "
    "(default: 'the article').",
)
def draft(article: str, seeds: str, fmt: str, outlet: str | None) -> None:
    """Propose candidate claims for ARTICLE, ready to paste into the claims file and edit.

    ARTICLE is a path to a file, or a file name, stem or unique prefix in --seeds (``003``).
    Sentences with attribution cues (a source said, told PEOPLE, according to), quoted speech
    with its speaker, dates, ages and events become stubs whose quote is the article's exact
    words; subject, attribution, slot and date are guesses to check. Nothing is written.
    """
    import json

    from claimtrack.articles import ArticleError, parse_article
    from claimtrack.draft import draft_claims, to_json_records, to_yaml
    from claimtrack.text import one_line

    path = _article_path(article, seeds)
    try:
        parsed = parse_article(path)
    except ArticleError as exc:
        raise InputError(one_line(str(exc))) from None
    candidates = draft_claims(parsed, outlet)
    if fmt == "json":
        payload = {
            "article": parsed.id,
            "path": str(path),
            "outlet": outlet,
            "candidates": to_json_records(candidates, parsed.id),
        }
        click.echo(_escape_json(json.dumps(payload, indent=2, ensure_ascii=False)))
    else:
        click.echo(to_yaml(candidates, parsed.id), nl=False)


def _article_path(ref: str, seeds: str) -> Path:
    """A path to an existing file as given, else a name, stem or unique prefix in ``seeds``."""
    from claimtrack.problems import UsageError
    from claimtrack.query import resolve_article
    from claimtrack.text import one_line

    given = Path(ref)
    if given.is_file():
        return given
    folder = Path(seeds)
    try:
        names = sorted(p.name for p in folder.iterdir() if p.suffix == ".txt" and p.is_file())
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(
            one_line(
                f"'{ref}' is not a file, and the seeds folder {seeds} cannot be read: {reason}"
            )
        ) from None
    try:
        return folder / resolve_article(names, ref)
    except UsageError as exc:
        raise InputError(one_line(f"{exc} (in {seeds})")) from None


def _escape_json(text: str) -> str:
    """JSON keeps DEL, C1 controls and bidi overrides raw; escape them (valid inside strings,
    the only place article text can appear)."""
    from claimtrack.safe import json_text

    return json_text(text)
