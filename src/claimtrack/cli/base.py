"""The click group and the one place errors become exit codes; what every command shares besides
its options (those are :mod:`claimtrack.cli.options`'): the project options, the project opener
(:func:`open_ledger`, :func:`open_analysis`, load warnings by :func:`warn_loaded`), the output
file (:func:`output_target`, :func:`write_or_echo`) and the exit status (:func:`finish`).

Click is imported by the ``claimtrack.cli`` package and by :mod:`claimtrack.completion` (the
candidates it returns are click's ``CompletionItem``), by no other library module. Start-up time
matters (every command, every Tab press of shell completion), so nothing is imported before it
is needed:

* the group knows its commands by name (:data:`COMMANDS`) and imports a command's module only
  when that command runs, is completed or shows its ``--help`` (:class:`LazyGroup`);
  ``claimtrack --help`` lists the commands from the one-line summaries kept here;
* library modules are imported inside the commands, and the completers through :func:`completer`.

``tests/test_startup.py`` checks that ``--help`` and ``--version`` import none of pydantic, rich,
yaml and dateutil, and that the summaries here match the commands' help.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from gettext import gettext
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn, TypeVar

import click

from claimtrack.version import __version__

if TYPE_CHECKING:
    from pathlib import Path

    from click.shell_completion import CompletionItem

    from claimtrack.analysis import Analysis
    from claimtrack.ledger import Ledger
    from claimtrack.problems import ExitCode

F = TypeVar("F", bound=Callable[..., Any])
Completer = Callable[[click.Context, click.Parameter, str], "list[CompletionItem]"]

ISSUES_URL = "https://github.com/claimtrack/claimtrack/issues"


class InputError(click.ClickException):
    """Unusable input (exit 2): a missing claims file, an unknown article reference, ..."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        from claimtrack.text import printable

        # Messages quote the user's files (keys, values): no escape sequence reaches the terminal.
        click.echo(f"claimtrack: error: {printable(self.format_message())}", err=True)


class ClaimtrackGroup(click.Group):
    """Turns library errors into clean messages; an unexpected error is one line, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from claimtrack.gc_pause import gc_paused

        # A command is a short process that builds a ledger and prints: the cyclic collector
        # would walk hundreds of thousands of records again and again to find no garbage (a
        # third of the time of a large re-run), so it is paused for the command, here only.
        with gc_paused():
            return self._invoke(ctx)

    def _invoke(self, ctx: click.Context) -> Any:
        from claimtrack.problems import UsageError

        # --no-cache holds for one invocation (matters under CliRunner); a cache module not yet
        # imported is still enabled, and --help need not import it (hashlib, tempfile) at all.
        cache = sys.modules.get("claimtrack.cache")
        if cache is not None:
            cache.disable(False)
        _degrade_unencodable_output()
        try:
            # Progress on stderr, erased before the pager shows the output (so nested inside it).
            from claimtrack.cli.progress_display import shown

            showing = shown(ctx.meta.get(_QUIET_KEY, False))
            if ctx.meta.get(_PAGER_KEY, True) and sys.stdout.isatty():
                from claimtrack.cli.pager import paged

                with paged(True), showing:
                    return super().invoke(ctx)
            with showing:
                result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk must be reported here, not at interpreter exit
            return result
        except UsageError as exc:
            raise InputError(str(exc)) from None
        except click.exceptions.Exit as exc:
            if exc.exit_code != 0:  # findings (exit 1): the output must still reach the disk
                try:
                    sys.stdout.flush()
                except OSError as error:
                    _cannot_write(ctx, error)
            raise
        except (click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # The reader went away (``| head``): not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("claimtrack: interrupted", err=True)
            ctx.exit(130)
        except OSError as exc:
            _cannot_write(ctx, exc)
        except Exception as exc:
            _internal(ctx, exc)


_WRITE_ERRORS = frozenset(
    code for code in (getattr(errno, name, None) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO"))
    if code is not None
)  # fmt: skip
"""Errors of writing the output that are the machine's, not a bug: exit 2 with the reason."""


