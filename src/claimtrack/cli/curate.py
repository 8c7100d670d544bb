"""Curation commands: ``init`` a project, ``add-article``, ``match`` what the ledger knows."""

from __future__ import annotations

from pathlib import Path

import click

from claimtrack.cli.base import InputError, completer, data_option, seeds_option, write_options


@click.command()
@click.argument("folder", metavar="[DIR]", default=".", type=click.Path(path_type=str))
@click.option(
    "--layout", type=click.Choice(["file", "folder"]), default="file", show_default=True,
    help="file: one claims file, data/claims.yaml; folder: data/claims/ (00-registry.yaml and "
    "10-claims.yaml, every *.yaml there one ledger) and a claimtrack.toml naming it.",
)
def init(folder: str, layout: str) -> None:
    """Create a new project in DIR (default: here): seeds/, data/claims.yaml, the schema.

    The claims file opens with the editor's schema line, an empty registry and a commented
    example, and checks clean. A folder that already holds a claims file or articles is refused.
    """
    from claimtrack.checks import check_project
    from claimtrack.problems import UsageError, has_errors
    from claimtrack.scaffold import init_project

    root = Path(folder)
    data = "data/claims" if layout == "folder" else "data/claims.yaml"
    try:
        created = init_project(root, layout)
        report = check_project(root / data, root / "seeds", data, "seeds")
    except UsageError as exc:
        raise InputError(str(exc)) from None
    if has_errors(report.problems):  # pragma: no cover - the template is tested to check clean
        raise InputError("the new claims file does not check clean (a bug)")
    for path in created:
        click.echo(f"created {path}{'/' if path.is_dir() else ''}")
    where = "" if folder in (".", "") else f"cd {folder} && "
    if layout == "folder":  # the commands that write name the file they write into
        click.echo(
            "\nNext:\n"
            f"  {where}claimtrack add-article FILE|URL --data data/claims/00-registry.yaml\n"
            "  claimtrack draft ARTICLE --write --data data/claims/10-claims.yaml\n"
            "  claimtrack check    (every command reads all of data/claims/: claimtrack.toml)"
        )
        return
    click.echo(
        "\nNext:\n"
        f"  {where}claimtrack add-article FILE|URL   bring in an article (saved to seeds/)\n"
        "  claimtrack draft ARTICLE --write     add its candidate claims; replace each FILL-IN\n"
        "  claimtrack check                     until it is clean, then: claimtrack conflicts"
    )



@click.command()
@click.argument("article", metavar="ARTICLE", shell_complete=completer("complete_article"))
@data_option()
@seeds_option("Folder of article .txt files (for a name or prefix).")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml",
    show_default=True,
    help="yaml: each claim with the source to add; json: the same with offsets and scores.",
)
@click.option("--outlet", metavar="NAME", default=None,
              help="The article's outlet (default: its 'articles:' entry).")
@write_options
def match(article: str, data: str, seeds: str, fmt: str, outlet: str | None, write: bool,
          dry_run: bool) -> None:
    """The ledger's claims that ARTICLE repeats, each with the source to add.

    A quote of a claim found in ARTICLE (as check finds quotes: whitespace, quotes and dashes
    aside) is an exact match: the claim gains ARTICLE as a source, quoted in its own words. A
    quote not found whose words mostly appear in one sentence is a close match, offered as a
    suggestion. With --write, the exact matches are added to the claims file in place.
    """
    import json

    from claimtrack.articles import ArticleError, parse_article
    from claimtrack.cli.draft import (
        apply_edit,
        article_path,
        check_in_seeds,
        escape_json,
        outlet_of,
        read_ledger,
    )
    from claimtrack.match import find_matches
    from claimtrack.text import one_line

    path = article_path(article, seeds)
    try:
        parsed = parse_article(path)
    except ArticleError as exc:
        raise InputError(one_line(str(exc))) from None
    ledger = read_ledger(data, required=True)
    assert ledger is not None
    matches, _covered = find_matches(ledger, parsed, parsed.id,
                                     outlet or outlet_of(ledger, parsed.id))
    exact = [m for m in matches if m.kind == "exact"]
    if write or dry_run:
        check_in_seeds(path, seeds, parsed.id)
        from claimtrack.claims_edit import ClaimsEdit

        edit = ClaimsEdit.read(Path(data), data)
        for m in exact:
            edit.add_sources(m.claim, [m.source(parsed.id)])
        apply_edit(edit, dry_run, f"{len(exact)} sources")
        return
    records = [
        {"claim": m.claim, "match": m.kind, "score": m.score,
         "line": parsed.line_of(m.start), "start": m.start, "end": m.end,
         "ledger_quote": m.ledger_quote, "source": m.source(parsed.id)}
        for m in matches
    ]
    if fmt == "json":
        payload = {"article": parsed.id, "data": data, "matches": records}
        click.echo(escape_json(json.dumps(payload, indent=2, ensure_ascii=False)))
        return
    from claimtrack.claims_edit import render_yaml

    close = len(matches) - len(exact)
    click.echo(f"# claimtrack match: {one_line(parsed.id)} repeats {len(exact)} claim"
               f"{'s' if len(exact) != 1 else ''} of {one_line(data)}, and {close} closely")
    if not matches:
        click.echo("[]")
        return
    for record in records:
        kind = ("exact: add it with --write" if record["match"] == "exact"
                else f"close ({record['score']:.2f}): a suggestion; trim the quote to the "
                     "claim's words")
        click.echo(f"# line {record['line']}, {kind}")
        if record["match"] == "close":
            click.echo(f"#   ledger's quote: {one_line(str(record['ledger_quote']))}")
        item = {"claim": record["claim"], "source": record["source"]}
        click.echo(render_yaml([item]), nl=False)


