"""The author as the page shows it: visible by-lines read into names, and the choice
between them and the meta tags' author.

A by-line is an element marked as one (`rel=author`, `itemprop=author`, a class or id
naming a by-line or an author) or a "By" word followed by a name (`<span>By</span> Jane
Doe`). Its text becomes names: the by-word of any language the phrase lists cover is
stripped ("By", "Par", "Von", "Por", "作者"), what follows the name (a date, a job title,
"| 3 min read") is cut, several names are kept in order.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from lxml.etree import Element
from lxml.html import HtmlElement

from .dom import normalize_space, text_of
from .phrases import phrase_sets

# Class or id tokens of a by-line or an author's name ("byline", "byline__author",
# "article-author", "authorname-txt", "pb-byline") ...
_BYLINE_TOKEN = re.compile(r"byline|author|writer|reporter", re.I)
# ... but not of an author's box, picture or links, nor of a comment's author.
_NOT_BYLINE_TOKEN = re.compile(r"bio|avatar|photo|img|image|pic|follow|social|about|desc|comment|widget|related|more|list|meta-|-meta|box|card|tools|share|email", re.I)
_NOT_BYLINE_CONTAINER = re.compile(r"comment|reply|related|widget|recommend|teaser", re.I)
_NOT_AUTHOR_WORD = re.compile(r"authori[sz]|authority|authoring|authent", re.I)  # "authorization": a log-in box
_SKIPPED_TAGS = frozenset(("link", "meta", "input", "img", "script", "style", "head", "title", "button", "form", "textarea", "select"))
_INLINE_TAGS = frozenset(("a", "span"))  # several authors' names, each a link or a span of one by-line
_MAX_BYLINE_CHARS = 200  # longer: an author's box or a teaser, not a by-line
_MAX_BYWORD_CHARS = 30  # "Written by", "propos recueillis par", with the spaces around
_MAX_NAME_WORDS = 5
_MAX_NAME_CHARS = 60
# What ends the name in a by-line: a line break, a separator, a date or time, "@handle", a
# long aside in parentheses (short ones, "(R.J.)", are dropped first).
_NAME_END = re.compile(r"\n|\s[|·•/–—-]\s|[|·•—]|\s-\s|\d|@|\(|\[|\s(?:on|am|le|el|il|op|på|den)\s", re.I)
_PARENTHESES = re.compile(r"\s*\([^()]{0,30}\)\s*")
# What joins several names: commas and the word for "and" in the languages covered.
_NAME_JOIN = re.compile(r"\s*,\s*|\s+(?:and|&|und|et|y|e|en|og|och|és|ve|i|и|і|a)\s+", re.I)


def is_url(value: str) -> bool:
    return bool(re.match(r"^(?:https?:)?//|^www\.", value.strip(), re.I))


def squeezed(value: str) -> str:
    """Letters and digits only, case-folded: how names are compared."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", value).casefold() if unicodedata.category(ch)[0] in "LN")


@lru_cache(maxsize=4)
def _byword_prefix(languages: tuple[str, ...] | None) -> re.Pattern[str]:
    """A regex for a by-word opening a by-line ("By", "Written by", "Par", "作者："), longest first."""
    phrases = sorted({p for group in phrase_sets(languages)["byline"].by_first_word.values() for p in group}, key=len, reverse=True)
    alternatives = [r"[\s\W_]*".join(re.escape(word) for word in phrase.split(" ")) for phrase in phrases]
    return re.compile(r"^\W*(?:" + "|".join(alternatives) + r")(?![^\W\d_])[\s:：,.\-–—]*", re.I)


def strip_byword(text: str, languages: tuple[str, ...] | None = None) -> str:
    """'By Jane Doe' -> 'Jane Doe', 'Par Jean Dupont' -> 'Jean Dupont'; other text unchanged."""
    text = normalize_space(text)
    stripped = _byword_prefix(languages).sub("", text, count=1)
    return stripped if stripped.strip() else text


