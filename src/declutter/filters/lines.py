"""Boilerplate lines left after readability: chrome phrases ("Connect with us", "Share"),
and comment or related-section markers ("Click to comment", "You May Also Like") together
with the teasers and form notices that follow them."""
from __future__ import annotations

from ..blocks import Block
from ..phrases import phrase_sets
from . import Context
from .lorem import is_lorem
from .postmeta import post_meta_label

NAME = "boilerplate"

_TEASER_MAX_CHARS = 300
_MAX_LABELLED_CHARS = 300
_MAX_CTA_CHARS = 200  # "Subscribe to read the full story" — a plea, not a paragraph  # "Read more: <title>", "Photo: <credit>"
_ELLIPSES = ("...", "…", "[…]", "[...]")


def _is_teaser(block: Block) -> bool:
    """Teasers are short, end in an ellipsis, or are list items of other stories' titles."""
    text = block.text.rstrip()
    return len(text) < _TEASER_MAX_CHARS or text.endswith(_ELLIPSES) or block.kind == "li" or is_lorem(text)


def drop_boilerplate_lines(blocks: list[Block], context: Context) -> list[Block]:
    """Drop chrome lines, comment/related markers and the teasers that follow them."""
    phrases = phrase_sets(context.languages)
    date_words = frozenset(phrases["dates"].by_first_word)
    kept: list[Block] = []
    in_section: str | None = None
    for block in blocks:
        if block.kind == "pre":
            kept.append(block)
            continue
        if in_section and _is_teaser(block):
            context.removals.block(NAME, block, f"follows a {in_section} marker")
            continue
        in_section = None
        label_section = next((section for section in ("related", "comments", "captions") if phrases[section].match_label(block.text)), None)
        if label_section and len(block.text) <= _MAX_LABELLED_CHARS:
            context.removals.block(NAME, block, f"{label_section} line")
            continue
        for section in ("comments", "related"):
            phrase = phrases[section].match(block.text)
            if phrase:
                in_section = section
                context.removals.block(NAME, block, f"{section} marker {phrase!r}")
                break
        else:
            phrase = phrases["chrome"].match(block.text)
            plea = phrases["cta"].find_in(block.text) if len(block.text) <= _MAX_CTA_CHARS else None
            meta = post_meta_label(block.text, phrases["meta"], date_words) if not block.kind.startswith("h") else None
            if phrase:
                context.removals.block(NAME, block, f"site chrome {phrase!r}")
            elif plea:
                context.removals.block(NAME, block, f"call to action {plea!r}")
            elif meta:
                context.removals.block(NAME, block, f"post metadata {meta!r}")
            else:
                kept.append(block)
    return kept
