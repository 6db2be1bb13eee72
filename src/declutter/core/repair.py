"""Parser repair: a raw-text element left unclosed (`<title>`, `<textarea>`, `<style>`,
`<script>`) swallows the markup after it as its text, and the article with it; close it
where it plainly should end and parse once more.

The parser reads everything up to the element's own end tag as its text, so a `<title>`
whose end tag is missing or misspelt (`</titl`, `</titlevalue="true" -->`) holds the whole
body. The check runs on every page and costs a walk down the tree's last children; only a
page that fails it is parsed a second time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from .dom import normalize_space, parse_html
from .sanitise import Dropped, sanitise_text

_RAW_TEXT_TAGS = ("title", "textarea", "style", "script")
# Under this many characters a swallowed span is no loss worth a second parse.
_MIN_SWALLOWED_CHARS = 500
# Markup no title or style sheet ever holds as its text: a document's own tags.
_DOCUMENT_TAG = re.compile(
    r"</?(?:html|head|body|meta|link|div|p|span|a|table|tr|td|ul|ol|li|h[1-6]|img|br|form|script|style|title)\b",
    re.IGNORECASE,
)
# A script or a textarea may hold markup (a template, code to embed), but not the page's
# end: holding it, the element ran on to the end of the page.
_PAGE_END = re.compile(r"</(?:body|html)\b", re.IGNORECASE)
_TAG_START = re.compile(r"<[a-zA-Z/!]")
_LINE_OPENING_WITH_TAG = re.compile(r"\n[ \t]*<[a-zA-Z/]")  # not "<!--", which scripts hide in
_SNIPPET_CHARS = 80
_OPENING = re.compile(r"<(" + "|".join(_RAW_TEXT_TAGS) + r")\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Repair:
    """One element the repair closed: its tag, its source line, the start of what it had swallowed."""

    tag: str
    line: int | None
    swallowed: str


def _holds_page(tag: str, text: str) -> bool:
    """Does the text of a raw-text element hold markup of the page it should not?"""
    if len(text) < _MIN_SWALLOWED_CHARS or "</" not in text:
        return False
    if tag in ("title", "style"):
        return _DOCUMENT_TAG.search(text) is not None
    return _PAGE_END.search(text) is not None


def swallowed_the_page(root: HtmlElement) -> bool:
    """The cheap check, a walk down the tree's last children: an element that swallowed
    the rest of the page is the last element of the tree (all that followed it became its
    text), so only that one can be the culprit."""
    last = root
    try:
        while True:
            last = last[-1]  # no len(): that counts every child
    except IndexError:
        pass
    text = last.text
    return last.tag in _RAW_TEXT_TAGS and text is not None and _holds_page(last.tag, text)


def _end_of_raw_text(tag: str, content: str) -> int:
    """Where an unclosed element's text plainly ends: a title, a textarea or a style sheet
    hold no tags, so at the first tag (a title also at its first line's end); a script's
    lines are code, so at the first line that opens with a tag."""
    if tag == "script":
        found = _LINE_OPENING_WITH_TAG.search(content)
        return found.start() if found else len(content)
    found = _TAG_START.search(content)
    end = found.start() if found else len(content)
    if tag == "title":
        first_line = re.search(r"\S[^\n]*", content[:end])
        end = first_line.end() if first_line else end
    return end


def close_swallowing_elements(text: str) -> tuple[str, list[Repair]]:
    """The page with each raw-text element that swallowed the markup after it closed where
    its text plainly ends. Its text is read as the parser reads it: up to an end tag of its
    own name followed by a space, '/' or '>' (`</titlevalue` ends no title)."""
    pieces: list[str] = []
    repairs: list[Repair] = []
    copied = searched = 0
    while True:
        start = _OPENING.search(text, searched)
        if start is None:
            break
        tag = start.group(1).lower()
        closing = re.compile(rf"</{tag}(?=[\s/>])", re.IGNORECASE).search(text, start.end())
        content = text[start.end() : closing.start() if closing else len(text)]
        if not _holds_page(tag, content):
            searched = closing.start() if closing else len(text)
            continue
        end = start.end() + _end_of_raw_text(tag, content)
        if not text[end : start.end() + len(content)].strip():
            searched = start.end() + len(content)
            continue  # it ends where its text plainly ends: nothing to repair
        pieces.append(text[copied:end])
        pieces.append(f"</{tag}>")
        line = text.count("\n", 0, start.start()) + 1
        snippet = sanitise_text(text[end : end + 4 * _SNIPPET_CHARS], Dropped())  # (the page's own count is the parser's)
        repairs.append(Repair(tag, line, normalize_space(snippet)[:_SNIPPET_CHARS]))
        copied = searched = end
    pieces.append(text[copied:])
    return "".join(pieces), repairs


def parse_repaired(
    text: str, source: str | None = None, dropped: Dropped | None = None, utf8: bytes | None = None
) -> tuple[HtmlElement, list[Repair]]:
    """Parse the page; when a raw-text element swallowed its markup, repair it and parse again.
    Characters that are not text are counted in `dropped`; `utf8` is the text's UTF-8 if
    known (see dom.parse_html)."""
    dropped = Dropped() if dropped is None else dropped
    root = parse_html(text, source, dropped, utf8)
    if not swallowed_the_page(root):
        return root, []
    repaired, repairs = close_swallowing_elements(text)
    if not repairs:
        return root, []
    dropped.clear()  # counted again in the second parse
    return parse_html(repaired, source, dropped), repairs
