"""The DOM filters' walks in C (core/cwalk/filters.pyx) against the Python walks
they sieve for or measure in their place: the same date stamps (threads._date_stamps),
short texts (sections.short_texts) and characters of text (patterns.unlinked_chars and
the like) and the same outermost candidates (patterns.select_outermost) either way, on the samples, on markup lxml builds (namespaces,
comments, entities, CDATA, characters beyond ASCII) and on generated pages; and what the
walk in C leaves out, the filters' tests leave out too. Where core/cwalk is not built
(an editable install), there is nothing to compare and the tests skip."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement

from declutter.core.dom import block_holders, text_content
from declutter.core.filters import Context, Removals, patterns, sections, threads
from generated_pages import nested_pages

try:
    from declutter.core.cwalk import filters as cwalk
except ImportError:
    cwalk = None  # type: ignore[assignment]

needs_c = pytest.mark.skipif(cwalk is None, reason="core/cwalk is not built here (an editable install)")



T = TypeVar("T")
SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.html"))
DATE_WORDS = threads._date_words(None)
ACCENTED, IDEOGRAPH, EMOJI = "\u00e9", "\u4e00", "\U0001f600"


def _stamps(root: HtmlElement) -> list[HtmlElement]:
    return threads._date_stamps(root, DATE_WORDS, block_holders)


def _labels(root: HtmlElement) -> list[tuple[HtmlElement, str, str]]:
    return sections.short_texts(root, block_holders)


def _with_and_without_c(module: ModuleType, name: str, run: Callable[[], T]) -> tuple[T, T]:
    """`run`'s answer with `module`'s walk in C `name`, then with its Python twin."""
    in_c = getattr(module, name)
    with_c = run()
    setattr(module, name, None)
    try:
        without = run()
    finally:
        setattr(module, name, in_c)
    return with_c, without


def _both_ways(find: Callable[[HtmlElement], T], root: HtmlElement) -> tuple[T, T]:
    """`find`'s answer with the short-text walk in C, then without it (every element tested in Python)."""
    return _with_and_without_c(sections, "_short_text_candidates_in_c", lambda: find(root))


def _measures(root: HtmlElement) -> list[tuple[int, int, int, int]]:
    """Each node's unlinked_chars (with and without a cache of links), unread_chars and
    readable_unlinked_chars, in page order (comments and PIs too: filters measure siblings)."""
    link_chars: dict[HtmlElement, int] = {}
    return [
        (patterns.unlinked_chars(node), patterns.unlinked_chars(node, link_chars), patterns.unread_chars(node), patterns.readable_unlinked_chars(node))
        for node in root.iter()
    ]


def _assert_alike(root: HtmlElement) -> None:
    for find in (_stamps, _labels):
        with_c, without = _both_ways(find, root)
        assert with_c == without  # the same elements (and texts), in the same order
    with_c, without = _with_and_without_c(patterns, "_text_measures_in_c", lambda: _measures(root))
    assert with_c == without


def _assert_texts_true(root: HtmlElement) -> None:
    """The texts the walk in C gives are dom.text_content's."""
    tags = tuple(sorted({element.tag for element in root.iter() if isinstance(element.tag, str)}))
    for element, text in sections.short_text_candidates(root, tags, block_holders, max_chars=10_000):
        assert text is None or text == text_content(element)


@needs_c
def test_stamps_and_labels_alike_on_the_samples() -> None:
    stamps = labels = 0
    for sample in SAMPLES:
        root = lxml.html.document_fromstring(sample.read_bytes())
        _assert_alike(root)
        _assert_texts_true(root)
        stamps += len(_stamps(root))
        labels += len(_labels(root))
    assert stamps > 5 and labels > 30  # the samples have stamps and labels to compare


@needs_c
def test_alike_on_pages_the_filters_pruned() -> None:
    # the walk in C tells a block holder by its children, the page as it is now; without
    # it, the Context's set found once and kept up to date as filters remove elements
    for sample in SAMPLES:
        root = lxml.html.document_fromstring(sample.read_bytes())
        context = Context(Removals())
        context.block_holders(root)
        for element in [e for e in root.iter("p", "div", "li", "ul", "section", "h2") if e.getparent() is not None][::3]:
            if element.getparent() is not None and element.getparent().getparent() is not None:
                context.removals.element("test", element, "test")
        holders = context.block_holders
        with_c, without = _both_ways(lambda page: threads._date_stamps(page, DATE_WORDS, holders), root)  # noqa: B023 - called at once
        assert with_c == without
        with_c, without = _both_ways(lambda page: sections.short_texts(page, holders), root)  # noqa: B023 - called at once
        assert with_c == without


