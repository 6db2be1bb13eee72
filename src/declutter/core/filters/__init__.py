"""The rule filters, in the order the pipeline runs them.

A DOM filter gets the tree and a Removals log and removes blocks from the tree; a text
filter gets the list of blocks and returns the blocks it keeps. Each has a name, which is
what --explain prints beside every block it removed and what Options.filters selects.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from lxml.html import HtmlElement

from ..article import RemovedBlock
from ..blocks import Block
from ..dom import BLOCK_TAGS, block_holders, normalize_space, remove
from ..phrases import PhraseSet, phrase_sets
from .patterns import holds_main_content, main_content_guard, story_guard, title_forms

SNIPPET_CHARS = 80
TEXT_CHARS = 5000  # of a removed block kept whole for the explain view


# The rule a removal's reason names: its words without the quoted class, phrase or heading
# that matched ("class/id 'sidebar'" -> "class/id", "<nav>" stays: each tag is a rule).
_MATCHED_PART = re.compile(r"'[^']*'|\"[^\"]*\"|=\S+")


def rule_of(filter_name: str, reason: str) -> str:
    """The name of the rule behind a removal, as benchmarks/ablation.py turns rules off:
    "chrome: class/id", "chrome: <nav>", "boilerplate: site chrome", "related: related block under"."""
    return f"{filter_name}: {' '.join(_MATCHED_PART.sub('', reason).split())}"


@dataclass
class Removals:
    """What the filters removed, in the order they removed it (kept only with explain).

    `ablated` names rules (rule_of) whose removals do not happen: benchmarks/ablation.py
    measures each rule by turning it off. Empty in every other run."""

    enabled: bool = False
    noted: list[RemovedBlock] = field(default_factory=list)
    ablated: frozenset[str] = frozenset()
    # the parent of each element removed, in order: what a filter's view of the page, found
    # once (Context.block_holders), must look at again to stay true
    pruned: list[HtmlElement] = field(default_factory=list, repr=False)

    def allows(self, filter_name: str, reason: str) -> bool:
        """Is this removal's rule on (it is, unless an ablation turned it off)?"""
        return not self.ablated or rule_of(filter_name, reason) not in self.ablated

    def element(self, filter_name: str, element: HtmlElement, reason: str, *, with_tail: bool = False) -> None:
        """Remove `element` from the tree, noting it when explaining; `with_tail`, the text
        after it too (a section's bare text between its elements: "<b>name</b><br>reply")."""
        if not self.allows(filter_name, reason):
            return
        if self.enabled:
            text = normalize_space(" ".join([*element.itertext(), element.tail or ""] if with_tail else element.itertext()))  # spaced: "3 Comments Great post"
            if text:
                self.noted.append(RemovedBlock(filter_name, reason, text[:SNIPPET_CHARS], element.sourceline, text[:TEXT_CHARS]))
        if with_tail:
            element.tail = None
        parent = element.getparent()
        if parent is not None:
            self.pruned.append(parent)
        remove(element)

    def block(self, filter_name: str, block: Block, reason: str) -> bool:
        """Note a text block a text filter drops; False when its rule is off (keep the block)."""
        if not self.allows(filter_name, reason):
            return False
        if self.enabled:
            text = normalize_space(block.text)
            self.noted.append(RemovedBlock(filter_name, reason, text[:SNIPPET_CHARS], block.line, text[:TEXT_CHARS]))
        return True

    def note(self, stage: str, reason: str, snippet: str = "", line: int | None = None) -> None:
        """Note a step that changed what the page's text is, though no filter removed a block
        (the parser's repair of an unclosed element, characters that are not text, a URL
        that does not parse, a cap on the tree)."""
        if self.enabled:
            self.noted.append(RemovedBlock(stage, reason, snippet[:SNIPPET_CHARS], line, snippet[:TEXT_CHARS]))

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
    site_name: str | None = None
    languages: tuple[str, ...] | None = None
    # text mode: no tree chose the story, so a marker may be a menu item above it
    from_dump: bool = False
    # the record's metadata fields still empty ("author", "date"), and what by-lines the
    # filters dropped gave them
    missing: set[str] = field(default_factory=set)
    moved: dict[str, str] = field(default_factory=dict)
    # the record's author as the metadata read it (often from the by-line a filter drops)
    author: str | None = None
    candidates: dict[str, list[HtmlElement]] = field(default_factory=dict, repr=False)  # by DOM filter name
    # the elements that may mark the article's container, found with the candidates
    content_markers: list[HtmlElement] | None = field(default=None, repr=False)
    _holds_story: Callable[[HtmlElement], bool] | None = field(default=None, repr=False)
    _holds_main_content: Callable[[HtmlElement], bool] | None = field(default=None, repr=False)
    _short_texts: list[tuple[HtmlElement, str, str]] | None = field(default=None, repr=False)
    _block_holders: set[HtmlElement | None] | None = field(default=None, repr=False)
    _holders_pruned: int = field(default=0, repr=False)  # removals.pruned looked at by _block_holders
    # the phrase sets of `languages`, by section: an Extractor's, else loaded at first use
    phrases: dict[str, PhraseSet] | None = field(default=None, repr=False)

    def phrase_sets(self) -> dict[str, PhraseSet]:
        """The phrase sets of the page's languages, by section (see declutter.core.phrases)."""
        if self.phrases is None:
            self.phrases = phrase_sets(self.languages)
        return self.phrases

    def short_texts(
        self, root: HtmlElement, find: Callable[[HtmlElement], list[tuple[HtmlElement, str, str]]]
    ) -> list[tuple[HtmlElement, str, str]]:
        """The page's candidate labels, found once and shared by the filters that look for them."""
        if self._short_texts is None:
            self._short_texts = find(root)
        return self._short_texts

    def block_holders(self, root: HtmlElement) -> set[HtmlElement | None]:
        """dom.block_holders of the page as it is now, found once a page: an element stops
        holding a block only when a filter removes its last block child, so only the parents
        of removed elements are looked at again."""
        holders = self._block_holders
        pruned = self.removals.pruned
        if holders is None:
            holders = self._block_holders = block_holders(root)
        else:
            for parent in pruned[self._holders_pruned :]:
                if parent in holders and not any(child.tag in BLOCK_TAGS for child in parent):
                    holders.discard(parent)
        self._holders_pruned = len(pruned)
        return holders

    def main_content_guard(self) -> Callable[[HtmlElement], bool]:
        """patterns.holds_main_content, made fast for this page when its markers were found."""
        if self._holds_main_content is None:
            markers = self.content_markers
            self._holds_main_content = holds_main_content if markers is None else main_content_guard(markers)
        return self._holds_main_content

    def headlines(self) -> frozenset[str]:
        """The ways the page says its title, as headings are compared with them."""
        return title_forms((self.title, *self.title_variants))

    def story_headlines(self) -> tuple[frozenset[str], ...]:
        """The forms of the story's headline, in the order a heading is looked for by them:
        the title's, then the other ways the page says it (an <h1> of the page among them),
        but the site's name, which a logo heading says."""
        site_name = title_forms((self.site_name,))
        return (title_forms((self.title,)) - site_name, self.headlines() - site_name)

    def story_guard(self, root: HtmlElement) -> Callable[[HtmlElement], bool]:
        """The "holds the story" test, sized once per page (by the first filter that asks)."""
        if self._holds_story is None:
            self._holds_story = story_guard(root, self.main_content_guard(), self.headlines(), self.story_headlines())
        return self._holds_story
