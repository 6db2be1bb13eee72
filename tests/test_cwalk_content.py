"""The content walks in C (core/cwalk/content.pyx) against their
Python twins: the same answers on the samples, on markup built by code (namespaces, tags in
capitals, comments, processing instructions, entities, CDATA) and on generated pages
(Hypothesis). Where core/cwalk is not built (an editable install), the tests skip."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement

from declutter.core import blocks, dom, readability
from generated_pages import nested_pages

try:
    from declutter.core.cwalk import content as cwalk
except ImportError:
    cwalk = None  # type: ignore[assignment]

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.html"))
NS = "{http://example.com/ns}"

needs_c = pytest.mark.skipif(cwalk is None, reason="core/cwalk is not built here (an editable install)")


def _both_ways(module: Any, name: str, call: Callable[[], Any]) -> Iterator[Any]:
    """call()'s answer with module.name the function in C, then None (its Python twin)."""
    in_c = getattr(module, name)
    assert in_c is not None
    for walk in (in_c, None):
        setattr(module, name, walk)
        try:
            yield call()
        finally:
            setattr(module, name, in_c)


def _fields(block: blocks.Block) -> tuple[object, ...]:
    # every field, the element by identity (Block's == leaves it out)
    return (block.kind, block.text, block.ordinal, block.depth, block.line, block.link_chars, block.item, block.element)


def _assert_same_blocks(node: HtmlElement) -> list[blocks.Block]:
    in_c, in_python = _both_ways(blocks, "_block_runs_in_c", lambda: blocks.node_blocks(node))
    assert list(map(_fields, in_c)) == list(map(_fields, in_python))
    return list(in_c)


def _subtrees(root: HtmlElement) -> Iterator[HtmlElement]:
    yield root
    yield from root.iter("body", "div", "article", "ul", "ol", "li", "p", "a", "pre", "table", "script")


@needs_c
def test_blocks_alike_on_the_samples() -> None:
    found = 0
    for sample in SAMPLES:
        root = lxml.html.document_fromstring(sample.read_bytes())
        for node in _subtrees(root):
            found += len(_assert_same_blocks(node))
    assert found > 1000  # the samples have blocks to compare


def _built_page() -> HtmlElement:
    root = lxml.html.document_fromstring(
        "<html><body><div>Intro <a href='#'>a\u3000link\xa0</a> text<br>after the break"
        "<ol><li>one<ol><li>one.one</li></ol></li><!-- note -->tail of a comment<li>two <a>linked <b>bold</b></a></li></ol>"
        "<pre>  code\n\n  more  </pre><script>var x;</script>script tail<p>  </p>\n\n"
        "<table><tr><td>cell</td><td>cell two</td></tr></table><?pi data?>pi tail</div></body></html>"
    )
    body = root.find("body")
    assert body is not None
    ordered = etree.SubElement(body, "OL")  # tags in capitals, only code makes
    item = etree.SubElement(ordered, "LI")
    item.text = "capital item"
    etree.SubElement(item, "Pre").text = "capital pre"
    spaced = etree.SubElement(body, NS + "ol")  # a namespaced "ol" is no <ol>
    etree.SubElement(spaced, "li").text = "in a namespaced list"
    etree.SubElement(spaced, NS + "li").text = "a namespaced item"
    etree.SubElement(body, NS + "p").text = "namespaced paragraph"
    link = etree.SubElement(body, "a")
    link.text = etree.CDATA("cdata in a link ")  # type: ignore[assignment]  # lxml takes CDATA as text
    entity = etree.Entity("amp")
    link.append(entity)
    entity.tail = " after an entity"
    heading = etree.SubElement(body, "h2")
    heading.text = "heading"
    heading.tail = "tail of the heading"
    etree.SubElement(body, "p").text = "caf\xe9 \u2014 \u65e5\u672c"
    return root


@needs_c
def test_blocks_alike_on_built_markup() -> None:
    root = _built_page()
    kinds = set()
    for node in _subtrees(root):
        kinds.update(block.kind for block in _assert_same_blocks(node))
    for node in root.iter():  # every subtree, comments and all: a skipped one gives no block
        if isinstance(node.tag, str):
            _assert_same_blocks(node)
    assert {"p", "li", "pre", "h2", "row"} <= kinds
    items = [block for block in blocks.node_blocks(root) if block.kind == "li"]
    assert [block.ordinal for block in items][:3] == [1, 1, 2]  # <ol>s counted, each its own
    assert any(block.link_chars for block in items)


