"""The chrome filter on small pages: navigation, search, share bars, follow-us widgets,
cookie banners, newsletter boxes, footers and hidden elements; never the article itself."""
from __future__ import annotations

import pytest

import declutter
from conftest import ARTICLE_PARAGRAPHS, HEADLINE, article_page, assert_filter_keeps, assert_filter_removes, clean_with, normalized

CHROME_BLOCKS = {
    "nav": ('<nav><a href="/">Home</a> <a href="/news">News desk</a> <a href="/sport">Sport pages</a></nav>', ["News desk", "Sport pages"]),
    "search": ('<form role="search"><label>Hi, what are you looking for?</label><input name="q"></form>', ["Hi, what are you looking for?"]),
    "share bar": ('<div class="share-bar"><span>Share this article</span> <a>Facebook</a> <a>WhatsApp</a></div>', ["Share this article", "WhatsApp"]),
    "follow us": ('<div class="social-follow"><b>Connect with us</b> <a>Instagram</a> <a>Mastodon</a></div>', ["Connect with us", "Mastodon"]),
    "cookie banner": ('<div class="cookie-consent">We use cookies to improve your experience on our site. <button>Accept</button></div>', ["We use cookies to improve your experience"]),
    "newsletter": ('<div class="newsletter-box"><h4>Sign up for our newsletter</h4><p>The day\'s top stories in your inbox every morning.</p></div>', ["Sign up for our newsletter", "The day's top stories in your inbox"]),
    "footer": ("<footer><p>© 2024 Harbour Gazette. All rights reserved.</p></footer>", ["All rights reserved"]),
    "hidden": ('<div style="display: none">Please enable JavaScript to view this page properly.</div>', ["Please enable JavaScript"]),
    "player settings": (
        '<div class="vp-settings-container"><div class="vp-tab">Font</div><ul class="vp-list"><li>Georgia</li><li>Palatino Linotype</li>'
        "<li>Times New Roman</li></ul><ul><li>Bottom</li><li>Top</li></ul></div>",
        ["Palatino Linotype", "Times New Roman", "Bottom"],
    ),
    "disclosure": (
        '<section class="editorial-disclosure"><p>This post contains references to products from our advertisers. We may receive compensation when you click on links to those products.</p></section>',
        ["This post contains references", "We may receive compensation"],
    ),
    "affiliate notice": (
        '<div class="affiliate-text"><p>Unsere unabhängigen Experten untersuchen regelmäßig Produkte und Dienstleister.</p></div>',
        ["Unsere unabhängigen Experten"],
    ),
    "author bio": (
        '<div class="herald-author"><p>Jane Doe</p><p>Reporter on the transport desk, cyclist and occasional ferry captain.</p></div>'
        '<div class="TestReport__AuthorBox"><blockquote>John Roe is head of community at the Gazette.</blockquote></div>',
        ["Reporter on the transport desk", "John Roe is head of community"],
    ),
    "call to action": (
        '<div class="contact-cta-container"><span>Enjoyed reading this post or have questions? Tell us in the forum.</span></div>',
        ["Enjoyed reading this post"],
    ),
    "aside": ("<aside><h4>Weather</h4><p>Showers this afternoon, clearing by the evening.</p></aside>", ["Showers this afternoon"]),
}


@pytest.mark.parametrize("kind", sorted(CHROME_BLOCKS))
def test_chrome_inside_the_article_container(kind: str) -> None:
    html, clutter = CHROME_BLOCKS[kind]
    assert_filter_removes(article_page(inside=html), "chrome", clutter)


def test_page_header_menu_goes_by_its_class_not_the_header_tag() -> None:
    # the <header> tag alone is no rule (benchmarks/ablation.py: it cost on dragnet-train):
    # the menu in it goes by its class, content selection leaves the rest out
    header = '<header class="site"><div class="logo">Harbour Gazette</div><div class="menu-main"><a>Local</a> <a>Business</a></div></header>'
    assert_filter_removes(article_page(before=header), "chrome", ["Local Business"])
    assert "Harbour Gazette" not in declutter.clean_html(article_page(before=header)).text


