"""Site templates: the blocks that repeat on many pages of one site are its boilerplate.

One page alone often cannot tell its site's "Most read" box or newsletter plea from its
story; across a batch the answer is plain: the story changes from page to page and the
template does not. Learning counts, per site, on how many pages each kept block appears;
applying removes a page's blocks that appear on enough of its site's pages.

A block is fingerprinted by its normalised text. Where it sits decides whether a repeated
block goes: one beside the page's own prose (a sign-off or disclaimer each story carries,
or the story's own lead that sibling pages quote in their teaser lists) stays. (A
fingerprint of text and DOM path was measured too: it missed templates whose markup varies
from page to page, for less precision and no more recall.) Short blocks are left out:
they carry little text and a lot of legitimate repetition ("Share", a recurring
subheading). Counts are bounded per site: past `MAX_FINGERPRINTS` the fingerprints seen on
a single page are dropped first (a lossy count: a block dropped so can only be undercounted,
so the table never removes more than exact counts would).

Pure: no I/O. Templates are learned from `page_fingerprints` of cleaned pages (drivers
gather them, in one process or as a Dask reduction with `merge`), saved with `to_json`,
and given to the pipeline through `Options.site_templates`.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .blocks import Block
from .dom import BLOCK_TAGS, tag_of

FORMAT_VERSION = 1
MIN_BLOCK_CHARS = 40  # normalised characters; shorter blocks are neither learned nor removed
MIN_PAGES = 3  # a block is template only when seen on at least this many pages of the site...
MIN_SHARE = 0.6  # ...and on at least this share of them (a site's sibling stories share less)
MAX_FINGERPRINTS = 50_000  # per site: the table's bound

_NOT_WORD = re.compile(r"\W+")


def site_of(url: str | None) -> str | None:
    """The site a page belongs to: its host, lower-cased, without a leading "www."."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _block_element(element: HtmlElement | None) -> HtmlElement | None:
    while element is not None and tag_of(element) not in BLOCK_TAGS:
        element = element.getparent()
    return element


