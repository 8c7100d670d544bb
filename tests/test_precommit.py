"""The ``claimtrack-check`` pre-commit hook that ``.pre-commit-hooks.yaml`` offers other repositories.

By default the hook's entry is run the way pre-commit runs it (the command, in the project's root,
without file names); the full ``pre-commit try-repo`` round trip installs this repository and its
dependencies into a fresh virtualenv from the package index, which takes a minute, so it runs only
with ``CLAIMTRACK_TEST_PRECOMMIT=1``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ARTICLE_A, MINIMAL_CLAIMS, REPO, Project

MANIFEST = REPO / ".pre-commit-hooks.yaml"
BROKEN = MINIMAL_CLAIMS.replace("quote: separated eight months ago", "quote: parted ways")


def hook() -> dict[str, Any]:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    found: dict[str, Any] = hooks[0]
    return found


def test_manifest_declares_the_check_hook() -> None:
    declared = hook()
    assert declared["id"] == "claimtrack-check"
    assert declared["entry"] == "claimtrack check"
    assert declared["language"] == "python"
    assert declared["pass_filenames"] is False
    assert declared["files"] == r"^(data/.*\.ya?ml|seeds/.*\.txt)$"
    assert declared["name"] and declared["description"]


def test_manifest_passes_pre_commits_own_validation() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit is not installed")
    (loaded,) = clientlib.load_manifest(str(MANIFEST))
    assert loaded["id"] == "claimtrack-check"
    assert loaded["always_run"] is False and loaded["pass_filenames"] is False


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("data/claims.yaml", True),
        ("data/more/claims.yml", True),
        ("seeds/003_eed9f197d463ef0c.txt", True),
        ("seeds/notes.md", False),
        ("src/claimtrack/cli/check.py", False),
        ("README.md", False),
        ("other/data/claims.yaml", False),
    ],
)
def test_hook_runs_when_the_claims_or_an_article_changes(path: str, runs: bool) -> None:
    # pre-commit matches `files` with re.search against paths relative to the repository root.
    assert bool(re.search(hook()["files"], path)) is runs


def entry_command() -> list[str]:
    """The hook's entry as pre-commit would run it: the console script of the installed package."""
    program, *rest = shlex.split(hook()["entry"])
    where = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which(program, path=where)
    if found is None:
        pytest.skip(f"'{program}' is not installed as a console script next to {sys.executable}")
    return [found, *rest]


def run_entry(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(
        [*entry_command(), *args], cwd=root, env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def test_entry_passes_on_a_valid_project(make_project: Callable[..., Project]) -> None:
    result = run_entry(make_project(MINIMAL_CLAIMS, {"a.txt": ARTICLE_A}).root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("no problems: data/claims.yaml: ")


def test_entry_fails_on_an_invalid_project(make_project: Callable[..., Project]) -> None:
    result = run_entry(make_project(BROKEN, {"a.txt": ARTICLE_A}).root)
    assert result.returncode == 1
    assert "data/claims.yaml:19:16: error: claim 'separation-eight-months': quote not found in seeds/a.txt (quote-not-found)" in (
        result.stdout
    )


def test_entry_with_args_for_other_paths(make_project: Callable[..., Project]) -> None:
    # What a .pre-commit-config.yaml's `args: [--data, ledger.yaml, --seeds, articles]` does.
    project = make_project(MINIMAL_CLAIMS, {"a.txt": ARTICLE_A})
    os.rename(project.data, project.root / "ledger.yaml")
    os.rename(project.seeds, project.root / "articles")
    assert run_entry(project.root).returncode == 2  # the defaults are not there
    assert run_entry(project.root, "--data", "ledger.yaml", "--seeds", "articles").returncode == 0


# --- the real thing: pre-commit try-repo ---------------------------------------------------------

FULL = os.environ.get("CLAIMTRACK_TEST_PRECOMMIT") == "1"


def _git(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com",
    }  # fmt: skip
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=60)


def _hook_repository(root: Path) -> Path:
    """This repository's installable files, committed in a fresh git repository.

    (try-repo on a working tree with uncommitted changes only carries changes to tracked files,
    so a copy is what tests the files as they are now.)
    """
    repo = root / "hook-repo"
    repo.mkdir()
    for name in ("pyproject.toml", ".pre-commit-hooks.yaml", "README.md"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, repo / name)
    if not (repo / "README.md").exists():
        (repo / "README.md").write_text("# claimtrack\n")  # pyproject names a readme
    shutil.copytree(
        REPO / "src", repo / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )  # fmt: skip
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "hook under test")
    return repo


def _try_repo(project: Path, hook_repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    program = shutil.which("pre-commit", path=os.pathsep.join(
        [str(Path(sys.executable).parent), os.environ.get("PATH", "")]
    ))  # fmt: skip
    assert program is not None
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run(
        [program, "try-repo", str(hook_repo), "claimtrack-check", "--all-files"],
        cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip


@pytest.mark.skipif(
    not FULL,
    reason="installs the package from the index into a fresh virtualenv (about a minute); "
    "set CLAIMTRACK_TEST_PRECOMMIT=1 to run",
)
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit", reason="pre-commit is not installed")
    hook_repo = _hook_repository(tmp_path)
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "seeds").mkdir()
    (project / "data" / "claims.yaml").write_text(MINIMAL_CLAIMS)
    (project / "seeds" / "a.txt").write_text(ARTICLE_A)
    _git(project, "init", "-q")
    _git(project, "add", "-A")

    passed = _try_repo(project, hook_repo, tmp_path / "pre-commit-home")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"claimtrack check\.+Passed", passed.stdout)

    (project / "data" / "claims.yaml").write_text(BROKEN)
    _git(project, "add", "-A")
    failed = _try_repo(project, hook_repo, tmp_path / "pre-commit-home")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"claimtrack check\.+Failed", failed.stdout)
    assert "(quote-not-found)" in failed.stdout
