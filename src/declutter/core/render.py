"""Blocks to output: plain text (paragraphs separated by blank lines) and Markdown."""
from __future__ import annotations

from .blocks import Block


def render_text(blocks: list[Block]) -> str:
    """Plain text: one block per paragraph, blank lines between them."""
    return "\n\n".join(block.text for block in blocks)


def _markdown_block(block: Block) -> str:
    kind = block.kind
    if kind.startswith("h") and kind[1:].isdigit():
        return f"{'#' * int(kind[1:])} {block.text}"
    if kind == "li":
        marker = f"{block.ordinal}." if block.ordinal else "-"
        return f"{'  ' * max(0, block.depth - 1)}{marker} {block.text}"
    if kind == "quote":
        return "\n".join(f"> {line}" for line in block.text.split("\n"))
    if kind == "pre":
        return f"```\n{block.text}\n```"
    return block.text


def render_markdown(blocks: list[Block]) -> str:
    """Markdown: headings, lists, quotes and code kept; consecutive list items stay together."""
    out: list[str] = []
    previous: Block | None = None
    for block in blocks:
        separator = "\n" if previous is not None and previous.kind == block.kind == "li" else "\n\n"
        if out:
            out.append(separator)
        out.append(_markdown_block(block))
        previous = block
    return "".join(out)
