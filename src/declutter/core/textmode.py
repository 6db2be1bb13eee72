"""Text mode: the filters applied to an already-extracted text dump, line by line.

A dump has no tree, so its title is inferred: the line the dump repeats near its top (a
naive extractor prints the headline more than once), or else its first heading-like line.
"""
from __future__ import annotations

import re

from .blocks import Block
from .filters import Context, Removals
from .filters.headlines import title_words
from .filters.lines import is_sentence_paragraph
from .filters.registry import FilterPlan, run_text_filters
from .options import Options
from .phrases import PhraseSet

_TITLE_SEARCH_LINES = 12
_MAX_TITLE_CHARS = 250
_SENTENCE_STOPS = (".", "?", "!", "。", "？", "！")  # a line ending so is a sentence, no title
_SIGN_OFF_LINES = 2  # kept after the story's last paragraph: "(AP)", "Jane Doe reports from Oslo."
_FOOTER = "chrome"  # the filter --explain names: the site's furniture


def split_dump(text: str) -> list[Block]:
    """One block per non-blank line (dumps put a paragraph on one line)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [Block("p", line.strip(), line=number) for number, line in enumerate(lines, 1) if line.strip()]


# Scripts written without spaces between words (Chinese, Japanese, Thai): there a pair of
# characters stands for a word.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TOKEN = re.compile(r"[^\W_]+")
_MIN_UNSPACED_TITLE_CHARS = 6
_STEM_CHARS = 5  # "approves" and "approved", "Fähre" and "Fähren": one stem
_MIN_STEM_WORD = 4  # shorter words are the small words of every sentence ("the", "de", "und")


def _is_title_like(block: Block) -> bool:
    text = block.text
    if len(text) > _MAX_TITLE_CHARS or text.endswith(_SENTENCE_STOPS):
        return False
    return len(title_words(text)) >= 3 or (_UNSPACED.search(text) is not None and len(text) >= _MIN_UNSPACED_TITLE_CHARS)


def headline_stems(text: str) -> set[str]:
    """The words of a line as stems to compare headlines by, in any language: the start of
    each longer word, or the pairs of characters of a script written without spaces."""
    stems: set[str] = set()
    for token in _TOKEN.findall(text.casefold()):
        if _UNSPACED.search(token):
            stems.update(token[i : i + 2] for i in range(len(token) - 1))
        elif len(token) >= _MIN_STEM_WORD and not token.isdigit():
            stems.add(token[:_STEM_CHARS])
    return stems


def infer_title(blocks: list[Block], phrases: dict[str, PhraseSet]) -> str | None:
    """The headline of a dump: a line repeated near the top, else the first title-like line."""
    top = [b for b in blocks[:_TITLE_SEARCH_LINES] if not any(phrases[s].match(b.text) for s in phrases)]
    seen: set[str] = set()
    for block in top:
        key = block.text.casefold()
        if key in seen and _is_title_like(block):
            return block.text
        seen.add(key)
    # else the first title-like line above the body (the first full paragraph)
    for block in top:
        if _is_title_like(block):
            return block.text
        if len(block.text) > _MAX_TITLE_CHARS or block.text.endswith(_SENTENCE_STOPS):
            break
    return None


def clean_text_blocks(
    blocks: list[Block], options: Options, plan: FilterPlan, phrases: dict[str, PhraseSet]
) -> tuple[str | None, list[Block], Context]:
    title = infer_title(blocks, phrases)
    context = Context(
        Removals(options.explain, ablated=frozenset(options._ablate)),
        title=title,
        title_variants=(title,) if title else (),
        languages=options.languages,
        from_dump=True,
        phrases=phrases,
    )
    if title and "headlines" in plan.selected:
        blocks = drop_headline_rewordings(blocks, title, context)
    kept = run_text_filters(blocks, context, plan)
    if _FOOTER in plan.selected:
        kept = drop_footer(kept, context)
    return title, kept, context


_VARIANT_BLOCKS = 2  # an SEO variant stands right under the headline
_MIN_SHARED_STEMS = 2
_SHARED_IN_TITLE_CASE = 0.4  # of the shorter line's stems
_SHARED_ANY_CASE = 0.6
_TITLE_CASE_SHARE = 0.7  # of the longer words capitalised
_REWORDING = "rewords the headline (its SEO variant, under it)"


def _in_title_case(text: str) -> bool:
    """Most longer words capitalised ("Council Approves New Route"), or a script without case."""
    words: list[str] = [word for word in _TOKEN.findall(text) if len(word) >= _MIN_STEM_WORD and not word[0].isdigit()]
    cased = [word for word in words if word[0].lower() != word[0].upper()]
    if not cased:
        return True
    return sum(word[0].isupper() for word in cased) >= _TITLE_CASE_SHARE * len(cased)


def _rewords(text: str, title_stems: set[str]) -> bool:
    stems = headline_stems(text)
    shared = len(stems & title_stems)
    if shared < _MIN_SHARED_STEMS:
        return False
    share = shared / min(len(stems), len(title_stems))
    return share >= _SHARED_ANY_CASE or (share >= _SHARED_IN_TITLE_CASE and _in_title_case(text))


def drop_headline_rewordings(blocks: list[Block], title: str, context: Context) -> list[Block]:
    """A dump prints a page's headline and, right under it, the headline reworded for search
    engines ("Harbour Ferry 2026: Council Approves New Route After Two-Year Debate" under
    "City council approves new ferry route across the harbour"): a title-like line that
    shares the headline's words (their stems, in any language) and comes before the body.
    The headline is said once: the rewording goes."""
    key = title.casefold()
    title_stems = headline_stems(title)
    at = next((index for index, block in enumerate(blocks) if block.text.casefold() == key), None)
    if at is None or not title_stems:
        return blocks
    after = at + 1
    while after < len(blocks) and blocks[after].text.casefold() == key:
        after += 1  # the headline printed twice
    rewordings: set[int] = set()
    for index in range(after, min(after + _VARIANT_BLOCKS, len(blocks))):
        block = blocks[index]
        if not _is_title_like(block):
            break  # the body has begun
        if _rewords(block.text, title_stems) and context.removals.block("headlines", block, _REWORDING):
            rewordings.add(index)
    return [block for index, block in enumerate(blocks) if index not in rewordings]


def drop_footer(blocks: list[Block], context: Context) -> list[Block]:
    """A dump runs on past the story into the site's footer (menus, legal lines, contact
    details), which a tree would have put aside: after the last paragraph of prose and a
    sign-off of two lines, the lines are the site's. A dump without prose is left alone."""
    last = max((index for index, block in enumerate(blocks) if is_sentence_paragraph(block)), default=None)
    if last is None:
        return blocks
    end = last + 1 + _SIGN_OFF_LINES
    footer = [block for block in blocks[end:] if not context.removals.block(_FOOTER, block, "after the story's last paragraph (the site's footer)")]
    return blocks[:end] + footer  # footer: what an ablation kept
