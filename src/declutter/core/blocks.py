"""Tree to blocks: the paragraphs, headings, list items, quotes, code and table rows of a node.

Text filters and the renderers work on this flat list, so text mode (a dump split into
paragraphs) and HTML mode share them. The walk is iterative (lxml's iterwalk).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree
from lxml.html import HtmlElement

from .dom import BLOCK_TAGS, HEADING_TAGS, tag_of

try:  # the walk in C where the core was compiled (core/cwalk)
    from .cwalk.content import block_runs as _block_runs_in_c
except ImportError:
    _block_runs_in_c = None  # type: ignore[assignment]

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
    """What an element the walk is inside passes on to the blocks in it."""

    kind: str  # the kind of a block flushed inside it
    depth: int  # lists open around and at it
    item: HtmlElement | None  # the innermost <li> open around and at it


_OUTSIDE = _Open("p", 0, None)  # the walk's start: no element open


def _open(tag: str, element: HtmlElement, parent: _Open) -> _Open:
    return _Open(
        _KIND_OF_TAG.get(tag, parent.kind),
        parent.depth + 1 if tag in _LIST_TAGS else parent.depth,
        element if tag == "li" else parent.item,
    )


# What a tag does in the walk, as bits: its subtree is skipped, it starts and ends a block,
# it is a line break, it changes what it passes on (kind, depth, item), a list item, a link.
_SKIPPED, _BLOCK, _BREAK, _OPENS, _ITEM, _LINK = 1, 2, 4, 8, 16, 32
_ROLES: dict[object, int] = {}  # by the tag as lxml gives it
for _tag in (*SKIPPED_TAGS, *BLOCK_TAGS, *_KIND_OF_TAG, *_LIST_TAGS, "br", "a"):
    _ROLES[_tag] = (
        (_SKIPPED if _tag in SKIPPED_TAGS else 0)
        | (_BLOCK if _tag in BLOCK_TAGS else 0)
        | (_BREAK if _tag == "br" else 0)
        | (_OPENS if _tag in _KIND_OF_TAG or _tag in _LIST_TAGS else 0)
        | (_ITEM if _tag == "li" else 0)
        | (_LINK if _tag == "a" else 0)
    )
# Inline tags that do none of that, listed so that the walk finds them without lowering their name.
_ROLES.update(dict.fromkeys("span b i em strong u s small big sup sub font img abbr cite code time label q mark tt".split(), 0))


def _role(tag: object) -> int:
    """The role bits of a tag not in _ROLES as it is written: another case, or no tag
    (a comment, a processing instruction: skipped)."""
    return _ROLES.get(tag.lower(), 0) if isinstance(tag, str) and tag else _SKIPPED


def _lines_text(raw: str) -> str:
    """The text of a block: each line's whitespace normalised (normalize_space), empty lines
    dropped. Most lines, stripped, are normalised already, which is told without splitting
    them into words: a printable string's only whitespace is the ASCII space. (Where the
    core was compiled, cwalk.block_runs does this in C.)"""
    lines = map(str.strip, raw.split("\n"))
    return "\n".join(filter(None, [line if line.isprintable() and "  " not in line else " ".join(line.split()) for line in lines]))


def _role_in_c(tag: str) -> tuple[int, str | None, bool]:
    """What cwalk.block_runs reads of an element's tag: its role bits, the block kind it
    gives (None: its parent's) and whether it is a list (as _open reads them)."""
    known = _ROLES.get(tag)
    role = known if known is not None else _role(tag)
    lowered = tag.lower()
    return role, _KIND_OF_TAG.get(lowered), lowered in _LIST_TAGS


def node_blocks(node: HtmlElement) -> list[Block]:
    """The blocks of `node` in document order."""
    if _block_runs_in_c is None:
        return _node_blocks(node)
    blocks: list[Block] = []
    for text, linked, kind, depth, ordinal, item_number, element in _block_runs_in_c(node, _role_in_c):
        line = element.sourceline if element is not None else None
        if kind == "li":
            blocks.append(Block(kind, text, ordinal, depth, line, linked, item_number, element))
        else:
            blocks.append(Block(kind, text, ordinal, 0, line, linked, 0, element))
    return blocks


def _node_blocks(node: HtmlElement) -> list[Block]:
    """node_blocks' walk in Python, the twin of cwalk.block_runs where the core is not compiled."""
    blocks: list[Block] = []
    parts: list[str] = []  # the text gathered for the next block
    link_chars = 0  # of the text gathered in parts
    in_link = 0
    opened: list[_Open] = [_OUTSIDE]  # one for each element open that changes what it passes on
    ordinals: dict[HtmlElement, int] = {}
    list_counters: dict[HtmlElement, int] = {}
    item_numbers: dict[HtmlElement, int] = {}  # a list item split into blocks (a <div> in it) is one item

    def end_block(element: HtmlElement | None) -> None:
        """The block of the text gathered, which ended inside `element` (the innermost
        element open); the whitespace between blocks, most of what ends, makes none."""
        nonlocal link_chars
        raw = "".join(parts)
        parts.clear()
        linked, link_chars = link_chars, 0
        if raw.isspace():
            return
        kind, depth, item = opened[-1]
        text = raw.strip("\n") if kind == "pre" else _lines_text(raw)
        if not text.strip():
            return
        ordinal = ordinals.get(item, 0) if item is not None else 0
        line = element.sourceline if element is not None else None
        item_number = item_numbers.get(item, 0) if item is not None and kind == "li" else 0
        blocks.append(Block(kind, text, ordinal, depth if kind == "li" else 0, line, linked, item_number, element))

    roles: list[int] = []  # of the elements open, from their start: an end event reads no tag
    walk = etree.iterwalk(node, events=("start", "end"))
    for event, element in walk:
        if event == "end":
            role = roles.pop()
            if role:  # most elements are inline: nothing to undo
                if role & _SKIPPED:
                    continue
                if role & _BLOCK and parts:
                    end_block(element)
                if role & _OPENS:
                    opened.pop()
                elif role & _LINK:
                    in_link -= 1
            if element is not node:
                tail = element.tail
                if tail:
                    parts.append(tail)
                    if in_link:
                        link_chars += len(tail.strip())
            continue
        tag = element.tag
        known = _ROLES.get(tag)
        role = known if known is not None else _role(tag)
        roles.append(role)
        if role:
            if role & _SKIPPED:
                walk.skip_subtree()  # no events inside; its end event comes next and is passed
                tail = element.tail
                if tail and element is not node:
                    parts.append(tail)  # (not counted as linked text)
                continue
            if role & _BLOCK:
                if parts:  # a block ends where another starts: inside the new one's parent
                    end_block(element.getparent())
            elif role & _BREAK:
                parts.append("\n")
            if role & _OPENS:
                opened.append(_open(tag_of(element), element, opened[-1]))
                if role & _ITEM:
                    item_numbers[element] = len(item_numbers) + 1
                    list_parent = element.getparent()
                    if list_parent is not None and tag_of(list_parent) == "ol":
                        list_counters[list_parent] = list_counters.get(list_parent, 0) + 1
                        ordinals[element] = list_counters[list_parent]
            elif role & _LINK:
                in_link += 1
        text = element.text
        if text:
            parts.append(text)
            if in_link:
                link_chars += len(text.strip())
    if parts:
        end_block(None)
    return blocks
