"""The tree: parse once with lxml, and the small helpers every stage shares.

Nothing here recurses in Python, so a page nested 100,000 levels deep costs no stack.
"""
from __future__ import annotations

import threading
from typing import Any, Callable

import lxml.html
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction

from .errors import ParseError
from .sanitise import Dropped, sanitised_utf8

# no_network: never load a DTD or entity from anywhere. huge_tree raises libxml2's nesting
# cap from 256 to 2048 levels: unclosed tags nest, and below the cap the parser drops the
# rest of the page without failing (parse_html turns that into an error).
_PARSER_OPTIONS: dict[str, Any] = dict(
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    collect_ids=False,
    default_doctype=False,
    huge_tree=True,
)
# Every element gets the one HtmlElement class, chosen in C: lxml.html's default lookup is a
# Python method (form and input elements get their own classes, which declutter never uses)
# called each time lxml wraps an element for Python, hundreds of thousands of times a page.
_ELEMENT_CLASSES = etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
)
_parsers = threading.local()  # one parser a thread: its error log is read after each parse


def _parser() -> lxml.html.HTMLParser:
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = lxml.html.HTMLParser(**_PARSER_OPTIONS)
        parser.set_element_class_lookup(_ELEMENT_CLASSES)
    return parser


# A block is an element whose text stands on its own lines when rendered.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead "
    "tfoot tr td th ul".split()
)
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_BLOCK_TAG_NAMES = tuple(sorted(BLOCK_TAGS))


def block_holders(root: HtmlElement) -> set[HtmlElement | None]:
    """The elements under `root` that have a block among their children (the others are
    innermost blocks or inline): one walk over the blocks, where asking each element about
    its children costs a Python loop over them."""
    return {element.getparent() for element in root.iter(*_BLOCK_TAG_NAMES)}


def parse_html(text: str, source: str | None = None, dropped: Dropped | None = None, utf8: bytes | None = None) -> HtmlElement:
    """Parse a decoded page into an lxml tree (the only parse of that page); characters
    that are not text are left out (and counted in `dropped`). `utf8`: the text's UTF-8,
    when the page's bytes were it (decode.decode_page)."""
    data = sanitised_utf8(text, Dropped() if dropped is None else dropped, utf8)
    parser = _parser()
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise ParseError(f"could not parse the page as HTML ({error})", source) from None
    if root is None:
        raise ParseError("could not parse the page as HTML", source)
    if any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log):
        raise ParseError("the page nests elements over 2048 levels deep: its text below that depth cannot be read", source)
    return root


# Deeper than this, a page's elements are no structure anyone designed (unclosed tags nest):
# stages that measure the text of each ancestor of an element cost depth x text, so the
# tree is cut here. No page of the dev corpora nests over 98 levels.
MAX_DEPTH = 128
_BELOW_MAX_DEPTH = etree.XPath("/".join(["*"] * MAX_DEPTH))  # the elements MAX_DEPTH levels below the root
# A noncharacter marks block boundaries while flattening: sanitised_utf8 left none in the tree.
_BOUNDARY = "\ufdd0"
_NO_TEXT_TAGS = ("script", "style", "template")


def flatten_deep_elements(root: HtmlElement) -> int:
    """Cut the tree at MAX_DEPTH levels: each element there keeps its tag, attributes and
    tail, and its subtree is replaced by its text, one <p> per block it held (links and
    inner structure go). Returns how many elements were cut (0 for any ordinary page)."""
    cut = _BELOW_MAX_DEPTH(root)
    for element in cut:
        for descendant in element.iterdescendants():
            if tag_of(descendant) in _NO_TEXT_TAGS:
                descendant.text = None
            elif tag_of(descendant) in BLOCK_TAGS or tag_of(descendant) == "br":
                descendant.text = _BOUNDARY + (descendant.text or "")
                descendant.tail = _BOUNDARY + (descendant.tail or "")
        text = etree.tostring(element, method="text", encoding="unicode", with_tail=False)
        for child in list(element):
            element.remove(child)
        element.text = None
        for paragraph_text in text.split(_BOUNDARY):
            if paragraph_text.strip():
                paragraph = etree.SubElement(element, "p")
                paragraph.text = paragraph_text
                paragraph.sourceline = element.sourceline
    return len(cut)