@needs_c
def test_the_walk_in_c_leaves_out_what_the_tests_would() -> None:
    root = lxml.html.document_fromstring(
        "<html><body><div><p>Posted on May 3, 2021 at 7:12</p><p>No date in this line at all</p>"
        f"<p>{'A long paragraph of prose, 2021. ' * 20}</p><div><p>inner 2</p></div>"
        "<h2>Comments</h2><div>Leave a reply</div><div>   </div><span>Share</span></div></body></html>"
    )
    in_c = sections.short_text_candidates(root, threads._STAMP_TAGS, block_holders, max_chars=360, with_digit=True)
    # no digit, too long, a holder ("inner 2" again, in the <div> holding the <p>): left out
    assert [text for _, text in in_c] == ["Posted on May 3, 2021 at 7:12", "inner 2"]
    assert [text for _, text, _ in _labels(root)] == ["Posted on May 3, 2021 at 7:12", "No date in this line at all", "inner 2", "Comments", "Leave a reply", "Share"]
    _assert_alike(root)


@needs_c
def test_alike_at_the_limits() -> None:
    stamp = "7:12" + "x" * 116  # 120 characters, none a space
    label = "x" * 30 + "\x1c" * 31 + "y" * 29  # 60 characters once its run of spaces (to str.split) is one
    # and a label of 180 characters, most of them spaces
    root = lxml.html.document_fromstring(f"<html><body><div><p>{stamp}</p><p>{stamp}x</p><p>{'z' * 60}</p><p>{label}</p><p>a{' ' * 178}b</p></div></body></html>")
    _assert_alike(root)
    assert [text_content(element) for element in _stamps(root)] == [stamp]
    assert [text for _, text, _ in _labels(root)] == ["z" * 60, "x" * 30 + " " + "y" * 29, "a b"]


@needs_c
def test_alike_with_an_entity_holding_the_date() -> None:
    # an XML page whose entities are kept: their text is part of the element's, unread in C
    parser = etree.XMLParser(resolve_entities=False)
    root = etree.fromstring('<!DOCTYPE html [<!ENTITY d "May 3, 2021 7:12">]><html><body><div><p>Posted &d;</p><p>By Jane</p></div></body></html>', parser)
    _assert_alike(root)
    assert [text_content(element) for element in _stamps(root)] == ["Posted May 3, 2021 7:12"]
    assert patterns.unlinked_chars(root) == len("Posted May 3, 2021 7:12By Jane")


@needs_c
def test_measures_alike_with_links_in_links_scripts_and_namespaces() -> None:
    root = lxml.html.document_fromstring(
        "<html><head><style>p { color: red }</style></head><body><div>Text <a href='/x'>a link "
        "<b>bold</b></a> more<script>var x = '<a>not a link</a>';</script><noscript><a>in</a> noscript</noscript>"
        "<template><p>template <a>link</a></p></template><!-- a comment --><?pi an instruction?></div>"
        "<p>\u00e9t\u00e9 \u4e00 \U0001f600 <a>\u00e9</a></p></body></html>"
    )
    body = root.find("body")
    assert body is not None
    outer = etree.SubElement(body, "a")  # links in links, as only code makes them: each counts its text
    outer.text = "outer "
    etree.SubElement(outer, "a").text = "inner"
    etree.SubElement(etree.SubElement(outer, "script"), "a").text = "script link"
    etree.SubElement(body, "{http://example.com/ns}a").text = "no link"  # a namespaced <a> is no <a>
    etree.SubElement(body, "A").text = "nor this"
    etree.SubElement(etree.SubElement(body, "noscript"), "style").text = "css"  # counted for each it is in
    etree.SubElement(body, "p").text = etree.CDATA("cdata <text>")
    _assert_alike(root)
    assert patterns.unread_chars(body[-2]) == 2 * len("css")
    assert patterns.unlinked_chars(outer) == 0 and patterns.unread_chars(outer) == len("script link")
    assert patterns.unlinked_chars(body[-1]) == len("cdata <text>")


