"""The metadata stage's walks in C (core/cwalk/metadata.pyx) against their
Python twins: the same by-lines on the samples, on hand-made markup (namespaces, comments,
Unicode white space and case) and on generated pages (Hypothesis); and the C walk lets
through every element the by-line tests accept, in page order. Skipped where the walks
in C were not built (an editable install)."""
from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.etree import Element
from lxml.html import HtmlElement

from declutter.core import byline, dates
from generated_pages import NO_TEXT, attribute_strings, nested_pages

try:
    from declutter.core.cwalk import metadata as cwalk
except ImportError:
    cwalk = None  # type: ignore[assignment]

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.html"))
LANGUAGES = (None, ("en",), ("fr", "de"))

needs_c = pytest.mark.skipif(cwalk is None, reason="core/cwalk is not built here (an editable install)")


def _bylines_both_ways(root: HtmlElement, languages: tuple[str, ...] | None) -> tuple[list[byline.Byline], list[byline.Byline]]:
    in_c = byline._byline_candidates_in_c
    try:
        found_in_c = byline.visible_bylines(root, languages)
        byline._byline_candidates_in_c = None  # type: ignore[assignment]
        return found_in_c, byline.visible_bylines(root, languages)
    finally:
        byline._byline_candidates_in_c = in_c


def _assert_same_bylines(root: HtmlElement) -> int:
    """The same by-lines both ways, for each language setting, and the walk in C lets
    through every element the Python tests accept; returns how many by-lines were found."""
    found = 0
    top = root.find("body")
    top = top if top is not None else root
    order = {element: position for position, element in enumerate(top.iter(Element))}
    for languages in LANGUAGES:
        in_c, in_python = _bylines_both_ways(root, languages)
        assert in_c == in_python
        found += len(in_c)
        through = byline._byline_candidates_in_c(top, byline._tests_in_c(languages))
        assert [order[element] for element in through] == sorted(order[element] for element in through)  # page order, no repeats
        first_words, starts = byline._byword_first_words(languages), byline._byword_starts(languages)
        accepted = [element for element in top.iter(Element) if byline._may_be_byline(element, starts) and byline._candidate(element, first_words, starts, languages)]
        assert set(accepted) <= set(through), [(element.tag, element.text, element.tail) for element in accepted if element not in through]
    return found


@needs_c
def test_bylines_alike_on_the_samples() -> None:
    found = sum(_assert_same_bylines(lxml.html.document_fromstring(sample.read_bytes())) for sample in SAMPLES)
    assert found > 10  # the samples have by-lines to compare


HAND_MADE = [
    '<p class="byline">Jane Doe</p>',
    '<div id="Article-Author"><span itemprop="name">Jane Doe</span></div>',
    '<a rel="Author" href="/j">Jane Doe</a>',
    '<span itemprop="AUTHOR">Jane Doe</span>',
    '<div class="wrıter" data-role="author">Jane Doe</div>',  # a dotless i: re.I reads "writer"
    '<div class="WRİTER" title="Writer">Jane Doe</div>',
    '<img class="author" alt="Jane Doe"><p>By Jane Doe</p>',
    '<p><span>By</span> Jane Doe</p>',
    '<p>BY JANE DOE<br>Staff writer</p>',
    '<p>\u3000\xa0By Jane Doe</p>',  # Unicode white space before the by-word
    '<p>\u2003by:Jane Doe</p>',
    '<div><b>News</b><br>By <a href="/j">Jane Doe</a></div>',
    '<p>Written by Jane Doe</p>',
    '<p>Par Jean Dupont</p>',
    '<p>Von Hans Müller</p>',
    '<p>ΤΗΣ Μαρίας Παπαδοπούλου</p>',
    '<p>Από τον Γιώργο Παπαδόπουλο</p>',
    '<p>İsmail Yılmaz yazar</p>',
    '<p>Yazan: İsmail Yılmaz</p>',
    '<p>Автор: Иван Петров</p>',
    '<p>作者：王小明</p>',
    '<p>文/王小明</p>',
    '<p>a cura di Maria Rossi</p>',
    '<p>Écrit par Jean Dupont</p>',
    '<p>écrit par Jean Dupont</p>',
    '<p>Ⅰ By Jane Doe</p>',
    '<p>Byzantine art</p><p>Bylaws</p><p>About us</p><p>about Jane Doe</p>',
    '<script>By Jane Doe</script><button>By Jane Doe</button>',
    '<p>A portrait by <a>Jane Doe</a></p>',
    '<ul><li><a class="author">Jane Doe</a>, <a class="author">John Roe</a></li></ul>',
    '<figure><figcaption>By John Smith</figcaption></figure><div class="comments"><p>By Joe Bloggs</p></div>',
]


