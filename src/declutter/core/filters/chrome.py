"""Site chrome: hidden elements, navigation, footers, search, share bars,
follow-us widgets, cookie/consent banners, newsletter boxes, ads, sidebars."""
from __future__ import annotations

from collections import Counter

from lxml.html import HtmlElement

from ..dom import HEADING_TAGS, tag_of, text_of
from . import Context
from .patterns import (
    Candidates,
    class_pattern,
    class_reason,
    paragraph_cores,
    readable_unlinked_chars,
    role_names,
    says_the_title,
    select_outermost,
)

NAME = "chrome"

_CHROME_TAGS = frozenset(("nav", "aside", "footer", "form", "dialog", "menu"))
_CHROME_ROLES = frozenset(("navigation", "banner", "contentinfo", "search", "complementary", "dialog", "alertdialog", "menu", "menubar"))
_CHROME_BOUNDED = "nav|menu|footer|follow|search|toolbar|settings|cta|ad|adv|banner|popup|modal|overlay|skip|masthead|tag-list|author|author-box|author-bio|about-author|signup|login|top-bar|topbar|site-header|visually-hidden|sr-only|screen-reader-text"
_CHROME_ANYWHERE = "navbar|navigation|breadcrumb|sidebar|disclosure|affiliate|authorbox|social-share|social-links|social-icons|newsletter|subscribe|subscription|cookie|consent|gdpr|advert|sponsor|sharebar|share-bar|sharing-buttons|socialshare|addthis|shareaholic|a2a_kit"
_CHROME_CLASSES = class_pattern(bounded=_CHROME_BOUNDED, anywhere=_CHROME_ANYWHERE)
# A class that hides its element until a script shows it: weak evidence alone (a story's
# "read more" half, a tab), strong when what it hides is shown elsewhere on the page.
_HIDING_WORDS = "hidden|hide|d-none|is-hidden"
_HIDING_CLASSES = class_pattern(bounded=_HIDING_WORDS)
# Content elements keep a stray chrome-like class; the text filters judge them instead.
_CONTENT_TAGS = frozenset(("p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre", "table", "tr", "td", "th", "span", "a", "b", "strong", "em", "i", "img", "figure"))


_HIDDEN_STYLE = ("display:none", "visibility:hidden")
CANDIDATES = Candidates(
    class_pattern(bounded=f"{_CHROME_BOUNDED}|{_HIDING_WORDS}", anywhere=_CHROME_ANYWHERE),
    tags=_CHROME_TAGS,
    attributes=("role", "hidden", "style"),
    class_ignores=_CONTENT_TAGS | {"html", "body"},
)


def _is_hidden(element: HtmlElement) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    if not style:
        return False
    return any(rule in style.replace(" ", "").lower() for rule in _HIDDEN_STYLE)


_MIN_PAGE_CHARS = 150


def _base_class(element: HtmlElement) -> str | None:
    names = (element.get("class") or "").split()
    return names[0] if names else None


def _is_a_page_of_a_series(hidden: HtmlElement) -> bool:
    """A hidden element beside a shown one of its tag and class: a page of a story that a
    script pages through (a slideshow's items, a listicle shown one entry at a time), or a
    tab of the story's own tabs; the shown one is the current page."""
    base = _base_class(hidden)
    if base is None or readable_unlinked_chars(hidden) < _MIN_PAGE_CHARS:
        return False  # a toggle's other state, an ad slot's other size: no prose
    return any(
        sibling.tag == hidden.tag and _base_class(sibling) == base and not _is_hidden(sibling)
        for sibling in (*hidden.itersiblings(preceding=True), *hidden.itersiblings())
    )


_NAVIGATION_WORDS = frozenset(("nav", "menu", "navbar", "navigation", "breadcrumb", "toolbar"))
_CONTROLS = ("a", "button", "select", "input")


def _heading_called_navigation(element: HtmlElement, matched: str) -> bool:
    """A "nav" with nothing to click, holding a heading: the heading of a list of steps or
    sections that a script makes a tab ("steps-list-nav" around "Preparation step by step")."""
    if matched.strip(" _-") not in _NAVIGATION_WORDS:
        return False
    return next(element.iter(*_CONTROLS), None) is None and next(element.iter(*HEADING_TAGS), None) is not None


