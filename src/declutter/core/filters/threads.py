"""Comment threads and lists of other stories found by their shape, under any class name and
in any language: a run of three or more sibling blocks of one shape (tag and first class
name), each with a date stamp of its own on a short line and words beside it. A story is
one run of prose in one voice; a thread is many short pieces, each signed and dated."""
from __future__ import annotations

import re
from typing import Callable

from lxml.html import HtmlElement

from ..dom import BLOCK_TAGS, tag_of, text_content
from ..phrases import phrase_sets
from . import Context
from .patterns import unlinked_chars
from .sections import is_attached

NAME = "comments"

# A date stamp is a short line: "Posted by: Jane at November 8, 2012 7:12 AM", "12.03.2008".
_MAX_STAMP_CHARS = 120
_TIME = re.compile(r"(?<![\d.,:])\d{1,2}:\d{2}(?![\d.,:]\d)")
_NUMERIC_DATE = re.compile(r"(?<![\d.])(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})(?![\d])")
_WORD = re.compile(r"[^\W_]+")
_MIN_DATE_WORD_CHARS = 3  # "at", "on", "am" join a date; they name no month or day
_MIN_RUN = 3
# An item has words of its own beside its stamp: a reader's reply, a story's summary.
_MIN_OWN_CHARS = 30
# Items are containers: a paragraph or a heading is a piece of text, never a reader's post.
# A table's rows are its data (dates of events, of matches), not posts.
_ITEM_TAGS = frozenset(("div", "li", "article", "section", "dl", "dd", "blockquote", "ul", "ol", "aside"))
# How far above a stamp its item may be: a stamp sits near the top of its post.
_MAX_ITEM_DEPTH = 6


def _is_dated(text: str, date_words: frozenset[str]) -> bool:
    """A time of day, a date in figures, or a month or day name beside a number."""
    if _TIME.search(text) or _NUMERIC_DATE.search(text):
        return True
    words = _WORD.findall(text.lower())
    for index, word in enumerate(words):
        if len(word) >= _MIN_DATE_WORD_CHARS and word in date_words:
            around = words[max(0, index - 1) : index] + words[index + 1 : index + 2]
            if any(neighbour[0].isdigit() for neighbour in around):
                return True
    return False


# A block of code prints dates of its own (a log, a commit); a table cell is data.
_STAMP_TAGS = tuple(sorted(BLOCK_TAGS - {"pre", "table", "tbody", "thead", "tfoot", "tr"}))


def _date_stamps(root: HtmlElement, date_words: frozenset[str]) -> list[HtmlElement]:
    """The innermost blocks whose text is a short dated line (and <time> elements)."""
    stamps = list(root.iter("time"))
    for element in root.iter(*_STAMP_TAGS):
        if any(tag_of(child) in BLOCK_TAGS for child in element):
            continue  # not innermost: its blocks are looked at themselves
        raw = text_content(element)
        if len(raw) > 3 * _MAX_STAMP_CHARS:
            continue
        text = " ".join(raw.split())
        if text and len(text) <= _MAX_STAMP_CHARS and _is_dated(text, date_words):
            stamps.append(element)
    return stamps


def _shape(element: HtmlElement) -> tuple[str, str]:
    """Tag and first class name, figures left out: "comment depth-1" and "comment depth-2",
    "post-17" and "post-18" are one shape."""
    names = (element.get("class") or "").split()
    return tag_of(element), "".join(char for char in names[0] if not char.isdigit()) if names else ""