@click.command("add-article")
@click.argument("source", metavar="FILE|URL")
@data_option("The claims file, where the article's outlet and URL are recorded.")
@seeds_option("The folder the article is written to.")
@click.option("--date", "date", metavar="YYYY-MM-DD", default=None,
              help="The publication date, when the article does not give it.")
@click.option("--outlet", metavar="NAME", default=None,
              help="The outlet, when the article does not give it.")
@click.option("--dry-run", is_flag=True, help="Show the article file and the change to the claims "
              "file; write nothing.")
def add_article(source: str, data: str, seeds: str, date: str | None, outlet: str | None,
                dry_run: bool) -> None:
    """Bring in an article: a plain-text file, a saved web page (HTML) or an http(s) URL.

    Its text, headline, date and outlet are extracted (web pages need the html extra: pip
    install 'claimtrack[html]'), written to the seeds folder in the article format under a
    stable name (a slug of the headline and a hash of the content), and its outlet and URL are
    recorded under 'articles:' in the claims file. Where the date or the outlet cannot be
    found, nothing is written: give them with --date and --outlet.
    """
    from claimtrack.claims_edit import ClaimsEdit, write_if_unchanged
    from claimtrack.intake import intake, read_input
    from claimtrack.problems import UsageError
    from claimtrack.text import printable

    try:
        raw, url = read_input(source)
        found = intake(raw, url, date=date, outlet=outlet)
        if found.missing:
            options = " and ".join(f"--{name}" for name in found.missing)
            raise UsageError(
                f"{source}: no {' or '.join(found.missing)} found in the article; give "
                f"{options} (nothing written)"
            )
        folder = Path(seeds)
        if not folder.is_dir():
            raise UsageError(f"{seeds}: no such folder (claimtrack init creates a project)")
        target = folder / found.name
        edit = ClaimsEdit.read(Path(data), data)
        known = edit.data.get("articles")
        meta = {"outlet": found.outlet, **({"url": found.url} if found.url else {})}
        if not (isinstance(known, dict) and found.name in known):
            edit.add_articles({found.name: meta})
        exists = target.exists()
        if exists and target.read_bytes() != found.text.encode("utf-8"):
            raise UsageError(f"{target} exists with other content; nothing written")
        if dry_run:
            edit.verify()
            if not exists:
                click.echo(f"would write {target}:")
                click.echo(printable(found.text), nl=False)
            click.echo(printable(edit.diff()), nl=False)
            return
        edit.verify()
        if not exists:
            write_if_unchanged(target, None, found.text.encode("utf-8"), str(target))
        try:
            edit.write()
        except UsageError:
            if not exists:
                target.unlink(missing_ok=True)
            raise
    except UsageError as exc:
        raise InputError(str(exc)) from None
    click.echo(f"{'already in' if exists else 'added'} {target}"
               f" ({found.date}, {printable(str(found.outlet))})")
    if edit.changed:
        click.echo(f"recorded under 'articles:' in {data}")
    click.echo(f"next: claimtrack match {found.name}, then claimtrack draft {found.name} --write")
