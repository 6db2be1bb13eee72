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


# An element holding this share of the page's unlinked text (measured once, before the
# filters prune) is the story or wraps it, whatever its class or heading says ("has-sidebar",
# "has-related-posts", "Latest News").
_STORY_SHARE = 0.3


def story_guard(root: HtmlElement) -> Callable[[HtmlElement], bool]:
    """A test for "this element holds the story", against the page as it is now."""
    limit = _STORY_SHARE * unlinked_chars(root)

    def holds_story(element: HtmlElement) -> bool:
        return holds_main_content(element) or unlinked_chars(element) > limit

    return holds_story
