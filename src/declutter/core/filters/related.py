"""Related/recommended/read-next blocks and their teasers: by class/id (related, recirc,
taboola, outbrain...) and by their heading ("You May Also Like", "Lire aussi", ...)."""
from __future__ import annotations

from lxml.html import HtmlElement

from ..dom import HEADING_TAGS, tag_of, text_of
from . import Context
from .patterns import Candidates, class_pattern, class_reason, role_names, select_outermost
from .sections import remove_labelled_sections
from .threads import remove_teaser_runs

NAME = "related"

# The lookbehind follows the word, as in comments.py (not "has-related"): faster, the same matches.
_RELATED_CLASSES = class_pattern(
    bounded="more-stories|also-read|read-next|next-article|up-next|popular|most-read|most-popular|trending|recirc",
    anywhere="related(?<!has-related)|teaser|recommend|taboola|outbrain|youmaylike|you-may-like|mostread|morestories|yarpp|jp-relatedposts|further-reading|more-from|moreFrom",
)
# "teaser" names another story's card, and as often the story's own standfirst (German
# CMSs call the lead "Teaser"): only an element with links to elsewhere is a card.
_CARD_LINK_SHARE = 0.3
# Never a related block, whatever the class says.
_KEPT_TAGS = frozenset(("p", "h1", "h2", "h3", "li", "a", "span", "html", "body", "main", "article"))
CANDIDATES = Candidates(_RELATED_CLASSES, class_ignores=_KEPT_TAGS)


def _is_teaser_card(element: HtmlElement) -> bool:
    """A "teaser" element that links to another story: a linked heading, or links making a
    good share of its text (a title and a "more" link over an excerpt)."""
    text = text_of(element)
    if not text:
        return False
    linked = sum(len(text_of(link)) for link in element.iter("a") if link.get("href"))
    return linked >= _CARD_LINK_SHARE * len(text) or any(
        link.get("href") for heading in element.iter(*HEADING_TAGS) for link in heading.iter("a")
    )


def remove_related(root: HtmlElement, context: Context) -> None:
    """Remove related-content blocks and teaser lists."""
    holds_story = context.story_guard(root)

    def reason(element: HtmlElement) -> str | None:
        if tag_of(element) in _KEPT_TAGS:
            return None
        if not (element.get("class") or element.get("id")):
            return None
        matched = _RELATED_CLASSES.search(role_names(element))
        if matched is None or (matched.group() == "teaser" and not _is_teaser_card(element)) or holds_story(element):
            return None
        return class_reason(element)
        return None

    for element, why in select_outermost(root, context.candidates[NAME], reason):
        context.removals.element(NAME, element, why)
    remove_labelled_sections(root, context, context.phrase_sets()["related"], NAME, "related block", teasers=True)
    remove_teaser_runs(root, context)  # the lists no class or heading names
