"""Heading-anchored sections: a heading such as "You May Also Like" or "Leave a Reply"
announces a block of teasers or comments; remove the heading and the block it heads."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Callable, NamedTuple

from lxml.html import HtmlElement

from ..dom import BLOCK_TAGS, HEADING_TAGS, normalize_space, tag_of, text_content, text_of
from ..phrases import PhraseSet, normalize_phrase
from . import Context
from .patterns import readable_unlinked_chars, unlinked_chars, unread_chars

try:
    from ..cwalk.filters import short_text_candidates as _short_text_candidates_in_c
except ImportError:  # an uncompiled core: every element is tested in Python
    _short_text_candidates_in_c = None  # type: ignore[assignment]

_LABEL_TAGS = HEADING_TAGS | {"summary", "legend", "p", "div", "span", "strong", "b", "h", "dt", "caption", "label"}
_MAX_LABEL_CHARS = 60
_MAX_LABEL_CHILDREN = 4
_PROSE_CHARS = 150
_PROSE_LINK_DENSITY = 0.3
_MAX_TEASER_SECTION_CHARS = 1000
_TEASER_LINK_DENSITY = 0.2
# Under a label that only opens with a related phrase, this share of the text is in links.
_LINK_LIST_SHARE = 0.5
# Teaser cards: headings that are links, at least this long, at least this many.
_MIN_TITLE_CHARS = 15
_MIN_TEASER_TITLES = 2


# The names of the blocks, as the walk in C reads them: an element holding one is a block holder.
_BLOCK_NAMES = tuple(tag.encode() for tag in sorted(BLOCK_TAGS))


def short_text_candidates(
    root: HtmlElement,
    tags: tuple[str, ...],
    holders: Callable[[HtmlElement], set[HtmlElement | None]],
    holders_too: tuple[str, ...] = (),
    max_chars: int = 0,
    max_solid: int = -1,
    max_children: int = -1,
    with_digit: bool = False,
) -> Iterable[tuple[HtmlElement, str | None]]:
    """The elements of `tags` under `root` that a caller tests for a short text, in page
    order, each with its text_content or None (not read yet), block holders left out but
    those of `holders_too`: every other one, or, where core/cwalk is built, only those
    its walk in C finds may pass the test, most with their text (see
    cwalk.short_text_candidates for the limits). The caller tests each as before: what the
    walk leaves out, the test would leave out too. `holders` finds the page's block holders
    (Context.block_holders, dom.block_holders), asked only without the walk in C, which
    sees them itself."""
    if _short_text_candidates_in_c is None:
        held = holders(root)
        return ((element, None) for element in root.iter(*tags) if element.tag in holders_too or element not in held)
    names = tuple(tag.encode() for tag in tags)
    return _short_text_candidates_in_c(
        root, names, _BLOCK_NAMES, tuple(tag.encode() for tag in holders_too), max_chars, max_solid, max_children, with_digit
    )


_LABEL_TAG_NAMES = tuple(sorted(_LABEL_TAGS))
_HEADING_TAG_NAMES = tuple(sorted(HEADING_TAGS))


def short_texts(root: HtmlElement, holders: Callable[[HtmlElement], set[HtmlElement | None]]) -> list[tuple[HtmlElement, str, str]]:
    """The elements that could be labels (headings, short leaf blocks) with their text and
    the first word of its normalize_phrase form, the key a phrase set files a phrase under
    (`holders`: finds the page's dom.block_holders, see short_text_candidates)."""
    found = []
    candidates = short_text_candidates(
        root, _LABEL_TAG_NAMES, holders, _HEADING_TAG_NAMES, 3 * _MAX_LABEL_CHARS, _MAX_LABEL_CHARS, _MAX_LABEL_CHILDREN
    )
    for element, known_text in candidates:
        if len(element) > _MAX_LABEL_CHILDREN:
            continue  # a label is a few words, maybe in a <b> or a link; not a container
        raw = text_content(element) if known_text is None else known_text
        if len(raw) > 3 * _MAX_LABEL_CHARS:
            continue
        text = normalize_space(raw)
        if 0 < len(text) <= _MAX_LABEL_CHARS:
            found.append((element, text, normalize_phrase(text).split(" ", 1)[0]))
    return found


def is_attached(element: HtmlElement, root: HtmlElement) -> bool:
    """Still in the tree under `root` (no ancestor was removed)."""
    top = element
    for top in element.iterancestors():  # noqa: B007 - the loop leaves `top` at the last ancestor
        pass
    return top is root


def _first_text_element(container: HtmlElement) -> HtmlElement | None:
    for element in container.iter():
        if isinstance(element.tag, str) and element is not container and (element.text or "").strip():
            return element
    return None


def _section_of(
    label: HtmlElement, holds_story: Callable[[HtmlElement], bool], teasers: bool = False
) -> HtmlElement | list[HtmlElement]:
    """The container the label heads (it is the container's first text), or else the label
    and its following siblings up to the next heading or paragraph of prose (with `teasers`,
    teaser cards, a linked title over an excerpt each, are no prose)."""
    section = label
    for parent in label.iterancestors():
        if tag_of(parent) in ("body", "html") or holds_story(parent):
            break
        first = _first_text_element(parent)
        if (parent.text or "").strip() or first is None or not (first is section or section in first.iterancestors() or first in section.iter()):
            break
        section = parent
    if section is not label and not _holds_only(section, label):
        return section
    # a page builder wraps the heading alone in a widget: its teasers are the widget's siblings
    members = [section]
    for sibling in section.itersiblings():
        if tag_of(sibling) in HEADING_TAGS or (_is_prose(sibling) and not (teasers and _holds_teaser_items(sibling))):
            break  # the section ended: the article goes on
        members.append(sibling)
    return members


def _holds_only(container: HtmlElement, label: HtmlElement) -> bool:
    """The container's text is the label's, nothing else."""
    return container is label or text_of(container) == text_of(label)


def _linked_chars(element: HtmlElement) -> int:
    """Characters of the element's links (whitespace normalised)."""
    return sum(len(text_of(link)) for link in element.iter("a"))


def _teaser_titles(element: HtmlElement) -> int:
    """Headings that are links to other stories, as teaser cards print them (an article's
    own subheadings are not links)."""
    titles = 0
    for heading in element.iter(*HEADING_TAGS):
        linked = _linked_chars(heading)
        if linked >= _MIN_TITLE_CHARS and linked >= len(text_of(heading)) - 2:
            titles += 1
    return titles


def _holds_teaser_items(element: HtmlElement) -> bool:
    return _teaser_titles(element) >= _MIN_TEASER_TITLES


def _is_prose(element: HtmlElement) -> bool:
    """Running text, not a list of links: the article going on after a label."""
    unlinked = unlinked_chars(element)
    total = len(text_content(element))
    return unlinked > _PROSE_CHARS and unlinked > (1 - _PROSE_LINK_DENSITY) * total


def _reads_as_article(section: HtmlElement) -> bool:
    """A long stretch of unlinked text: not teasers, whatever its heading says ("Read more"
    can be a button that expands the rest of the story)."""
    unlinked = readable_unlinked_chars(section)  # a widget's script is no reading matter
    if unlinked <= _MAX_TEASER_SECTION_CHARS:
        return False
    return unlinked > (1 - _TEASER_LINK_DENSITY) * (len(text_content(section)) - unread_chars(section))


def _is_link_list(section: HtmlElement | list[HtmlElement], label: HtmlElement) -> bool:
    """What the label heads is mostly links: other stories' titles, not the article going on."""
    members = section if isinstance(section, list) else [section]
    total = sum(len(text_of(member)) for member in members if member is not label)
    linked = sum(_linked_chars(member) for member in members if member is not label)
    if not isinstance(section, list):  # a container: the label is inside it
        total -= len(text_of(label))
        linked -= _linked_chars(label)
    return total > 0 and (linked >= _LINK_LIST_SHARE * total or any(_holds_teaser_items(member) for member in members))


def _heads_nothing(section: HtmlElement | list[HtmlElement], label: HtmlElement) -> bool:
    """What the label heads is the label alone: the section's other members hold no text."""
    members = section if isinstance(section, list) else [section]
    return all(_holds_only(member, label) or not text_of(member) for member in members)


def _is_a_link(label: HtmlElement) -> bool:
    """The label is a link, or in one, or holds only one: a button to a section elsewhere."""
    if any(tag_of(element) == "a" and element.get("href") for element in (label, *label.iterancestors())):
        return True
    return _linked_chars(label) >= len(text_of(label))


class Label(NamedTuple):
    """A short text that is a phrase of a set (`exact`), or that opens with one."""

    element: HtmlElement
    text: str
    phrase: str
    exact: bool


def find_labels(root: HtmlElement, context: Context, phrases: PhraseSet, teasers: bool = False) -> list[Label]:
    """The page's short texts that are a phrase in `phrases` (PhraseSet.match) and, with
    `teasers`, those that only open with one (PhraseSet.opens), in page order: matched once
    for every rule that looks for them."""
    labels = []
    first_words = phrases.by_first_word
    for element, text, first_word in context.short_texts(root, lambda page: short_texts(page, context.block_holders)):
        if first_word not in first_words:
            continue  # no phrase starts with its first word: match() and opens() would find none
        if phrase := phrases.match(text):
            labels.append(Label(element, text, phrase, True))
        elif teasers and (phrase := phrases.opens(text)):
            labels.append(Label(element, text, phrase, False))
    return labels


def remove_labelled_sections(
    root: HtmlElement, context: Context, phrases: PhraseSet, name: str, what: str, teasers: bool = False, labels: list[Label] | None = None
) -> None:
    """Remove every section headed by a label in `phrases`; with `teasers`, only sections
    that look like teasers (not a long run of unlinked text), and also sections whose label
    only opens with a phrase ("Mehr aus der Sendung") when what it heads is a list of links.
    Without `teasers` (comments), a label that heads nothing goes alone when it is a link (a
    button to the thread), and stays when it is a heading (the text stage's boundary marker).
    `labels`: find_labels of these `phrases`, when the caller has them already."""
    holds_story = context.story_guard(root)
    if labels is None:
        labels = find_labels(root, context, phrases, teasers)
    for label, text, _phrase, exact in labels:
        if not is_attached(label, root):
            continue  # inside a section an earlier filter removed
        section = _section_of(label, holds_story, teasers)
        if teasers and not isinstance(section, list) and _reads_as_article(section):
            continue
        if not exact and not _is_link_list(section, label):
            continue  # "Mehr zu den Ursachen" heading a part of the article
        if not teasers and _heads_nothing(section, label):
            if _is_a_link(label):
                # a button to the thread ("12 Comments" under the headline): it goes, the
                # story's text around it stays
                context.removals.element(name, label, f"{what} under {text!r}")
                continue
            if tag_of(label) in HEADING_TAGS:
                # the thread under it is prose the rules keep: the heading stays, the text
                # stage's marker where the story ends
                continue
        for member in section if isinstance(section, list) else [section]:
            if member.getparent() is not None and not holds_story(member):
                # a section of siblings: its bare text between them ("<b>name</b><br>reply") too
                context.removals.element(name, member, f"{what} under {text!r}", with_tail=isinstance(section, list))
