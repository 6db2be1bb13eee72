"""Tree to blocks: the paragraphs, headings, list items, quotes, code and table rows of a node.

Text filters and the renderers work on this flat list, so text mode (a dump split into
paragraphs) and HTML mode share them. The walk is iterative (lxml's iterwalk).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree
from lxml.html import HtmlElement

from .dom import BLOCK_TAGS, HEADING_TAGS, normalize_space, tag_of

# Tags whose content is never text a reader sees.
SKIPPED_TAGS = frozenset("script style noscript template svg head title button select option textarea iframe object embed canvas".split())


@dataclass
class Block:
    """One unit of rendered text. `kind` is p, h1..h6, li, quote, pre or row."""

    kind: str
    text: str
    ordinal: int = 0  # position in an ordered list (1-based), 0 otherwise
    depth: int = 0  # list nesting depth
    line: int | None = None  # source line where the block starts
    link_chars: int = 0  # characters of the text that sit inside links
    item: int = 0  # the list item holding the block (numbered in page order), 0 for none
    # the element open when the block ended (site templates read where a block sits)
    element: HtmlElement | None = field(default=None, repr=False, compare=False)

    @property
    def link_density(self) -> float:
        return min(1.0, self.link_chars / len(self.text)) if self.text else 0.0


# The block kind an element gives the text inside it; other tags pass their parent's on.
_KIND_OF_TAG = {**{tag: tag for tag in HEADING_TAGS}, "pre": "pre", "li": "li", "dd": "li", "dt": "li", "blockquote": "quote", "tr": "row"}
_LIST_TAGS = ("ul", "ol")


class _Open(NamedTuple):
    """An element the walk is inside, with what it passes on to the blocks in it."""

    element: HtmlElement
    kind: str  # the kind of a block flushed inside it
    depth: int  # lists open around and at it
    item: HtmlElement | None  # the innermost <li> open around and at it


_OUTSIDE = _Open(None, "p", 0, None)  # type: ignore[arg-type]  # the walk's start: no element open


# The tags whose element changes what it passes on to the blocks in it.
_OPENS_SOMETHING = frozenset((*_KIND_OF_TAG, *_LIST_TAGS, "li"))


def _open(tag: str, element: HtmlElement, parent: _Open) -> _Open:
    return _Open(
        element,
        _KIND_OF_TAG.get(tag, parent.kind),
        parent.depth + 1 if tag in _LIST_TAGS else parent.depth,
        element if tag == "li" else parent.item,
    )


# Whitespace but line breaks; then the breaks with the spaces around them and the empty lines.
_SPACES_IN_LINE = re.compile(r"[^\S\n]+")
_LINE_BREAKS = re.compile(r"[ \n]*\n[ \n]*")


def _lines_text(raw: str) -> str:
    """The text of a block: each line's whitespace normalised, empty lines dropped (as
    "\\n".join of the non-empty normalize_space(line) would, in two regex passes)."""
    if "\n" not in raw:
        return normalize_space(raw)
    return _LINE_BREAKS.sub("\n", _SPACES_IN_LINE.sub(" ", raw)).strip()


def node_blocks(node: HtmlElement) -> list[Block]:
    """The blocks of `node` in document order."""
    blocks: list[Block] = []
    parts: list[str] = []
    link_chars = 0  # of the text gathered in parts
    in_link = 0
    stack: list[_Open] = [_OUTSIDE]
    skipping = 0
    ordinals: dict[HtmlElement, int] = {}

    def flush() -> None:
        nonlocal link_chars
        inner = stack[-1]
        kind = inner.kind
        raw = "".join(parts)
        parts.clear()
        linked, link_chars = link_chars, 0
        if raw.isspace():
            return  # the whitespace between blocks, most of what is flushed: no text to normalise
        text = raw.strip("\n") if kind == "pre" else _lines_text(raw)
        if not text.strip():
            return
        ordinal = ordinals.get(inner.item, 0) if inner.item is not None else 0
        depth = inner.depth if kind == "li" else 0
        line = inner.element.sourceline if inner.element is not None else None
        item = item_numbers.get(inner.item, 0) if inner.item is not None and kind == "li" else 0
        blocks.append(Block(kind, text, ordinal, depth, line, linked, item, inner.element))

    list_counters: dict[HtmlElement, int] = {}
    item_numbers: dict[HtmlElement, int] = {}  # a list item split into blocks (a <div> in it) is one item
    # (the checks "parts" before each flush() below save a call where nothing was gathered)
    for event, element in etree.iterwalk(node, events=("start", "end")):
        tag = element.tag
        tag = tag.lower() if isinstance(tag, str) else ""
        if event == "start":
            if skipping or tag in SKIPPED_TAGS or not tag:
                skipping += 1
                continue
            if tag in BLOCK_TAGS:
                if parts:
                    flush()
            elif tag == "br":
                parts.append("\n")
            elif tag in ("td", "th"):
                parts.append(" ")
            parent = stack[-1]
            if tag in _OPENS_SOMETHING:
                stack.append(_open(tag, element, parent))
            else:  # an element that passes its parent's kind, depth and item on
                stack.append(_Open(element, parent.kind, parent.depth, parent.item))
            if tag == "li":
                item_numbers[element] = len(item_numbers) + 1
                list_parent = element.getparent()
                if list_parent is not None and tag_of(list_parent) == "ol":
                    list_counters[list_parent] = list_counters.get(list_parent, 0) + 1
                    ordinals[element] = list_counters[list_parent]
            elif tag == "a":
                in_link += 1
            text = element.text
            if text:
                parts.append(text)
                if in_link:
                    link_chars += len(text.strip())
        else:
            if skipping:
                skipping -= 1
                if not skipping and element.tail and element is not node:
                    parts.append(element.tail)
                continue
            if tag in BLOCK_TAGS and parts:
                flush()
            if tag == "a":
                in_link -= 1
            stack.pop()
            tail = element.tail
            if tail and element is not node:
                parts.append(tail)
                if in_link:
                    link_chars += len(tail.strip())
    if parts:
        flush()
    return blocks
