"""Class/id patterns and the guard that keeps a filter from removing the article itself."""
from __future__ import annotations

import re
from typing import Callable

from lxml.html import HtmlElement

from ..dom import tag_of


def class_pattern(bounded: str, anywhere: str = "") -> re.Pattern[str]:
    """A regex over "class id": `bounded` words must stand between -, _ or spaces;
    `anywhere` words may sit inside a longer name (camelCase, concatenations)."""
    parts = [rf"(?:^|[\s_-])(?:{bounded})(?:$|[\s_-])"]
    if anywhere:
        parts.append(f"(?:{anywhere})")
    return re.compile("|".join(parts))


def class_reason(element: HtmlElement) -> str:
    """The --explain reason of a class/id rule: the attribute that matched, shortened."""
    return f"class/id {(element.get('class') or element.get('id') or '').strip()[:40]!r}"


# The article's own containers, never removed by a class/id rule.
_CONTENT_MARKERS = ".//article|.//main|.//*[@itemprop='articleBody']|.//*[@role='main']"
PROTECTED_TAGS = frozenset(("html", "body", "article", "main"))


def holds_main_content(element: HtmlElement) -> bool:
    """True if `element` is or wraps the article's own container (so it must stay)."""
    if tag_of(element) in PROTECTED_TAGS or element.get("itemprop") == "articleBody" or element.get("role") == "main":
        return True
    return bool(element.xpath(_CONTENT_MARKERS))


def select_outermost(
    root: HtmlElement, candidates_xpath: str, reason_to_remove: Callable[[HtmlElement], str | None]
) -> list[tuple[HtmlElement, str]]:
    """The elements `reason_to_remove` names a reason for, outermost only. lxml's XPath picks
    the few candidates (in document order) so Python never walks every element."""
    selected: list[tuple[HtmlElement, str]] = []
    inside_selected: set[HtmlElement] = set()
    for element in root.xpath(candidates_xpath):
        if element in inside_selected:
            continue
        reason = reason_to_remove(element)
        if reason:
            selected.append((element, reason))
            inside_selected.update(element.iter())  # selected subtrees are small: boilerplate
    return selected


WITH_CLASS_OR_ID = "//*[@class or @id]"


def unlinked_chars(element: HtmlElement) -> int:
    """Characters of text outside links: how much reading matter an element holds."""
    total = len(element.text_content())
    linked = sum(len(link.text_content()) for link in element.iter("a"))
    return max(0, total - linked)


# Text no reader sees: inline scripts and JSON can outweigh the story on a page.
_UNREAD_TAGS = ("script", "style", "noscript", "template")


def readable_unlinked_chars(element: HtmlElement) -> int:
    """unlinked_chars without the text of scripts and styles: the share of the page a reader sees."""
    unread = sum(len(hidden.text_content()) for hidden in element.iter(*_UNREAD_TAGS))
    return max(0, unlinked_chars(element) - unread)


# An element that wraps the page's longest run of paragraphs holds the story, whatever its
# class or heading says ("has-sidebar", "sticky-sidebar-relative", "Latest News"). So does
# one holding this share of the page's readable unlinked text (measured once, before the
# filters prune) together with another of the story's runs of paragraphs (a story split by
# an ad or a "read more" expander): a long teaser list or comment thread holds much text
# too, but in short pieces.
_STORY_SHARE = 0.3
# Paragraph text under one parent below this is no article: then text share alone decides.
_MIN_CORE_CHARS = 250
# Each run of paragraphs holding this share of the longest run is the story's too.
_CORE_SHARE = 0.5


def paragraph_cores(root: HtmlElement) -> list[HtmlElement]:
    """The elements whose own <p> children hold the page's longest runs of unlinked text,
    longest first."""
    text_by_parent: dict[HtmlElement, int] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            text_by_parent[parent] = text_by_parent.get(parent, 0) + unlinked_chars(paragraph)
    longest = max(text_by_parent.values(), default=0)
    if longest < _MIN_CORE_CHARS:
        return []
    cores = [parent for parent, chars in text_by_parent.items() if chars >= _CORE_SHARE * longest]
    return sorted(cores, key=text_by_parent.__getitem__, reverse=True)


def _with_ancestors(elements: list[HtmlElement]) -> set[HtmlElement]:
    return {element for core in elements for element in (core, *core.iterancestors())}


def story_guard(root: HtmlElement) -> Callable[[HtmlElement], bool]:
    """A test for "this element holds the story", against the page as it is now."""
    limit = _STORY_SHARE * readable_unlinked_chars(root)
    cores = paragraph_cores(root)
    around_longest_run = _with_ancestors(cores[:1])
    around_any_run = _with_ancestors(cores)

    def holds_story(element: HtmlElement) -> bool:
        if element in around_longest_run or holds_main_content(element):
            return True
        if cores and element not in around_any_run:
            return False  # checked first: measuring text is the costly part
        return readable_unlinked_chars(element) > limit

    return holds_story