@needs_c
def test_a_subtree_reads_no_tail_of_its_own() -> None:
    root = lxml.html.fromstring("<div><p>inside</p>outside</div>")
    paragraph = root.find("p")
    assert paragraph is not None
    assert [block.text for block in _assert_same_blocks(paragraph)] == ["inside"]


TEXTS = st.sampled_from(["", " ", "\n  \n", "word", "two  words", "a\tb", "\xa0nbsp\xa0", "\u3000ideographic", "caf\xe9", "line\nbreak", "x" * 80])
TAGS = st.sampled_from("div p span a b li ul ol pre br h2 blockquote tr td table script style dd dt section".split())
PAGES = nested_pages(TAGS, TEXTS, comments=True, depth=4)


@needs_c
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_blocks_alike_on_generated_pages(page: str) -> None:
    root = lxml.html.document_fromstring(page)
    for node in root.iter(etree.Element):
        _assert_same_blocks(node)


def _assert_same_text(node: HtmlElement) -> str:
    assert dom._text_content_in_c is not None
    in_c = dom._text_content_in_c(node)
    assert in_c == dom._text_content(node)
    return in_c


def test_text_content_is_the_walk_in_c_where_it_is_built() -> None:
    assert dom.text_content is (dom._text_content if cwalk is None else cwalk.text_content)


@needs_c
def test_text_alike_on_the_samples() -> None:
    chars = 0
    for sample in SAMPLES:
        root = lxml.html.document_fromstring(sample.read_bytes())
        for node in root.iter():
            chars += len(_assert_same_text(node))
    assert chars > 100_000


@needs_c
def test_text_alike_on_built_markup() -> None:
    root = _built_page()
    body = root.find("body")
    assert body is not None
    body.append(etree.Comment("a comment"))
    body.append(etree.ProcessingInstruction("pi", "data"))
    for node in root.iter():  # comments, entities and PIs too
        _assert_same_text(node)
    assert "after an entity" in _assert_same_text(root)  # an entity in the subtree: serialised
    assert "cdata in a link" in _assert_same_text(list(root.iter("a"))[-1])
    assert _assert_same_text(lxml.html.fromstring("<p></p>")) == ""
    assert _assert_same_text(lxml.html.fromstring("<p><b></b></p>")) == ""
    assert _assert_same_text(lxml.html.fromstring("<p>\u65e5<b>\xe9</b>z</p>")) == "\u65e5\xe9z"


@needs_c
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_text_alike_on_generated_pages(page: str) -> None:
    for node in lxml.html.document_fromstring(page).iter():
        _assert_same_text(node)


def _assert_same_class_ids(root: HtmlElement, tags: tuple[str, ...], with_root: bool) -> int:
    in_c, in_python = _both_ways(dom, "_with_class_or_id_in_c", lambda: dom.with_class_or_id(root, tags, with_root))
    assert in_c == in_python  # the same elements (lxml compares them by identity), classes and ids
    return len(in_c)


@needs_c
def test_class_ids_alike_on_the_samples() -> None:
    found = 0
    for sample in SAMPLES:
        root = lxml.html.document_fromstring(sample.read_bytes())
        for tags in ((), ("div", "section"), ("html",)):
            for node in (root, root.find("body")):
                assert node is not None
                found += _assert_same_class_ids(node, tags, True) + _assert_same_class_ids(node, tags, False)
    assert found > 1000


@needs_c
def test_class_ids_alike_on_built_markup() -> None:
    root = lxml.html.document_fromstring('<div class="" id="top"><section id="s"><p class="c">x</p><!-- c --></section></div>')
    body = root.find("body")
    assert body is not None
    etree.SubElement(body, NS + "div", {"class": "namespaced tag"})
    etree.SubElement(body, "DIV", {"class": "capitals"})
    etree.SubElement(body, "div", {NS + "class": "namespaced class", "data-x": "1"})
    etree.SubElement(body, "section", {NS + "id": "namespaced id", "id": "plain id"})
    body.append(etree.ProcessingInstruction("pi", "x"))
    for tags in ((), ("div", "section"), ("div",), ("DIV",)):
        for node in root.iter(etree.Element):
            _assert_same_class_ids(node, tags, True)
            _assert_same_class_ids(node, tags, False)
    # tags matched as written and without a namespace; a class or id in a namespace is none
    assert [found[1:] for found in dom.with_class_or_id(body, ("div", "section"))] == [("", "top"), (None, "s"), (None, "plain id")]


@needs_c
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES, st.sampled_from([(), ("div", "section"), ("li",)]), st.booleans())
def test_class_ids_alike_on_generated_pages(page: str, tags: tuple[str, ...], with_root: bool) -> None:
    root = lxml.html.document_fromstring(page.replace("<div>", '<div class="k">').replace("<li>", '<li id="i">'))
    for node in root.iter(etree.Element):
        _assert_same_class_ids(node, tags, with_root)


