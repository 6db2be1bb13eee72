"""Image captions and credits: <figcaption> and caption/credit classes in the tree, and
credit lines in the text ("© AFP / Jane Doe", "Harbour at dawn. Photo: Jane Doe")."""
from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..blocks import Block
from ..dom import tag_of
from ..phrases import normalize_phrase
from . import Context
from .patterns import (
    Candidates,
    class_pattern,
    class_reason,
    paragraph_chars_by_parent,
    readable_unlinked_chars,
    role_names,
    select_outermost,
)

NAME = "captions"
CREDITS_NAME = "credits"  # the text filter's name

_CAPTION_CLASSES = class_pattern(
    bounded="caption|captions|graphic|credit|credits|copyright|photo-credit|image-credit|img-caption|image-caption|wp-caption-text|bildunterschrift|legende|legends?",
    anywhere="figcaption|imagecaption|photocaption|caption-text",
)
_KEPT_TAGS = frozenset(("html", "body", "article", "main"))  # whatever their class says
CANDIDATES = Candidates(_CAPTION_CLASSES, tags=frozenset(("figcaption",)), class_ignores=_KEPT_TAGS)
_MAX_CREDIT_LINE_CHARS = 200
# The word, capitalised, as a notice prints it ("Copyright 2008 Reuters", "Photo Copyright
# Getty Images"); in lower case it is a word of a sentence ("an admission of copyright infringement").
_COPYRIGHT = re.compile(r"©|\([cC]\)\s|\b(?:Copyright|COPYRIGHT)\b")
# A notice that opens with the copyright sign goes on about reprints and permissions at length.
_OPENING_COPYRIGHT = re.compile(r"\s*(?:©|\(c\)\s|copyright\b)", re.I)
_MAX_COPYRIGHT_NOTICE_CHARS = 600


def remove_captions(root: HtmlElement, context: Context) -> None:
    """Remove figure captions and photo credits from the tree."""
    holds_story = context.story_guard(root)

    def reason(element: HtmlElement) -> str | None:
        if tag_of(element) == "figcaption":
            return "<figcaption>"
        if tag_of(element) not in _KEPT_TAGS and _CAPTION_CLASSES.search(role_names(element)) and not holds_story(element):
            return class_reason(element)
        return None

    selected = select_outermost(root, context.candidates[NAME], reason)
    if _is_a_photo_story(root, [element for element, _ in selected]):
        return
    for element, why in selected:
        context.removals.element(NAME, element, why)


# Captions that hold at least this much reading matter between them may be the story.
_MIN_PHOTO_STORY_CHARS = 250
# A caption is a few sentences: an element with a caption class holding more is a wrapper
# (of a graphic, a gallery, a page) and tells nothing of a photo story.
_MAX_CAPTION_CHARS = 1000


def _is_a_photo_story(root: HtmlElement, captions: list[HtmlElement]) -> bool:
    """A slideshow or photo story: its captions hold more reading matter than the page's
    longest run of paragraphs outside them, so they are the page's main run of prose."""
    sizes = [readable_unlinked_chars(caption) for caption in captions]
    caption_chars = sum(sizes)
    if caption_chars < _MIN_PHOTO_STORY_CHARS or max(sizes) > _MAX_CAPTION_CHARS:
        return False
    inside = set(captions)
    runs = paragraph_chars_by_parent(root, leave_out=lambda parent: any(element in inside for element in (parent, *parent.iterancestors())))
    return caption_chars > max(runs.values(), default=0)


def _in_quotation(before: str) -> bool:
    """An open quotation before the label: it is a word of a quoted title ('"Freeing the
    Source: The Story of Mozilla"' in a reference), not a label."""
    straight = before.count('"')
    curly = before.count("“") + before.count("„") + before.count("«") - before.count("”") - before.count("»")
    return straight % 2 == 1 or curly > 0


def _credit_label(text: str, labels: frozenset[str]) -> str | None:
    """A caption label ("Photo:", "Foto:", "Quelle:") inside a short line. Not one ending
    a phrase with nothing after it ("Primary Funding Source:", "... pin the following
    photo:"): that heads a field or introduces what follows."""
    parts = text.split(":")
    for index, part in enumerate(parts[:-1]):
        words = normalize_phrase(part).split()
        for size in (2, 1):
            label = " ".join(words[-size:])
            if len(words) < size or label not in labels:
                continue
            if _in_quotation(":".join(parts[: index + 1])):
                break  # a word of a quoted title: the next colon may still end a label
            if not (len(words) > size and not normalize_phrase(parts[index + 1])):  # a phrase's end with nothing after it
                return label
    return None


def _credit_of(line: str, labels: frozenset[str]) -> str | None:
    """What makes a line a credit line ("©" or its caption label), or None."""
    if len(line) > _MAX_CREDIT_LINE_CHARS:
        return None
    if ("©" in line or "Copyright" in line or "COPYRIGHT" in line or "(c)" in line or "(C)" in line) and _COPYRIGHT.search(line):
        return "©"  # (most lines hold nothing _COPYRIGHT looks for: they are not searched)
    return _credit_label(line, labels) if ":" in line else None


def drop_credit_lines(blocks: list[Block], context: Context) -> list[Block]:
    """Drop short blocks that credit a photo or claim a copyright. A paragraph whose lines
    (<br>) end in a credit is kept whole: benchmarks/ablation.py found that cutting the
    credit line out of it cost on l3s-gn1 and paid nowhere."""
    captions = context.phrase_sets()["captions"]
    labels = frozenset(phrase for phrases in captions.by_first_word.values() for phrase in phrases)
    kept = []
    for block in blocks:
        if block.kind == "pre":
            kept.append(block)
            continue
        lines = block.text.split("\n")
        credits = [_credit_of(line, labels) for line in lines]
        if not any(credits):
            notice = len(block.text) <= _MAX_COPYRIGHT_NOTICE_CHARS and _OPENING_COPYRIGHT.match(block.text)
            if not (notice and context.removals.block(CREDITS_NAME, block, "copyright notice")):
                kept.append(block)
        elif not (all(credits) and context.removals.block(CREDITS_NAME, block, f"credit line {next(filter(None, credits))!r}")):
            kept.append(block)  # a credit among a paragraph's other lines stays with them
    return kept
