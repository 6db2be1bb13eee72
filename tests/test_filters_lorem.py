"""The lorem filter: lorem-ipsum filler goes, prose that mentions it (or a short Latin motto) stays."""
from __future__ import annotations

import pytest

import declutter
from conftest import article_page, assert_filter_keeps, assert_filter_removes

FILLERS = {
    "classic": "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.",
    "de finibus": "Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam rem aperiam.",
    "at vero eos": "At vero eos et accusamus et iusto odio dignissimos ducimus qui blanditiis praesentium voluptatum deleniti atque corrupti quos.",
}


@pytest.mark.parametrize("kind", sorted(FILLERS))
def test_filler_paragraph_in_the_article_is_removed(kind: str) -> None:
    assert_filter_removes(article_page(inside=f"<p>{FILLERS[kind]}</p>"), "lorem", [FILLERS[kind]], control=True)


def test_sadipscing_variant_is_removed() -> None:
    filler = ("Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonumy eirmod tempor invidunt "
              "ut labore et dolore magna aliquyam erat, sed diam voluptua.")
    assert_filter_removes(article_page(inside=f"<p>{filler}</p>"), "lorem", [filler], control=True)


def test_prose_that_mentions_lorem_ipsum_is_kept() -> None:
    prose = ("Designers have filled mock-ups with lorem ipsum since the 1960s, when a sheet of transfer lettering "
             "made the scrambled passage from Cicero familiar to every print shop.")
    assert_filter_keeps(article_page(inside=f"<p>{prose}</p>"), "lorem", [prose])


def test_a_short_latin_motto_is_kept() -> None:
    motto = "Dum spiro spero."
    assert_filter_keeps(article_page(inside=f"<p>{motto}</p>"), "lorem", [motto])


def test_lorem_lines_in_a_text_dump() -> None:
    dump = "Harbour bridge stays closed\n\n" + "\n\n".join(declutter_paragraphs()) + "\n\n" + FILLERS["classic"] + "\n"
    article = declutter.clean_text(dump, filters=("lorem",), explain=True)
    assert FILLERS["classic"] not in article.text
    assert all(p in article.text for p in declutter_paragraphs())
    assert [b.filter for b in article.removed] == ["lorem"]


def declutter_paragraphs() -> list[str]:
    from conftest import ARTICLE_PARAGRAPHS

    return list(ARTICLE_PARAGRAPHS)


def _counted_lorem(text: str) -> bool:
    """is_lorem's rule, counted as it reads: the words are the runs of letters of the text's
    lower case; at least four, 60% of them lorem words, and "lorem" or "ipsum" among them or 80%."""
    import re

    from declutter.core.filters.lorem import _LOREM_WORDS

    words = re.findall(r"[^\W\d_]+", text.lower())
    lorem = sum(word in _LOREM_WORDS for word in words)
    return len(words) >= 4 and lorem >= 0.6 * len(words) and ("lorem" in words or "ipsum" in words or lorem >= 0.8 * len(words))


@pytest.mark.parametrize("text", [
    *FILLERS.values(),
    "Lorem ipsum dolor sit amet, consectetur",  # four lorem words of five
    "Lorem’ipsum—dolor…sit «amet» „elit“",  # punctuation outside ASCII parts words
    "Lorem ipsum dolor sitä amet élit",  # a word with a letter outside ASCII is no lorem word
    "Lorem ipsum dolor sit amet 的 的 的",  # each run of ideographs a word
    "LOREM İPSUM DOLOR SIT AMET",  # İ lowers to i and a combining dot, which parts the word
    "lorem ipsum² dolor sit amet",  # ² is a letter to a regex's word class
    "lorem_ipsum dolor3sit amet\u0307et",  # digits, underscore and a lone combining mark part words
    "Lorem ipsum \ud800 dolor sit",  # a lone surrogate parts words and is no error
    "Der Schnee fällt früh im Jahr, sagt Müller.",
    "ïpsum dolor sït amet ét lorem",  # words with letters outside ASCII: no lorem words
])
def test_is_lorem_counts_the_words_of_any_script_as_the_rule_reads(text: str) -> None:
    from declutter.core.filters.lorem import is_lorem

    assert is_lorem(text) == _counted_lorem(text)
