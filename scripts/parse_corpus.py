"""Parse every *.txt file under a folder with claimtrack's article parser and print counts.

A check of the parser on real text it has not seen (by default the BBC corpus next to the repo,
in ../shared/corpora/bbc). Exits 1 if any file fails to parse or a folder given explicitly is
missing; exits 0 with "skipped: corpus not present" when the default folder is absent, so CI on a
machine without the corpus stays green.

    python scripts/parse_corpus.py [FOLDER ...] [--list-misread]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

try:
    from claimtrack.articles import Article, ArticleError, classify_first_line, parse_article
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from claimtrack.articles import Article, ArticleError, classify_first_line, parse_article

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc"


def _first_paragraph_reads_as_headline(article: Article) -> bool:
    first = article.paragraphs[0]
    following = article.paragraphs[1].line if len(article.paragraphs) > 1 else None
    is_headline, _ = classify_first_line(
        first.text, followed_by_blank=following is None or following > first.line + 1
    )
    return is_headline


def report(folder: Path, list_misread: bool) -> int:
    """Parse one folder, print its counts and return the number of failures."""
    files = sorted(folder.rglob("*.txt"))
    encodings: Counter[str] = Counter()
    failures: list[ArticleError] = []
    articles: list[Article] = []
    started = time.perf_counter()
    for path in files:
        try:
            articles.append(parse_article(path))
        except ArticleError as exc:
            failures.append(exc)
    elapsed = time.perf_counter() - started
    for article in articles:
        encodings[article.encoding] += 1

    parsed = len(articles)
    with_headline = sum(1 for a in articles if a.headline is not None)
    rate = 100.0 * with_headline / parsed if parsed else 0.0
    print(f"folder:          {folder}")
    print(f"files:           {len(files)}")
    print(f"parsed:          {parsed}")
    print(f"failed:          {len(failures)}")
    print("encodings:       " + ", ".join(f"{e} {n}" for e, n in sorted(encodings.items())))
    print(f"dated:           {sum(1 for a in articles if a.date is not None)}")
    print(f"bad date lines:  {sum(1 for a in articles if a.date_error is not None)}")
    print(f"with headline:   {with_headline} ({rate:.2f}% of parsed)")
    print(f"paragraphs:      {sum(len(a.paragraphs) for a in articles)}")
    # The other half of the heuristic: with the headline removed, the first paragraph must not
    # be taken for a headline.
    leads = [a for a in articles if a.headline is not None and a.paragraphs]
    misread = [a for a in leads if _first_paragraph_reads_as_headline(a)]
    lead_rate = 100.0 * (len(leads) - len(misread)) / len(leads) if leads else 0.0
    print(
        f"lead check:      {len(leads) - len(misread)} of {len(leads)} first paragraphs"
        f" read as lead once the headline is removed ({lead_rate:.2f}%)"
    )
    print(f"seconds:         {elapsed:.3f}")
    for failure in failures:
        print(f"failed: {failure}")
    if list_misread:
        for article in misread:
            print(f"lead read as headline: {article.path}: {article.paragraphs[0].text[:80]!r}")
        for article in articles:
            if article.headline is None:
                first = article.paragraphs[0].text if article.paragraphs else ""
                print(f"no headline: {article.path}: {article.headline_reason}: {first[:80]!r}")
    return len(failures)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help=f"default: {DEFAULT_CORPUS}")
    parser.add_argument(
        "--list-misread",
        action="store_true",
        help="list files with no headline, and first paragraphs that would read as a headline",
    )
    args = parser.parse_args(argv)

    folders: list[Path] = args.folders
    if not folders:
        if not DEFAULT_CORPUS.is_dir():
            print(f"skipped: corpus not present ({DEFAULT_CORPUS})")
            return 0
        folders = [DEFAULT_CORPUS]

    status = 0
    for i, folder in enumerate(folders):
        if i:
            print()
        if not folder.is_dir():
            print(f"error: folder not found: {folder}", file=sys.stderr)
            status = 1
            continue
        if report(folder, args.list_misread):
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
