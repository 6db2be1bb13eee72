"""Text mode says the headline once, in every language: a dump's headline (printed once or
twice) is the title, and the rewording of it for search engines printed right under it
(an SEO variant) goes. The dumps are in tests/fixtures/headline-dumps, one per language:
a menu line or two, the headline, its SEO variant, then the story's paragraphs (the first
line that ends as a sentence ends is the first paragraph)."""
from __future__ import annotations

from pathlib import Path

import pytest

import declutter
from conftest import FIXTURES, run_declutter

DUMPS = sorted((FIXTURES / "headline-dumps").glob("*.txt"))
_SENTENCE_ENDS = (".", "。")


def _parts(dump: Path) -> tuple[str, str, list[str]]:
    """The headline, its SEO variant and the story's paragraphs of a fixture dump."""
    lines = [line.strip() for line in dump.read_text(encoding="utf-8").splitlines() if line.strip()]
    first = next(index for index, line in enumerate(lines) if line.endswith(_SENTENCE_ENDS))
    paragraphs = [line for line in lines[first:] if line.endswith(_SENTENCE_ENDS)]
    return lines[first - 2], lines[first - 1], paragraphs


def test_eight_languages_or_more() -> None:
    assert len(DUMPS) >= 8


@pytest.mark.parametrize("twice", [False, True], ids=["headline once", "headline twice"])
@pytest.mark.parametrize("dump", DUMPS, ids=lambda dump: dump.stem)
def test_the_headline_is_said_once(dump: Path, twice: bool) -> None:
    headline, variant, paragraphs = _parts(dump)
    text = dump.read_text(encoding="utf-8")
    if twice:  # as naive extractors print it: the page's <title> and its <h1>
        text = text.replace(headline + "\n", f"{headline}\n{headline}\n", 1)
    article = declutter.clean_text(text, explain=True)
    assert article.title == headline
    assert headline not in article.text
    assert variant not in article.text, f"the SEO variant survived: {variant}"
    assert [p for p in paragraphs if p in article.text] == paragraphs
    assert any(r.filter == "headlines" and "rewords the headline" in r.reason for r in article.removed)


def test_a_standfirst_that_shares_the_headlines_words_stays() -> None:
    # a line under the headline, in sentence case, sharing some of its words: the story's
    # deck, not a variant
    dump = "\n".join(
        [
            "City council approves new ferry route across the harbour",
            "Council ends two-year debate over the harbour ferry",
            "The city council voted on Tuesday to approve a new ferry route that will link the old harbour with the northern quays.",
            "The first boats are expected to run in the spring, and tickets will cost the same as a bus fare, the council said.",
        ]
    )
    article = declutter.clean_text(dump)
    assert "Council ends two-year debate over the harbour ferry" in article.text


def test_cli_text_prints_the_headline_once(tmp_path: Path) -> None:
    dump = FIXTURES / "headline-dumps" / "de.txt"
    headline, variant, _ = _parts(dump)
    done = run_declutter("text", dump)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(headline) == 1 and variant not in done.stdout
