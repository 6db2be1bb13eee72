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


# A page with two runs of paragraphs: the story's and a shorter one in a sidebar, so the
# guard measures the page's text; and a page with one run, where it need not.
_TWO_RUNS = "<html><body><div class='story'><h1>The ferry</h1>{story}</div><div class='side'>{side}</div><div class='foot'><p>x</p></div></body></html>"
_PARAGRAPH = "<p>The council approved the new ferry route across the harbour after two years of debate.</p>"


def _plain_story_guard(root, holds_main=holds_main_content, headlines=frozenset(), story_headlines=()):
    """story_guard as its rule reads, the page's text measured first on every page."""
    from declutter.core.filters.patterns import _run_under_title, _with_ancestors, headline_box, paragraph_cores, readable_unlinked_chars

    limit = 0.3 * readable_unlinked_chars(root)
    cores = paragraph_cores(root)
    around_longest = _with_ancestors([*cores[:1], *_run_under_title(root, cores, headlines), *headline_box(root, story_headlines)])
    around_any = _with_ancestors(cores)
    return lambda e: e in around_longest or holds_main(e) or ((not cores or e in around_any) and readable_unlinked_chars(e) > limit)


@pytest.mark.parametrize(
    "page",
    [
        *SAMPLES,
        _TWO_RUNS.format(story=_PARAGRAPH * 6, side=_PARAGRAPH * 4),
        _TWO_RUNS.format(story=_PARAGRAPH * 6, side=""),
        _TWO_RUNS.format(story="", side=""),
    ],
    ids=lambda page: page.name if isinstance(page, Path) else None,
)
def test_the_story_guard_agrees_with_its_plain_rule_before_and_after_removals(page: Path | str) -> None:
    from declutter.core.filters.patterns import story_guard

    root = parse_html(page.read_text(encoding="utf-8") if isinstance(page, Path) else page)
    forms = frozenset(("the ferry",))
    holds, plain = story_guard(root, headlines=forms, story_headlines=(forms,)), _plain_story_guard(root, headlines=forms, story_headlines=(forms,))
    elements = list(root.iter())
    assert [holds(e) for e in elements] == [plain(e) for e in elements]
    for paragraph in list(root.iter("p"))[::3]:  # the filters ask it of the page they pruned
        paragraph.drop_tree()
    elements = list(root.iter())
    assert [holds(e) for e in elements] == [plain(e) for e in elements]


@pytest.mark.parametrize("page", [*SAMPLES, "<html><body><div id='w'><div id='only'><p>a</p></div><span>b</span></div><div><p>c</p><p>d</p></div></body></html>"], ids=lambda page: page.name if isinstance(page, Path) else None)
def test_the_contexts_block_holders_follow_removals(page: Path | str) -> None:
    # found once a page and kept up to date: an element whose last block child a filter
    # removed holds none any more (it may be a label or a date stamp then)
    from declutter.core.dom import block_holders
    from declutter.core.filters import Context, Removals

    root = parse_html(page.read_text(encoding="utf-8") if isinstance(page, Path) else page)
    context = Context(Removals())
    assert context.block_holders(root) == block_holders(root)
    for step in (5, 2):
        for element in [e for e in root.iter("p", "div", "li", "ul", "section") if e.getparent() is not None][::step]:
            if element.getparent() is not None and element.getparent().getparent() is not None:
                context.removals.element("test", element, "test")
        attached = list(root.iter())
        fresh = block_holders(root)
        assert [e in context.block_holders(root) for e in attached] == [e in fresh for e in attached]
        assert any(e in context.block_holders(root) for e in attached)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name)
def test_labels_are_the_short_texts_a_phrase_set_matches(sample: Path) -> None:
    # find_labels asks a phrase set only about short texts whose first word opens a phrase
    from declutter.core.dom import block_holders, parse_html
    from declutter.core.filters import Context, Removals
    from declutter.core.filters.sections import find_labels, short_texts
    from declutter.core.phrases import phrase_sets

    root = parse_html(sample.read_text(encoding="utf-8"))
    for section in ("comments", "related"):
        phrases = phrase_sets()[section]
        for teasers in (False, True):
            labels = [(label.element, label.text, label.phrase, label.exact) for label in find_labels(root, Context(Removals()), phrases, teasers)]
            expected = []
            for element, text, _first_word in short_texts(root, block_holders):
                if phrase := phrases.match(text):
                    expected.append((element, text, phrase, True))
                elif teasers and (phrase := phrases.opens(text)):
                    expected.append((element, text, phrase, False))
            assert labels == expected