# A name: letters, spaces, dots, apostrophes and hyphens, starting with a letter.
_NAME_CHARS = re.compile(r"[^\W\d_][^\W\d_\s.'’\-]*(?:[\s.'’\-]+[^\W\d_][^\W\d_\s.'’\-]*)*\.?")


def _looks_like_name(text: str, languages: tuple[str, ...] | None = None) -> bool:
    words = text.split()
    if not words or len(words) > _MAX_NAME_WORDS or len(text) > _MAX_NAME_CHARS or len(text) < 2:
        return False
    if not _NAME_CHARS.fullmatch(text) or phrase_sets(languages)["chrome"].match(text):
        return False  # "Sign In", "Follow": the site's furniture, no name
    cased = [word for word in words if word[0].isalpha() and word[0].lower() != word[0].upper()]
    # In scripts with case, a name is capitalised ("Jane Doe", "Michiel de Jong", "NATALIYA").
    return not cased or sum(word[0].isupper() for word in cased) * 2 >= len(cased)


def _until_date_word(text: str, languages: tuple[str, ...] | None) -> str:
    """The text before a capitalised month or weekday name ("Joshua Sokol May 20")."""
    date_words = phrase_sets(languages)["dates"].by_first_word
    for match in re.finditer(r"[^\W\d_]+", text):
        word = match.group()
        if match.start() and word[0].isupper() and word.lower() in date_words:
            return text[: match.start()]
    return text


def names_in(text: str, languages: tuple[str, ...] | None = None) -> list[str]:
    """The authors' names a by-line's text gives, in order; [] when it names nobody."""
    stripped = _PARENTHESES.sub(" ", strip_byword(text, languages))  # "Richard (R.J.) Eskow"
    if _byword_prefix(languages).fullmatch(normalize_space(text)):
        return []  # "By", "作者：" alone
    end = _NAME_END.search(stripped)
    head = _until_date_word(stripped[: end.start()] if end else stripped, languages).strip(" ,;:.")
    if not head:
        return []
    parts = [strip_byword(part.strip(" ,;:."), languages) for part in _NAME_JOIN.split(head) if part.strip(" ,;:.")]
    joined = re.search(_NAME_JOIN.pattern.replace(r"\s*,\s*|", ""), head, re.I)  # "A, B and C": an "and" says they are names
    if joined and len(parts) > 1 and all(_looks_like_name(part, languages) and len(part.split()) >= 2 for part in parts):
        return list(dict.fromkeys(parts))
    first = strip_byword(re.split(r"\s*,\s*", head)[0], languages)
    return [first] if _looks_like_name(first, languages) else []


def _marked(element: HtmlElement) -> bool:
    """The element is marked as a by-line or an author's name."""
    get = element.attrib.get
    if "author" in (get("itemprop") or "").lower() or (element.tag == "a" and "author" in (get("rel") or "").lower().split()):
        return True
    marks = f"{get('class') or ''} {get('id') or ''}"
    if not _BYLINE_TOKEN.search(marks):  # most elements: one search says no
        return False
    return any(_BYLINE_TOKEN.search(token) and not _NOT_BYLINE_TOKEN.search(token) and not _NOT_AUTHOR_WORD.search(token) for token in marks.split())


def _in_other_part(element: HtmlElement) -> bool:
    """The element sits in comments, a sidebar or teasers: a by-line of something else."""
    for ancestor in element.iterancestors():
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if marks.strip() and _NOT_BYLINE_CONTAINER.search(marks):
            return True
    return False


@lru_cache(maxsize=4)
def _byword_first_words(languages: tuple[str, ...] | None) -> frozenset[str]:
    return frozenset(phrase_sets(languages)["byline"].by_first_word)


