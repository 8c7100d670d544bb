"""``claimtrack draft``: candidate claims for an uncurated article.

Three levels: the drafter on the seeds (quotes verbatim, the cues the curated ledger relies on),
on small inline articles (one cue type each, nothing from a sentence without a cue, hostile
characters), and the command through CliRunner.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.articles import Article, parse_article, parse_article_bytes
from claimtrack.draft import Candidate, draft_claims, slugify, to_json_records, to_yaml
from claimtrack.loader import parse_claims_text
from claimtrack.spec import Claim
from conftest import SEEDS, Project, invoke

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def filled(stub: dict[str, object]) -> dict[str, object]:
    """A stub with every FILL-IN replaced, as a curator would."""
    def fix(value: object) -> object:
        if isinstance(value, dict):
            return {k: ("someone" if k == "subject" else "named_outlet" if k == "attribution"
                        else "event" if k == "slot" else "a curator's value")
                    if isinstance(v, str) and v.startswith("FILL-IN") else fix(v)
                    for k, v in value.items()}
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    result = fix(stub)
    assert isinstance(result, dict)
    return result


def seed(prefix: str) -> Article:
    (name,) = [n for n in SEED_NAMES if n.startswith(prefix)]
    return parse_article(SEEDS / name)


def article(text: str, name: str = "x.txt") -> Article:
    return parse_article_bytes(textwrap.dedent(text).encode("utf-8"), Path(name))


def find(candidates: list[Candidate], words: str) -> Candidate:
    """The one candidate whose quote contains ``words``."""
    found = [c for c in candidates if words in c.quote]
    assert len(found) == 1, [c.quote for c in candidates]
    return found[0]


def exact(candidates: list[Candidate], quote: str) -> Candidate:
    found = [c for c in candidates if c.quote == quote]
    assert len(found) == 1, [c.quote for c in candidates]
    return found[0]


# --- the seeds ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_quote_is_the_articles_exact_words(name: str) -> None:
    parsed = parse_article(SEEDS / name)
    candidates = draft_claims(parsed)
    assert len(candidates) >= 15
    for c in candidates:
        assert parsed.text[c.start : c.end] == c.quote
        assert c.quote == c.quote.strip() and c.quote
        assert c.line == parsed.line_of(c.start)
        assert c.statement
    assert [(c.start, c.end) for c in candidates] == sorted((c.start, c.end) for c in candidates)
    assert len({c.id for c in candidates}) == len(candidates)


def test_000_she_replied_is_a_direct_quote_whose_speaker_is_left_to_fill() -> None:
    c = exact(draft_claims(seed("000")), "It’s terrible, and I have no desire to contribute to it")
    # "…," she replied: "she" is most likely Portman, named in the sentence before, but the text
    # does not name the speaker as the one speaking: a hint, never the attribution.
    assert (c.attribution, c.attributed_to, c.subject) == (
        "direct_quote", "she (Natalie Portman?)", "natalie-portman"
    )
    assert "attributed_to" in c.unsure
    source = c.claim("000.txt")["sources"][0]
    assert source["attributed_to"] == "FILL-IN: she (Natalie Portman?)"
    assert c.line == 13


def test_004_quote_introduced_by_she_said_colon_in_the_paragraph_before() -> None:
    c = exact(draft_claims(seed("004")), "It's terrible, and I have no desire to contribute to it.")
    assert (c.attribution, c.attributed_to) == ("direct_quote", "she (Natalie Portman?)")
    assert "attributed_to" in c.unsure
    assert c.cues == ("speech",)


def test_004_told_people_passage_is_the_anonymous_friend() -> None:
    candidates = draft_claims(seed("004"))
    intro = find(candidates, "told PEOPLE")
    assert intro.quote == "A friend of the couple, who chose to remain anonymous, told PEOPLE"
    assert (intro.attribution, intro.attributed_to) == ("anonymous_insider", "a friend of the couple")
    assert {"anonymous", "outlet"} <= set(intro.cues)
    # The quote in the next paragraph is the friend's, through "told PEOPLE:".
    speech = find(candidates, "her friends rallied around her")
    assert speech.quote.startswith("It was initially really tough for her")
    assert (speech.attribution, speech.attributed_to) == ("anonymous_insider", "a friend of the couple")
    # "They said:" is the insider of the sentence before.
    later = find(candidates, "Her biggest priority")
    assert later.attributed_to == "the insider who spoke to PEOPLE"


def test_004_dates_events_and_the_outlet_carried_through_the_paragraph() -> None:
    candidates = draft_claims(seed("004"))
    separated = find(candidates, "separated eight months ago")
    assert (separated.slot, separated.when) == ("separation", "eight months ago")
    filed = find(candidates, "filed for divorce last July")
    assert (filed.slot, filed.when) == ("divorce-filed", "last July")
    assert (filed.attribution, filed.attributed_to) == ("named_outlet", "PEOPLE")
    finalized = find(candidates, "reportedly finalized")
    assert (finalized.slot, finalized.when) == ("divorce-finalized", "last month")
    # "reportedly", in the paragraph that opened "According to the latest report by PEOPLE".
    assert finalized.attributed_to == "PEOPLE"
    assert finalized.subject == "natalie-portman"  # "the duo" comes before Aleph and Amalia


def test_named_outlets_in_the_seeds() -> None:
    ok = find(draft_claims(seed("000")), "As OK! shared")
    assert (ok.attribution, ok.attributed_to, ok.when) == (
        "named_outlet", "OK!", "in the summer of 2023"
    )
    us = find(draft_claims(seed("003")), "Us confirmed")
    assert (us.attribution, us.attributed_to, us.slot, us.when) == (
        "named_outlet", "Us", "separation", "in August 2023"
    )
    per = find(draft_claims(seed("001")), "as per US Weekly")
    assert (per.attribution, per.attributed_to) == ("named_outlet", "US Weekly")


def test_anonymous_sources_and_quote_runs_in_the_seeds() -> None:
    candidates = draft_claims(seed("002"))
    claimed = exact(candidates, "Natalie is officially pulling the plug on her marriage")
    assert claimed.attributed_to == "a source"
    # The quote runs on into the next sentence with no tag of its own: same speaker.
    tried = find(candidates, "She really tried forgiving Benjamin")
    assert (tried.attributed_to, tried.subject) == ("a source", "natalie-portman")
    # The tag "a source claimed of Portman" is not part of the outlet's own clause.
    wedding = exact(candidates, "who married the ballet performer in 2011.")
    assert (wedding.slot, wedding.when, wedding.subject) == ("wedding", "in 2011", "natalie-portman")
    another = exact(candidates, "there is a lot that Ben is leaving out")
    assert another.attributed_to == "another source"
    insiders = find(candidates, "According to insiders")
    assert (insiders.attribution, insiders.attributed_to) == ("anonymous_insider", "insiders")


def test_ages_in_the_seeds() -> None:
    mescal = exact(draft_claims(seed("000")), "Paul Mescal, 28")
    assert (mescal.slot, mescal.age, mescal.subject) == ("age", 28, "paul-mescal")
    assert mescal.id == "paul-mescal-age-28"
    etienne = exact(draft_claims(seed("002")), "Camille Étienne, 25")
    assert (etienne.age, etienne.subject) == (25, "camille-etienne")
    hyphen = exact(draft_claims(seed("003")), "25-year-old climate activist Camille Étienne")
    assert (hyphen.age, hyphen.subject) == (25, "camille-etienne")
    spouse = exact(draft_claims(seed("002")), "her longtime spouse, 46")
    assert spouse.subject == "benjamin-millepied"  # her spouse: the other half of the story
    # An age inside a source's quote is the source's.
    aleph = exact(draft_claims(seed("000")), "Aleph, 12")
    assert aleph.attributed_to == "the source"


def test_a_film_title_is_not_a_date() -> None:
    for prefix in ("001", "002", "003", "004"):
        for c in draft_claims(seed(prefix)):
            assert c.when is None or "December" not in c.when, c


def test_the_outlet_is_credited_for_the_articles_own_voice() -> None:
    parsed = seed("003")
    plain = find(draft_claims(parsed), "married the choreographer in 2012")
    # No outlet known: the article's own voice, but which outlet is the curator's to say.
    assert (plain.attribution, plain.attributed_to) == ("named_outlet", "the outlet")
    assert plain.claim(parsed.id)["sources"][0]["attributed_to"] == "FILL-IN: the outlet"
    credited = find(draft_claims(parsed, "Us Weekly"), "married the choreographer in 2012")
    assert (credited.attribution, credited.attributed_to) == ("named_outlet", "Us Weekly")


# --- small articles, one cue at a time ------------------------------------------------------


def test_a_sentence_without_a_cue_yields_nothing() -> None:
    assert draft_claims(article("The weather was pleasant and the food was good.\n")) == []
    # "may" is a verb, not a month; a quoted title is not a fragment of speech.
    assert draft_claims(article("She may sing at the gala, the organisers hope.\n")) == []


def test_anonymous_cue() -> None:
    (c,) = draft_claims(article("Sources close to the couple say the pair are living apart.\n"))
    assert (c.attribution, c.attributed_to) == ("anonymous_insider", "Sources close to the couple")
    assert c.cues == ("anonymous",)


def test_named_outlet_cue() -> None:
    (c,) = draft_claims(article("According to PEOPLE, the couple are living apart in Rome.\n"))
    assert (c.attribution, c.attributed_to) == ("named_outlet", "PEOPLE")
    assert c.quote == "According to PEOPLE, the couple are living apart in Rome."


def test_direct_quote_with_a_named_speaker() -> None:
    text = 'Pat Smith spoke at the gala. "I have moved on and I am happy," Pat Smith said.\n'
    (c,) = draft_claims(article(text))
    assert c.quote == "I have moved on and I am happy"
    assert (c.attribution, c.attributed_to, c.subject) == ("direct_quote", "Pat Smith", "pat-smith")


def test_direct_quote_with_a_pronoun_and_a_colon() -> None:
    text = 'Pat Smith spoke to reporters. She told the Daily Planet: "We split up last year."\n'
    (c,) = draft_claims(article(text))
    assert c.quote == "We split up last year."
    assert (c.attribution, c.attributed_to) == ("direct_quote", "she (Pat Smith?)")
    assert c.unsure == ("subject", "attributed_to")
    assert (c.slot, c.when) == ("separation", "last year")


def test_speech_tag_alone_is_not_a_claim_and_a_quote_run_keeps_its_speaker() -> None:
    text = '"It is over. They will not get back together," the insider said.\n'
    candidates = draft_claims(article(text))
    assert [c.quote for c in candidates] == ["It is over.", "They will not get back together"]
    assert {(c.attribution, c.attributed_to) for c in candidates} == {
        ("anonymous_insider", "the insider")
    }


def test_a_quoted_fragment_stays_in_its_clause() -> None:
    (c,) = draft_claims(article('Pat Smith is "still hurt" by the whole thing, friends know.\n'))
    assert c.quote == 'Pat Smith is "still hurt" by the whole thing, friends know.'
    assert "fragment" in c.cues and "speech" not in c.cues


def test_dates_events_and_ages() -> None:
    text = """\
     date 2024-03-08 A Headline Without Claims
    Pat Smith, 42, married Lee Jones in 2012.
    The pair separated last month.
    Their son, the 12-year-old drummer Max Jones, plays on.
    """
    candidates = draft_claims(article(text))
    wedding = find(candidates, "married Lee Jones")
    assert (wedding.slot, wedding.when, wedding.subject, wedding.involves) == (
        "wedding", "in 2012", "pat-smith", ("lee-jones",)
    )
    age = exact(candidates, "Pat Smith, 42")
    assert (age.slot, age.age, age.id) == ("age", 42, "pat-smith-age-42")
    separated = exact(candidates, "The pair separated last month.")
    assert (separated.slot, separated.when) == ("separation", "last month")
    drummer = exact(candidates, "12-year-old drummer Max Jones")
    assert (drummer.age, drummer.subject) == (12, "max-jones")


def test_control_and_bidi_characters_stay_exact_and_print_escaped() -> None:
    text = "A source said the pair\x1b[31m split\u202e last year and \x07moved out.\n"
    (c,) = draft_claims(article(text))
    assert "\x1b[31m" in c.quote and "\u202e" in c.quote
    out = to_yaml([c], "x\x1b.txt")
    for raw in ("\x1b", "\u202e", "\x07"):
        assert raw not in out
    loaded = yaml.safe_load(out)
    assert loaded["claims"][0]["sources"][0]["quote"] == c.quote
    assert loaded["claims"][0]["sources"][0]["article"] == "x\x1b.txt"


_PIECES = st.sampled_from(
    [
        "Pat Smith", "Lee Jones", "she", "he", "they", "a source", "the insider", "said", "told",
        "PEOPLE", "According to", "as per", "Us Weekly", "married", "split", "divorce", "filed",
        "in 2012", "last month", "eight months ago", "May", "December", "42", ", 42,",
        "25-year-old", "who was 25", '"', "“", "”", "‘", "’", "'", ",", ".", "...", "…", ":",
        ";", " — ", "?", "!", "\n", "\n\n", "\x1b[2J", "\u202e", "\x00", "\t", "é", " ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60).map(" ".join))
def test_any_text_drafts_exact_quotes_and_loadable_yaml(text: str) -> None:
    try:
        parsed = parse_article_bytes(text.encode("utf-8"), Path("h.txt"))
    except Exception:  # empty, binary: the parser's business, tested elsewhere
        return
    candidates = draft_claims(parsed, "Daily Planet")
    for c in candidates:
        assert parsed.text[c.start : c.end] == c.quote and c.quote.strip() == c.quote != ""
    loaded = yaml.safe_load(to_yaml(candidates, parsed.id))
    for stub in loaded["claims"]:
        Claim.model_validate(filled(stub))


def test_slugify() -> None:
    assert slugify("Camille Étienne") == "camille-etienne"
    assert slugify("  ") == ""
    assert len(slugify("word " * 40)) <= 60


# --- YAML and JSON stubs --------------------------------------------------------------------


@pytest.mark.parametrize("name", SEED_NAMES)
def test_yaml_stubs_reload_and_validate_as_claims(name: str) -> None:
    parsed = parse_article(SEEDS / name)
    candidates = draft_claims(parsed)
    out = to_yaml(candidates, parsed.id)
    assert out.count("  # line ") == len(candidates)
    loaded = yaml.safe_load(out)
    # The project's own loader (YAML 1.2 core, no dates or yes/no surprises) reads the same.
    data, problems = parse_claims_text(out, "draft.yaml")
    assert problems == [] and data == loaded
    assert len(loaded["claims"]) == len(candidates)
    for stub, c in zip(loaded["claims"], candidates, strict=True):
        claim = Claim.model_validate(filled(stub))
        assert claim.id == c.id and claim.sources[0].quote == c.quote
        assert claim.sources[0].article == parsed.id


def test_a_date_without_a_slot_is_left_as_a_comment() -> None:
    (c,) = draft_claims(article("A source said she felt better toward the end of last year.\n"))
    assert c.when == "toward the end of last year" and c.slot is None
    out = to_yaml([c], "x.txt")
    assert '    # when: "toward the end of last year"' in out
    assert "when" not in yaml.safe_load(out)["claims"][0]


def test_empty_draft() -> None:
    out = to_yaml([], "x.txt")
    assert yaml.safe_load(out) == {"claims": []}


def test_json_records() -> None:
    parsed = seed("004")
    records = to_json_records(draft_claims(parsed), parsed.id)
    assert json.loads(json.dumps(records)) == records
    assert all(Claim.model_validate(filled(r["claim"])) for r in records)
    assert records[0]["line"] == 1


@pytest.mark.parametrize("name", SEED_NAMES)
def test_pasted_stubs_pass_check(name: str, make_project: Callable[..., Project]) -> None:
    """Paste the draft into a claims file (with a subjects entry for each guessed slug): check
    refuses every placeholder, and once they are filled in every quote is found, so ``claimtrack
    check`` has no errors."""
    parsed = parse_article(SEEDS / name)
    candidates = draft_claims(parsed)
    slugs = sorted({c.subject for c in candidates} | {s for c in candidates for s in c.involves}
                   | {"someone"})
    subjects = "".join(f"  {slug}:\n    name: {slug}\n" for slug in slugs)
    meta = ""
    if parsed.date is None:
        meta = (
            f"articles:\n  {name}:\n    date: 2024-01\n"
            "    date_basis: test fixture\n"
        )
    claims = meta + "subjects:\n" + subjects + to_yaml(candidates, name)
    project = make_project(claims=claims, articles={name: (SEEDS / name).read_bytes()})
    refused = project.run("check", "--format", "json")
    assert refused.exit_code == 1, refused.output
    codes = {p["code"] for p in json.loads(refused.stdout)["problems"]}
    assert codes == {"placeholder"}
    drafted = yaml.safe_load(to_yaml(candidates, name))
    stubs = [filled(stub) for stub in drafted["claims"]]
    project.data.write_text(
        meta + "subjects:\n" + subjects + yaml.safe_dump({"claims": stubs}, allow_unicode=True),
        encoding="utf-8",
    )
    result = project.run("check", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["problems"] == [], report["problems"]  # no quote-not-found, not even a warning
    assert report["claims"] == report["sources"] == len(candidates)


# --- the command ----------------------------------------------------------------------------


def test_cli_draft_by_prefix() -> None:
    result = invoke("draft", "004", "--data", "no-ledger.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# claimtrack draft: ")
    assert "004_7b01bd8a63ffcb3d.txt" in result.stdout.splitlines()[0]
    loaded = yaml.safe_load(result.stdout)
    assert any(
        s["attributed_to"] == "a friend of the couple"
        for claim in loaded["claims"]
        for s in claim["sources"]
    )


def test_cli_draft_by_path_and_stem_are_the_same() -> None:
    by_prefix = invoke("draft", "004").stdout
    assert invoke("draft", "seeds/004_7b01bd8a63ffcb3d.txt").stdout == by_prefix
    assert invoke("draft", "004_7b01bd8a63ffcb3d").stdout == by_prefix


def test_cli_ambiguous_prefix_lists_candidates() -> None:
    result = invoke("draft", "00")
    assert result.exit_code == 2
    assert "ambiguous" in result.stderr
    for name in SEED_NAMES:
        assert name in result.stderr
    assert result.stdout == ""


def test_cli_unknown_article() -> None:
    result = invoke("draft", "nope")
    assert result.exit_code == 2
    assert "no article matches 'nope'" in result.stderr
    missing = invoke("draft", "elsewhere/missing.txt")
    assert missing.exit_code == 2


def test_cli_json_and_outlet() -> None:
    result = invoke("draft", "003", "--format", "json", "--outlet", "Us Weekly", "--data", "no-ledger.yaml")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["article"] == "003_eed9f197d463ef0c.txt"
    assert payload["outlet"] == "Us Weekly"
    attributed = {r["claim"]["sources"][0]["attributed_to"] for r in payload["candidates"]}
    assert "Us Weekly" in attributed and "the article" not in attributed


def test_cli_control_characters_are_escaped(make_project: Callable[..., Project]) -> None:
    hostile = 'A source said "the pair\x1b]0;pwned\x07 split\u202e last year," the insider said.\n'
    project = make_project(articles={"evil.txt": hostile})
    for fmt in ("yaml", "json"):
        result = project.run("draft", "evil", "--format", fmt)
        assert result.exit_code == 0, result.output
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in result.stdout
    quote = json.loads(project.run("draft", "evil", "--format", "json").stdout)
    assert any("\x1b" in r["claim"]["sources"][0]["quote"] for r in quote["candidates"])


def test_cli_unusable_article(make_project: Callable[..., Project]) -> None:
    project = make_project(articles={"empty.txt": b""})
    result = project.run("draft", "empty")
    assert result.exit_code == 2
    assert "empty file" in result.stderr


def test_cli_help() -> None:
    result = invoke("draft", "--help")
    assert result.exit_code == 0
    assert "ARTICLE" in result.stdout and "--format" in result.stdout
