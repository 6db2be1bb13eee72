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
from typing import Callable, Iterable, Iterator, Sequence

from lxml.etree import Element, XPath
from lxml.html import HtmlElement

from .dom import BLOCK_TAGS, normalize_space, text_content, text_of
from .phrases import phrase_sets

try:  # the walk in C where the core was compiled (core/cwalk); else the Python walk, its twin
    from .cwalk.metadata import BylineTests as _BylineTestsInC
    from .cwalk.metadata import byline_candidates as _byline_candidates_in_c
except ImportError:
    _byline_candidates_in_c = None  # type: ignore[assignment]

# Class or id tokens of a by-line or an author's name ("byline", "byline__author",
# "article-author", "authorname-txt", "pb-byline") ...
_BYLINE_TOKEN = re.compile(r"byline|author|writer|reporter", re.I)
# ... but not of an author's box, picture or links, nor of a comment's author.
_NOT_BYLINE_TOKEN = re.compile(r"bio|avatar|photo|img|image|pic|follow|social|about|desc|comment|widget|related|more|list|meta-|-meta|box|card|tools|share|email", re.I)
_NOT_BYLINE_CONTAINER = re.compile(r"comment|reply|related|widget|recommend|teaser", re.I)
_CAPTION = re.compile(r"caption", re.I)  # (a marked by-line may sit in a "caption meta" list)
_CAPTION_TAGS = frozenset(("figure", "figcaption"))
_NOT_AUTHOR_WORD = re.compile(r"authori[sz]|authority|authoring|authent", re.I)  # "authorization": a log-in box
_SKIPPED_TAGS = frozenset(("link", "meta", "input", "img", "script", "style", "head", "title", "button", "form", "textarea", "select"))
_INLINE_TAGS = frozenset(("a", "span"))  # several authors' names, each a link or a span of one by-line
_MAX_BYLINE_CHARS = 200  # longer: an author's box or a teaser, not a by-line
_MAX_TEXT_BYLINE_CHARS = 120  # an unmarked line a by-word opens: longer, a sentence ("By contrast, ...")
_FIRST_WORD = re.compile(r"\s*([^\W\d_]+)")
_MAX_BYWORD_CHARS = 30  # "Written by", "propos recueillis par", with the spaces around
_MAX_NAME_WORDS = 5
_MAX_NAME_CHARS = 60
# What ends the name in a by-line: a line break, a separator, a date or time, "@handle", a
# long aside in parentheses (short ones, "(R.J.)", are dropped first).
_NAME_END = re.compile(r"\n|\s(?:[|·•–—-]|/+)\s|[|·•—]|\s-\s|\d|@|\(|\[|\s(?:on|at|am|um|à|le|el|il|op|på|den)\s", re.I)
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


