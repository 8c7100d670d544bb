"""The library facade (``claimtrack.open_project``) answers as the CLI's ``--format json`` does.

Each method is compared with the real command's output on the bundled story and on a small
fictional one (tests/fixtures/vale: three articles, a disputed separation and wedding date).
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import REPO, invoke_in

import claimtrack
from claimtrack.problems import UsageError

VALE = REPO / "tests" / "fixtures" / "vale"
ROOTS = [pytest.param(REPO, id="seeds"), pytest.param(VALE, id="vale")]


def cli_json(root: Path, *args: str) -> Any:
    result = invoke_in(root, *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def cli_error(root: Path, *args: str) -> str:
    result = invoke_in(root, *args)
    assert result.exit_code == 2, result.output
    prefix = "claimtrack: error: "
    assert result.stderr.startswith(prefix), result.stderr
    return result.stderr[len(prefix) :].rstrip("\n")


def open_in(root: Path) -> claimtrack.Project:
    return claimtrack.open_project(root / "data" / "claims.yaml", root / "seeds")


@pytest.mark.parametrize("root", ROOTS)
def test_every_method_equals_the_commands_json(root: Path) -> None:
    project = open_in(root)
    assert project.claims() == cli_json(root, "list")
    ids = [record["id"] for record in project.claims()]
    assert len(ids) > 10
    for claim_id in (ids[0], ids[len(ids) // 2], ids[-1]):
        assert project.claim(claim_id) == cli_json(root, "show", claim_id)
    articles = project.articles()
    assert articles == cli_json(root, "articles")
    assert len(articles) >= 3
    first, second = articles[0]["id"], articles[1]["id"]
    assert project.diff(first, second) == cli_json(root, "diff", first, second)
    conflicts = project.conflicts()
    assert conflicts == cli_json(root, "conflicts")
    assert conflicts["count"] > 0
    assert project.timeline() == cli_json(root, "timeline")
    assert project.timeline(what="pinned") == cli_json(root, "timeline", "--what", "pinned")
    # check reports the paths as given: run it with the paths the project was opened with.
    data, seeds = str(root / "data" / "claims.yaml"), str(root / "seeds")
    expected = cli_json(root, "check", "--data", data, "--seeds", seeds)
    assert project.check() == expected
    assert expected["claims"] == len(ids)


@pytest.mark.parametrize(
    ("root", "subject", "slot", "article", "attribution"),
    [
        (REPO, "portman", "wedding", "003", "named_outlet"),
        (VALE, "vale", "separation", "002", "anonymous_insider"),
    ],
)
def test_filters_mean_what_the_options_mean(
    root: Path, subject: str, slot: str, article: str, attribution: str
) -> None:
    project = open_in(root)
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"subject": subject}, ["--subject", subject]),
        ({"slot": slot, "sort": "date"}, ["--slot", slot, "--sort", "date"]),
        ({"article": article, "attribution": attribution},
         ["--article", article, "--attribution", attribution]),
        ({"attribution": [attribution, "direct_quote"], "limit": 3},
         ["--attribution", attribution, "--attribution", "direct_quote", "--limit", "3"]),
        ({"since": "2024-01-01", "until": "2030-12-31", "sort": "subject"},
         ["--since", "2024-01-01", "--until", "2030-12-31", "--sort", "subject"]),
        ({"text": "married"}, ["--text", "married"]),
    ]  # fmt: skip
    for kwargs, options in cases:
        claims = project.claims(**kwargs)
        assert claims == cli_json(root, "list", *options), kwargs
        unsorted = {k: v for k, v in kwargs.items() if k != "sort"}
        plain = [o for o in options if o not in ("--sort", kwargs.get("sort"))]
        assert project.conflicts(**unsorted) == cli_json(root, "conflicts", *plain), kwargs
        assert project.timeline(**unsorted) == cli_json(root, "timeline", *plain), kwargs
    # A filter that keeps something and one that keeps less: the comparison is not vacuous.
    assert len(project.claims(subject=subject)) > len(project.claims(subject=subject, slot=slot))
    assert project.articles(article=article) == cli_json(root, "articles", "--article", article)
    assert project.articles(sort="claims", limit=2) == cli_json(
        root, "articles", "--sort", "claims", "--limit", "2"
    )


@pytest.mark.parametrize(
    ("call", "args"),
    [
        (lambda p: p.claims(subject="nobody-at-all"), ["list", "--subject", "nobody-at-all"]),
        (lambda p: p.claims(since="2024-05-01", until="2024-01-01"),
         ["list", "--since", "2024-05-01", "--until", "2024-01-01"]),
        (lambda p: p.claims(since="not a date"), ["list", "--since", "not a date"]),
        (lambda p: p.claim("no-such-claim"), ["show", "no-such-claim"]),
        (lambda p: p.diff("00", "001"), ["diff", "00", "001"]),
        (lambda p: p.diff("999", "001"), ["diff", "999", "001"]),
        (lambda p: p.conflicts(article="999"), ["conflicts", "--article", "999"]),
        (lambda p: p.timeline(subject="nobody-at-all"), ["timeline", "--subject", "nobody-at-all"]),
    ],
)  # fmt: skip
def test_errors_are_usage_errors_with_the_clis_message(call: Any, args: list[str]) -> None:
    project = open_in(VALE)
    with pytest.raises(UsageError) as caught:
        call(project)
    assert str(caught.value) == cli_error(VALE, *args)


def test_a_claims_file_that_cannot_be_used_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "data" / "claims.yaml").write_text("claims: [unclosed\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        open_in(tmp_path)
    assert "cannot be used" in str(caught.value)
    # The CLI names the file as typed; the library as it was given: the same message otherwise.
    data = str(tmp_path / "data" / "claims.yaml")
    assert str(caught.value) == cli_error(tmp_path, "list", "--data", data)


def test_opening_a_project_leaves_the_callers_collector_alone() -> None:
    from claimtrack.ledger import open_ledger

    before = gc.get_freeze_count()
    assert gc.isenabled()
    project = open_in(VALE)
    project.conflicts()
    project.check()
    open_ledger(REPO / "data" / "claims.yaml", REPO / "seeds", "data/claims.yaml", "seeds")
    assert gc.get_freeze_count() == before
    assert gc.isenabled()


def test_import_claimtrack_stays_light() -> None:
    """``import claimtrack`` loads neither the facade nor pydantic; the first use loads them."""
    code = (
        "import sys, claimtrack\n"
        "assert 'claimtrack.project' not in sys.modules and 'pydantic' not in sys.modules\n"
        "assert callable(claimtrack.open_project) and 'claimtrack.project' in sys.modules\n"
        "assert claimtrack.Project.__name__ == 'Project'\n"
        "try:\n    claimtrack.no_such_name\nexcept AttributeError:\n    pass\n"
        "else:\n    raise SystemExit('no AttributeError')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
