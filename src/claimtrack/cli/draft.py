"""``claimtrack draft``: candidate claims for an article that is not curated yet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from claimtrack.cli.base import InputError, completer, data_option, seeds_option, write_options


@click.command()
@click.argument("article", metavar="ARTICLE", shell_complete=completer("complete_article"))
@data_option("The claims file: its subjects, ids and slots are reused, its quotes skipped.")
@seeds_option("Folder of article .txt files (for a name or prefix).")
@click.option(
    "-f",
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
    "(default: its 'articles:' entry, else left to fill in).",
)
@write_options
def draft(article: str, data: str, seeds: str, fmt: str, outlet: str | None, write: bool,
          dry_run: bool) -> None:
    """Propose candidate claims for ARTICLE, ready to paste into the claims file and edit.

    ARTICLE is a path to a file, or a file name, stem or unique prefix in --seeds (``003``).
    Sentences with attribution cues (a source said, told PEOPLE, according to), quoted speech
    with its speaker, dates, ages and events become stubs whose quote is the article's exact
    words. With a claims file (--data), the registry's subject keys are used (a new
    ``subjects:`` entry is proposed only for a person not in it), ids in use are never reused,
    and passages the ledger already quotes are skipped (see ``claimtrack match``). Where the
    drafter is not sure of the subject, the attribution, a quote's speaker or the slot, it writes
    FILL-IN, which ``check`` refuses until it is replaced. Nothing is written without --write.
    """
    import json

    from claimtrack.articles import ArticleError, parse_article
    from claimtrack.draft import (
        MAX_DRAFT_CHARS,
        Registry,
        draft_claims,
        new_subjects,
        registry_from_data,
        to_json_records,
        to_yaml,
    )
    from claimtrack.match import find_matches
    from claimtrack.text import one_line

    path = article_path(article, seeds)
    try:
        parsed = parse_article(path)
    except ArticleError as exc:
        raise InputError(one_line(str(exc))) from None
    ledger = read_ledger(data, required=write or dry_run)
    registry = Registry()
    if ledger is not None:
        outlet = outlet or outlet_of(ledger, parsed.id)
        _matches, covered = find_matches(ledger, parsed, parsed.id, outlet)
        registry = registry_from_data(ledger, covered)
    candidates = draft_claims(parsed, outlet, registry)
    subjects = new_subjects(candidates, registry)
    note = None
    if len(parsed.text) > MAX_DRAFT_CHARS:
        note = (f"the article has {len(parsed.text):,} characters: only the first "
                f"{MAX_DRAFT_CHARS:,} were drafted")
    if write or dry_run:
        check_in_seeds(path, seeds, parsed.id)
        from claimtrack.claims_edit import ClaimsEdit

        edit = ClaimsEdit.read(Path(data), data)
        edit.add_subjects(subjects)
        edit.add_claims([c.claim(parsed.id) for c in candidates])
        apply_edit(edit, dry_run, f"{len(candidates)} claims, {len(subjects)} subjects")
        if note:
            click.echo(f"claimtrack: note: {note}", err=True)
        return
    if fmt == "json":
        payload = {
            "article": parsed.id,
            "path": str(path),
            "outlet": outlet,
            "subjects": subjects,
            "candidates": to_json_records(candidates, parsed.id),
        }
        if note:
            payload["note"] = note
        click.echo(escape_json(json.dumps(payload, indent=2, ensure_ascii=False)))
    else:
        click.echo(to_yaml(candidates, parsed.id, subjects, note), nl=False)


def apply_edit(edit: Any, dry_run: bool, what: str) -> None:
    """Print the edit as a diff (``--dry-run``) or write it, saying what was added."""
    from claimtrack.problems import UsageError
    from claimtrack.text import printable

    try:
        if dry_run:
            edit.verify()
            click.echo(printable(edit.diff()), nl=False)
            return
        edit.write()
    except UsageError as exc:
        raise InputError(str(exc)) from None
    if edit.changed:
        click.echo(f"added to {edit.display}: {what}")
    else:
        click.echo(f"nothing to add to {edit.display}")


def read_ledger(data: str, required: bool) -> dict[str, Any] | None:
    """The claims file as plain data (leniently: a file with placeholders still tells its
    subjects and ids); None when it does not exist and is not required."""
    from claimtrack.loader import decode_claims, parse_claims_text, read_claims_bytes
    from claimtrack.problems import UsageError

    path = Path(data)
    if not path.exists() and not required:
        return None
    if path.is_dir():
        from claimtrack.claims_edit import folder_refusal

        raise InputError(folder_refusal(path, data))
    try:
        raw = read_claims_bytes(path, data)
    except UsageError as exc:
        raise InputError(str(exc)) from None
    problems: list[Any] = []
    text = decode_claims(raw, data, problems)
    if text is None:
        raise InputError(f"{data}: {problems[0].message}")
    parsed, syntax = parse_claims_text(text, data)
    errors = [p for p in syntax if p.severity == "error"]
    if errors:
        first = errors[0]
        raise InputError(f"{data}:{first.line}:{first.column}: {first.message} ({first.code})")
    return parsed if isinstance(parsed, dict) else {}


def outlet_of(ledger: dict[str, Any], article_id: str) -> str | None:
    articles = ledger.get("articles")
    meta = articles.get(article_id) if isinstance(articles, dict) else None
    outlet = meta.get("outlet") if isinstance(meta, dict) else None
    return outlet if isinstance(outlet, str) else None


def check_in_seeds(path: Path, seeds: str, article_id: str) -> None:
    """Sources cite an article by its name in the seeds folder: a file elsewhere cannot be."""
    inside = Path(seeds) / article_id
    try:
        same = inside.is_file() and inside.samefile(path)
    except OSError:
        same = False
    if not same:
        raise InputError(
            f"{path} is not in the seeds folder {seeds}: bring it in first "
            f"(claimtrack add-article {path})"
        )


def article_path(ref: str, seeds: str) -> Path:
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


def escape_json(text: str) -> str:
    """JSON keeps DEL, C1 controls and bidi overrides raw; escape them (valid inside strings,
    the only place article text can appear)."""
    from claimtrack.safe import json_text

    return json_text(text)
