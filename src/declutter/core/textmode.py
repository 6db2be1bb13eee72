"""Text mode: the filters applied to an already-extracted text dump, line by line.

A dump has no tree, so its title is inferred: the line the dump repeats near its top (a
naive extractor prints the headline more than once), or else its first heading-like line.
"""
from __future__ import annotations

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


def _is_title_like(block: Block) -> bool:
    text = block.text
    return len(text) <= _MAX_TITLE_CHARS and not text.endswith(_SENTENCE_STOPS) and len(title_words(text)) >= 3


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
        Removals(options.explain),
        title=title,
        title_variants=(title,) if title else (),
        languages=options.languages,
        from_dump=True,
        phrases=phrases,
    )
    kept = run_text_filters(blocks, context, plan)
    if _FOOTER in plan.selected:
        kept = drop_footer(kept, context)
    return title, kept, context


def drop_footer(blocks: list[Block], context: Context) -> list[Block]:
    """A dump runs on past the story into the site's footer (menus, legal lines, contact
    details), which a tree would have put aside: after the last paragraph of prose and a
    sign-off of two lines, the lines are the site's. A dump without prose is left alone."""
    last = max((index for index, block in enumerate(blocks) if is_sentence_paragraph(block)), default=None)
    if last is None:
        return blocks
    end = last + 1 + _SIGN_OFF_LINES
    for block in blocks[end:]:
        context.removals.block(_FOOTER, block, "after the story's last paragraph (the site's footer)")
    return blocks[:end]
