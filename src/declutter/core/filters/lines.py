"""Boilerplate lines left after readability: chrome phrases ("Connect with us", "Share"),
and comment or related-section markers ("Click to comment", "You May Also Like") together
with the teasers and form notices that follow them."""
from __future__ import annotations

import re
from dataclasses import replace

from ..blocks import Block
from ..phrases import PhraseSet
from . import Context
from .lorem import is_lorem
from .postmeta import linked_meta_label, move_to_metadata, post_meta_label

NAME = "boilerplate"

_TEASER_MAX_CHARS = 300
_MAX_LABELLED_CHARS = 300  # "Read more: <title>", "Photo: <credit>"
_MAX_CTA_CHARS = 200  # "Subscribe to read the full story" — a plea, not a paragraph
_ELLIPSES = ("...", "…", "[…]", "[...]")
_SENTENCE_PARAGRAPH_CHARS = 80
_SENTENCE_ENDS = (".", "!", "?", "»", '"', "”", ":", "。", "！", "？", "」")  # CJK's too
# PHP's error output, printed into the page by a misconfigured site, in the middle of the
# article's paragraphs as often as on its own: "Warning: ... in /www/x.php on line 407".
_SERVER_ERROR = re.compile(
    r"\b(?:Warning|Deprecated|Notice|Strict Standards|Fatal error|Parse error)\s*:\s.{0,400}?"
    r" in (?:/|[A-Za-z]:\\)\S+ on line \d+"
)


def _is_teaser(block: Block) -> bool:
    """Teasers are short, end in an ellipsis, or are list items of other stories' titles."""
    text = block.text.rstrip()
    return len(text) < _TEASER_MAX_CHARS or text.endswith(_ELLIPSES) or block.kind == "li" or is_lorem(text)


def is_sentence_paragraph(block: Block) -> bool:
    """A paragraph of whole sentences: long enough, ending as a sentence ends, no list item."""
    text = block.text.rstrip()
    return (
        len(text) >= _SENTENCE_PARAGRAPH_CHARS
        and text.endswith(_SENTENCE_ENDS)
        and not text.endswith(_ELLIPSES)
        and block.kind != "li"
    )


def _opens_prose(blocks: list[Block], index: int) -> bool:
    """Two paragraphs of whole sentences in a row: a story's text, not teasers (whose
    excerpts end in an ellipsis or stand between their titles)."""
    return index + 1 < len(blocks) and is_sentence_paragraph(blocks[index]) and is_sentence_paragraph(blocks[index + 1])


_SERVER_ERROR_REASON = "server error message"


def _without_server_errors(block: Block, context: Context) -> Block | None:
    """The block without the PHP error messages in it; None when nothing else is left."""
    if " on line " not in block.text or not _SERVER_ERROR.search(block.text) or not context.removals.allows(NAME, _SERVER_ERROR_REASON):
        return block
    for error in _SERVER_ERROR.finditer(block.text):
        context.removals.block(NAME, replace(block, text=error.group()), _SERVER_ERROR_REASON)
    lines = (line.strip() for line in _SERVER_ERROR.sub("", block.text).split("\n"))
    text = "\n".join(line for line in lines if line)
    return replace(block, text=text, link_chars=min(block.link_chars, len(text))) if text else None


# Three names in a row make a share bar; two could be "Facebook and Instagram" in a list.
_SHARE_BAR_NAMES = 3
_NOT_A_BAR = ("pre", "row")  # code, and a table's cells ("X" marks in a comparison)


def _share_bars(blocks: list[Block], names: PhraseSet) -> set[int]:
    """The indexes of the blocks that are a share bar printed as text: a run of blocks that
    are nothing but the names of networks and share targets ("Facebook", "WhatsApp",
    "E-mail", "Copiar link"), three names or more, whatever class the bar had."""
    in_bars: set[int] = set()
    run: list[int] = []
    count = 0
    for index, block in enumerate([*blocks, None]):
        found = names.names_in(block.text) if block is not None and block.kind not in _NOT_A_BAR else 0
        if found:
            run.append(index)
            count += found
            continue
        if count >= _SHARE_BAR_NAMES:
            in_bars.update(run)
        run, count = [], 0
    return in_bars


