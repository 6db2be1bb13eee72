"""Post metadata lines: a by-line, a date stamp, tags or a view count printed as a line of
the text ("Aktualisiert: 11.04.2020, 10:27", "Tags: python, docker", "Pubblicato il 19
Febbraio 2020", "This entry was posted in News."). The article's author and date are the
record's metadata, not its text."""
from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..byline import names_in, strip_byword
from ..dates import normalize_date
from ..dom import normalize_space
from ..phrases import PhraseSet, normalize_phrase, phrase_sets
from . import Context

MAX_META_LINE_CHARS = 400  # a WordPress "This entry was posted on ... and filed under ..." footer
_WORD = re.compile(r"[^\W_]+")
_LABEL_AT_LEAST_WORDS_ALONE = 4  # "this entry was posted in": a sentence of its own, whatever follows
_DATE_WORDS_NEEDED = 2  # "19 Febbraio", "16.08.2019" (three numbers), "Dienstag 6."


def _opens_with_date(words: list[str], date_words: frozenset[str]) -> bool:
    """The words start with a date: numbers and month/weekday names, one of them a number."""
    head = words[:3]
    if not head or not (head[0][0].isdigit() or head[0] in date_words):
        return False
    dated = [word for word in head if word[0].isdigit() or word in date_words]
    return len(dated) >= _DATE_WORDS_NEEDED and any(word[0].isdigit() for word in words[:4])


# A by-line of parts set apart by dots or bars: "Von Jana Wolters · 19. Februar 2024 ·
# Kategorie: Mobilität", "Le Monde | 04.05.2015 à 13h36 | Par ...". Each part is short.
_PART_SEPARATOR = re.compile(r"\s[·•|]\s")
_MAX_PART_CHARS = 80


def _opens_with_dated_words(words: list[str], date_words: frozenset[str]) -> bool:
    """A date opening the words that names a month or day, or a year: numbers alone
    ("0,5", "33.0", a table's figures set apart by dots) are no date."""
    head = words[:3]
    return _opens_with_date(words, date_words) and any(word in date_words or (len(word) == 4 and word.isdigit()) for word in head)


def _parted_meta_label(text: str, meta: PhraseSet, date_words: frozenset[str]) -> str | None:
    """The label or date one of the parts of a by-line of separated parts opens with."""
    if "·" not in text and "•" not in text and "|" not in text:
        return None  # most lines: no separator (_PART_SEPARATOR), one part
    parts = [part.strip() for part in _PART_SEPARATOR.split(text)]
    if len(parts) < 2 or any(len(part) > _MAX_PART_CHARS for part in parts):
        return None
    for part in parts:
        label = meta.match_label(part)
        if label:
            return label
        if _opens_with_dated_words(_WORD.findall(part.lower()), date_words):
            return "date"
    return None


def post_meta_label(text: str, meta: PhraseSet, date_words: frozenset[str]) -> str | None:
    """The metadata label a short line opens with: before a colon ("Tags: ...", "Von: Jane
    Doe", "Aktualisiert:"), before a date ("Veröffentlicht am 2. Mai 2019"), or, for a label
    of several words that is a sentence of its own ("This entry was posted in"), before
    anything. One-word labels before no colon are words of prose ("By mid 2019 ...")."""
    if len(text) > MAX_META_LINE_CHARS:
        return None
    label = meta.match_label(text)
    if label:
        return label
    stripped = text.strip()
    if stripped.endswith((":", "\uff1a")) and meta.match(stripped) == normalize_phrase(stripped):
        return normalize_phrase(stripped)
    lowered = text.lower()
    first_word = _WORD.search(lowered)
    phrases = meta.by_first_word.get(first_word.group(), ()) if first_word else ()
    words = _WORD.findall(lowered) if phrases else []  # most lines: no label starts with their first word
    for phrase in phrases:
        phrase_words = phrase.split(" ")
        if len(phrase_words) < 2 or words[: len(phrase_words)] != phrase_words:
            continue
        rest = words[len(phrase_words) :]
        if _opens_with_date(rest, date_words):
            return phrase
        if len(phrase_words) >= _LABEL_AT_LEAST_WORDS_ALONE and phrase_words[-1] not in date_words:
            return phrase
    return _parted_meta_label(text, meta, date_words)


# A label over links: "Posted in News, Harbour | 3 Comments", "Tagged ferries, quay": the
# post's categories or tags as links, no colon after the label and no date.
_LINKED_AFTER_LABEL = 0.6


def _before_first_link(element: HtmlElement) -> str:
    """The text of `element` before the first link in it."""
    parts = [element.text or ""]
    for descendant in element.iterdescendants():
        if descendant.tag == "a":
            break
        parts.extend((descendant.text or "", descendant.tail or ""))
    return "".join(parts)


def linked_meta_label(text: str, link_chars: int, element: HtmlElement | None, meta: PhraseSet, bywords: PhraseSet) -> str | None:
    """The metadata label a short line (a block ending in `element`) opens with, outside
    its links, when what follows it is links (a post's categories, tags, comment count):
    "Posted in News, Harbour | 3 Comments". Not a by-word ("By", "Posted by"): a by-line's
    linked name is the story's by-line, which stays."""
    if len(text) > MAX_META_LINE_CHARS or not link_chars or element is None:
        return None
    lowered = text.lower()
    first_word = _WORD.search(lowered)
    phrases = meta.by_first_word.get(first_word.group(), ()) if first_word else ()
    if not phrases:
        return None  # most lines: no label starts with their first word
    words = list(_WORD.finditer(lowered))
    unlinked_words = _WORD.findall(_before_first_link(element).lower())
    for phrase in sorted(phrases, key=len, reverse=True):
        phrase_words = phrase.split(" ")
        if len(words) <= len(phrase_words) or unlinked_words[: len(phrase_words)] != phrase_words:
            continue  # another label, or a linked title that opens with the label's words
        if [word.group() for word in words[: len(phrase_words)]] != phrase_words or phrase in bywords.by_first_word.get(phrase_words[0], ()):
            return None
        rest = text[words[len(phrase_words) - 1].end() :].strip(" :|,\uff1a")
        return phrase if link_chars >= _LINKED_AFTER_LABEL * len(rest) else None
    return None


def move_to_metadata(label: str, text: str, context: Context) -> str | None:
    """A by-line dropped as post metadata ("Von Jana Wolters · 19. Februar 2024") gives the
    record the author and date it lacks. Returns what it gave ("author", "author and date"),
    None when it gave nothing; "author" too when the record's author was read from this line."""
    is_byword = label in phrase_sets(context.languages)["byline"].by_first_word.get(label.split(" ", 1)[0], ())
    if not is_byword and strip_byword(text, context.languages) == normalize_space(text):
        return None  # "Tags: ...", "Updated: ...": no by-line
    moved = []
    if "author" in context.missing:
        names = names_in(text, context.languages)
        if names:
            context.moved["author"] = ", ".join(names)
            context.missing.discard("author")
            moved.append("author")
    elif context.author and any(name.casefold() in context.author.casefold() for name in names_in(text, context.languages)):
        moved.append("author")  # the metadata read the author from this by-line already
    if "date" in context.missing:
        date = next((d for d in map(normalize_date, _PART_SEPARATOR.split(text)[1:]) if d), None)
        if date:
            context.moved["date"] = date
            context.missing.discard("date")
            moved.append("date")
    return " and ".join(moved) or None