def test_the_article_is_kept_inside_a_sidebar_layout_wrapper() -> None:
    # "sidebar" names the layout, not the block: the wrapper holds the <article>.
    html = article_page().replace('<div class="story">', '<div class="layout has-sidebar"><article>').replace(
        "</div>\n\n</body>", "</article></div>\n\n</body>"
    )
    assert "has-sidebar" in html
    assert_filter_keeps(html, "chrome", [])


STANDFIRST = "Engineers found corrosion in two girders; cyclists and walkers can still cross."


def _page_with_article_header() -> str:
    return article_page().replace("<h1>", f'<article><header><p class="standfirst">{STANDFIRST}</p></header><h1>').replace(
        "</div>\n\n</body>", "</article></div>\n\n</body>"
    )


def test_the_chrome_filter_keeps_an_article_header() -> None:
    result = clean_with(_page_with_article_header(), "chrome")
    assert not [b for b in result.removed if b.filter == "chrome"], result.removed


def test_a_standfirst_in_the_article_header_survives_the_pipeline() -> None:
    assert STANDFIRST in declutter.clean_html(_page_with_article_header()).text


def test_content_tags_with_a_chrome_like_class_are_left_to_the_text_filters() -> None:
    quote = '<p class="share-quote">“We will not reopen it to cars until it is safe,” the harbour master said.</p>'
    assert_filter_keeps(article_page(inside=quote), "chrome", ["“We will not reopen it to cars until it is safe,” the harbour master said."])


LISTICLE_ITEMS = (
    "1. A laundry bag that tells the truth. This clever bag turns any laundry day into a small celebration of honesty and good humour, and it folds flat into a drawer.",
    "2. A pillow for side sleepers. It lets you sleep on your side without your arm falling asleep under you, night after night, whatever the mattress you sleep on.",
    "3. A bookshelf made of a piano. A repurposed baby grand becomes the most striking bookshelf a music lover could ever want in a living room or a hallway.",
)


def test_the_hidden_pages_of_a_listicle_shown_one_at_a_time_are_kept() -> None:
    # A script shows one entry and hides the others: the hidden entries are the story too.
    pages = "".join(
        f'<div class="gallery-section{"" if number == 0 else " hidden"}" style="display: {"block" if number == 0 else "none"}"><p>{item}</p></div>'
        for number, item in enumerate(LISTICLE_ITEMS)
    )
    html = article_page(inside=pages)
    assert_filter_keeps(html, "chrome", list(LISTICLE_ITEMS))
    toggle = '<span class="share-label">Share</span><span class="share-label" style="display: none">Shared with your friends</span>'
    assert_filter_removes(article_page(inside=toggle), "chrome", ["Shared with your friends"])  # no prose: a toggle's other state


def test_a_nav_class_with_nothing_to_click_around_a_heading_is_kept() -> None:
    # A script makes the steps' heading a tab: "steps-list-nav" names the widget, not a menu.
    heading = "Preparation step by step"
    steps = f'<div class="steps-list-nav"><div class="steps-list-nav-item"><h2>{heading}</h2></div></div><h3>Step 1</h3><p>Mix the flour and water.</p>'
    result = clean_with(article_page(inside=steps), "chrome")
    assert not [b for b in result.removed if b.filter == "chrome"], result.removed
    menu = '<div class="steps-list-nav"><h2>Steps</h2><a href="#1">Step 1</a> <a href="#2">Step 2 of the recipe</a></div>'
    assert_filter_removes(article_page(inside=menu), "chrome", ["Step 2 of the recipe"])


def test_a_post_whose_class_names_its_author_is_kept_when_a_reply_is_longer() -> None:
    # blog platforms class the post by its author ("entry-author-jane"): a chrome word. The
    # story guard keeps the run of paragraphs under the headline, though a reader's reply
    # further down the page (under no comment class) is a longer run
    story = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS[:3])
    reply = "".join(
        f"<p>Reply {n}: I have crossed that bridge every single morning for thirty years, and the walkway they built is narrower than the old pavement ever was.</p>"
        for n in range(5)
    )
    html = f"""<html><head><title>{HEADLINE}</title></head><body>
<div class="entry entry-author-jane entry-type-post"><h3>{HEADLINE}</h3><div>{story}</div></div>
<div class="responses"><h3>Responses</h3><div>{reply}</div><div>{reply}</div></div></body></html>"""
    text = clean_with(html, "chrome").text
    assert all(p in text for p in ARTICLE_PARAGRAPHS[:3])