def _first_line(text: str, languages: tuple[str, ...] | None) -> str:
    """A by-line's first line when a by-word opens it ("Written by A" of "Written by
    A\nEdited by B"), with the next one when it holds only the by-word ("By\nJane Doe");
    else its lines joined (a marked element's first line alone is often a label)."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2 or not _byword_prefix(languages).match(lines[0].strip()):
        return " ".join(lines)
    if _byword_prefix(languages).fullmatch(normalize_space(lines[0])):
        return f"{lines[0]} {lines[1]}"
    return lines[0]


# Particles of names ("Michiel de Jong", "Ludwig van Beethoven"): lowercase inside a name.
_NAME_PARTICLES = frozenset("de da di del della der den des do dos du la le van von zu y bin ibn al el ter ten".split())


def _plainly_a_name(name: str) -> bool:
    """The stricter test for names no markup vouches for (a line a by-word opens, a
    neighbour of a by-line): two words or more, each capitalised but for particles, which
    neither start nor end it ("By Course or Type", "Von der Wärmemessung zur ..." are no
    names); or one word in capitals ("AFP"). Names in scripts without case pass."""
    words = name.split()
    if not any(word[0].lower() != word[0].upper() for word in words):
        return True
    if len(words) == 1:
        return len(name) >= 3 and name.isupper()
    if words[0].lower() in _NAME_PARTICLES or words[-1].lower() in _NAME_PARTICLES:
        return False
    return all(word[0].isupper() or word.lower() in _NAME_PARTICLES for word in words)


def names_in(text: str, languages: tuple[str, ...] | None = None, strict: bool = False) -> list[str]:
    """The authors' names a by-line's text gives, in order; [] when it names nobody. When a
    by-word opens its first line, only that line names the authors: the next ones give a
    role, an editor, a date. `strict`: only names that pass `_plainly_a_name`."""
    if strict:  # "Patrick Nathanson and agencies": the plain names, "Course or Type": none
        return [part for name in names_in(text, languages) for part in _NAME_JOIN.split(name) if _plainly_a_name(part)]
    text = _first_line(text, languages)
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


def _in_other_part(element: HtmlElement, marked: bool = True) -> bool:
    """The element sits in comments, a sidebar, teasers or a picture's caption: a by-line
    of something else (a photo's credit, "By John Smith" under a picture). An unmarked
    by-line also in an element whose class or id says caption."""
    for ancestor in element.iterancestors():
        if ancestor.tag in _CAPTION_TAGS:
            return True
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if marks.strip() and (_NOT_BYLINE_CONTAINER.search(marks) or (not marked and _CAPTION.search(marks))):
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


_TEXT_AND_BREAKS = XPath(".//text()[not(ancestor::script or ancestor::style)] | .//br")


def _visible_text(element: HtmlElement) -> str:
    """The element's text without its scripts and styles, space-normalised within its
    lines; a <br> starts a new line."""
    pieces = ("\n" if isinstance(node, HtmlElement) else node for node in _TEXT_AND_BREAKS(element))
    lines = (normalize_space(line) for line in " ".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _name_text(element: HtmlElement) -> str:
    """The text of a by-line element: its itemprop=name when it has one."""
    name = next((e for e in element.iter() if isinstance(e.tag, str) and e.get("itemprop") == "name"), None)
    return _visible_text(name if name is not None else element)


def _opens_with_byword(text: str | None, first_words: frozenset[str]) -> bool:
    """The text starts with a word that starts a by-word ("By", "Par", "作者"): the cheap
    test before the by-word regex."""
    if not text:
        return False
    word = _FIRST_WORD.match(text)
    return word is not None and (word.group(1).lower() in first_words or word.group(1)[:1] in first_words)


def _line_from(text: str, following: Iterable[HtmlElement]) -> str:
    """One line of the page: `text` and the inline elements after it, up to a <br> or a block."""
    pieces = [text]
    length = len(text)
    for sibling in following:
        if sibling.tag == "br" or sibling.tag in BLOCK_TAGS or length > _MAX_TEXT_BYLINE_CHARS:
            break
        if isinstance(sibling.tag, str) and sibling.tag not in _SKIPPED_TAGS:
            pieces.append(text_content(sibling))
        pieces.append(sibling.tail or "")
        length += len(pieces[-1]) + len(pieces[-2])
    return normalize_space(" ".join(pieces))


def _breaks_line(element: HtmlElement | None) -> bool:
    """What comes after the element starts a new line: it is a <br> or a block."""
    return element is not None and (element.tag == "br" or element.tag in BLOCK_TAGS)


def _starts_line(element: HtmlElement) -> bool:
    """The element's text starts a line: it is a block, or nothing stands before it on its line."""
    if element.tag in BLOCK_TAGS:
        return True
    previous = element.getprevious()
    if previous is None:
        parent = element.getparent()
        return parent is not None and not (parent.text or "").strip()
    return _breaks_line(previous) and not (previous.tail or "").strip()


def _text_byline(element: HtmlElement, first_words: frozenset[str], languages: tuple[str, ...] | None) -> str | None:
    """The line a by-word opens in the element's own text or its tail, unmarked
    ("<p>By Jane Doe<br>Staff Writer</p>", "Jan 8<br>By <a>Jane Doe</a>"), not in a
    sentence ("a portrait by <a>Jane Doe</a>"); None when none does."""
    for text, following in ((element.text, element), (element.tail, element.itersiblings())):
        if not _opens_with_byword(text, first_words) or not (_starts_line(element) if following is element else _breaks_line(element)):
            continue
        if _byword_prefix(languages).match(text.strip()):  # type: ignore[union-attr]  # tested by _opens_with_byword
            line = _line_from(text, following)  # type: ignore[arg-type]
            if len(line) <= _MAX_TEXT_BYLINE_CHARS:
                return line
    return None


@lru_cache(maxsize=4)
def _byword_starts(languages: tuple[str, ...] | None) -> frozenset[str]:
    """How a by-word starts: the first two letters of the by-words ("by", "pa", "作者", "ac"
    for "a cura di"), or its one letter for a by-word of one letter alone ("文")."""
    phrases = {p for group in phrase_sets(languages)["byline"].by_first_word.values() for p in group}
    return frozenset(phrase.replace(" ", "")[:2] if len(phrase.split(" ")[0]) > 1 or " " in phrase else phrase for phrase in phrases)


def _may_be_marked(attributes: str) -> bool:
    """The cheapest test of an element's attributes (their values, lowercased): one of them
    says what `_BYLINE_TOKEN` looks for (plain `in` tests: far cheaper than a regex)."""
    return "author" in attributes or "byline" in attributes or "writer" in attributes or "reporter" in attributes


def _starts_like_byword(text: str | None, starts: frozenset[str]) -> bool:
    """The cheapest test, for every text of the page: it may open with a by-word (a superset
    of what `_opens_with_byword` and `_byword_element` accept together with `_byword_prefix`:
    the two letters a by-word starts with, or one letter and no letter after it)."""
    if not text:
        return False
    start = text.lstrip()[:2].lower()
    return start in starts or (start[:1] in starts and not start[1:].isalpha())


def _may_be_byline(element: HtmlElement, starts: frozenset[str]) -> bool:
    """The cheap tests every element of the page takes before `_candidate`, which applies
    them again: an attribute value may mark it (`_may_be_marked`), or its text or tail may
    open with a by-word (`_starts_like_byword`)."""
    values = element.values()  # its attributes' values: one call, cheaper than .attrib
    if values and _may_be_marked(" ".join(values).lower()):
        return True
    text, tail = element.text, element.tail  # (mostly none, or white space between tags: not asked further)
    return bool(text and not text.isspace() and _starts_like_byword(text, starts)) or bool(tail and not tail.isspace() and _starts_like_byword(tail, starts))


@lru_cache(maxsize=4)
def _tests_in_c(languages: tuple[str, ...] | None) -> _BylineTestsInC:
    """The by-word lists as the walk in C reads them."""
    return _BylineTestsInC(_byword_starts(languages), _byword_first_words(languages), tuple(tag.encode() for tag in sorted(_SKIPPED_TAGS)))


@dataclass(frozen=True)
class Byline:
    """A by-line the page shows: the names it gives, in order (none when its text names
    nobody the way a by-line does: "史蒂文的家_藍天 發表在 ..."), and its whole text."""

    names: tuple[str, ...]
    text: str


def _candidate(element: HtmlElement, first_words: frozenset[str], starts: frozenset[str], languages: tuple[str, ...] | None) -> tuple[str, bool] | None:
    """(its by-line's text, whether markup vouches for it) when the element is a by-line:
    marked as one, a by-word leaf (its parent's text), or a line a by-word opens; else None."""
    if element.tag in _SKIPPED_TAGS:
        return None
    vouched = True
    values = element.values()
    if values and _may_be_marked(" ".join(values).lower()) and _marked(element):
        text: str | None = _name_text(element)
    elif not _starts_like_byword(element.text, starts) and not _starts_like_byword(element.tail, starts):
        return None
    elif not len(element) and _byword_element(element, first_words, languages):
        text = _visible_text(element.getparent())  # type: ignore[arg-type]  # _byword_element checked it has one
    else:
        text, vouched = _text_byline(element, first_words, languages), False
    if text and len(text) <= _MAX_BYLINE_CHARS and not _in_other_part(element, vouched):
        return text, vouched
    return None


def iter_bylines(root: HtmlElement, languages: tuple[str, ...] | None = None) -> Iterator[Byline]:
    """The page's by-lines, in page order, found as they are asked for (a caller that has
    what it needs stops the walk): elements marked as by-lines, a by-word leaf and what
    follows it, and lines of text a by-word opens. Several authors of one by-line, each in
    an element marked alike beside the others, are one by-line."""
    body = root.find("body")
    first_words = _byword_first_words(languages)
    starts = _byword_starts(languages)
    merged: set[HtmlElement] = set()  # siblings whose names an earlier by-line took
    top = body if body is not None else root
    # One pass, the cheap tests first (most elements fail them); _candidate applies them
    # again. The walk in C tests more (the tags, the by-words' first words), still letting
    # through all that _candidate accepts.
    if _byline_candidates_in_c is not None:
        elements: Iterable[HtmlElement] = _byline_candidates_in_c(top, _tests_in_c(languages))
    else:
        elements = (element for element in top.iter(Element) if _may_be_byline(element, starts))
    for element in elements:
        if element in merged or (found := _candidate(element, first_words, starts, languages)) is None:
            continue
        text, vouched = found
        names = names_in(text, languages, strict=not vouched)
        if names:
            marked_inside = [inner for inner in element.iterdescendants(Element) if _marked(inner)]
            if len(marked_inside) > 1:  # "By <a rel=author>A</a>, <a rel=author>B</a>": each name marked
                first_line = squeezed(_first_line(text, languages))  # not the "Get author RSS feed" links below it
                inner_names = [name for inner in marked_inside for name in names_in(_name_text(inner), languages) if squeezed(name) in first_line]
                names = list(dict.fromkeys(inner_names)) or names
            if element.tag in _INLINE_TAGS:  # the later siblings of its tag and class that are by-lines too
                for other in element.itersiblings(element.tag):
                    if other.get("class") == element.get("class") and (other_found := _candidate(other, first_words, starts, languages)):
                        merged.add(other)
                        names.extend(name for name in names_in(other_found[0], languages, strict=True) if name not in names)
        yield Byline(tuple(names), text)


def visible_bylines(root: HtmlElement, languages: tuple[str, ...] | None = None) -> list[Byline]:
    """All the page's by-lines (see iter_bylines)."""
    return list(iter_bylines(root, languages))


BYLINE = "by-line"
META = "meta"


def _without_handle(name: str) -> str:
    """'Jane Doe (janedoe)' -> 'Jane Doe': a meta author's handle in parentheses, which by-lines leave out."""
    return _PARENTHESES.sub(" ", name).strip() or name


def choose_author(meta_authors: Sequence[str], bylines: Iterable[Byline], shown: Callable[[str], bool] = lambda name: False) -> tuple[str | None, str | None]:
    """The record's author. The page's by-lines outrank the meta tags (meta tags, JSON-LD,
    in their order), with three exceptions:
    - a by-line that says a meta author too gives the fuller of the two ("Devindra
      Hardawar" for "devindra", "史蒂文的家_藍天 (stevenhgm)" for a by-line whose text names
      nobody the way a by-line does);
    - when no by-line says any meta author, the JSON-LD's Person the page shows as an
      element's whole text (`shown`: an unmarked by-line, "<a href=/editors/jane>Jane
      Doe</a>") outranks by-lines naming others (a list of other stories' by-lines);
    - the meta author when the page shows no by-line naming anybody.
    A URL is never an author. Returns (author, where it was read: "by-line" or "meta").
    `bylines` is read only as far as it must be (iter_bylines finds them as they are asked
    for): to the first that says a meta author, or with none to say, the first naming anybody."""
    candidates = [author for author in meta_authors if author and not is_url(author)]
    keys = [(author, key) for author in candidates if (key := squeezed(_without_handle(author)))]
    named: Byline | None = None  # the first by-line naming anybody
    for byline in bylines:
        if keys:
            text = squeezed(byline.text)
            agreeing = next((author for author, key in keys if key in text), None)
            if agreeing is not None:
                names = ", ".join(byline.names)
                return (names, BYLINE) if len(squeezed(names)) >= len(squeezed(agreeing)) else (agreeing, META)
        if named is None and byline.names:
            named = byline
            if not keys:
                break  # no meta author a later by-line could say
    if named is None:
        return (candidates[0], META) if candidates else (None, None)
    visible = next((author for author in candidates if shown(author)), None)
    if visible is not None:
        return visible, META
    return ", ".join(named.names), BYLINE
