"""The seed dump (what a naive extractor leaves of a news page) through the real
`declutter text` command: from a file, as JSON, and from stdin. Every article paragraph is
kept in order, the headline appears exactly once (as the title), and none of the chrome,
comment, related-teaser or lorem lines survive."""
from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, SEED, assert_no_traceback, normalize, paragraphs, run_declutter

HEADLINE = (
    "Russian forces enter Donetsk and Lugansk after Putin's recognition of its independence "
    "and sharp criticism of Moscow in the Security Council"
)
ARTICLE = paragraphs((FIXTURES / "seed.expected.txt").read_text(encoding="utf-8"))
CLUTTER = [
    line.strip()
    for line in (FIXTURES / "seed.clutter.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


def assert_clean_body(body: str) -> None:
    kept = paragraphs(body)
    missing = [p[:60] for p in ARTICLE if p not in kept]
    assert not missing, f"lost article paragraphs: {missing}"
    positions = [kept.index(p) for p in ARTICLE]
    assert positions == sorted(positions), "article paragraphs out of order"
    leaked = [line[:60] for line in CLUTTER if normalize(line) in normalize(body)]
    assert not leaked, f"clutter kept: {leaked}"
    assert normalize(body).count(HEADLINE) == 0, "the headline is repeated in the body"


@pytest.fixture(scope="module")
def as_json() -> dict:
    done = run_declutter("text", SEED, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stderr)
    return json.loads(done.stdout)


def test_the_fixture_is_the_article() -> None:
    assert len(ARTICLE) == 44
    assert "recognition of independence" in ARTICLE  # subheadings belong to the article
    assert not any(line in ARTICLE for line in CLUTTER)


def test_text_output_has_the_headline_once_as_title_then_the_clean_article() -> None:
    done = run_declutter("text", SEED)
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stderr)
    title, _, body = done.stdout.partition("\n\n")
    assert title == HEADLINE
    assert normalize(done.stdout).count(HEADLINE) == 1
    assert_clean_body(body)


def test_json_record(as_json: dict) -> None:
    assert as_json["source"] == str(SEED)
    assert as_json["title"] == HEADLINE
    assert "error" not in as_json
    assert_clean_body(as_json["text"])
    assert "\n\n" in as_json["text"], "paragraphs are separated by blank lines"


def test_stdin_gives_the_same_record_as_the_file(as_json: dict) -> None:
    done = run_declutter("text", "-", "--format", "json", stdin=SEED.read_bytes())
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["source"] == "-"
    assert record["title"] == HEADLINE
    assert record["text"] == as_json["text"]


def test_markdown_has_the_headline_as_the_only_top_heading() -> None:
    done = run_declutter("text", SEED, "--format", "markdown")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"# {HEADLINE}\n\n")
    assert done.stdout.count(HEADLINE) == 1
    assert_clean_body(done.stdout.partition("\n\n")[2])


def test_explain_names_a_filter_for_every_clutter_line() -> None:
    done = run_declutter("text", SEED, "--explain", "--format", "json")
    record = json.loads(done.stdout)
    removed = record["removed"]
    snippets = [normalize(block["snippet"]) for block in removed]
    for line in CLUTTER:
        assert any(normalize(line).startswith(s) for s in snippets), f"no removed block for {line[:50]!r}"
    assert all(block["filter"] for block in removed)
    lines = [block["line"] for block in removed]
    assert lines == sorted(lines), "removed blocks are listed in page order"
