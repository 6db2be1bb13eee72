"""The ordered list of filters the pipeline runs, by name, and the plan one Options selects."""
from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from ..blocks import Block
from ..errors import DeclutterError
from ..options import Options
from . import Context, DomFilter, TextFilter, captions, chrome, comments, related
from .headlines import drop_repeated_headlines
from .lines import drop_boilerplate_lines
from .lorem import drop_lorem
from .nonprose import drop_nonprose
from .patterns import CONTENT_MARKERS, CandidateFinder

# Comments and related blocks go before chrome: their class names are the more specific.
DOM_FILTERS: dict[str, DomFilter] = {
    "comments": comments.remove_comments,
    "related": related.remove_related,
    "chrome": chrome.remove_chrome,
    "captions": captions.remove_captions,
}
# The elements each DOM filter considers, found for all of them in one pass over the page.
DOM_FILTER_CANDIDATES = {
    "comments": comments.CANDIDATES,
    "related": related.CANDIDATES,
    "chrome": chrome.CANDIDATES,
    "captions": captions.CANDIDATES,
}
TEXT_FILTERS: dict[str, TextFilter] = {
    "lorem": drop_lorem,
    "boilerplate": drop_boilerplate_lines,
    "nonprose": drop_nonprose,
    "headlines": drop_repeated_headlines,
    "credits": captions.drop_credit_lines,
}
FILTER_NAMES = (*DOM_FILTERS, *TEXT_FILTERS)
_CONTENT_MARKERS = "content markers"  # found with the filters' candidates; not a filter


def selected_filters(options: Options) -> frozenset[str]:
    if options.filters is None:
        return frozenset(FILTER_NAMES)
    unknown = set(options.filters) - set(FILTER_NAMES)
    if unknown:
        raise DeclutterError(f"unknown filter(s) {', '.join(sorted(unknown))}; known: {', '.join(FILTER_NAMES)}")
    return frozenset(options.filters)


@dataclass(frozen=True)
class FilterPlan:
    """The filters one Options selects, in running order, with the finder of the candidates
    of the DOM filters among them (and of the content markers, found in the same walk)."""

    selected: frozenset[str]
    dom_filters: tuple[DomFilter, ...]
    candidates: CandidateFinder
    text_filters: tuple[TextFilter, ...]


def plan_filters(options: Options) -> FilterPlan:
    """The plan of `options`; a DeclutterError names any unknown filter."""
    selected = selected_filters(options)
    running = [name for name in DOM_FILTERS if name in selected]
    return FilterPlan(
        selected,
        tuple(DOM_FILTERS[name] for name in running),
        CandidateFinder({**{name: DOM_FILTER_CANDIDATES[name] for name in running}, _CONTENT_MARKERS: CONTENT_MARKERS}),
        tuple(text_filter for name, text_filter in TEXT_FILTERS.items() if name in selected),
    )


def run_dom_filters(root: HtmlElement, context: Context, plan: FilterPlan, candidates: dict[str, list[HtmlElement]]) -> None:
    """Run the plan's DOM filters over the page, given the candidates plan.candidates found in it."""
    context.content_markers = candidates.pop(_CONTENT_MARKERS)
    context.candidates = candidates
    for dom_filter in plan.dom_filters:
        dom_filter(root, context)


def run_text_filters(blocks: list[Block], context: Context, plan: FilterPlan) -> list[Block]:
    for text_filter in plan.text_filters:
        blocks = text_filter(blocks, context)
    return blocks
