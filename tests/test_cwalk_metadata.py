"""The metadata stage's walks in C (core/cwalk.pyx, by-lines and dates) against their
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

from declutter._version import core_build
from declutter.core import byline

try:
    from declutter.core import cwalk
except ImportError:
    cwalk = None  # type: ignore[assignment]

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.html"))
LANGUAGES = (None, ("en",), ("fr", "de"))

def test_the_byline_walk_in_c_is_used_where_built() -> None:
    if core_build() == "core compiled" or cwalk is not None:
        assert cwalk is not None, "declutter.core was compiled but core/cwalk.pyx was not"
        assert byline._byline_candidates_in_c is cwalk.byline_candidates
    else:
        assert byline._byline_candidates_in_c is None


needs_c = pytest.mark.skipif(cwalk is None, reason="core/cwalk.pyx is not built here (an editable install)")


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
ATTRIBUTES = st.sampled_from(['class="byline"', 'class="author-box"', 'id="Writer"', 'itemprop="author"', 'rel="author"', 'href="/author/x"', 'class="comments"', 'class="wrıter"', 'itemprop="name"', ""])


@st.composite
def _pages(draw: st.DrawFn) -> str:
    def element(depth: int) -> str:
        tag = draw(TAGS)
        inner = "".join(element(depth + 1) + draw(TEXTS) for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))))
        return f"<{tag} {draw(ATTRIBUTES)}>{draw(TEXTS)}{inner}</{tag}>"

    return "<html><body>" + "".join(element(0) + draw(TEXTS) for _ in range(draw(st.integers(1, 4)))) + "</body></html>"


@needs_c
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pages())
def test_bylines_alike_on_generated_pages(page: str) -> None:
    _assert_same_bylines(lxml.html.document_fromstring(page))
