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
