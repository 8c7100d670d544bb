"""The claims a project reads: one claims file, or a folder of them merged into one ledger.

``--data`` may name a folder: its ``*.yaml`` and ``*.yml`` files (top level only, names starting
with ``.`` skipped: editors' temporary files) are read in name order (``sorted``: number them with
the same width, ``01-``, ``02-``), any other file is ignored. Each is an ordinary claims file, loaded
and cached on its own by :func:`claimtrack.loader.load_claims` (an edit to one file re-parses only
that file), so every top-level key of a file is optional, as it is in one file: a file of only
``claims:`` is valid, the registries (``articles``, ``subjects``, ``slots``) may sit in any file,
and two files declaring one entry is a ``duplicate-entry`` problem. The merged ledger holds the
claims one file after the other; every problem names its own file and line
(:meth:`Loaded.locate` turns a path into the merged records into a file and a path in it).
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple, TypeVar

from claimtrack.loader import LoadResult, PathKey, load_claims
from claimtrack.models import ArticleMeta, Claim, ClaimsFile, LeftOut, Slot, Subject
from claimtrack.problems import Problem, UsageError

SUFFIXES = (".yaml", ".yml")
_NAMES = {"articles": "article", "subjects": "subject", "slots": "slot"}
T = TypeVar("T")


class Loaded(NamedTuple):
    """The loaded claims: the merged records (None if a file did not load), every file's problems
    and where each entry came from."""

    display: str
    claims: ClaimsFile | None
    problems: list[Problem]
    key: str
    """For one file, its cache key; for a folder, a key over every file's."""
    left_out: LeftOut
    """Indices in ``claims`` are into the files' claims one after the other."""
    files: tuple[LoadResult, ...]
    starts: tuple[int, ...] = (0,)
    """For each file, the index in the merged claims of its first loaded claim."""
    owners: Mapping[tuple[str, str], int] = {}
    """``(registry, key)`` → the file (its index) that declares the entry, for a folder."""

    def locate(self, path: PathKey) -> tuple[LoadResult, PathKey]:
        """The file that holds ``path`` (a path into the merged records) and the path in it."""
        files = self.files
        index = 0
        if len(files) > 1 and len(path) > 1:
            head, item = path[0], path[1]
            if head == "claims" and isinstance(item, int):
                index = bisect_right(self.starts, item) - 1
                path = ("claims", item - self.starts[index], *path[2:])
            elif isinstance(item, str):
                index = self.owners.get((str(head), item), 0)
        file = files[index]
        return file, file.file_path(path)

    def prefetch(self, paths: list[PathKey]) -> None:
        """Locate these paths in one walk of each file that holds some of them."""
        by_file: dict[int, tuple[LoadResult, list[PathKey]]] = {}
        for path in paths:
            file, in_file = self.locate(path)
            by_file.setdefault(id(file), (file, []))[1].append(in_file)
        for file, in_file_paths in by_file.values():
            file.positions.prefetch(in_file_paths)

    @property
    def claims_in_file(self) -> int:
        """Claims in the files, valid or not (when they loaded)."""
        return sum(file.claims_in_file for file in self.files)


def load_data(path: Path, display: str) -> Loaded:
    """Load the claims file, or every claims file of the folder ``path``, as one ledger.

    Raises :class:`UsageError` (naming the file) when a file cannot be read, or the folder holds
    no claims file."""
    if not path.is_dir():
        one = load_claims(path, display)
        return Loaded(one.display, one.claims, one.problems, one.key, one.left_out, (one,))
    files = tuple(
        load_claims(path / name, f"{display.rstrip('/')}/{name}")
        for name in claims_files(path, display)
    )
    return merge(display, files)


def claims_files(folder: Path, display: str) -> list[str]:
    """The names of the folder's claims files, in the order they are read."""
    try:
        names = sorted(
            entry.name for entry in os.scandir(folder)
            if entry.name.endswith(SUFFIXES) and not entry.name.startswith(".")
        )  # fmt: skip
    except OSError as exc:
        raise UsageError(f"{display}: cannot list: {exc.strerror or exc}") from None
    if not names:
        raise UsageError(
            f"{display}: a folder with no claims files (*.yaml, *.yml) in it; --data names a "
            "claims file or a folder of them"
        )
    return names


def merge(display: str, files: tuple[LoadResult, ...]) -> Loaded:
    """One ledger of several loaded files; ``duplicate-entry`` for an entry two files declare."""
    from claimtrack import cache

    problems = [problem for file in files for problem in file.problems]
    key = cache.key("claims-folder", *(file.key for file in files))
    left_out = _merged_left_out(files)
    if any(file.claims is None for file in files):
        return Loaded(display, None, problems, key, left_out, files)
    articles: dict[str, ArticleMeta] = {}
    subjects: dict[str, Subject] = {}
    slots: dict[str, Slot] = {}
    owners: dict[tuple[str, str], int] = {}
    claims: list[Claim] = []
    starts = []
    for index, file in enumerate(files):
        records = file.claims
        assert records is not None
        starts.append(len(claims))
        claims.extend(records.claims)
        found = [*_registry("articles", articles, records.articles, index, owners),
                 *_registry("subjects", subjects, records.subjects, index, owners),
                 *_registry("slots", slots, records.slots, index, owners)]  # fmt: skip
        problems.extend(
            _duplicate(registry, name, files[first], file) for registry, name, first in found
        )
    merged_file = ClaimsFile(1, articles, subjects, claims, slots)
    return Loaded(display, merged_file, problems, key, left_out, files, tuple(starts), owners)


def _registry(
    registry: str,
    merged: dict[str, T],
    entries: Mapping[str, T],
    index: int,
    owners: dict[tuple[str, str], int],
) -> list[tuple[str, str, int]]:
    """Add file ``index``'s entries of ``registry`` to ``merged``; those another file declared
    first (registry, name and that file) are kept out."""
    again = []
    for name, entry in entries.items():
        first = owners.setdefault((registry, name), index)
        if first == index:
            merged[name] = entry
        else:
            again.append((registry, name, first))
    return again


def _duplicate(registry: str, name: str, first: LoadResult, again: LoadResult) -> Problem:
    path: PathKey = (registry, name)
    for file in (first, again):
        file.positions.prefetch([path])  # not the whole walk of a large file
    first_line, _ = first.positions.key(path)
    line, column = again.positions.key(path)
    return Problem(
        again.display, line, column, "duplicate-entry", "error",
        f"{_NAMES[registry]} '{name}' is declared in {first.display} too (line {first_line}): "
        f"declare it in one file (the first, {first.display}, is used)",
    )  # fmt: skip


def _merged_left_out(files: tuple[LoadResult, ...]) -> LeftOut:
    indices: list[int] = []
    offset = 0
    for file in files:
        indices.extend(offset + index for index in file.left_out.claims)
        offset += file.claims_in_file
    return LeftOut(
        tuple(indices),
        frozenset().union(*(file.left_out.claim_ids for file in files)),
        frozenset().union(*(file.left_out.subjects for file in files)),
        frozenset().union(*(file.left_out.articles for file in files)),
        frozenset().union(*(file.left_out.cited for file in files)),
    )
