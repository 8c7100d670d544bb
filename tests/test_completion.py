"""Shell completion: click's protocol (``_CLAIMTRACK_COMPLETE``) for commands and options, and the
completers for claim ids, article references, subjects and slots — fast, quiet, never raising."""

from __future__ import annotations

import os
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.cli import cli
from claimtrack.completion import (
    article_candidates,
    claim_candidates,
    complete_article,
    complete_claim_id,
    complete_slot,
    complete_subject,
    slot_candidates,
    subject_candidates,
)
from conftest import ARTICLE_A, ARTICLE_B, DATA, MINIMAL_CLAIMS, REPO, SEEDS, Project


def complete(
    command: click.Command, words: str, *, shell: str = "bash", cwd: Path = REPO
) -> list[str]:
    """What click answers a shell asking to complete the last word of ``words`` (bash: one
    ``type,value`` per line; zsh: type, value, help per item)."""
    parts = words.split(" ")
    env = {
        "_CLAIMTRACK_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
    }
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(command, [], prog_name="claimtrack", env=env)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # completion is quiet
    return [line for line in result.stdout.splitlines() if line]


# --- click's protocol on the real command line ------------------------------------------------


def test_completes_command_names() -> None:
    assert "plain,export" in complete(cli, "claimtrack ex")
    assert complete(cli, "claimtrack sch") == ["plain,schema"]
    everything = complete(cli, "claimtrack ")
    assert {"plain,check", "plain,conflicts", "plain,export", "plain,schema"} <= set(everything)


def test_completes_options() -> None:
    assert complete(cli, "claimtrack export --f") == ["plain,--format"]
    assert set(complete(cli, "claimtrack export --")) >= {
        "plain,--format", "plain,--output", "plain,--data", "plain,--seeds", "plain,--no-cache",
    }  # fmt: skip
    assert complete(cli, "claimtrack --v") == ["plain,--version"]


def test_completes_choices() -> None:
    assert complete(cli, "claimtrack export --format ") == [
        "plain,claimreview", "plain,json", "plain,csv",
    ]  # fmt: skip
    assert complete(cli, "claimtrack check --format g") == ["plain,github"]


def test_paths_are_left_to_the_shell() -> None:
    assert complete(cli, "claimtrack export -o ") == ["file,"]
    assert complete(cli, "claimtrack check --seeds ") == ["file,"]


def test_zsh_gets_help_text() -> None:
    lines = complete(cli, "claimtrack sch", shell="zsh")
    assert lines[:2] == ["plain", "schema"]
    assert lines[2].startswith("Print the JSON Schema")


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "_claimtrack_completion()"),
        ("zsh", "#compdef claimtrack"),
        ("fish", "complete --no-files --command claimtrack"),
    ],
)
def test_source_scripts_for_each_shell(shell: str, marker: str) -> None:
    result = CliRunner().invoke(
        cli, [], prog_name="claimtrack", env={"_CLAIMTRACK_COMPLETE": f"{shell}_source"}
    )
    assert result.exit_code == 0
    assert marker in result.stdout
    assert "_CLAIMTRACK_COMPLETE" in result.stdout


# --- the completers through the protocol ------------------------------------------------------


@click.command()
@click.option("--data", default="data/claims.yaml")
@click.option("--seeds", default="seeds")
@click.option("--subject", shell_complete=complete_subject)
@click.option("--article", shell_complete=complete_article)
@click.option("--slot", shell_complete=complete_slot)
@click.argument("claim_id", required=False, shell_complete=complete_claim_id)
def probe(**_: object) -> None:
    """A command wired like ``show``, ``list`` and ``diff``."""


def test_protocol_completes_claim_ids_articles_subjects_and_slots() -> None:
    assert complete(probe, "claimtrack wedding-") == ["plain,wedding-2011", "plain,wedding-2012"]
    assert complete(probe, "claimtrack --article 003") == ["plain,003_eed9f197d463ef0c.txt"]
    assert complete(probe, "claimtrack --subject port") == ["plain,Portman"]
    assert complete(probe, "claimtrack --slot wed") == ["plain,wedding"]


