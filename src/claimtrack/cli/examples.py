"""Examples for every command's ``--help``, as sqlite-utils and ripgrep give them.

Kept in one table, and run by the test suite on the bundled project (tests/test_help.py), so that
an example never shows an option that is gone or an output that fails.
"""

from __future__ import annotations

from typing import Any

EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "add-article": [
        ("claimtrack add-article saved-page.html", "a saved web page into seeds/, outlet recorded"),
        (
            "claimtrack add-article notes.txt --date 2024-06-01 --outlet 'The Planet' --dry-run",
            "a plain-text article, showing what would be written",
        ),
    ],
    "articles": [
        ("claimtrack articles", "each article: date, outlet, headline, claims, sourcing"),
        ("claimtrack articles --format csv", "the same as a spreadsheet"),
    ],
    "check": [
        ("claimtrack check", "the CI gate: every reference known, every quote in its article"),
        ("claimtrack check --format github", "GitHub Actions annotations on the lines at fault"),
        ("claimtrack check --format json", "the problems as data"),
    ],
    "conflicts": [
        ("claimtrack conflicts", "every contradiction, each side with what it rests on"),
        ("claimtrack conflicts --subject Portman", "only those about one person"),
        ("claimtrack conflicts --format json", "the same as data, for a script"),
    ],
    "dates": [
        ("claimtrack dates 'eight months ago' --on 2024-03-08", "a phrase, from an article's date"),
        ("claimtrack dates 'ten weeks before' --on 2024-04-26", "counted from an event's date"),
        ("claimtrack dates 'On Saturday, 14 September' --on 2024-09-20 --format json",
         "a weekday, widened as documented, as data"),
    ],
    "diff": [
        ("claimtrack diff 002 003", "what two articles claim alike, apart and against each other"),
    ],
    "draft": [
        ("claimtrack draft 004", "candidate claims for an article, to edit and paste"),
    ],
    "export": [
        ("claimtrack export -o ledger.json", "the whole ledger as JSON, written atomically"),
        ("claimtrack export --format csv -o ledger.csv", "one row per claim and source"),
        ("claimtrack export --format claimreview", "schema.org Claim JSON-LD"),
    ],
    "init": [
        ("claimtrack init my-story", "a new project: seeds/, a claims file, its schema"),
        ("claimtrack init my-desk --layout folder",
         "the claims as a folder of files, data/claims/ (one per article or topic)"),
    ],
    "list": [
        ("claimtrack list --subject Portman", "claims about a person (a name, alias or key)"),
        ("claimtrack list --slot wedding --format json", "one slot, as data"),
        (
            "claimtrack list --attribution anonymous_insider --since 'Jan 2024'",
            "insider claims cited since January 2024",
        ),
        ("claimtrack list --text 'date night' --sort date --limit 5", "a phrase, earliest first"),
    ],
    "match": [
        ("claimtrack match new-story.txt", "the ledger's claims an article repeats"),
        (
            "claimtrack match seeds/new-story.txt --write --dry-run",
            "for an article in seeds/: the sources --write would add, as a diff",
        ),
    ],
    "report": [
        ("claimtrack report -o report.html", "one self-contained page for an editor"),
        ("claimtrack report --subject Portman -o portman.html", "one person's part of the story"),
    ],
    "schema": [
        ("claimtrack schema -o claims.schema.json", "the JSON Schema, for an editor"),
    ],
    "show": [
        ("claimtrack show wedding-2011", "one claim, each quote in its paragraph"),
        ("claimtrack show wedding-2011 --format json", "the same as data"),
    ],
    "timeline": [
        ("claimtrack timeline", "every subject's claimed events in date order"),
        ("claimtrack timeline --subject Portman --format csv", "one person's, as a spreadsheet"),
    ],
}
"""Each command's examples: the command line, and what it shows."""


def epilog(name: str) -> str | None:
    """The ``Examples:`` block of a command's help (``\\b`` keeps click from rewrapping it)."""
    examples = EXAMPLES.get(name)
    if not examples:
        return None
    lines = ["Examples:", "", "\b"]
    for command, what in examples:
        lines += [f"  {command}", f"      {what}"]
    return "\n".join(lines)


def attach(command: Any) -> Any:
    """Give ``command`` its examples (once; a command with its own epilog keeps it)."""
    if getattr(command, "epilog", None) is None and command.name:
        command.epilog = epilog(command.name)
    return command
