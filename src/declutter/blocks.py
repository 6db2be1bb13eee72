"""Tree to blocks: the paragraphs, headings, list items, quotes, code and table rows of a node.

Text filters and the renderers work on this flat list, so text mode (a dump split into
paragraphs) and HTML mode share them. The walk is iterative (lxml's iterwalk).
"""
from __future__ import annotations

from dataclasses import dataclass

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

    @property
    def link_density(self) -> float:
        return min(1.0, self.link_chars / len(self.text)) if self.text else 0.0


def _kind_of(stack: list[tuple[str, HtmlElement]]) -> str:
    for tag, _ in reversed(stack):
        if tag in HEADING_TAGS:
            return tag
        if tag == "pre":
            return "pre"
        if tag in ("li", "dd", "dt"):
            return "li"
        if tag == "blockquote":
            return "quote"
        if tag == "tr":
            return "row"
    return "p"


def node_blocks(node: HtmlElement) -> list[Block]:
    """The blocks of `node` in document order."""
    blocks: list[Block] = []
    parts: list[str] = []
    link_chars = 0  # of the text gathered in parts
    in_link = 0
    stack: list[tuple[str, HtmlElement]] = []
    skipping = 0
    ordinals: dict[HtmlElement, int] = {}

    def flush() -> None:
        nonlocal link_chars
        if not parts:
            return
        kind = _kind_of(stack)
        raw = "".join(parts)
        parts.clear()
        linked, link_chars = link_chars, 0
        text = raw.strip("\n") if kind == "pre" else "\n".join(filter(None, (normalize_space(line) for line in raw.split("\n"))))
        if not text.strip():
            return
        ordinal = depth = 0
        for tag, element in reversed(stack):
            if tag == "li":
                ordinal = ordinals.get(element, 0)
                break
        depth = sum(1 for tag, _ in stack if tag in ("ul", "ol")) if kind == "li" else 0
        blocks.append(Block(kind, text, ordinal, depth, stack[-1][1].sourceline if stack else None, linked))

    list_counters: dict[HtmlElement, int] = {}
    for event, element in etree.iterwalk(node, events=("start", "end")):
        tag = tag_of(element)
        if event == "start":
            if skipping or tag in SKIPPED_TAGS or not tag:
                skipping += 1
                continue
            if tag in BLOCK_TAGS:
                flush()
            elif tag == "br":
                parts.append("\n")
            elif tag in ("td", "th"):
                parts.append(" ")
            stack.append((tag, element))
            if tag == "li":
                parent = element.getparent()
                if parent is not None and tag_of(parent) == "ol":
                    list_counters[parent] = list_counters.get(parent, 0) + 1
                    ordinals[element] = list_counters[parent]
            if tag == "a":
                in_link += 1
            if element.text:
                parts.append(element.text)
                if in_link:
                    link_chars += len(element.text.strip())
        else:
            if skipping:
                skipping -= 1
                if not skipping and element.tail and element is not node:
                    parts.append(element.tail)
                continue
            if tag in BLOCK_TAGS:
                flush()
            if tag == "a":
                in_link -= 1
            stack.pop()
            if element.tail and element is not node:
                parts.append(element.tail)
                if in_link:
                    link_chars += len(element.tail.strip())
    flush()
    return blocks
