"""The ordered list of filters the pipeline runs, by name."""
from __future__ import annotations

from lxml.html import HtmlElement

from ..blocks import Block
from ..errors import DeclutterError
from ..options import Options
from . import Context, DomFilter, TextFilter
from .captions import drop_credit_lines, remove_captions
from .chrome import remove_chrome
from .comments import remove_comments
from .headlines import drop_repeated_headlines
from .lines import drop_boilerplate_lines
from .lorem import drop_lorem
from .related import remove_related

# Comments and related blocks go before chrome: their class names are the more specific.
DOM_FILTERS: dict[str, DomFilter] = {
    "comments": remove_comments,
    "related": remove_related,
    "chrome": remove_chrome,
    "captions": remove_captions,
}
TEXT_FILTERS: dict[str, TextFilter] = {
    "lorem": drop_lorem,
    "boilerplate": drop_boilerplate_lines,
    "headlines": drop_repeated_headlines,
    "credits": drop_credit_lines,
}
FILTER_NAMES = (*DOM_FILTERS, *TEXT_FILTERS)


def _selected(options: Options) -> frozenset[str]:
    if options.filters is None:
        return frozenset(FILTER_NAMES)
    unknown = set(options.filters) - set(FILTER_NAMES)
    if unknown:
        raise DeclutterError(f"unknown filter(s) {', '.join(sorted(unknown))}; known: {', '.join(FILTER_NAMES)}")
    return frozenset(options.filters)


def run_dom_filters(root: HtmlElement, context: Context, options: Options) -> None:
    selected = _selected(options)
    for name, dom_filter in DOM_FILTERS.items():
        if name in selected:
            dom_filter(root, context)


def run_text_filters(blocks: list[Block], context: Context, options: Options) -> list[Block]:
    selected = _selected(options)
    for name, text_filter in TEXT_FILTERS.items():
        if name in selected:
            blocks = text_filter(blocks, context)
    return blocks