WHITESPACE_MIXES = st.text(alphabet=st.sampled_from(" \t\n\r\f\v\x1c\x85\xa0\u2028\u3000ab\xe9\u65e5"), max_size=40)


@needs_c
@settings(max_examples=1000, deadline=None)
@given(WHITESPACE_MIXES)
def test_cleaned_length_alike(text: str) -> None:
    assert readability._cleaned_length_in_c is not None
    assert readability._cleaned_length_in_c(text) == readability._cleaned_length(text)


@needs_c
def test_cleaned_length_alike_on_long_runs() -> None:
    assert readability._cleaned_length_in_c is not None
    for text in (" " * 300 + "a" + " \t" * 200 + "b", "a" + " " * 254 + "b", "a" + " " * 255 + "b", "a \t \t\tb", "a\t\t b", "a\xa0\xa0\xa0b"):
        assert readability._cleaned_length_in_c(text) == readability._cleaned_length(text)


def _links_length_in_python(root: HtmlElement) -> int:
    return sum(readability._cleaned_length(dom._text_content(link)) for link in root.iterdescendants("a"))


@needs_c
def test_links_length_alike_on_the_samples_and_built_markup() -> None:
    assert readability._links_length_in_c is not None
    total = 0
    roots = [lxml.html.document_fromstring(sample.read_bytes()) for sample in SAMPLES] + [_built_page()]
    roots[-1].find("body").append(etree.SubElement(etree.Element("div"), NS + "a"))  # type: ignore[union-attr]  # a namespaced <a> is no link
    for root in roots:
        for node in root.iter():
            length = readability._links_length_in_c(node)
            assert length == _links_length_in_python(node)
            total += length
    assert total > 10_000


@needs_c
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_links_length_alike_on_generated_pages(page: str) -> None:
    assert readability._links_length_in_c is not None
    for node in lxml.html.document_fromstring(page).iter(etree.Element):
        assert readability._links_length_in_c(node) == _links_length_in_python(node)


LINES = st.text(alphabet=st.sampled_from(" \t\n\r\f\v\x1c\x85\xa0\u2028\u3000\u200b\x00ab\xe9\u65e5\U0001f600"), max_size=40)


@needs_c
@settings(max_examples=1000, deadline=None)
@given(LINES)
def test_lines_text_alike(raw: str) -> None:
    assert cwalk is not None
    assert cwalk.lines_text(raw) == blocks._lines_text(raw)


def _assert_same_unlikely(root: HtmlElement) -> int:
    in_c, in_python = _both_ways(readability, "_judged_by_class_id_in_c", lambda: readability._unlikely_by_class_id(root))
    assert in_c == in_python  # the same elements, by identity, in the same order
    return len(in_c)


@needs_c
def test_unlikely_alike_on_the_samples_and_built_markup() -> None:
    found = 0
    built = lxml.html.document_fromstring('<div class="sidebar"><p id="comment-1" class="x">a</p><p class="article sidebar">b</p><span id="c">c</span></div>')
    body = built.find("body")
    assert body is not None
    etree.SubElement(body, "aside", {NS + "class": "sidebar"})  # a class in a namespace is none
    etree.SubElement(body, NS + "div", {"class": "sidebar"})
    body.append(etree.Comment("sidebar"))
    for root in [lxml.html.document_fromstring(sample.read_bytes()) for sample in SAMPLES] + [built]:
        for node in root.iter(etree.Element):
            found += _assert_same_unlikely(node)
    assert found > 100


@needs_c
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES, st.sampled_from(["sidebar", "comment", "article", "a", "footer share", "\u212aomment"]))
def test_unlikely_alike_on_generated_pages(page: str, word: str) -> None:
    root = lxml.html.document_fromstring(page.replace("<div>", f'<div class="{word}">').replace("<li>", f'<li id="{word}">'))
    for node in root.iter(etree.Element):
        _assert_same_unlikely(node)


@needs_c
def test_judged_strings_are_readabilitys_class_id_strings() -> None:
    assert cwalk is not None
    for sample in SAMPLES:
        root = lxml.html.document_fromstring(sample.read_bytes())
        judged: list[str] = []

        def judge(class_id: str, judged: list[str] = judged) -> bool:
            judged.append(class_id)
            return len(judged) % 2 == 0

        cwalk.judged_by_class_id(root, judge)
        assert judged == list(dict.fromkeys(class_id for _, class_id in readability._class_ids(root)))
