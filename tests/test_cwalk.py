"""The walks in C (core/cwalk/candidates.pyx) against their Python twins: the same answers on the
samples, on markup lxml builds with namespaces, and on generated pages (Hypothesis). Where
the core was compiled, the walks in C must have been built too; where it was not (an
editable install), there is nothing to compare and the tests skip."""
from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement

from declutter._version import core_build
from declutter.core import blocks, byline, dates, dom, readability
from declutter.core.filters import patterns, sections
from declutter.core.filters.registry import plan_filters
from declutter.core.options import Options
from generated_pages import NO_TEXT, attribute_strings, nested_pages

try:
    from declutter.core.cwalk import candidates as cwalk
except ImportError:
    cwalk = None  # type: ignore[assignment]

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.html"))
FINDER = plan_filters(Options()).candidates


# Each walk in C, as the module that uses it binds it: (that module, the name, the module
# of core/cwalk, the function).
BINDINGS = [
    (patterns, "_file_candidates_in_c", "candidates", "file_candidates"),
    (patterns, "_text_measures_in_c", "filters", "text_measures"),
    (patterns, "_is_outermost_in_c", "filters", "is_outermost"),
    (sections, "_short_text_candidates_in_c", "filters", "short_text_candidates"),
    (byline, "_byline_candidates_in_c", "metadata", "byline_candidates"),
    (dates, "_date_candidates_in_c", "metadata", "date_candidates"),
    (blocks, "_block_runs_in_c", "content", "block_runs"),
    (dom, "_text_content_in_c", "content", "text_content"),
    (dom, "_with_class_or_id_in_c", "content", "with_class_or_id"),
    (readability, "_cleaned_length_in_c", "content", "cleaned_length"),
    (readability, "_links_length_in_c", "content", "links_length"),
    (readability, "_judged_by_class_id_in_c", "content", "judged_by_class_id"),
]


@pytest.mark.parametrize(("user", "name", "module", "function"), BINDINGS, ids=[f"{user.__name__}.{name}" for user, name, _, _ in BINDINGS])
def test_each_walk_in_c_is_built_where_the_core_is_compiled_and_used_where_built(user: ModuleType, name: str, module: str, function: str) -> None:
    try:
        built = importlib.import_module(f"declutter.core.cwalk.{module}")
    except ImportError:
        assert core_build() == "core as Python", f"declutter.core was compiled but core/cwalk/{module}.pyx was not"
        assert getattr(user, name) is None  # its Python twin runs
    else:
        assert getattr(user, name) is getattr(built, function)


needs_c = pytest.mark.skipif(cwalk is None, reason="core/cwalk is not built here (an editable install)")


def _found_both_ways(root: HtmlElement, max_name_chars: int | None = None) -> Iterator[dict[str, list[HtmlElement]] | str]:
    """FINDER.find's answer, by the walk in C and then by its Python twin (or the error)."""
    in_c = patterns._file_candidates_in_c
    for walk in (in_c, None):
        patterns._file_candidates_in_c = walk
        try:
            yield FINDER.find(root, max_name_chars)
        except patterns.LongClassName as error:
            yield f"LongClassName({error})"
        finally:
            patterns._file_candidates_in_c = in_c


def _assert_same_candidates(root: HtmlElement, max_name_chars: int | None = None) -> None:
    in_c, in_python = _found_both_ways(root, max_name_chars)
    assert in_c == in_python  # the same lists of the same elements, in the same order, or the same error


@needs_c
def test_candidates_alike_on_the_samples() -> None:
    candidates = 0
    for sample in SAMPLES:
        root = lxml.html.document_fromstring(sample.read_bytes())
        candidates += sum(map(len, FINDER.find(root).values()))
        _assert_same_candidates(root)
        _assert_same_candidates(root, max_name_chars=5)  # a class or id longer than that: both raise, or neither
    assert candidates > 30  # the samples have candidates to compare


@needs_c
def test_candidates_alike_with_namespaces_and_odd_attributes() -> None:
    root = lxml.html.document_fromstring('<html><body><div class="comments" id="c"><p role="note" style="x">Text</p><fb:like class="share"></fb:like></div></body></html>')
    body = root.find("body")
    assert body is not None
    etree.SubElement(body, "{http://example.com/ns}aside", {"class": "related", "{http://example.com/ns}id": "x"})
    etree.SubElement(body, "nav", {"{http://example.com/ns}class": "sidebar"})  # a class in a namespace is not the class
    body.append(etree.Comment("a comment"))
    body.append(etree.ProcessingInstruction("pi", "x"))
    _assert_same_candidates(root)
    assert [element.tag for element in FINDER.find(root)["related"]] == ["{http://example.com/ns}aside"]


@needs_c
def test_candidates_alike_when_elements_differ_by_one_marking_attribute() -> None:
    """Elements alike but for one attribute that marks a candidate are judged apart."""
    marking = sorted({name for rule in FINDER.rules.values() for name in rule.attributes})
    assert marking
    divs = "".join(f'<div class="box">a</div><div class="box" {name}="main">b</div><p {name}="main">c</p><p>d</p>' for name in marking)
    _assert_same_candidates(lxml.html.document_fromstring(f"<html><body>{divs}</body></html>"))


WORDS = st.sampled_from(["comments", "related", "share", "sidebar", "nav", "post", "byline", "widget", "", " ", "x" * 70, "Comment-List", "no-comments"])
TAGS = st.sampled_from("div p span a article main nav aside footer header section ul li h2 form figure figcaption iframe button fb:like".split())
ATTRIBUTE_NAMES = st.sampled_from(["class", "id", "role", "hidden", "style", "itemprop", "rel", "href", "CLASS", "xml:lang", "data-id"])
PAGES = nested_pages(TAGS, texts=st.just("text"), attributes=attribute_strings(ATTRIBUTE_NAMES, WORDS, words=2), tails=NO_TEXT)


@needs_c
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES, st.sampled_from([None, 40]))
def test_candidates_alike_on_generated_pages(page: str, max_name_chars: int | None) -> None:
    _assert_same_candidates(lxml.html.document_fromstring(page), max_name_chars)