def _byword_element(element: HtmlElement, first_words: frozenset[str], languages: tuple[str, ...] | None) -> bool:
    """`<span>By</span> Jane Doe`: a leaf holding only a by-word, at the start of its
    parent, the name after it (not "ORDER <span>BY</span>" in code)."""
    text = element.text
    if not text or len(text) > _MAX_BYWORD_CHARS:
        return False
    first = text.split(None, 1)[0].lower() if text.strip() else ""
    if first not in first_words and first[:1] not in first_words:  # most leaves: "Home", "News"
        return False
    own = normalize_space(text)
    if _byword_prefix(languages).fullmatch(own) is None:
        return False
    parent = element.getparent()
    return parent is not None and text_of(parent).startswith(own) and not any(a.tag in ("pre", "code") for a in element.iterancestors())


def _visible_text(element: HtmlElement) -> str:
    """The element's text without its scripts and styles, space-normalised."""
    return normalize_space(" ".join(element.xpath(".//text()[not(ancestor::script or ancestor::style)]")))


def _name_text(element: HtmlElement) -> str:
    """The text of a by-line element: its itemprop=name when it has one."""
    name = next((e for e in element.iter() if isinstance(e.tag, str) and e.get("itemprop") == "name"), None)
    return _visible_text(name if name is not None else element)


@dataclass(frozen=True)
class Byline:
    """A by-line the page shows: the names it gives, in order, and its whole text."""

    names: tuple[str, ...]
    text: str


def visible_bylines(root: HtmlElement, languages: tuple[str, ...] | None = None) -> list[Byline]:
    """The page's by-lines that name somebody, in page order. Several authors of one
    by-line, each in an element marked alike beside the others, are one by-line."""
    body = root.find("body")
    first_words = _byword_first_words(languages)
    candidates: list[tuple[HtmlElement, str]] = []
    for element in (body if body is not None else root).iter(Element):  # one pass, the cheap tests first
        if element.tag in _SKIPPED_TAGS:
            continue
        if element.attrib and _marked(element):
            text = _name_text(element)
        elif not len(element) and _byword_element(element, first_words, languages):
            text = _visible_text(element.getparent())  # type: ignore[arg-type]  # _byword_element checked it has one
        else:
            continue
        if text and len(text) <= _MAX_BYLINE_CHARS and not _in_other_part(element):
            candidates.append((element, text))
    bylines: list[Byline] = []
    merged: set[int] = set()
    for index, (element, text) in enumerate(candidates):
        names = names_in(text, languages) if index not in merged else []
        if not names:
            continue
        marked_inside = [inner for inner in element.iterdescendants(Element) if _marked(inner)]
        if len(marked_inside) > 1:  # "By <a rel=author>A</a>, <a rel=author>B</a>": each name marked
            inner_names = [name for inner in marked_inside for name in names_in(_name_text(inner), languages)]
            names = list(dict.fromkeys(inner_names)) or names
        for other_index, (other, other_text) in enumerate(candidates[index + 1 :], index + 1):
            if element.tag in _INLINE_TAGS and other.getparent() is element.getparent() and other.tag == element.tag and other.get("class") == element.get("class"):
                merged.add(other_index)
                names.extend(name for name in names_in(other_text, languages) if name not in names)
        bylines.append(Byline(tuple(names), text))
    return bylines


BYLINE = "by-line"
META = "meta"


def choose_author(meta_author: str | None, bylines: list[Byline]) -> tuple[str | None, str | None]:
    """The record's author. The page's by-lines outrank the meta tags: the by-line that says
    the meta author too (its fuller form: "Devindra Hardawar" for "devindra"), else the
    first by-line; the meta author only when the page shows none, and a URL never.
    Returns (author, where it was read: "by-line" or "meta")."""
    if meta_author and is_url(meta_author):
        meta_author = None
    if not bylines:
        return meta_author, META if meta_author else None
    key = squeezed(meta_author or "")
    agreeing = next((b for b in bylines if key and key in squeezed(b.text)), None)
    if agreeing is not None:
        names = ", ".join(agreeing.names)
        return (names, BYLINE) if len(squeezed(names)) >= len(key) else (meta_author, META)
    return ", ".join(bylines[0].names), BYLINE
