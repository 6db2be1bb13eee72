"""The shared filter helpers: the page-wide fast paths agree with the plain tests they replace."""
from __future__ import annotations

from pathlib import Path

import pytest

from declutter.core.dom import parse_html
from declutter.core.filters.patterns import CONTENT_MARKERS, find_candidates, holds_main_content, main_content_guard

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.html"))

PAGE = """<html><body>
<div id="wrap"><div class="layout">
  <div class="a"><div itemprop="articleBody"><p>The story.</p></div></div>
  <div class="b"><section role="main"><p>More.</p></section></div>
  <div class="c"><article><p>A teaser.</p></article></div>
  <div class="d"><main><p>Main.</p></main></div>
  <div class="e"><p>Nothing marked here.</p><span itemprop="author">Jo</span></div>
</div></div>
<aside><nav><a href="/">Home</a></nav></aside>
</body></html>"""


def _guard(root):
    return main_content_guard(find_candidates(root, {"markers": CONTENT_MARKERS})["markers"])


def test_the_page_guard_agrees_with_holds_main_content_on_every_element() -> None:
    root = parse_html(PAGE)
    holds = _guard(root)
    elements = list(root.iter())
    assert [holds(e) for e in elements] == [holds_main_content(e) for e in elements]
    assert any(holds(e) for e in elements) and not all(holds(e) for e in elements)


@pytest.mark.parametrize("removed", [".//*[@itemprop='articleBody']", ".//*[@role='main']", ".//article", ".//main", ".//*[@class='a']"])
def test_the_page_guard_follows_removals(removed: str) -> None:
    # the filters prune the tree between the guard's making and its questions: a wrapper
    # whose marker went no longer holds main content
    root = parse_html(PAGE)
    holds = _guard(root)
    root.xpath(removed)[0].drop_tree()
    elements = list(root.iter())
    assert [holds(e) for e in elements] == [holds_main_content(e) for e in elements]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name)
def test_the_page_guard_agrees_on_the_samples(sample: Path) -> None:
    root = parse_html(sample.read_text(encoding="utf-8"))
    holds = _guard(root)
    elements = list(root.iter())
    assert [holds(e) for e in elements] == [holds_main_content(e) for e in elements]


def test_an_anywhere_word_with_an_optional_last_letter_is_guarded_against_state_prefixes() -> None:
    from declutter.core.filters.patterns import class_pattern

    pattern = class_pattern("caption", "legends?")
    assert pattern.search("gallery-legend") and pattern.search("photolegends")
    assert not pattern.search("no-legend") and not pattern.search("has_legends")


def test_the_candidates_walk_refuses_a_class_or_id_over_its_limit() -> None:
    from declutter.core.filters.patterns import CandidateFinder, LongClassName

    finder = CandidateFinder({"markers": CONTENT_MARKERS})
    for attribute in ("class", "id"):
        with pytest.raises(LongClassName):
            finder.find(parse_html(f'<html><body><p>x</p><div {attribute}="{"x" * 101}">y</div></body></html>'), 100)
        at_limit = parse_html(f'<html><body><main {attribute}="{"x" * 100}">y</main></body></html>')
        assert [e.tag for e in finder.find(at_limit, 100)["markers"]] == ["main"]