def test_protocol_gives_zsh_the_statement_as_help() -> None:
    assert complete(probe, "claimtrack wedding-2011", shell="zsh") == [
        "plain", "wedding-2011", "Portman married Millepied in 2011.",
    ]  # fmt: skip


def test_protocol_reads_data_and_seeds_given_before(make_project: Callable[..., Project]) -> None:
    project = make_project()
    os.rename(project.data, project.root / "other.yaml")
    os.rename(project.seeds, project.root / "articles")
    assert complete(probe, "claimtrack sep", cwd=project.root) == []  # the defaults: nothing there
    assert complete(probe, "claimtrack --data other.yaml sep", cwd=project.root) == [
        "plain,separation-eight-months"
    ]
    assert complete(probe, "claimtrack --seeds articles --article ", cwd=project.root) == [
        "plain,a.txt", "plain,b.txt",
    ]  # fmt: skip


def test_completers_take_the_project_from_a_parent_context() -> None:
    group = click.Group("outer", params=[click.Option(["--data"])])
    context = click.Context(group)
    context.params["data"] = str(DATA)
    child = click.Context(probe, parent=context)
    items = complete_claim_id(child, probe.params[0], "wedding-2011")
    assert [(item.value, item.help) for item in items] == [
        ("wedding-2011", "Portman married Millepied in 2011.")
    ]


# --- claim ids ------------------------------------------------------------------------------