# A class or id past this length is no name anyone styles by (the longest in the dev
# corpora, the class list of a <body>, is 4,334 characters); every class pattern of every
# stage searches it, seconds for a class of megabytes. Longer ones are cut to it.
MAX_CLASS_CHARS = 20_000
# Selected as attributes: libxml2 then measures only class and id values, where a test on
# every element ("//*[string-length(@class) > N]") costs twice as much on every page.
_LONG_CLASS_OR_ID = etree.XPath(f"//@class[string-length() > {MAX_CLASS_CHARS}] | //@id[string-length() > {MAX_CLASS_CHARS}]")


def cut_long_class_names(root: HtmlElement) -> int:
    """Cut class and id attributes to MAX_CLASS_CHARS; returns how many elements had one longer."""
    elements = list(dict.fromkeys(value.getparent() for value in _LONG_CLASS_OR_ID(root)))
    for element in elements:
        for name in ("class", "id"):
            value = element.get(name)
            if value is not None and len(value) > MAX_CLASS_CHARS:
                element.set(name, value[:MAX_CLASS_CHARS])
    return len(elements)


def normalize_space(text: str | None) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    # str.split() splits where the regex \s+ matches (both use str.isspace), ten times faster
    return " ".join(text.split()) if text else ""


def _text_content(element: HtmlElement) -> str:
    """The text of an element and its descendants: what lxml.html's text_content() returns,
    at about 60% of its cost. text_content() goes through an XPath call and builds a
    "smart" string (a str that keeps its element alive); serialising the element as text
    gives the same characters as a plain str. The stages measure text this way hundreds of
    thousands of times a corpus. An element without children (a link, a script, most short
    lines) is not serialised: its text is all there is."""
    if not len(element):
        return element.text or ""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


try:  # where the core was compiled, the same text gathered in C (core/cwalk), a third cheaper
    from .cwalk.content import text_content as _text_content_in_c
except ImportError:
    _text_content_in_c = None  # type: ignore[assignment]

# _text_content, or its twin in C
text_content: Callable[[HtmlElement], str] = _text_content if _text_content_in_c is None else _text_content_in_c


try:
    from .cwalk.content import with_class_or_id as _with_class_or_id_in_c
except ImportError:
    _with_class_or_id_in_c = None  # type: ignore[assignment]


def with_class_or_id(root: HtmlElement, tags: tuple[str, ...] = (), with_root: bool = True) -> list[tuple[HtmlElement, str | None, str | None]]:
    """The elements of `root`'s subtree (`root` too if `with_root`) that have a class or an
    id, in document order, each as (element, class, id), None for an absent one; only those
    with one of `tags` (as iter(*tags) matches them), if any. Walked in C where built."""
    if _with_class_or_id_in_c is not None:
        return _with_class_or_id_in_c(root, tuple(tag.encode() for tag in tags), with_root)
    found = []
    for element in root.iter(*tags) if tags else root.iter(etree.Element):
        if element is root and not with_root:
            continue
        class_name = element.get("class")
        ident = element.get("id")
        if class_name is not None or ident is not None:
            found.append((element, class_name, ident))
    return found


def text_of(element: HtmlElement) -> str:
    """The whitespace-normalised text of an element and its descendants."""
    return normalize_space(text_content(element))


def tag_of(element: HtmlElement) -> str:
    """The tag name, or '' for comments and processing instructions."""
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def class_and_id(element: HtmlElement) -> str:
    """The class and id attributes of an element, lower-cased, for pattern matching."""
    return joined_class_and_id(element.get("class"), element.get("id"))


def joined_class_and_id(class_name: str | None, ident: str | None) -> str:
    """class_and_id of an element whose class and id attributes are these (None: absent)."""
    return f"{class_name or ''} {ident or ''}".lower()


def remove(element: HtmlElement) -> None:
    """Remove an element and its subtree but keep the text that follows it (its tail)."""
    if element.getparent() is not None:
        element.drop_tree()