@needs_c
@pytest.mark.parametrize("markup", HAND_MADE)
def test_bylines_alike_on_hand_made_markup(markup: str) -> None:
    _assert_same_bylines(lxml.html.document_fromstring(f"<html><body>{markup}</body></html>"))


@needs_c
def test_bylines_alike_with_namespaces_comments_and_no_body() -> None:
    root = lxml.html.document_fromstring("<html><body><div><p>Intro</p></div></body></html>")
    body = root.find("body")
    assert body is not None
    etree.SubElement(body, "{http://example.com/ns}p").text = "By Jane Doe"  # a namespaced element: never a skipped tag
    etree.SubElement(body, "{http://example.com/ns}script").text = "By John Roe"
    etree.SubElement(body, "span", {"{http://example.com/ns}class": "byline"}).text = "Jo Moe"  # a class in a namespace: no mark
    body.append(etree.Comment("By Comment Writer"))
    body[-1].tail = "By Tail Name"  # a comment's tail: read by no element
    body.append(etree.ProcessingInstruction("pi", "By Pi"))
    assert _assert_same_bylines(root) > 0
    through = [element.tag for element in byline._byline_candidates_in_c(body, byline._tests_in_c(None))]
    assert through == ["{http://example.com/ns}p", "{http://example.com/ns}script"]  # no mark, no by-word, a skipped tag: left out
    fragment = lxml.html.fragment_fromstring("<div><p>By Jane Doe</p></div>")  # no <body>: the walk starts at the root
    assert _assert_same_bylines(fragment) > 0


TEXTS = st.sampled_from([
    "", " ", "\n  ", "By Jane Doe", "by", "BY", "Byzantine", "Written by John Roe", "Par Jean Dupont", "\xa0By Jo Moe",
    "ΤΗΣ Μαρίας", "ΑΣ", "İsmail", "作者：王小明", "文", "a", "about", "A", "News", "Story by Ann Lee", "Posted by Al Ray", "Ⅰ", "Σ",
])
TAGS = st.sampled_from("div p span a b li figure figcaption script button br section".split())
ATTRIBUTES = st.sampled_from([' class="byline"', ' class="author-box"', ' id="Writer"', ' itemprop="author"', ' rel="author"', ' href="/author/x"', ' class="comments"', ' class="wrıter"', ' itemprop="name"', ""])
PAGES = nested_pages(TAGS, TEXTS, ATTRIBUTES)


@needs_c
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_bylines_alike_on_generated_pages(page: str) -> None:
    _assert_same_bylines(lxml.html.document_fromstring(page))


def _date_candidates_both_ways(root: HtmlElement) -> tuple[list[HtmlElement], list[HtmlElement]]:
    in_c = dates._date_candidates_in_c
    try:
        found_in_c = dates._date_candidates(root)
        dates._date_candidates_in_c = None  # type: ignore[assignment]
        return found_in_c, dates._date_candidates(root)
    finally:
        dates._date_candidates_in_c = in_c


def _assert_same_date_candidates(root: HtmlElement) -> int:
    in_c, in_python = _date_candidates_both_ways(root)
    assert in_c == in_python  # the same elements, in the same order
    return len(in_c)


def test_the_date_cues_are_words_for_the_walk_in_c() -> None:
    assert [dates._spelled_out(cue) for cue in ("[Mm]eta", "fa-clock-o", "post_detail", "x[ab]y", "meta.*", "a|b", "\\d+")] == ["meta", "fa-clock-o", "post_detail", None, None, None, None]
    if cwalk is not None:
        assert dates._cues_in_c() is not None  # htmldate's cues are plain words: the walk in C runs