def write(tmp_path: Path, text: str | bytes, name: str = "claims.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else textwrap.dedent(text).encode())
    return path


def test_claim_ids_by_prefix_in_file_order_with_statements() -> None:
    found = claim_candidates(DATA, "wedding")
    assert found == [
        ("wedding-2011", "Portman married Millepied in 2011."),
        ("wedding-2012", "Portman married Millepied in 2012."),
    ]
    assert claim_candidates(DATA, "WEDDING-2011") == found[:1]  # ids are lowercase slugs
    assert claim_candidates(DATA, "no-such-claim") == []


def test_every_claim_id_with_an_empty_prefix() -> None:
    from claimtrack.loader import load_claims

    loaded = load_claims(DATA)
    assert loaded.claims is not None
    assert [value for value, _ in claim_candidates(DATA, "")] == [
        c.id for c in loaded.claims.claims
    ]


def test_claim_statements_in_any_key_order_and_quoting(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        claims:
          - statement: 'Stated ''first'', id after.'
            id: "quoted-id"
            sources:
              - {article: a.txt, attribution: named_outlet, attributed_to: X, quote: q}
          - id: plain-id  # a comment
            sources:
              - article: a.txt
                attribution: named_outlet
                attributed_to: X
                quote: q
            statement: "Statement after the sources: \\u00e9t\\u00e9."
          - id: folded
            statement: >
              A folded statement
              over two lines.
            sources: []
          - slot: wedding
            id: no-statement
        """,
    )
    assert claim_candidates(path, "") == [
        ("quoted-id", "Stated 'first', id after."),
        ("plain-id", "Statement after the sources: été."),
        ("folded", ""),
        ("no-statement", ""),
    ]
    assert claim_candidates(path, "q") == [("quoted-id", "Stated 'first', id after.")]


def test_words_ending_in_id_are_not_ids(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        claims:
          - id: real
            statement: said: nothing
            sources:
              - {article: a.txt, attribution: named_outlet, attributed_to: X, quote: "paid: id: x"}
        """,
    )
    assert [value for value, _ in claim_candidates(path, "")] == ["real"]


def test_long_statements_are_shortened_for_help(tmp_path: Path) -> None:
    path = write(tmp_path, f"claims:\n  - id: long\n    statement: {'word ' * 40}\n")
    ((value, help_text),) = claim_candidates(path, "long")
    assert value == "long" and len(help_text) == 60 and help_text.endswith("…")


# --- articles -------------------------------------------------------------------------------


def test_articles_by_prefix_with_the_first_line_as_help() -> None:
    assert [value for value, _ in article_candidates(SEEDS, "00")] == sorted(
        p.name for p in SEEDS.glob("*.txt")
    )
    assert article_candidates(SEEDS, "003") == [
        ("003_eed9f197d463ef0c.txt", "Natalie Portman is “still hurt” after Benjamin Millepied’s …")
    ]
    assert article_candidates(SEEDS, "9") == []


def test_article_prefix_is_case_insensitive_only_when_nothing_matches_exactly(
    tmp_path: Path,
) -> None:
    for name in ("Alpha.txt", "alpine.txt", "beta.txt", "notes.md"):
        (tmp_path / name).write_text("x\n")
    assert [v for v, _ in article_candidates(tmp_path, "al")] == ["alpine.txt"]
    assert [v for v, _ in article_candidates(tmp_path, "AL")] == ["Alpha.txt", "alpine.txt"]
    assert [v for v, _ in article_candidates(tmp_path, "")] == [
        "Alpha.txt", "alpine.txt", "beta.txt",
    ]  # fmt: skip


def test_a_path_is_left_to_the_shell() -> None:
    assert article_candidates(SEEDS, "seeds/004") == []
    assert complete(probe, "claimtrack --article seeds/004") == ["file,seeds/004"]
    assert complete(probe, "claimtrack --article ../x") == ["file,../x"]


def test_article_help_is_skipped_when_many_match(tmp_path: Path) -> None:
    for i in range(60):
        (tmp_path / f"{i:03}.txt").write_text("Headline\n")
    found = article_candidates(tmp_path, "")
    assert len(found) == 60 and all(help_text == "" for _, help_text in found)
    assert article_candidates(tmp_path, "01") == [(f"01{i}.txt", "Headline") for i in range(10)]


# --- subjects and slots ----------------------------------------------------------------------


def test_subjects_by_key_alias_or_name_word() -> None:
    keys = [value for value, _ in subject_candidates(DATA, "")]
    assert keys == sorted(keys) and "natalie-portman" in keys
    assert subject_candidates(DATA, "port") == [("Portman", "Natalie Portman")]
    assert subject_candidates(DATA, "natalie") == [("natalie-portman", "Natalie Portman")]
    assert subject_candidates(DATA, "Et") == [("Étienne", "Camille Étienne")]  # accents ignored
    assert subject_candidates(DATA, "ÉTIENNE") == [("Étienne", "Camille Étienne")]
    assert subject_candidates(DATA, "zzz") == []
    assert subject_candidates(DATA, "mil") == [
        ("Millepied", "Aleph Millepied, Amalia Millepied, Benjamin Millepied")
    ]


def test_subject_names_the_shell_would_split_give_the_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        subjects:
          conan-obrien: {name: Conan O'Brien, aliases: ["O'Brien", Coco]}
          mary-ann: {name: Mary Ann Smith, aliases: [Mary Ann]}
        claims: []
        """,
    )
    assert subject_candidates(path, "o") == [("conan-obrien", "Conan O'Brien")]
    assert subject_candidates(path, "co") == [("conan-obrien", "Conan O'Brien")]
    assert subject_candidates(path, "Ann") == [("Ann", "Mary Ann Smith")]


def test_subjects_block_is_read_on_its_own(tmp_path: Path) -> None:
    # Claims before subjects, a broken claim after: only the subjects block is parsed.
    path = write(
        tmp_path,
        "claims:\n  - id: x\nsubjects:\n  pat: {name: Pat}\nversion: 1\nbroken: [\n",
    )
    assert subject_candidates(path, "") == [("pat", "Pat")]


def test_slots_in_use() -> None:
    slots = [value for value, _ in slot_candidates(DATA, "")]
    assert slots == sorted(set(slots)) and "wedding" in slots and "age" in slots
    assert slot_candidates(DATA, "WEDD") == [("wedding", "")]


# --- fast, quiet, never raising --------------------------------------------------------------

CANDIDATES = (claim_candidates, subject_candidates, slot_candidates, article_candidates)


@pytest.mark.parametrize("candidates", CANDIDATES)
def test_missing_or_unusable_inputs_give_nothing(
    tmp_path: Path, candidates: Callable[..., object]
) -> None:
    write(tmp_path, b"\x00\xff\xfe binary", "binary.yaml")
    write(tmp_path, "subjects: [\nclaims: {{{\n", "broken.yaml")
    for path in (
        tmp_path / "missing",
        tmp_path,
        tmp_path / "binary.yaml",
        tmp_path / "broken.yaml",
    ):
        assert candidates(path, "") == []


def test_minimal_project_candidates(make_project: Callable[..., Project]) -> None:
    project = make_project()
    assert claim_candidates(project.data, "") == [
        ("separation-eight-months", "Smith and Jones separated eight months before March 2024.")
    ]
    assert subject_candidates(project.data, "j") == [("Jones", "Lee Jones")]
    assert [v for v, _ in article_candidates(project.seeds, "")] == ["a.txt", "b.txt"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(
        st.binary(max_size=400),
        st.text(
            alphabet=st.sampled_from(list("-: \n\t\"'#[]{}>|idstatementslotsubjects")), max_size=400
        ).map(lambda s: s.encode()),
    ),
    prefix=st.text(max_size=5),
)
def test_completers_never_raise(text: bytes, prefix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "claims.yaml"
        path.write_bytes(text)
        for candidates in (claim_candidates, subject_candidates, slot_candidates):
            found = candidates(path, prefix)
            assert isinstance(found, list)
            assert all(isinstance(v, str) and isinstance(h, str) for v, h in found)
        assert isinstance(article_candidates(Path(folder), prefix), list)


def test_fast_on_a_large_claims_file(tmp_path: Path) -> None:
    claim = (
        "  - id: claim-{i}\n    subject: pat\n    statement: Statement number {i}.\n"
        "    slot: slot-{s}\n    sources:\n      - article: a.txt\n"
        "        attribution: named_outlet\n        attributed_to: X\n        quote: words {i}\n"
    )
    body = "".join(claim.format(i=i, s=i % 7) for i in range(20_000))
    subjects = "".join(
        f"  subject-{i}: {{name: Person {i}, aliases: [P{i}]}}\n" for i in range(1000)
    )
    path = write(tmp_path, "subjects:\n" + subjects + "claims:\n" + body)
    started = time.perf_counter()
    assert claim_candidates(path, "claim-19999") == [("claim-19999", "Statement number 19999.")]
    assert len(claim_candidates(path, "")) == 20_000
    assert len(slot_candidates(path, "")) == 7
    assert subject_candidates(path, "P999") == [("P999", "Person 999")]
    assert time.perf_counter() - started < 5  # about 0.2 s on a laptop; generous for loaded CI


def test_hostile_names_and_help_cannot_split_or_disguise_candidates(
    make_project: Callable[..., Project],
) -> None:
    """An article named with a newline (a second, forged candidate) is not offered; a subject's
    bidi override reaches zsh's help only as an escape."""
    try:
        project = make_project(
            MINIMAL_CLAIMS.replace("name: Pat Smith", 'name: "Pat \\u202eSmith"'),
            {"a.txt": ARTICLE_A, "b\nplain,forged.txt": ARTICLE_B},
        )
    except OSError:
        pytest.skip("this file system does not allow a newline in a file name")
    assert complete(probe, "claimtrack --article ", cwd=project.root) == ["plain,a.txt"]
    shown = complete(probe, "claimtrack sep", shell="zsh", cwd=project.root)
    assert shown[:2] == ["plain", "separation-eight-months"]
    names = complete(probe, "claimtrack --subject Pat", shell="zsh", cwd=project.root)
    assert names and "\u202e" not in "".join(names), names
    assert any("\\u202e" in item for item in names), names
