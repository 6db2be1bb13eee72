"""Image captions and credits: <figcaption> and caption/credit classes in the tree, and
credit lines in the text ("© AFP / Jane Doe", "Harbour at dawn. Photo: Jane Doe")."""
from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..blocks import Block
from ..dom import class_and_id, tag_of
from ..phrases import normalize_phrase, phrase_sets
from . import Context
from .patterns import Candidates, class_pattern, class_reason, select_outermost

NAME = "captions"
CREDITS_NAME = "credits"  # the text filter's name

_CAPTION_CLASSES = class_pattern(
    bounded="caption|captions|credit|credits|copyright|photo-credit|image-credit|img-caption|image-caption|wp-caption-text|bildunterschrift|legende|legends?",
    anywhere="figcaption|imagecaption|photocaption|caption-text",
)
_KEPT_TAGS = frozenset(("html", "body", "article", "main"))  # whatever their class says
CANDIDATES = Candidates(_CAPTION_CLASSES, tags=frozenset(("figcaption",)), class_ignores=_KEPT_TAGS)
_MAX_CREDIT_LINE_CHARS = 200
_COPYRIGHT = re.compile(r"©|\(c\)\s|copyright", re.I)
# A notice that opens with the copyright sign goes on about reprints and permissions at length.
_OPENING_COPYRIGHT = re.compile(r"\s*(?:©|\(c\)\s|copyright\b)", re.I)
_MAX_COPYRIGHT_NOTICE_CHARS = 600


def remove_captions(root: HtmlElement, context: Context) -> None:
    """Remove figure captions and photo credits from the tree."""
    holds_story = context.story_guard(root)

    def reason(element: HtmlElement) -> str | None:
        if tag_of(element) == "figcaption":
            return "<figcaption>"
        if tag_of(element) not in _KEPT_TAGS and _CAPTION_CLASSES.search(class_and_id(element)) and not holds_story(element):
            return class_reason(element)
        return None

    for element, why in select_outermost(root, context.candidates[NAME], reason):
        context.removals.element(NAME, element, why)


def _credit_label(text: str, labels: frozenset[str]) -> str | None:
    """A caption label ("Photo:", "Foto:", "Quelle:") inside a short line."""
    for part in text.split(":")[:-1]:
        words = normalize_phrase(part).split()
        for size in (2, 1):
            if len(words) >= size and " ".join(words[-size:]) in labels:
                return " ".join(words[-size:])
    return None


def drop_credit_lines(blocks: list[Block], context: Context) -> list[Block]:
    """Drop short lines that credit a photo or claim a copyright."""
    captions = phrase_sets(context.languages)["captions"]
    labels = frozenset(phrase for phrases in captions.by_first_word.values() for phrase in phrases)
    kept = []
    for block in blocks:
        if block.kind != "pre" and len(block.text) <= _MAX_CREDIT_LINE_CHARS:
            label = "©" if _COPYRIGHT.search(block.text) else _credit_label(block.text, labels)
            if label:
                context.removals.block(CREDITS_NAME, block, f"credit line {label!r}")
                continue
        elif block.kind != "pre" and len(block.text) <= _MAX_COPYRIGHT_NOTICE_CHARS and _OPENING_COPYRIGHT.match(block.text):
            context.removals.block(CREDITS_NAME, block, "copyright notice")
            continue
        kept.append(block)
    return kept
