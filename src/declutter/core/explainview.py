"""The explain view: one cleaned page as a self-contained HTML file a person can read.

A header with the record's metadata and where each field was read; a legend counting the
blocks each filter removed; then every block of the page in page order: the kept ones as
the reader gets them, the removed ones struck through, tinted by the filter that removed
them, with its reason on hover. Blocks content selection left out show under "content".

Safe to open whatever the page held: every string from the page is escaped, the file has
no script, loads nothing (no fonts, images or styles from elsewhere) and carries a
Content-Security-Policy that forbids both, should anything slip through. Pure: a string in,
a string out.
"""
from __future__ import annotations

import re
from html import escape

from .article import Article, RemovedBlock
from .blocks import Block

KEPT = "kept"
# A tint for each filter, readable under dark text; any other filter gets the last one.
_TINTS = {
    "content": "#e4e4e4",
    "chrome": "#ffd6d6",
    "comments": "#d6e4ff",
    "related": "#fff0c2",
    "captions": "#e6d6ff",
    "lorem": "#d6fff0",
    "boilerplate": "#ffe0c2",
    "headlines": "#f0d6ff",
    "credits": "#d6f5ff",
}
_OTHER_TINT = "#f5f5d6"
_FIELDS = ("title", "author", "date", "date_modified", "sitename", "language", "description", "url")
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; script-src 'none'; form-action 'none'; base-uri 'none'"
_STYLE = """
body{font:16px/1.5 Georgia,serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#222;background:#fff}
header{border-bottom:2px solid #222;margin-bottom:1rem}
h1{font-size:1.5rem;margin:.2rem 0 .6rem}
table{border-collapse:collapse;font:14px/1.4 sans-serif;margin-bottom:1rem;width:100%}
th,td{text-align:left;vertical-align:top;padding:.15rem .5rem;border-bottom:1px solid #ddd}
td.source{color:#666;white-space:nowrap}
.legend{font:14px/1.6 sans-serif;display:flex;flex-wrap:wrap;gap:.3rem .8rem;margin:.5rem 0 1.2rem;padding:0;list-style:none}
.legend li{padding:0 .4rem;border-radius:3px}
.block{margin:.4rem 0;padding:.1rem .4rem;white-space:pre-wrap;overflow-wrap:anywhere}
.removed{text-decoration:line-through;color:#555;border-left:4px solid #999;font-size:.9rem}
.filter{font:bold 11px sans-serif;text-decoration:none;display:inline-block;margin-right:.5rem;padding:0 .3rem;border:1px solid #999;border-radius:3px;background:#fff}
.kind-h1,.kind-h2{font-size:1.3rem;font-weight:bold}.kind-h3,.kind-h4,.kind-h5,.kind-h6{font-weight:bold}
.kind-li{margin-left:1.5rem}.kind-li::before{content:"\\2022  "}
.kind-quote{border-left:3px solid #bbb;font-style:italic}
.kind-pre{font:13px/1.4 monospace;background:#f6f6f6}
"""


def _class_name(filter_name: str) -> str:
    return "f-" + re.sub(r"[^a-z0-9-]", "-", filter_name.lower())


def _tint_rules(filters: list[str]) -> str:
    return "".join(f".{_class_name(name)}{{background:{_TINTS.get(name, _OTHER_TINT)}}}" for name in filters)


def _in_page_order(kept: tuple[Block, ...], removed: tuple[RemovedBlock, ...]) -> list[Block | RemovedBlock]:
    """Kept and removed blocks merged by source line; a kept block without a line (text
    from JSON-LD) stays after the kept block before it."""
    placed: list[tuple[int, int, Block | RemovedBlock]] = []
    last_kept_line = 0
    for order, block in enumerate(kept):
        last_kept_line = block.line or last_kept_line
        placed.append((last_kept_line, order, block))
    placed += [(block.line or 0, len(kept) + order, block) for order, block in enumerate(removed)]
    return [entry for _, _, entry in sorted(placed, key=lambda item: (item[0], item[1]))]


def _kept_html(block: Block) -> str:
    return f'<div class="block kept kind-{escape(block.kind)}">{escape(block.text)}</div>'


def _removed_html(block: RemovedBlock) -> str:
    hover = f"{block.filter}: {block.reason}"
    text = block.text or block.snippet
    return (
        f'<div class="block removed {_class_name(block.filter)}" data-filter="{escape(block.filter)}" title="{escape(hover)}">'
        f'<span class="filter">{escape(block.filter)}</span><del>{escape(text)}</del></div>'
    )


def render_explain_view(article: Article, source: str) -> str:
    """The explain view of a cleaned page (an Article cleaned with explain=True)."""
    counts: dict[str, int] = {}
    for removed in article.removed:
        counts[removed.filter] = counts.get(removed.filter, 0) + 1
    filters = sorted(counts, key=lambda name: (-counts[name], name))
    rows = []
    for name in _FIELDS:
        value = getattr(article, name, None)
        if name == "language" and article.language_source:
            where = article.sources.get("language") or article.language_source
        else:
            where = article.sources.get(name, "") if value else ""
        rows.append(
            f'<tr><th>{escape(name)}</th><td>{escape(str(value)) if value else "<em>none</em>"}</td><td class="source">{escape(where)}</td></tr>'
        )
    legend = [f'<li class="kept-count">kept: {len(article.blocks)} block(s)</li>']
    legend += [f'<li class="{_class_name(name)}" data-filter="{escape(name)}">{escape(name)}: {counts[name]} removed</li>' for name in filters]
    body = [_kept_html(e) if isinstance(e, Block) else _removed_html(e) for e in _in_page_order(article.blocks, article.removed)]
    title = article.title or source
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>declutter explain: {escape(title)}</title>",
            f"<style>{_STYLE}{_tint_rules(filters)}</style></head><body>",
            f'<header><div class="source">{escape(source)}</div><h1>{escape(title)}</h1>',
            '<table class="metadata"><tr><th>field</th><th>value</th><th>read from</th></tr>',
            *rows,
            "</table>",
            '<ul class="legend">',
            *legend,
            "</ul></header>",
            "<main>",
            *body,
            "</main></body></html>",
            "",
        ]
    )