@needs_c
def test_alike_with_namespaces_entities_cdata_and_wide_characters() -> None:
    root = lxml.html.document_fromstring(
        "<html><body><div>"
        "<p>\u0663\u0660 \u0645\u0627\u0631\u0633 \u0662\u0660\u0662\u0664</p>"  # a date in Arabic-Indic figures
        "<p>\uff11\uff12:\uff13\uff14 posted</p>"  # full-width figures
        "<p>\u00e9t\u00e9 sans chiffre</p><p>\xa0\u2003\xa0</p><p>\x1c \x1f</p>"  # no digit; spaces only
        "<li>Antworten\xa0(3)</li><dt>12. M\u00e4rz 2008, 14:05 Uhr</dt>"
        f"<p>{ACCENTED * 200}</p><p>{IDEOGRAPH * 700} 2020</p>"  # over 60 characters; over the 2048 bytes made a string in C
        f"<span>{EMOJI * 50}</span><H2>Upper 2020</H2></div></body></html>"  # 50 characters, 200 bytes
    )
    body = root.find("body")
    assert body is not None
    etree.SubElement(body, "{http://example.com/ns}p").text = "3 May 2021, 9:15"  # a namespaced <p> is no <p>
    etree.SubElement(body, "P").text = "3 May 2021, 9:16"  # nor is a <P> made by code
    for block in ("{http://example.com/ns}div", "DIV"):  # nor do these make a block holder
        holder = etree.SubElement(body, "li")
        etree.SubElement(holder, block).text = "4 May 2021, 9:17"
    with_entity = etree.SubElement(body, "p")
    with_entity.text = "Posted "
    with_entity.append(etree.Entity("nbsp"))
    with_entity[-1].tail = "on May 4 2021 at 10:00"
    cdata = etree.SubElement(body, "p")
    cdata.text = etree.CDATA("May 5 2021, 8:00")
    with_comment = etree.SubElement(body, "div")
    with_comment.text = "Reply "
    with_comment.append(etree.Comment("12:00 01.02.2003"))
    with_comment.append(etree.ProcessingInstruction("pi", "9:00"))
    with_comment[-1].tail = "at 9:30"
    _assert_alike(root)
    _assert_texts_true(root)
    stamps = [text_content(stamp) for stamp in _stamps(root)]
    assert "\u0663\u0660 \u0645\u0627\u0631\u0633 \u0662\u0660\u0662\u0664" in stamps
    assert "May 5 2021, 8:00" in stamps and "Reply at 9:30" in stamps
    assert EMOJI * 50 in [text for _, text, _ in _labels(root)]


TEXTS = st.sampled_from(
    ["", " ", "\xa0", "Comments", "3 Comments", "Posted by Jane", "May 3, 2021", "7:12 PM", "12.03.2008", "Leave a Reply", "x" * 70, "2021 " * 30,
     "\u0662\u0660\u0662\u0664", "\u00e9t\u00e9", "Related stories", "\u4e00" * 50]
)
TAGS = st.sampled_from("div p span a li ul dt dd h2 h3 b strong time td tr table pre section label summary article".split())
PAGES = nested_pages(TAGS, TEXTS, depth=4)


@needs_c
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_alike_on_generated_pages(page: str) -> None:
    root = lxml.html.document_fromstring(page)
    _assert_alike(root)
    _assert_texts_true(root)


def _outermost_both_ways(root: HtmlElement, candidates: list[HtmlElement], selects: Callable[[HtmlElement], bool]) -> tuple[list[HtmlElement], list[HtmlElement]]:
    """select_outermost's elements with the test in C, then with its Python twin."""

    def outermost() -> list[HtmlElement]:
        return [element for element, _ in patterns.select_outermost(root, candidates, lambda element: "why" if selects(element) else None)]

    return _with_and_without_c(patterns, "_is_outermost_in_c", outermost)


@needs_c
def test_outermost_alike_on_the_samples() -> None:
    selected = 0
    for sample in SAMPLES:
        root = lxml.html.document_fromstring(sample.read_bytes())
        candidates = [element for element in root.iter() if isinstance(element.tag, str)]
        for selects in (lambda element: element.tag in ("div", "ul", "p"), lambda element: len(element) % 2 == 1):
            with_c, without = _outermost_both_ways(root, candidates, selects)
            assert with_c == without
            selected += len(with_c)
    assert selected > 50  # the samples have elements inside and outside those selected


@needs_c
def test_outermost_alike_for_removed_elements_and_the_root() -> None:
    root = lxml.html.document_fromstring("<html><body><div id='a'><p>one</p><div id='b'><p>two</p></div></div><p>three</p></body></html>")
    body = root.find("body")
    assert body is not None
    outer, inner, removed = root.get_element_by_id("a"), root.get_element_by_id("b"), body[-1]
    first, second = list(outer.iter("p"))
    body.remove(removed)  # an earlier filter took it out: no longer under the root
    candidates = [root, outer, first, inner, second, removed]
    with_c, without = _outermost_both_ways(root, candidates, lambda element: element is not root)
    assert with_c == without == [outer]
    # the root selected: what is under it is still outermost, as the Python test has it
    with_c, without = _outermost_both_ways(root, candidates, lambda element: element in (root, first, inner, second))
    assert with_c == without == [root, first, inner]
    # `root` is the top of the tree: under an element that is not, nothing is taken
    with_c, without = _outermost_both_ways(outer, [outer, first, inner, second, removed], lambda element: element is inner)
    assert with_c == without == []
