"""The related filter on small pages: "You May Also Like"/related/read-next blocks and their
teasers, found by class/id and by their heading (also in class-obfuscated markup)."""
from __future__ import annotations

import pytest

from conftest import article_page, assert_filter_keeps, assert_filter_removes, clean_with

TEASERS = (
    "City council votes to pedestrianise the old market square...",
    "Ferry timetable changes for the winter season...",
    "Ten walks along the harbour you can do in under an hour...",
)


def _teaser_list(tag: str = "div", cls: str = "t") -> str:
    return "".join(f'<{tag} class="{cls}"><a href="/x{i}">{t}</a></{tag}>' for i, t in enumerate(TEASERS))


def test_block_by_class_name() -> None:
    block = f'<div class="related-posts"><h3>Related</h3>{_teaser_list()}</div>'
    assert_filter_removes(article_page(inside=block), "related", ["Related", *TEASERS])


def test_outbrain_style_widget() -> None:
    block = f'<div class="OUTBRAIN" data-widget-id="AR_1"><span>Recommended for you</span>{_teaser_list("span")}</div>'
    assert_filter_removes(article_page(inside=block), "related", list(TEASERS))


def test_block_found_by_its_heading_in_obfuscated_markup() -> None:
    block = f'<div class="g6h5j"><div class="g6h5k">You May Also Like</div>{_teaser_list("div", "g6h5l")}</div>'
    assert_filter_removes(article_page(inside=block), "related", ["You May Also Like", *TEASERS])


def test_heading_then_sibling_teasers() -> None:
    block = f'<h2>Read next</h2><ul>{"".join(f"<li><a href=/a>{t}</a></li>" for t in TEASERS)}</ul>'
    assert_filter_removes(article_page(inside=block), "related", ["Read next", *TEASERS])


def test_a_heading_section_stops_at_the_next_article_paragraph() -> None:
    # A "See also" line with one link, then the article goes on.
    more = ("The authority will publish the full inspection report on its website next month, together with "
            "the timetable for the works and the diversions that buses will follow while they last.")
    block = f'<h3>See also</h3><p><a href="/b">Bridge inspection 2019</a></p><p>{more}</p>'
    result = clean_with(article_page(inside=block), "related")
    assert more in " ".join(result.text.split())
    assert "Bridge inspection 2019" not in result.text
    assert any(b.filter == "related" for b in result.removed)


def test_prose_about_related_things_is_kept() -> None:
    prose = ("<p>Related repairs on the eastern quay wall, recommended by the same engineers in 2021, "
             "were finished in the spring and cost less than expected.</p>")
    assert_filter_keeps(article_page(inside=prose), "related", ["Related repairs on the eastern quay wall"])


def test_a_heading_opening_with_a_related_phrase_heads_a_link_list() -> None:
    # "Also on" goes on with the site's name: too long for a plain marker, but it heads links.
    block = f'<h2>Also on The Harbour Gazette website</h2><p>{"<br>".join(f"<a href=/a{i}>{t}</a>" for i, t in enumerate(TEASERS))}</p>'
    assert_filter_removes(article_page(inside=block), "related", ["Also on The Harbour Gazette website", *TEASERS])


def test_a_heading_opening_with_a_related_phrase_over_prose_is_kept() -> None:
    heading = "More from the inspection report of the engineers"
    more = ("The engineers found that the corrosion had spread from a drain that was blocked for years, and they "
            "asked the authority to check every drain on the older bridges of the harbour before the winter.")
    assert_filter_keeps(article_page(inside=f"<h2>{heading}</h2><p>{more}</p>"), "related", [heading, more])


@pytest.mark.parametrize(
    "heading",
    ["Empfohlene Beiträge", "Verwandte Beiträge", "Diese Artikel könnten euch auch interessieren:", "Keep reading", "Zobacz również"],
)
def test_more_related_headings(heading: str) -> None:
    block = f'<div class="r1"><div class="r2">{heading}</div>{_teaser_list("div", "r3")}</div>'
    assert_filter_removes(article_page(inside=block), "related", [heading, *TEASERS])


