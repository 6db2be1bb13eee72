"""The rule filters, in the order the pipeline runs them.

A DOM filter gets the tree and a Removals log and removes blocks from the tree; a text
filter gets the list of blocks and returns the blocks it keeps. Each has a name, which is
what --explain prints beside every block it removed and what Options.filters selects.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from lxml.html import HtmlElement

from ..article import RemovedBlock
from ..blocks import Block
from ..dom import normalize_space, remove
from ..phrases import PhraseSet, phrase_sets
from .patterns import holds_main_content, main_content_guard, story_guard

SNIPPET_CHARS = 80


@dataclass
class Removals:
    """What the filters removed, in the order they removed it (kept only with explain)."""

    enabled: bool = False
    noted: list[RemovedBlock] = field(default_factory=list)

    def element(self, filter_name: str, element: HtmlElement, reason: str) -> None:
        """Remove `element` from the tree, noting it when explaining."""
        if self.enabled:
            text = normalize_space(" ".join(element.itertext()))  # spaced: "3 Comments Great post"
            if text:
                self.noted.append(RemovedBlock(filter_name, reason, text[:SNIPPET_CHARS], element.sourceline))
        remove(element)

    def block(self, filter_name: str, block: Block, reason: str) -> None:
        """Note a text block a text filter dropped."""
        if self.enabled:
            self.noted.append(RemovedBlock(filter_name, reason, normalize_space(block.text)[:SNIPPET_CHARS], block.line))

    def note(self, stage: str, reason: str, snippet: str = "") -> None:
        """Note what a stage left out that is no block of the page (characters, a URL, a cap)."""
        if self.enabled:
            self.noted.append(RemovedBlock(stage, reason, snippet[:SNIPPET_CHARS]))

    def in_page_order(self) -> tuple[RemovedBlock, ...]:
        return tuple(sorted(self.noted, key=lambda removed: removed.line or 0))


DomFilter = Callable[[HtmlElement, "Context"], None]
TextFilter = Callable[[list[Block], "Context"], list[Block]]


@dataclass
class Context:
    """What a filter may read besides its input: the options, the page's title, the log,
    and the elements each DOM filter considers (found in one pass before they run)."""

    removals: Removals
    title: str | None = None
    title_variants: tuple[str, ...] = ()
    languages: tuple[str, ...] | None = None
    # text mode: no tree chose the story, so a marker may be a menu item above it
    from_dump: bool = False
    candidates: dict[str, list[HtmlElement]] = field(default_factory=dict, repr=False)  # by DOM filter name
    # the elements that may mark the article's container, found with the candidates
    content_markers: list[HtmlElement] | None = field(default=None, repr=False)
    _holds_story: Callable[[HtmlElement], bool] | None = field(default=None, repr=False)
    _holds_main_content: Callable[[HtmlElement], bool] | None = field(default=None, repr=False)
    _short_texts: list[tuple[HtmlElement, str]] | None = field(default=None, repr=False)
    # the phrase sets of `languages`, by section: an Extractor's, else loaded at first use
    phrases: dict[str, PhraseSet] | None = field(default=None, repr=False)

    def phrase_sets(self) -> dict[str, PhraseSet]:
        """The phrase sets of the page's languages, by section (see declutter.core.phrases)."""
        if self.phrases is None:
            self.phrases = phrase_sets(self.languages)
        return self.phrases

    def short_texts(
        self, root: HtmlElement, find: Callable[[HtmlElement], list[tuple[HtmlElement, str]]]
    ) -> list[tuple[HtmlElement, str]]:
        """The page's candidate labels, found once and shared by the filters that look for them."""
        if self._short_texts is None:
            self._short_texts = find(root)
        return self._short_texts

    def main_content_guard(self) -> Callable[[HtmlElement], bool]:
        """patterns.holds_main_content, made fast for this page when its markers were found."""
        if self._holds_main_content is None:
            markers = self.content_markers
            self._holds_main_content = holds_main_content if markers is None else main_content_guard(markers)
        return self._holds_main_content

    def story_guard(self, root: HtmlElement) -> Callable[[HtmlElement], bool]:
        """The "holds the story" test, sized once per page (by the first filter that asks)."""
        if self._holds_story is None:
            self._holds_story = story_guard(root, self.main_content_guard())
        return self._holds_story
