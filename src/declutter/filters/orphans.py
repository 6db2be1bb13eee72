"""Orphans: what the other filters leave stranded, and link-only scraps readability keeps —
a heading with nothing under it (its teaser list was removed), a short block that is all
link ("Print recipe", "Next article")."""
from __future__ import annotations

from ..blocks import Block
from . import Context

NAME = "orphans"

_MAX_LINK_BLOCK_CHARS = 100
_LINK_BLOCK_DENSITY = 0.6


def _heading_level(block: Block) -> int:
    """1-6 for headings, 0 for everything else."""
    kind = block.kind
    return int(kind[1]) if len(kind) == 2 and kind[0] == "h" and kind[1].isdigit() else 0


def drop_orphans(blocks: list[Block], context: Context) -> list[Block]:
    """Drop short link-only blocks, then headings that head nothing."""
    linked = []
    for block in blocks:
        if block.kind != "pre" and len(block.text) < _MAX_LINK_BLOCK_CHARS and block.link_density >= _LINK_BLOCK_DENSITY:
            context.removals.block(NAME, block, "a short link, not text")
        else:
            linked.append(block)
    kept: list[Block] = []
    for index, block in enumerate(linked):
        level = _heading_level(block)
        if level:
            following = linked[index + 1] if index + 1 < len(linked) else None
            next_level = _heading_level(following) if following is not None else 0
            if following is None or 0 < next_level <= level:
                context.removals.block(NAME, block, "a heading with nothing under it")
                continue
        kept.append(block)
    return kept