def _runs(stamps: list[HtmlElement]) -> list[list[HtmlElement]]:
    """Runs of three or more siblings of one shape each holding a stamp, outermost first."""
    stamped: set[HtmlElement] = set()  # the elements a stamp is in, up to where a post may start
    for stamp in stamps:
        for depth, ancestor in enumerate(stamp.iterancestors()):
            if depth >= _MAX_ITEM_DEPTH or tag_of(ancestor) in ("body", "html"):
                break
            stamped.add(ancestor)
    items = {element for element in stamped if tag_of(element) in _ITEM_TAGS}
    runs = []
    for parent in {item.getparent() for item in items}:
        run: list[HtmlElement] = []
        for child in [*parent, None]:
            if child is not None and not isinstance(child.tag, str):
                continue
            if child in items and (not run or _shape(child) == _shape(run[0])):
                run.append(child)
                continue
            if child is not None and child not in stamped and not _has_text(child):
                continue  # a rule, an anchor, an empty spacer between the posts
            if len(run) >= _MIN_RUN:
                runs.append(run)
            run = [child] if child in items else []
    return sorted(runs, key=lambda found: sum(1 for _ in found[0].iterancestors()))


def _has_text(element: HtmlElement) -> bool:
    return any(text.strip() for text in element.itertext())


def _has_own_words(item: HtmlElement, stamps: set[HtmlElement]) -> bool:
    stamp_chars = sum(len(text_content(element)) for element in item.iter() if element in stamps)
    return unlinked_chars(item) - stamp_chars >= _MIN_OWN_CHARS


# A thread follows the story: this much prose comes before it. A forum's thread, a blog's
# index, a live blog are the page's text from their first post on: nothing comes before.
_MIN_PROSE_BEFORE = 150


def _prose_before(root: HtmlElement, first: HtmlElement) -> int:
    """Characters of unlinked paragraph text before `first` in the page."""
    chars = 0
    for element in root.iter():
        if element is first:
            break
        if element.tag == "p":
            chars += unlinked_chars(element)
    return chars


def _is_the_article(item: HtmlElement, holds_main: Callable[[HtmlElement], bool]) -> bool:
    """The item is (or wraps) the article's own container. Blog platforms mark each comment
    up as an <article> too: only one with the headline or the article body is the story."""
    if tag_of(item) == "article":
        return bool(item.xpath(".//h1|.//*[@itemprop='articleBody']"))
    return holds_main(item)


def _stamped_apart(run: list[HtmlElement], stamps: set[HtmlElement]) -> bool:
    """The items' stamps differ: posts written at different times, not entries that print
    one date each (a glossary's "last edited" date)."""
    texts = {" ".join(text_content(element).split()) for item in run for element in item.iter() if element in stamps}
    return len(texts) > 1


def dated_runs(
    root: HtmlElement, languages: tuple[str, ...] | None, holds_main: Callable[[HtmlElement], bool], holds_story: Callable[[HtmlElement], bool]
) -> list[list[HtmlElement]]:
    """The runs of dated sibling posts on the page that follow its story."""
    date_words = frozenset(word for word in phrase_sets(languages)["dates"].by_first_word if len(word) >= _MIN_DATE_WORD_CHARS)
    stamps = _date_stamps(root, date_words)
    if len(stamps) < _MIN_RUN:
        return []
    stamp_set = set(stamps)
    found: list[list[HtmlElement]] = []
    taken: set[HtmlElement] = set()
    for run in _runs(stamps):
        if any(ancestor in taken for ancestor in run[0].iterancestors()):
            continue  # inside a run found already
        if any(_is_the_article(item, holds_main) for item in run) or sum(_has_own_words(item, stamp_set) for item in run) < _MIN_RUN:
            continue
        if holds_story(run[0]) or not _stamped_apart(run, stamp_set) or _prose_before(root, run[0]) < _MIN_PROSE_BEFORE:
            continue  # the story's post first, then others: a forum's thread, a blog's page
        found.append(run)
        taken.update(run)
    return found


def remove_dated_runs(root: HtmlElement, context: Context) -> None:
    """Remove runs of similar dated posts: reader comments, a list of other stories."""
    for run in dated_runs(root, context.languages, context.main_content_guard(), context.story_guard(root)):
        reason = f"run of {len(run)} similar dated blocks (comment thread or story list)"
        for item in run:
            if is_attached(item, root):
                context.removals.element(NAME, item, reason)