def _internal(ctx: click.Context, exc: Exception) -> NoReturn:
    """Report an unexpected error in one line (a bug) and exit 3; the traceback only with
    ``CLAIMTRACK_DEBUG``."""
    if os.environ.get("CLAIMTRACK_DEBUG"):
        raise exc
    from claimtrack.problems import ExitCode
    from claimtrack.text import one_line

    name = type(exc).__name__
    detail = one_line(str(exc))
    detail = detail if len(detail) <= 200 else detail[:197] + "..."
    click.echo(
        f"claimtrack: internal error: {name}: {detail} "
        f"(this is a bug; please report it at {ISSUES_URL}, with CLAIMTRACK_DEBUG=1 output)",
        err=True,
    )
    ctx.exit(int(ExitCode.INTERNAL))


def _cannot_write(ctx: click.Context, exc: OSError) -> NoReturn:
    """Standard output cannot be written (a full disk, /dev/full, a quota): say so and exit 2,
    dropping what is still buffered so that the interpreter's exit does not try again. Any other
    OSError here is a bug."""
    if exc.errno not in _WRITE_ERRORS:
        _internal(ctx, exc)
    from claimtrack.problems import ExitCode

    _silence_stdout()
    click.echo(f"claimtrack: error: cannot write the output: {exc.strerror}", err=True)
    ctx.exit(int(ExitCode.USAGE))


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (CliRunner)
        pass


def _degrade_unencodable_output() -> None:
    """A terminal or pipe whose encoding cannot hold every character (cp1252 on Windows,
    ``PYTHONIOENCODING=ascii``, a C locale) gets ``\\u2019``-style escapes for those characters
    instead of a UnicodeEncodeError; UTF-8 streams are left as they are."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding.startswith("utf") or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(errors="backslashreplace")
        except (ValueError, OSError):  # a detached or closed stream
            continue


class LazyCommand(NamedTuple):
    """Where a command lives, and its summary for ``claimtrack --help`` and shell completion."""

    target: str
    """``"module:attribute"`` of the :class:`click.Command`."""
    summary: str
    """The first paragraph of the command's help (a test keeps the two in step)."""