def test_a_short_post_whose_class_names_its_author_is_kept_in_its_headline_box() -> None:
    # a note too short for a run of paragraphs the guard counts, beside a longer thread of
    # replies: the box of the heading that says the title holds the story, whatever its class
    note = "<p>The ferry timetable for the winter is out. Boats leave every forty minutes from the north pier until the bridge reopens.</p>"
    reply = "<p>I have crossed that bridge every single morning for thirty years, and the walkway they built is narrower than the old pavement ever was.</p>"
    html = f"""<html><head><title>Winter ferry timetable - Harbour Notes</title></head><body>
<h1><a href="/">Harbour Notes</a></h1>
<div class="post author-admin"><h2>Winter ferry timetable</h2><div class="post-body">{note}</div></div>
<div class="replies"><h3>Replies</h3><div>{reply * 4}</div></div></body></html>"""
    result = clean_with(html, "chrome")
    assert "Boats leave every forty minutes" in result.text, result.removed
    assert result.title == "Winter ferry timetable"
    # without the headline the box is no story's: the class rule removes it as before
    untitled = html.replace("<h2>Winter ferry timetable</h2>", "<h2>Notes</h2>")
    assert any(block.filter == "chrome" and "Boats leave every forty minutes" in block.snippet for block in clean_with(untitled, "chrome").removed)


def test_an_aside_that_opens_with_the_headline_around_the_story_stays() -> None:
    # <aside> used as a plain box: the story's own box opens with the headline and holds
    # its run of paragraphs; a sidebar <aside> beside it still goes.
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE_PARAGRAPHS)
    sidebar = "<aside><h3>Weather</h3><p>Showers this afternoon, clearing by the evening.</p></aside>"
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{HEADLINE}</title></head>
<body><aside class="post"><h1>{HEADLINE}</h1>{paragraphs}</aside>{sidebar}</body></html>"""
    result = clean_with(page, "chrome")
    text = normalized(result.text)
    assert all(paragraph in text for paragraph in ARTICLE_PARAGRAPHS), result.removed
    assert "Showers this afternoon" not in text
    assert any(block.reason == "<aside>" and "Showers" in block.snippet for block in result.removed)


def _story_box(hiding: str) -> str:
    byline = "<h3>By Jane Doe</h3>"
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE_PARAGRAPHS)
    return f'<div class="story-copy{hiding}">{byline}{paragraphs}</div>'


def test_a_copy_of_the_story_a_class_hides_goes() -> None:
    """The story printed twice, once in a box a class hides (a print or teaser version): the
    hidden copy goes, the shown one stays, so the text says it once."""
    page = article_page(paragraphs=(), inside=_story_box(" hidden") + _story_box(""))
    article = clean_with(page, "chrome")
    text = normalized(article.text)
    assert all(text.count(paragraph) == 1 for paragraph in ARTICLE_PARAGRAPHS), text
    assert [block.reason for block in article.removed if block.filter == "chrome"] == [
        "a hidden copy of text the page shows (a class hides it)"
    ]


def test_what_a_class_hides_stays_when_the_page_shows_it_nowhere_else() -> None:
    """A story's second half behind "read more", hidden by a class until a click: its own text."""
    second_half = '<div class="more hidden"><p>The second half of the story, shown after a click on read more, tells how the ferry was built.</p></div>'
    assert_filter_keeps(article_page(inside=second_half), "chrome", ["The second half of the story, shown after a click"])


def test_of_two_copies_each_hidden_by_a_class_one_stays() -> None:
    """A copy for small screens and one for large ones, each hidden on the other: the story
    is said once, never lost."""
    page = article_page(paragraphs=(), inside=_story_box(" hidden-xs") + _story_box(" hidden-lg"))
    text = normalized(clean_with(page, "chrome").text)
    assert all(text.count(paragraph) == 1 for paragraph in ARTICLE_PARAGRAPHS), text