def _chrome_reason(element: HtmlElement) -> str | None:
    tag = tag_of(element)
    if tag in ("html", "body"):
        return None
    if _is_hidden(element) and not _is_a_page_of_a_series(element):
        return "hidden"
    if tag in _CHROME_TAGS:
        return f"<{tag}>"
    role = (element.get("role") or "").lower()
    if role in _CHROME_ROLES:
        return f"role={role}"
    if tag not in _CONTENT_TAGS and (element.get("class") or element.get("id")):
        matched = _CHROME_CLASSES.search(role_names(element))
        if matched and not _heading_called_navigation(element, matched.group(0)):
            return class_reason(element)
    return None


def _opens_with_the_headline(element: HtmlElement, headlines: frozenset[str]) -> bool:
    """The first heading inside `element` says the page's title (one of `headlines`, see
    Context.headlines): the story's box. A list of stories may name this one further down."""
    first = next(element.iter(*HEADING_TAGS), None)
    return first is not None and says_the_title(first, headlines)


_MIN_COPIED_CHARS = 40  # of a paragraph: shorter ones ("Photo", a date) repeat on any page
HIDDEN_COPY = "a hidden copy of text the page shows (a class hides it)"


def _paragraph_texts(element: HtmlElement) -> list[str]:
    texts = (text_of(paragraph) for paragraph in element.iter("p"))
    return [text for text in texts if len(text) >= _MIN_COPIED_CHARS]


def _copies_shown_text(element: HtmlElement, page_paragraphs: Counter[str]) -> bool:
    """Each of the element's paragraphs is printed outside it too: a second copy of the
    story (a print or teaser version) that a class hides. A copy found is taken out of
    `page_paragraphs`, so that of two copies both hidden by a class ("hidden-xs" and
    "hidden-lg": one for each screen size) the last stays."""
    own = Counter(_paragraph_texts(element))
    if not own or any(page_paragraphs[text] <= count for text, count in own.items()):
        return False
    page_paragraphs.subtract(own)
    return True


def remove_chrome(root: HtmlElement, context: Context) -> None:
    """Remove site furniture by tag, ARIA role and class/id, keeping the article's own containers."""
    holds_story = context.story_guard(root)
    holds_main_content = context.main_content_guard()
    headlines = context.headlines()
    paragraph_runs: list[HtmlElement] | None = None  # found when a hidden block first asks
    page_paragraphs: Counter[str] | None = None  # found when a block a class hides first asks

    def visible_elsewhere(hidden: HtmlElement) -> bool:
        """The page shows one of its runs of paragraphs outside this hidden element."""
        nonlocal paragraph_runs
        if paragraph_runs is None:
            paragraph_runs = paragraph_cores(root)
        return any(hidden not in (run, *run.iterancestors()) for run in paragraph_runs)

    def hidden_copy(element: HtmlElement) -> bool:
        nonlocal page_paragraphs
        if tag_of(element) in _CONTENT_TAGS or not _HIDING_CLASSES.search((element.get("class") or "").lower()):
            return False
        if page_paragraphs is None:
            page_paragraphs = Counter(_paragraph_texts(root))
        return _copies_shown_text(element, page_paragraphs)

    def reason(element: HtmlElement) -> str | None:
        found = _chrome_reason(element)
        if holds_main_content(element):
            return None
        if not found:
            return HIDDEN_COPY if hidden_copy(element) else None
        if found == "<aside>":
            # the tag is stronger evidence than a class word: an <aside> stays only when it
            # is the story's own box, opening with the headline (a sidebar may hold a longer
            # run of paragraphs than a story printed between line breaks)
            return None if holds_story(element) and _opens_with_the_headline(element, headlines) else found
        if found.startswith(("class/id", "hidden", "<form>")) and holds_story(element):
            if found == "hidden" and visible_elsewhere(element):
                return found  # the story is there in the open: this is a hidden variant or extra
            # a layout wrapper whose class says "sidebar", a story hidden until a script
            # reveals it, a page wrapped in one <form> (ASP.NET): it holds the story all the same
            return None
        return found

    for element, why in select_outermost(root, context.candidates[NAME], reason):
        context.removals.element(NAME, element, why)