# A repeated paragraph of prose is the text's own (a refrain, a test page's filler); a
# repeated title or caption line is the page's layout.
_MAX_REPEATED_CHARS = 150
_TITLE_OR_LINE_KINDS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6"))
_MIN_REPEATED_WORDS = 3  # "Deutschland", "1 Prise", "65°": a list's or a table's values


def _is_repeated_line(block: Block, before: Block) -> bool:
    """A title or caption line that says what the block before it said: a page's responsive
    duplicate (a chart's title for small and large screens, a caption set once per line
    width). List items and table cells repeat values of their own."""
    if block.kind not in _TITLE_OR_LINE_KINDS or len(block.text) > _MAX_REPEATED_CHARS:
        return False
    text = " ".join(block.text.split())
    return text == " ".join(before.text.split()) and text.count(" ") + 1 >= _MIN_REPEATED_WORDS and not is_lorem(text)


def drop_boilerplate_lines(blocks: list[Block], context: Context) -> list[Block]:
    """Drop chrome lines, comment/related markers and the teasers that follow them."""
    phrases = context.phrase_sets()
    date_words = frozenset(phrases["dates"].by_first_word)
    kept: list[Block] = []
    in_section: str | None = None
    share_bars = _share_bars(blocks, phrases["share"])
    for index, block in enumerate(blocks):
        # each removal below happens unless its rule is off (benchmarks/ablation.py)
        if index in share_bars and context.removals.block(NAME, block, "share bar"):
            continue
        if kept and _is_repeated_line(block, kept[-1]) and context.removals.block(NAME, block, "repeats the block before it"):
            continue
        if block.kind == "pre":
            kept.append(block)
            continue
        without_errors = _without_server_errors(block, context)
        if without_errors is None:
            continue
        block = without_errors
        if in_section == "related" and context.from_dump and _opens_prose(blocks, index):
            in_section = None  # the marker was a menu item above the story
        if in_section and _is_teaser(block) and context.removals.block(NAME, block, f"follows a {in_section} marker"):
            continue
        in_section = None
        label_section = next((section for section in ("related", "comments", "captions") if phrases[section].match_label(block.text)), None)
        if label_section and len(block.text) <= _MAX_LABELLED_CHARS and context.removals.block(NAME, block, f"{label_section} line"):
            continue
        section = None
        for candidate in ("comments", "related"):
            phrase = phrases[candidate].match(block.text)
            if phrase:
                section = candidate
                break
        if section:
            if context.removals.block(NAME, block, f"{section} marker {phrase!r}"):
                in_section = section
                continue
        else:
            phrase = phrases["chrome"].match(block.text)
            if phrase and context.removals.block(NAME, block, f"site chrome {phrase!r}"):
                continue
            plea = phrases["cta"].find_in(block.text) if len(block.text) <= _MAX_CTA_CHARS else None
            if plea and context.removals.block(NAME, block, f"call to action {plea!r}"):
                continue
            meta, kind = None, "post metadata"
            if not block.kind.startswith("h"):
                meta = post_meta_label(block.text, phrases["meta"], date_words)
                if not meta:
                    meta, kind = linked_meta_label(block.text, block.link_chars, block.element, phrases["meta"], phrases["byline"]), "post metadata over links"
            if meta and context.removals.allows(NAME, f"{kind} {meta!r}"):
                moved = move_to_metadata(meta, block.text, context)  # only a by-line that really goes feeds the record
                context.removals.block(NAME, block, f"{kind} {meta!r}" + (f" (moved to {moved})" if moved else ""))
                continue
        kept.append(block)
    return kept