def import_command(target: str) -> click.Command:
    """The :class:`click.Command` at ``"module:attribute"``."""
    module_name, _, attribute = target.partition(":")
    command = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{target} is not a click command")
    from claimtrack.cli.examples import attach

    attach(command)
    return command


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name; a lazy one is imported the first time it is looked up.

    Names and membership never import anything (``sorted(cli.commands)``, "did you mean"
    suggestions); looking a command up (``cli.commands["list"]``, ``.items()``) imports its module.
    """

    def __init__(self, lazy: Mapping[str, str]) -> None:
        self._lazy = dict(lazy)
        self._loaded: dict[str, click.Command] = {}

    def loaded(self, name: str) -> click.Command | None:
        """The command if it has been imported (or added directly), else None."""
        return self._loaded.get(name)

    def __getitem__(self, name: str) -> click.Command:
        command = self._loaded.get(name)
        if command is None:
            command = self._loaded[name] = import_command(self._lazy[name])
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._lazy.pop(name, None)
        self._loaded.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._lazy or name in self._loaded

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._lazy, *self._loaded]))

    def __len__(self) -> int:
        return len(self._lazy.keys() | self._loaded.keys())


class LazyGroup(ClaimtrackGroup):
    """A :class:`ClaimtrackGroup` whose commands are imported only when used (click's "lazily
    loading subcommands" pattern): ``lazy_subcommands`` maps each name to a :class:`LazyCommand`.

    A command is imported when it runs, shows its ``--help`` or completes its options; the group's
    ``--help`` and the completion of command names use the summaries instead, which give the same
    text as the commands' help would (click shortens both the same way).
    """

    def __init__(
        self,
        *args: Any,
        lazy_subcommands: Mapping[str, LazyCommand] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        lazy = dict(lazy_subcommands or {})
        commands = LazyCommands({name: entry.target for name, entry in lazy.items()})
        commands.update(self.commands)
        self.commands = self.lazy_commands = commands
        self.summaries = {name: entry.summary for name, entry in lazy.items()}

    def _listed(self, ctx: click.Context, prefix: str = "") -> list[tuple[str, click.Command]]:
        """The visible commands whose names start with ``prefix``: the command itself when it is
        imported, else a stand-in carrying its summary as help."""
        listed = []
        for name in self.list_commands(ctx):
            if not name.startswith(prefix):
                continue
            command = self.lazy_commands.loaded(name)
            if command is None and name in self.summaries:
                command = click.Command(name, help=self.summaries[name])
            if command is None:
                command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                listed.append((name, command))
        return listed

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As :meth:`click.Group.format_commands`, without importing the commands."""
        commands = self._listed(ctx)
        if commands:
            # The whole summary, wrapped in its column: a cut one ("outlet,...") hides what a
            # command is for.
            rows = [
                (name, self.summaries.get(name) or command.get_short_help_str(10_000))
                for name, command in commands
            ]
            with formatter.section(gettext("Commands")):  # as click says it
                formatter.write_dl(rows)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """As :meth:`click.Group.shell_complete`, without importing the commands."""
        from click.shell_completion import CompletionItem

        results = [
            CompletionItem(name, help=command.get_short_help_str())
            for name, command in self._listed(ctx, incomplete)
        ]
        results.extend(click.Command.shell_complete(self, ctx, incomplete))
        return results


COMMANDS: dict[str, LazyCommand] = {
    "add-article": LazyCommand(
        "claimtrack.cli.curate:add_article",
        "Bring in an article: a plain-text file, a saved web page (HTML) or an http(s) URL.",
    ),
    "articles": LazyCommand(
        "claimtrack.cli.query:articles",
        "List the articles: date and where it comes from, outlet, headline, size, claims, "
        "sourcing.",
    ),
    "check": LazyCommand(
        "claimtrack.cli.check:check",
        "Validate the claims file against the articles: the CI gate.",
    ),
    "conflicts": LazyCommand(
        "claimtrack.cli.conflicts:conflicts",
        "Claims that cannot all be true, as disputes: each (event, slot) with the values in "
        "contention (disjoint dates, incompatible ages, amounts, differing values) and explicit "
        "`contradicts` links, each value with what it rests on; then what was compared.",
    ),
    "dates": LazyCommand(
        "claimtrack.cli.dates:dates",
        "Show what a date phrase resolves to, and why (--on DATE: the date it counts from).",
    ),
    "diff": LazyCommand(
        "claimtrack.cli.query:diff",
        "Compare what two articles claim (file names or unique prefixes, e.g. 002 003).",
    ),
    "draft": LazyCommand(
        "claimtrack.cli.draft:draft",
        "Propose candidate claims for ARTICLE, ready to paste into the claims file and edit.",
    ),
    "export": LazyCommand(
        "claimtrack.cli.export:export",
        "Export the whole ledger for other tools.",
    ),
    "init": LazyCommand(
        "claimtrack.cli.curate:init",
        "Create a new project in DIR (default: here): seeds/, data/claims.yaml, the schema.",
    ),
    "list": LazyCommand(
        "claimtrack.cli.query:list_",
        "List claims, filtered and sorted.",
    ),
    "match": LazyCommand(
        "claimtrack.cli.curate:match",
        "The ledger's claims that ARTICLE repeats, each with the source to add.",
    ),
    "report": LazyCommand(
        "claimtrack.cli.report:report",
        "Write one self-contained HTML page: the timeline, the conflicts side by side, the "
        "sourcing profile of every article and every claim with its quotes. It needs no network "
        "to view and prints cleanly.",
    ),
    "schema": LazyCommand(
        "claimtrack.cli.schema:schema",
        "Print the JSON Schema of the claims file (for editors and validators).",
    ),
    "show": LazyCommand(
        "claimtrack.cli.query:show",
        "Show one claim in full: each source's quote highlighted in its paragraph, with the line.",
    ),
    "timeline": LazyCommand(
        "claimtrack.cli.conflicts:timeline",
        "A subject's claimed events in date order, each with the interval its sources resolve "
        "to; ages appear as birth windows, conflicting dates are marked.",
    ),
}
"""Every command: where it lives and the first paragraph of its help."""


def completer(name: str) -> Completer:
    """``shell_complete=`` for :mod:`claimtrack.completion`'s ``name``, imported only when a shell
    asks for candidates."""

    def complete(
        ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from claimtrack import completion

        found: list[CompletionItem] = getattr(completion, name)(ctx, param, incomplete)
        return found

    complete.__name__ = complete.__qualname__ = name
    return complete


def _no_cache(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    from claimtrack import cache

    cache.disable(value)
    return value


def data_option(
    help: str = "The claims YAML file, or a folder of them (*.yaml, *.yml: one ledger).",
) -> Callable[[F], F]:
    """``--data PATH`` (default ``data/claims.yaml``): the one declaration every command shares."""
    return click.option(
        "--data", "data", default="data/claims.yaml", show_default=True, metavar="PATH",
        type=click.Path(path_type=str), help=help,
    )


def seeds_option(help: str = "Folder of article .txt files.") -> Callable[[F], F]:
    """``--seeds DIR`` (default ``seeds``)."""
    return click.option(
        "--seeds", "seeds", default="seeds", show_default=True, metavar="DIR",
        type=click.Path(path_type=str), help=help,
    )


def write_options(function: F) -> F:
    """``--write`` and ``--dry-run``, for the commands that add to the claims file in place."""
    function = click.option(
        "--dry-run", is_flag=True,
        help="Show the change to the claims file as a unified diff; write nothing.",
    )(function)
    return click.option(
        "--write", is_flag=True,
        help="Add to the claims file in place (atomic; every other byte kept as it was).",
    )(function)


def project_options(function: F) -> F:
    """``--data``, ``--seeds`` and ``--no-cache``, shared by every command that reads the project."""
    function = click.option(
        "--no-cache", is_flag=True, expose_value=False, callback=_no_cache, is_eager=True,
        help="Parse everything afresh; do not read or write the cache.",
    )(function)
    function = seeds_option()(function)
    return data_option()(function)


def use_colour(stream: Any = None) -> bool:
    """Whether to colour ``stream`` (standard output by default): :func:`claimtrack.terminal.colour`."""
    from claimtrack import terminal

    return terminal.colour(stream or sys.stdout)


_PAGER_KEY = "claimtrack.pager"


def _set_colour(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from claimtrack import terminal

    terminal.settings.colour = value  # type: ignore[assignment]  # one of the choices
    return value


def _set_pager(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    ctx.meta[_PAGER_KEY] = not value
    return value


_QUIET_KEY = "claimtrack.quiet"


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    ctx.meta[_QUIET_KEY] = value
    return value


@click.group(
    cls=LazyGroup,
    lazy_subcommands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", "-V", prog_name="claimtrack")
@click.option(
    "--color", "--colour", type=click.Choice(["auto", "always", "never"]), default="auto",
    expose_value=False, callback=_set_colour, metavar="WHEN",
    help="Colour output: auto (a terminal, unless NO_COLOR is set or FORCE_COLOR asks for it "
    "in a pipe), always, or never.",
)  # fmt: skip
@click.option(
    "--no-pager", is_flag=True, expose_value=False, callback=_set_pager,
    help="Never page long output (by default a terminal pages it, as git does: $PAGER, "
    "else less -FRX).",
)  # fmt: skip
@click.option(
    "--quiet", "-q", is_flag=True, expose_value=False, callback=_set_quiet,
    help="Never show progress (by default a run on a terminal that lasts over 2 seconds shows "
    "it on stderr, and erases it at the end).",
)  # fmt: skip
@click.option(
    "--data", "data", default=None, metavar="PATH", type=click.Path(path_type=str),
    help="The claims YAML file or folder, for every command (as the command's own --data).",
)  # fmt: skip
@click.option(
    "--seeds", "seeds", default=None, metavar="DIR", type=click.Path(path_type=str),
    help="Folder of article files, for every command (as the command's own --seeds).",
)  # fmt: skip
@click.pass_context
def cli(ctx: click.Context, data: str | None, seeds: str | None) -> None:
    """Track the claims made in news coverage: who said what, in which article, on whose
    authority, and where the coverage contradicts itself.

    Articles are plain-text files in a seeds folder; claims are curated in a YAML file that ties
    each claim to the exact words of each article that makes it.

    --data and --seeds may come before the command, or be set once for a project in
    claimtrack.toml (or [tool.claimtrack] in pyproject.toml) in the folder it runs in:
    data = "ledger/claims.yaml", seeds = "articles". An option after the command wins.
    """
    from claimtrack import config
    from claimtrack.problems import UsageError

    try:
        chosen = config.settings()
    except UsageError as exc:
        raise InputError(str(exc)) from None
    for name, value in (("data", data), ("seeds", seeds)):
        if value is not None:
            chosen[name] = value
    if chosen:
        # Each command's --data/--seeds default: click reads a subcommand's defaults here.
        ctx.default_map = {name: dict(chosen) for name in cli.commands}


def warn_loaded(ledger: Ledger, data: str) -> None:
    """One line on stderr when the project loaded with problems, and how many claims were left
    out for them (the command works on the rest, and exits as it would otherwise)."""
    left_out = ledger.left_out
    if ledger.warnings:
        count = len(ledger.warnings)
        parts = []
        if left_out.claims:
            parts.append(f"{len(left_out.claims)} of {len(left_out.claims) + len(ledger.claims)} claims")
        for entries, one, many in (
            (left_out.subjects, "subject", "subjects"),
            (left_out.articles, "article entry", "article entries"),
        ):
            if entries:
                parts.append(f"{len(entries)} {one if len(entries) == 1 else many}")
        left = f" ({', '.join(parts)} in {data} left out: not valid)" if parts else ""
        click.echo(
            f"claimtrack: warning: {count} problem{'s' * (count != 1)} while loading the project"
            f"{left}; run 'claimtrack check'",
            err=True,
        )


def note_subject_matches(claims_file: Any, text: str | None, keys: Any) -> None:
    """When ``--subject TEXT`` matched several subjects (a word of several names), say which on
    stderr, so that a wider result than expected is never silent."""
    if text is None or keys is None or len(keys) < 2:
        return
    from claimtrack.text import printable

    subjects = claims_file.subjects
    named = ", ".join(
        f"{subjects[key].name} ({key})" if key in subjects else key for key in sorted(keys)
    )
    click.echo(printable(f"--subject '{text}' matches {len(keys)} subjects: {named}"), err=True)


def open_ledger(data: str, seeds: str, whole: bool = False) -> Ledger:
    """The project every reading command works on, its load problems reported the same way
    everywhere (one line on stderr: how many, and which claims were left out; ``whole``: none,
    the whole ledger or an error, as :func:`claimtrack.ledger.open_ledger` says)."""
    from pathlib import Path

    from claimtrack import ledger as ledgers

    found = ledgers.open_ledger(Path(data), Path(seeds), data, seeds, whole=whole)
    warn_loaded(found, data)
    return found


def finish(code: ExitCode) -> None:
    """End a command with ``code`` (:class:`claimtrack.problems.ExitCode`): a gate's findings are
    exit 1, after the output reached the disk (:meth:`ClaimtrackGroup.invoke`)."""
    if code:
        raise click.exceptions.Exit(int(code))


def open_analysis(data: str, seeds: str) -> Analysis:
    """:func:`open_ledger`, then the analysis (values, disputes, origins) the command needs."""
    from claimtrack.analysis import analyse

    return analyse(open_ledger(data, seeds))


def output_target(output: str | None, data: str, seeds: str) -> Path | None:
    """Where ``-o`` writes (None: standard output, for no option or ``-``), checked before any
    work by the one output guard (:func:`claimtrack.export.guard_output`): never the claims
    file, never into the seeds folder, nothing that cannot be written (exit 2)."""
    if output is None or output == "-":
        return None
    from pathlib import Path

    from claimtrack.export import guard_output

    target = Path(output)
    guard_output(target, Path(data), Path(seeds))
    return target


def write_or_echo(text: str, target: Path | None) -> None:
    """Write ``text`` to :func:`output_target`'s file (atomically), or to standard output."""
    if target is None:
        click.echo(text, nl=False)
        return
    from claimtrack.files import write_output

    write_output(target, text)
