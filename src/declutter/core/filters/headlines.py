"""Duplicated headlines: the title (from <title>, og:title, h1, JSON-LD) is reported once, as
the title, and never again in the body, neither verbatim nor as a near-duplicate SEO variant."""
from __future__ import annotations

import re
from dataclasses import replace

from ..blocks import Block
from . import Context

NAME = "headlines"

_WORD = re.compile(r"\w{3,}")
_TOP_BLOCKS = 4  # an SEO variant of the headline sits at the top of the body
# A block after the story's first paragraphs is no SEO variant, even when it rewords the
# title and the top is short: a section heading ("Nicole Hacohen representará a Guatemala"
# under "Ciclista guatemalteca ..."); there only a verbatim repeat goes.
_PROSE_CHARS = 150
_PROSE_BEFORE_BODY = 2
_SENTENCE_END = (".", "!", "?", "…")  # a sentence, not a headline: only verbatim repeats go


def title_words(text: str) -> set[str]:
    return set(map(str.lower, _WORD.findall(text)))


def _containment(block_words: set[str], title: set[str]) -> float:
    """The share of the block's words that the title has: high for a rewording of it."""
    return len(block_words & title) / len(block_words) if block_words and title else 0.0


_SAME_WORDS = 0.9  # of the words of a block and a variant together that both have: a verbatim repeat


class _Headline:
    """The headline's variants as sets of words, and a cheap test that rules a block out
    before its words are counted: a verbatim repeat holds nine in ten of some variant's
    words, so its lower case holds them too (most blocks lack the first word looked for)."""

    def __init__(self, variants: list[set[str]], chars: int) -> None:
        self.variants = variants
        self.chars = chars  # of the longest way the page says the title
        # each variant's words, longest (rarest) first, with how many may be missing
        self._words_needed = [(sorted(v, key=len, reverse=True), len(v) // 10) for v in variants]

    def _may_hold_a_variant(self, text: str) -> bool:
        if "\u03a3" in text:
            return True  # a capital sigma lowers by its context: a word's lower case may not be the text's
        lowered = text.lower()
        for words, may_miss in self._words_needed:
            missed = 0
            for word in words:
                if word not in lowered:
                    missed += 1
                    if missed > may_miss:
                        break
            else:
                return True
        return False

    def repeated_by(self, text: str, near_top: bool) -> bool:
        """Is this block the headline again: verbatim anywhere, or a close variant near the top?"""
        if len(text) > max(2 * self.chars, 250):
            return False  # a paragraph, not a headline: its words need no counting
        if not near_top and not self._may_hold_a_variant(text):
            return False
        words = title_words(text)
        if not words:
            return False
        variants = self.variants
        same_words = max((len(words & v) / len(words | v) for v in variants), default=0.0)
        if same_words >= _SAME_WORDS:
            return True
        if near_top and not text.rstrip().endswith(_SENTENCE_END):
            rewording = max((_containment(words, v) for v in variants), default=0.0)
            return rewording >= 0.6 and min(len(words), max(len(v) for v in variants)) >= 3
        return False


def drop_repeated_headlines(blocks: list[Block], context: Context) -> list[Block]:
    """Drop repeats of the headline (verbatim, or SEO variants near the top)."""
    variants = [words for words in (title_words(v) for v in context.title_variants) if words]
    if not variants:
        return blocks
    headline = _Headline(variants, max(len(v) for v in context.title_variants))
    kept: list[Block] = []
    prose_seen = 0  # paragraphs of prose so far
    for block in blocks:
        near_top = (len(kept) < _TOP_BLOCKS or block.kind.startswith("h")) and prose_seen < _PROSE_BEFORE_BODY
        if block.kind == "p" and len(block.text) >= _PROSE_CHARS:
            prose_seen += 1
        if block.kind == "pre":
            kept.append(block)
        elif headline.repeated_by(block.text, near_top) and context.removals.block(NAME, block, "repeats the headline"):
            pass
        else:
            kept.append(_without_headline_line(block, headline, context))
    return kept


_LINE_REASON = "repeats the headline (a line of a paragraph)"


def _without_headline_line(block: Block, headline: _Headline, context: Context) -> Block:
    """The block without its lines that repeat the headline verbatim (a <br> after the
    headline in a paragraph, a table cell holding the headline and the standfirst, a
    "Reviews of" line over the product's name). Only verbatim: a short line shares most of
    its few words with many headlines."""
    lines = block.text.split("\n")
    if len(lines) < 2:
        return block
    repeats = [bool(line.strip()) and headline.repeated_by(line, False) for line in lines]
    if not any(repeats) or not context.removals.allows(NAME, _LINE_REASON):
        return block
    rest = "\n".join(line for line, repeat in zip(lines, repeats) if not repeat).strip("\n")
    if not rest.strip():
        return block  # the whole block is the headline: the block test decides
    for line, repeat in zip(lines, repeats):
        if repeat:
            context.removals.block(NAME, replace(block, text=line), _LINE_REASON)
    return replace(block, text=rest, link_chars=min(block.link_chars, len(rest)))