@needs_c
def test_date_candidates_alike_on_the_samples() -> None:
    found = sum(_assert_same_date_candidates(lxml.html.document_fromstring(sample.read_bytes())) for sample in SAMPLES)
    assert found > 10  # the samples have date-like elements to compare


DATED_MARKUP = [
    '<div class="post-date">1</div><span id="Datum">2</span><p itemprop="datePublished">3</p><li class="entry-meta">4</li>',
    '<div class="DATE">1</div><span id="META">2</span><p class="Posted">3</p><div class="post_DETAIL">4</div>',  # capitals: the cues are case-sensitive
    '<small>1</small><footer>2</footer><SMALL class="x">3</SMALL><aside class="date">4</aside><h1 class="date">5</h1>',
    '<div title="date" data-time="1">1</div><div id="x" class="author">2</div><div class="nav" id="Meta">3</div>',
    '<ul class="fa-calendar"><li class="fa-clock-o">1</li></ul><div class="fa_clock-o">2</div><div class="block_content">3</div>',
]


@needs_c
@pytest.mark.parametrize("markup", DATED_MARKUP)
def test_date_candidates_alike_on_hand_made_markup(markup: str) -> None:
    found = _assert_same_date_candidates(lxml.html.document_fromstring(f"<html><body>{markup}</body></html>"))
    assert found == 0 if "DATE" in markup else found > 0


@needs_c
def test_date_candidates_alike_with_namespaces() -> None:
    root = lxml.html.document_fromstring('<html><body><div class="date">1</div></body></html>')
    body = root.find("body")
    assert body is not None
    etree.SubElement(body, "{http://example.com/ns}small")  # a namespaced <small>: not htmldate's
    etree.SubElement(body, "{http://example.com/ns}div", {"class": "date"})
    etree.SubElement(body, "div", {"{http://example.com/ns}class": "date"})  # a class in a namespace is not the class
    etree.SubElement(body, "p", {"class": "date", "{http://example.com/ns}id": "x"})
    body.append(etree.Comment("date"))
    assert [element.tag for element in dates._date_candidates(root)] == ["div", "p"]
    _assert_same_date_candidates(root)
    assert _assert_same_date_candidates(body[0]) == 0  # the walk starts below the element it is given (a date's <div>)


DATE_VALUES = st.sampled_from(["date", "Date", "DATE", "datum", "updated", "meta", "Meta", "META", "time", "Timeline", "footer", "info", "post_detail", "fa-calendar", "nav", "", "x" * 40])
DATE_TAGS = st.sampled_from("div p span li ul h2 h3 h4 time small footer a section h1".split())
DATE_ATTRIBUTES = st.sampled_from(["class", "id", "itemprop", "title", "data-date"])
DATED_PAGES = nested_pages(DATE_TAGS, texts=st.just("2020-01-02"), attributes=attribute_strings(DATE_ATTRIBUTES, DATE_VALUES, words=2), tails=NO_TEXT)


@needs_c
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DATED_PAGES)
def test_date_candidates_alike_on_generated_pages(page: str) -> None:
    _assert_same_date_candidates(lxml.html.document_fromstring(page))


@needs_c
def test_byline_walk_with_by_words_of_one_ascii_letter() -> None:
    """A start of one letter ("x", in no phrase list today) lets through a text it opens
    when no letter follows, as _starts_like_byword says."""
    texts = ["x 1", "x", "X. Doe", "xy", "y x", " x-ray"]
    root = lxml.html.document_fromstring("<html><body>" + "".join(f"<p>{text}</p>" for text in texts) + "</body></html>")
    tests = cwalk.BylineTests(frozenset({"x"}), frozenset({"x"}), ())
    through = [element.text for element in cwalk.byline_candidates(root, tests) if element.tag == "p"]
    assert through == [text for text in texts if byline._starts_like_byword(text, frozenset({"x"}))] == ["x 1", "x", "X. Doe", " x-ray"]