def fingerprint(block: Block) -> int | None:
    """The block's fingerprint (its normalised text), or None for a block too short to count."""
    text = _NOT_WORD.sub(" ", block.text.lower()).strip()
    if len(text) < MIN_BLOCK_CHARS:
        return None
    key = text.encode("utf8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


def page_fingerprints(blocks: Iterable[Block]) -> frozenset[int]:
    """The distinct fingerprints of one page's kept blocks (what learning counts)."""
    return frozenset(f for f in map(fingerprint, blocks) if f is not None)


@dataclass
class SiteCounts:
    """One site's table: how many pages were learned, and on how many each block was."""

    pages: int = 0
    blocks: Counter[int] = field(default_factory=Counter)

    def add_page(self, fingerprints: Iterable[int]) -> None:
        self.pages += 1
        self.blocks.update(fingerprints)
        self._bound()

    def merge(self, other: SiteCounts) -> None:
        self.pages += other.pages
        self.blocks.update(other.blocks)
        self._bound()

    def _bound(self) -> None:
        if len(self.blocks) > MAX_FINGERPRINTS:
            floor = 1
            while len(self.blocks) > MAX_FINGERPRINTS // 2:
                self.blocks = Counter({key: count for key, count in self.blocks.items() if count > floor})
                floor += 1

    def needed(self) -> int:
        """Pages a block must be seen on to be this site's template."""
        return max(MIN_PAGES, math.ceil(round(self.pages * MIN_SHARE, 6)))

    def is_template(self, fingerprint_value: int) -> int:
        """The number of pages the block was seen on, when that makes it template; else 0."""
        seen = self.blocks.get(fingerprint_value, 0)
        return seen if seen >= self.needed() else 0


@dataclass(eq=False)  # hashed by identity: Options holding it stay hashable (Extractors are cached per Options)
class SiteTemplates:
    """Per-site block counts learned over a batch of pages; picklable, mergeable, saved as JSON."""

    sites: dict[str, SiteCounts] = field(default_factory=dict)

    def learn(self, url: str | None, fingerprints: Iterable[int]) -> None:
        """Count one cleaned page (pages with no site are not counted)."""
        site = site_of(url)
        if site is not None:
            self.sites.setdefault(site, SiteCounts()).add_page(fingerprints)

    def merge(self, other: SiteTemplates) -> SiteTemplates:
        """Add another table's counts to this one (a reduction step); returns self."""
        for site, counts in other.sites.items():
            self.sites.setdefault(site, SiteCounts()).merge(counts)
        return self

    def for_site(self, url: str | None) -> tuple[str, SiteCounts] | None:
        site = site_of(url)
        counts = self.sites.get(site) if site is not None else None
        return (site, counts) if site is not None and counts is not None and counts.pages >= MIN_PAGES else None

    def compiled(self) -> SiteTemplates:
        """Only what applying needs: each site's template blocks (sites of MIN_PAGES pages or
        more). Cleaning gives the same output with it, and it is small enough to travel with
        every task to the worker processes."""
        sites = {}
        for site, counts in self.sites.items():
            if counts.pages >= MIN_PAGES:
                needed = counts.needed()
                sites[site] = SiteCounts(counts.pages, Counter({key: seen for key, seen in counts.blocks.items() if seen >= needed}))
        return SiteTemplates(sites)

    def to_json(self) -> dict[str, Any]:
        """The saved form: only blocks seen on two pages or more (the rest can never be template)."""
        return {
            "format": "declutter-site-templates",
            "version": FORMAT_VERSION,
            "sites": {
                site: {"pages": counts.pages, "blocks": {f"{key:016x}": seen for key, seen in sorted(counts.blocks.items()) if seen >= 2}}
                for site, counts in sorted(self.sites.items())
            },
        }

    @classmethod
    def from_json(cls, data: Any) -> SiteTemplates:
        """Read the saved form; ValueError when it is not a site-templates file of this version."""
        if not isinstance(data, dict) or data.get("format") != "declutter-site-templates":
            raise ValueError("not a declutter site-templates file")
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"site-templates format version {data.get('version')!r}; this declutter reads {FORMAT_VERSION}")
        sites = {}
        for site, table in data["sites"].items():
            blocks = Counter({int(key, 16): int(seen) for key, seen in table["blocks"].items()})
            sites[site] = SiteCounts(int(table["pages"]), blocks)
        return cls(sites)


FILTER_NAME = "site-template"


class _RemovalLog(Protocol):
    """What the filters' removal log (filters.Removals) offers a text filter."""

    def block(self, filter_name: str, block: Block, reason: str) -> bool: ...


def drop_template_blocks(blocks: list[Block], templates: SiteTemplates, url: str | None, removals: _RemovalLog) -> list[Block]:
    """The page's blocks without those its site's template holds (each noted for --explain).

    A repeated block that sits beside the page's own prose (its block element shares a
    parent with a paragraph of the story, or stands beside the story's container) is the
    story's own sign-off or disclaimer, which belongs to each story: it stays.
    """
    found = templates.for_site(url)
    if found is None:
        return blocks
    site, counts = found
    seen_on = [counts.is_template(key) if key is not None else 0 for key in map(fingerprint, blocks)]
    if not any(seen_on):
        return blocks
    story_parents = set()
    for block, seen in zip(blocks, seen_on):
        element = _block_element(block.element)
        if not seen and element is not None and len(block.text) >= MIN_BLOCK_CHARS:
            story_parents.add(element.getparent())
    return [
        block
        for block, seen in zip(blocks, seen_on)
        if not seen
        or _beside(_block_element(block.element), story_parents)
        or not removals.block(FILTER_NAME, block, f"site template: on {seen} of {counts.pages} pages of {site}")
    ]


def _beside(element: HtmlElement | None, story_parents: set[HtmlElement | None]) -> bool:
    """Whether a block element shares its parent with the story's paragraphs, or its
    parent holds the story's container."""
    if element is None:
        return False
    parent = element.getparent()
    return parent in story_parents or (parent is not None and any(child in story_parents for child in parent))