def test_teaser_cards_with_excerpts_under_a_related_heading() -> None:
    # Each card: a linked title in a heading over an excerpt long enough to read as prose.
    excerpt = ("The council says the works will take most of the winter, and the traders on the southern quay "
               "expect fewer visitors until the spring, when the new timetable starts.")
    cards = "".join(f'<div class="c"><h3><a href="/s{i}">{t}</a></h3><p>{excerpt}</p></div>' for i, t in enumerate(TEASERS))
    block = f'<h2>Top stories of the week from our newsroom</h2><div class="cards">{cards}</div>'
    result = clean_with(article_page(inside=block), "related")
    text = " ".join(result.text.split())
    assert "Top stories of the week" not in text and excerpt not in text
    assert all(t not in text for t in TEASERS)


def test_a_heading_alone_in_its_widget_heads_the_widgets_after_it() -> None:
    # Page builders wrap each heading in a widget of its own; the teasers are the next widget.
    block = ('<div class="w"><div class="w-inner"><h2>Related posts</h2></div></div>'
             f'<div class="w">{_teaser_list("div", "w-item")}</div>')
    removed_by_related = [b.snippet for b in clean_with(article_page(inside=block), "related").removed if b.filter == "related"]
    assert "Related posts" in removed_by_related
    assert any(snippet.startswith(TEASERS[0]) for snippet in removed_by_related), removed_by_related


def test_related_class_words_but_has_related() -> None:
    from declutter.core.filters.related import _RELATED_CLASSES

    for related in ("related-posts", "relatedArticles".lower(), "post-related", "x jp-relatedposts", "widget_related"):
        assert _RELATED_CLASSES.search(related), related
    for post in ("has-related-posts", "post has-related", "has-related"):
        assert not _RELATED_CLASSES.search(post), post


def test_teaser_cards_marked_up_as_articles_go_with_their_block() -> None:
    # Each card an <article> of its own: a list of stories, not the story's container.
    cards = "".join(f'<article class="card"><h3><a href="/s{i}">{t}</a></h3></article>' for i, t in enumerate(TEASERS))
    block = f'<div class="related-stories">{cards}</div>'
    assert_filter_removes(article_page(after=block), "related", list(TEASERS))
    # one <article> inside is the story's own: it stays
    one = f'<div class="related-stories"><article><p>{"The quay wall will be rebuilt in stone over the winter. " * 6}</p></article></div>'
    assert "quay wall will be rebuilt" in clean_with(article_page(paragraphs=(), after=one), "related").text


def test_teaser_cards_go_and_a_standfirst_called_teaser_stays() -> None:
    """"teaser" names another story's card (a linked title over an excerpt and a "mehr" link)
    and, in German CMSs, as often the story's own lead: only the card links elsewhere."""
    lead = "Die Hafenbehörde hat am Montag bestätigt, dass die alte Drehbrücke bis Jahresende für Autos gesperrt bleibt."
    cards = (
        '<div class="c-teaser"><h3><a href="/other">Kommission Gleichwertige Lebensverhältnisse</a></h3>'
        '<p>Die Kommission hat am 26. September ihre Arbeit aufgenommen.</p><a href="/other">mehr</a></div>'
        '<div class="teaser"><h2><a href="/podcast">Was Sie zum Coronavirus wissen müssen</a></h2>'
        '<div class="teasertext"><p>Regelmäßig beantwortet ein Forscher Fragen.</p><a href="/podcast">mehr</a></div></div>'
    )
    page = article_page(before=f'<div class="article-teaser"><p>{lead}</p></div>', inside=cards)
    assert_filter_removes(page, "related", ["Kommission Gleichwertige", "Die Kommission hat am 26. September", "Regelmäßig beantwortet"])
    assert_filter_keeps(article_page(inside=f'<div class="article-teaser"><p>{lead}</p></div>'), "related", [lead])
