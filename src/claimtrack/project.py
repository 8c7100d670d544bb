"""The library's front door: a project (a claims file and its seeds folder), asked what the CLI's
commands ask, answering with the records their ``--format json`` prints.

    >>> import claimtrack
    >>> project = claimtrack.open_project("data/claims.yaml", "seeds")
    >>> [c["id"] for c in project.claims(subject="portman", slot="wedding", limit=2)]

Every method calls the library functions the command calls (nothing here decides anything of its
own), so a script and the CLI cannot disagree. Wrong input raises
:class:`~claimtrack.problems.UsageError` with the message the CLI prints. The project reads its
files once, when opened; open it again to see changes.
"""

from __future__ import annotations

from functools import cached_property
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimtrack.analysis import Analysis
    from claimtrack.ledger import Ledger
    from claimtrack.problems import Problem
    from claimtrack.record_types import (
        ArticleRecord,
        ClaimRecord,
        ConflictsDocument,
        DiffRecord,
        TimelineDocument,
    )

StrPath = str | PathLike[str]


def open_project(data: StrPath = "data/claims.yaml", seeds: StrPath = "seeds") -> Project:
    """Load the claims file ``data`` (or every claims file of the folder ``data``, as one ledger)
    and the articles in ``seeds``, as every command does.

    Raises :class:`~claimtrack.problems.UsageError` when the claims file cannot be used at all;
    problems that leave the rest usable (an unreadable article, an invalid claim left out) are in
    :attr:`Project.warnings`, as ``claimtrack check`` reports them.
    """
    from claimtrack.ledger import open_ledger

    data_text, seeds_text = str(data), str(seeds)
    ledger = open_ledger(Path(data), Path(seeds), data_text, seeds_text)
    return Project(ledger, data_text, seeds_text)


class Project:
    """A loaded project; each method returns what the command of that name prints as JSON."""

    def __init__(self, ledger: Ledger, data: str, seeds: str) -> None:
        self.ledger = ledger
        """The loaded ledger, for what the methods do not cover."""
        self.data = data
        self.seeds = seeds

    def __repr__(self) -> str:
        return f"<Project {self.data!r} {self.seeds!r}: {len(self.ledger.claims)} claims>"

    @property
    def warnings(self) -> list[Problem]:
        """Problems met while loading that did not stop it (the CLI's one-line warning)."""
        return list(self.ledger.warnings)

    @cached_property
    def analysis(self) -> Analysis:
        """Resolved values, disputes, consistent groups and origins (computed on first use)."""
        from claimtrack.analysis import analyse

        return analyse(self.ledger)

    def claims(
        self,
        *,
        subject: str | None = None,
        slot: str | None = None,
        article: str | None = None,
        attribution: str | list[str] | tuple[str, ...] | None = None,
        since: str | None = None,
        until: str | None = None,
        text: str | None = None,
        sort: str = "file",
        limit: int | None = None,
    ) -> list[ClaimRecord]:
        """``claimtrack list``: the claims the filters keep (AND; the article, attribution and
        dates must hold for one source), in ``sort`` order, the first ``limit``."""
        from claimtrack import query

        flt = query.make_filter(
            self.ledger, subject=subject, article=article, attributions=_kinds(attribution),
            slot=slot, since=since, until=until, text=text,
        )  # fmt: skip
        indices = query.sort_claims(self.ledger, query.filter_claims(self.ledger, flt), sort)
        return [query.claim_record(self.ledger, i) for i in indices[:limit]]

    def claim(self, claim_id: str) -> ClaimRecord:
        """``claimtrack show ID``: one claim with each quote in its paragraph and its relations."""
        from claimtrack.query import show_claim

        return show_claim(self.ledger, claim_id)

    def articles(
        self,
        *,
        article: str | None = None,
        since: str | None = None,
        until: str | None = None,
        text: str | None = None,
        sort: str = "file",
        limit: int | None = None,
    ) -> list[ArticleRecord]:
        """``claimtrack articles``: each article's date, outlet, headline, size, claims, sourcing."""
        from claimtrack import query

        rows = query.select_articles(
            self.ledger, query.article_rows(self.ledger), article=article, since=since,
            until=until, text=text, sort=sort,
        )  # fmt: skip
        return rows[:limit]

    def diff(self, a: str, b: str) -> DiffRecord:
        """``claimtrack diff A B``: what two articles (names or unique prefixes) claim."""
        from claimtrack.query import diff_articles

        return diff_articles(self.ledger, a, b)

    def conflicts(
        self,
        *,
        subject: str | None = None,
        slot: str | None = None,
        article: str | None = None,
        attribution: str | list[str] | tuple[str, ...] | None = None,
        since: str | None = None,
        until: str | None = None,
        text: str | None = None,
        limit: int | None = None,
    ) -> ConflictsDocument:
        """``claimtrack conflicts``: the disputes with a claim the filters keep, and what was
        compared (``{"conflicts", "count", "compared"}``)."""
        from claimtrack.records import conflicts_document

        wanted = self._wanted(subject, slot, article, attribution, since, until, text)
        return conflicts_document(self.analysis, wanted, limit)

    def timeline(
        self,
        *,
        subject: str | None = None,
        slot: str | None = None,
        article: str | None = None,
        attribution: str | list[str] | tuple[str, ...] | None = None,
        since: str | None = None,
        until: str | None = None,
        text: str | None = None,
        limit: int | None = None,
        what: str = "all",
    ) -> TimelineDocument:
        """``claimtrack timeline``: the claimed events in date order (``events``, ``not_placed``)
        and what agreeing claims pin down (``pinned``); ``what`` as ``--what``."""
        from claimtrack.query import subject_keys
        from claimtrack.records import timeline_records

        wanted = self._wanted(subject, slot, article, attribution, since, until, text)
        subjects = None if subject is None else subject_keys(self.ledger.claims_file, subject)
        return timeline_records(self.analysis, subjects, wanted, limit, what).document(what)

    def check(self) -> dict[str, Any]:
        """``claimtrack check --format json``: every problem of the claims file and the articles,
        with the counts (the files are read again: ``check`` also reports what loading forgave)."""
        from claimtrack.checks import check_project
        from claimtrack.problems import problems_document

        report = check_project(Path(self.data), Path(self.seeds), self.data, self.seeds)
        return problems_document(report.problems, report.counts(self.data, self.seeds))

    def _wanted(
        self, subject: str | None, slot: str | None, article: str | None,
        attribution: str | list[str] | tuple[str, ...] | None, since: str | None,
        until: str | None, text: str | None,
    ) -> set[int] | None:  # fmt: skip
        from claimtrack.query import matching_claims

        return matching_claims(
            self.ledger, subject=subject, article=article, attributions=_kinds(attribution),
            slot=slot, since=since, until=until, text=text,
        )  # fmt: skip


def _kinds(attribution: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """``--attribution`` may repeat: one kind or several, any of them."""
    if attribution is None:
        return ()
    return (attribution,) if isinstance(attribution, str) else tuple(attribution)
