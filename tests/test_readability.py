"""The readability stage's fast text measure and methods agree with readability-lxml's own."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from lxml.etree import SubElement, tostring
from lxml.html import HtmlElement, fragment_fromstring
from readability import Document
from readability.readability import REGEXES, Unparseable, clean

from declutter.core.dom import parse_html
from declutter.core.readability import (
    _children_html,
    _element_html,
    _holding_blocks,
    _new_article_div,
    _shows_block_markup,
    _TreeDocument,
    cleaned_length,
    readability_article,
)

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.html"))

WHITESPACE = [" ", "\t", "\n", "\r", "\xa0", "\u2009", "\x0b", "\u3000"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "word",
        "  two  words \n\n and\t\ttabs \t mixed\t \xa0 ",
        "a" + " " * 254 + "b",
        "a" + " " * 255 + "b",
        "a" + "\t" * 300 + "b" + "\n" * 400 + "c",
        "\n  indented\n    lines\n\n",
    ],
)
def test_cleaned_length_matches_readability(text: str) -> None:
    assert cleaned_length(text) == len(clean(text))


def test_cleaned_length_matches_readability_on_every_short_whitespace_mix() -> None:
    for size in range(1, 4):
        for run in itertools.product(WHITESPACE, repeat=size):
            text = "x" + "".join(run) + "y" + "".join(run)
            assert cleaned_length(text) == len(clean(text)), repr(text)


# <div>s whose HTML divToPElementsRe is or is not to find a block's start tag in: as text,
# in attribute values, in tags starting like a block's, under inline elements, in comments
MARKUP = [
    "<div>plain text, a &lt;p&gt; in it, and <span title='<p> <div>'>a span</span></div>",
    "<div><span><b>inline</b> and <picture>a picture</picture></span></div>",
    "<div><a href='x'>a link</a><em>and <param name='p'></em></div>",
    "<div><span><P-note>a custom tag</P-note></span></div>",
    "<div><span>a <table-row>custom tag</table-row></span></div>",
    "<div><span>no block: <abbr>abbr</abbr>, <address-line>x</address-line></span></div>",
    "<div><span><!-- <p> in a comment --></span> and text</div>",
    "<div><!-- a comment without one --><i>text</i></div>",
    "<div></div>",
    "<div><span><ul><li>a list</li></ul></span></div>",
]


@pytest.mark.parametrize("html", MARKUP)
def test_block_markup_test_matches_readability_on_serialised_html(html: str) -> None:
    # readability-lxml serialises a <div>'s children (and an inline child itself) and
    # searches the HTML; declutter reads the descendants' tags
    div = fragment_fromstring(html)
    holding = _holding_blocks(div)
    pattern = REGEXES["divToPElementsRe"]
    assert _shows_block_markup(div, _children_html, holding) == bool(pattern.search(_children_html(div)))
    for child in div.iterchildren("span", "em", "i"):
        assert _shows_block_markup(child, _element_html, holding) == bool(pattern.search(_element_html(child)))


class _OwnSanitize(_TreeDocument):
    sanitize = Document.sanitize  # readability-lxml's own


# Each kind of block sanitize() judges: a short box, a link list, image and input-heavy
# blocks, a picture without text beside long text (kept) and alone (dropped), a comma-rich
# block, headers and call-to-action lines.
SANITIZED = """<html><body><div id="main">
<h2 class="share">Share this</h2><h2>The harbour at dawn</h2>
<p>For the first time in years, the harbour was quiet at dawn, and the boats stayed in, and the nets dried.</p>
<p>The ferry now leaves at six, and the quay is open at night; tickets are sold on board, in cash or by card.</p>
<div class="box"><p>Short box.</p></div>
<ul><li><a href="/a">One link</a></li><li><a href="/b">Another link</a></li></ul>
<div><img src="a.jpg"><img src="b.jpg"><img src="c.jpg"><p>Pictures.</p></div>
<div><input type="text"><input type="hidden"><input><p>A form-like block with a paragraph.</p></div>
<div></div>
<div><img src="kept.jpg"></div><p>{long}</p>
<table><tr><td>a, b, c, d, e, f, g, h, i, j, k, l, m, n: a list with many commas in one cell.</td></tr></table>
<p><a href="/subscribe">Subscribe to our newsletter</a></p>
<section><p>A section, then another paragraph of the article with enough words to count as one.</p></section>
<div><img src="dropped.jpg"></div>
</div></body></html>""".replace("{long}", "A long paragraph beside an image, read to the end. " * 25)


@pytest.mark.parametrize("page", [*SAMPLES, SANITIZED], ids=lambda page: page.name if isinstance(page, Path) else "sanitized")
def test_sanitize_matches_readability(page: Path | str) -> None:
    html = page.read_text(encoding="utf-8") if isinstance(page, Path) else page
    ours, theirs = _TreeDocument(parse_html(html)), _OwnSanitize(parse_html(html))
    ours.summary(html_partial=True)
    theirs.summary(html_partial=True)
    assert tostring(ours.article) == tostring(theirs.article)


def test_a_link_with_an_unlikely_class_word_keeps_its_words_in_the_sentence() -> None:
    # A study text's notes: links classed "popup" inside the story's sentences.
    import declutter

    story = "The lawyer tells the story of a scrivener who prefers not to work, at length and in detail. " * 4
    sentence = 'he turns to them for some reinforcement for his own <a href="javascript:void(0);" class="popup">faltering mind.</a>'
    html = f"<html><body><div><h1>Bartleby</h1><p>{story}</p><p>{sentence}</p><p>{story}</p></div></body></html>"
    text = " ".join(declutter.clean_html(html).text.split())
    assert "for his own faltering mind." in text


def test_a_heading_that_is_a_link_stays_in_the_story() -> None:
    # readability-lxml drops headings whose text is mostly a link; Readability.js keeps them.
    import declutter

    story = "The ferry leaves at six, and the quay stays open at night for the fishermen and their nets. " * 4
    html = (
        "<html><body><div><h1>Harbour notes</h1>"
        f"<h2><a href='#timetable'>The winter timetable</a></h2><p>{story}</p>"
        f"<h2><a href='https://example.org/quay'>The night quay</a></h2><p>{story}</p>"
        "</div></body></html>"
    )
    text = declutter.clean_html(html).text
    assert "The winter timetable" in text
    assert "The night quay" in text


SIBLINGS = """<html><body><div id="page">
<div id="story">{story}</div>
<p>As <a href="https://example.org/report">the harbour gazette</a> reports, the authority will pay for a temporary walkway on the northern side of the bridge.</p>
<p>A plain paragraph beside the story, long enough to be judged on its length alone, and so kept.</p>
<p><a href="https://example.org/more">More from the harbour</a> and the quay</p>
</div></body></html>""".replace(
    "{story}", "<p>The ferry leaves at six, and the quay stays open at night, for the fishermen, their nets and their boats.</p>" * 6
)


def test_a_sibling_paragraph_opening_with_a_link_is_judged_by_its_whole_text() -> None:
    # readability-lxml measures a sibling <p> of the top candidate by its text before its
    # first child element (here "As "); Readability.js, and declutter, by its whole text
    document = _TreeDocument(parse_html(SIBLINGS))
    document.summary(html_partial=True)
    text = document.article.text_content()
    assert "the authority will pay for a temporary walkway" in text
    assert "judged on its length alone" in text
    assert "More from the harbour" not in text  # short, with a link: left out by both
    own = Document(SIBLINGS)
    assert "the authority will pay" not in own.summary(html_partial=True)  # the deviation


def test_the_article_div_is_shaped_like_the_one_readability_parses() -> None:
    # readability-lxml gathers the article in fragment_fromstring("<div/>"): a <div> in a
    # <body> in an <html>, each on line 1; ours is made without the parser
    ours = _new_article_div(parse_html("<html><body><p>Text.</p></body></html>"))
    theirs = fragment_fromstring("<div/>")
    assert [(node.tag, node.sourceline, node.text, node.tail, dict(node.attrib)) for node in (ours, *ours.iterancestors())] == [
        (node.tag, node.sourceline, node.text, node.tail, dict(node.attrib)) for node in (theirs, *theirs.iterancestors())
    ]


class _OwnSemanticArticle(_TreeDocument):
    get_semantic_article_candidate = Document.get_semantic_article_candidate  # readability-lxml's own


# The best candidate in a <form>, an <aside>, a <nav> (each nested a level down too) or in
# none of them, beside an <article> holding a list of long items.
_ITEMS = "".join(f"<li>Item {n}, a long list item of the article, with words enough to count.</li>" for n in range(4))


@pytest.mark.parametrize("wrapper", ["form", "aside", "nav", "section"])
@pytest.mark.parametrize("nested", [False, True])
def test_semantic_article_candidate_matches_readability(wrapper: str, nested: bool) -> None:
    inner = "<div><p>{text}</p><p>{text}</p></div>".format(text="A paragraph of the box, long enough to count, with a comma, or two. " * 2)
    box = f"<{wrapper}><div>{inner}</div></{wrapper}>" if nested else f"<{wrapper}>{inner}</{wrapper}>"
    html = f"<html><body>{box}<article><ul>{_ITEMS}</ul></article></body></html>"
    ours, theirs = _TreeDocument(parse_html(html)), _OwnSemanticArticle(parse_html(html))
    ours.summary(html_partial=True)
    theirs.summary(html_partial=True)
    assert tostring(ours.article) == tostring(theirs.article)


def _whole_page_article(root: HtmlElement) -> HtmlElement | None:
    document = _TreeDocument(root)  # readability on a copy of the whole page, head and all
    try:
        document.summary(html_partial=True)
    except Unparseable:
        return None
    return document.article


_HEAD = "<head><title>A title, with commas, in it</title><meta name='x' content='y'><link rel='a' href='b'><script>var a = 1;</script></head>"
_STORY = "<p>" + "A sentence of the story, with a comma, and more words. " * 6 + "</p>"


@pytest.mark.parametrize(
    "body",
    [
        f"<body><div class='story'>{_STORY * 3}</div><div class='sidebar'><a href='/'>Home</a></div></body>",  # the head is not read
        f"<body>{_STORY * 3}<a href='/'>a link</a></body>",  # paragraphs under <body>: <html> is a candidate
        f"<body><div>{_STORY}</div><div>{_STORY}</div><div>{_STORY}</div></body>",  # <body> is the best
        "<body><p>Too short.</p></body>",  # no article
    ],
)
@pytest.mark.parametrize("paragraph_in_head", [False, True])
def test_the_article_is_the_one_read_from_a_copy_of_the_whole_page(body: str, paragraph_in_head: bool) -> None:
    # readability reads its copy of the page without an unread <head> where it reads nothing
    # of it, and asks again of the whole page where it may: the same article either way
    root = parse_html(f"<html>{_HEAD}\n{body}</html>")
    if paragraph_in_head:  # (the parser would move it into the body)
        SubElement(root[0], "p").text = "A paragraph in the head, with a comma, long enough to be scored."
    page = tostring(root)
    article = readability_article(root)
    assert tostring(root) == page  # the page is left as it was
    whole = _whole_page_article(root)
    assert (article is None) == (whole is None)
    if article is not None and whole is not None:
        assert tostring(article) == tostring(whole)
        assert [element.sourceline for element in article.iter()] == [element.sourceline for element in whole.iter()]
