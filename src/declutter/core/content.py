"""Main-content selection: several signals for where the article is, reconciled.

readability-lxml's candidate is the first signal; semantic containers (<article>, <main>,
[itemprop=articleBody], the content classes CMSs use: entry-content, article-body, ...) the
second. When readability finds little or nothing (a short or empty node, a teaser list), or
a fragment beside the container's far longer prose (a comma-heavy blurb in a box), the
semantic container takes over; when neither holds an article, the pruned body does.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import cached_property

from lxml import etree
from lxml.html import HtmlElement

from .blocks import Block, node_blocks
from .dom import class_and_id, normalize_space, tag_of, text_content, text_of, with_class_or_id
from .filters import Removals
from .filters.patterns import class_pattern, headline_box, unlinked_chars
from .readability import readability_article
from .textmode import split_dump

# The words CMSs build their content classes from: entry-content, article__body, post-text,
# td-post-content, field-name-body, ... (a word between -, _ or spaces), or run together.
_CONTENT_CLASSES = re.compile(
    r"(?:^|[\s_-])(?:entry|post|article|content|text|body|articlebody|postbody|articletext|richtext)(?:$|[\s_-])",
    re.I,
)
_SEMANTIC_TAGS = ("article", "main")  # and [itemprop=articleBody], [role=main]
LEFT_OUT = "content"  # the name --explain gives to what content selection left out
# A readability result shorter than this (characters of text) is a miss, not an article.
MIN_ARTICLE_CHARS = 250
# readability's text mostly inside the semantic container: the two signals agree.
_AGREEMENT = 0.7
# readability's pick is a fragment (a teaser, a box) when the container holds this many
# times its text as prose: the container's prose is the article.
_OUTWEIGHS = 2
_MAX_PROSE_LINK_DENSITY = 0.5
_MIN_PROSE_CHARS = 60
HEADING_KINDS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Containers whose own class/id names a place beside the article: a dialog, a sidebar or
# aside, a slider of teasers. They may hold much text (a login form's messages, teasers)
# but not the article; nor does anything inside the readers' comments or community.
_BESIDE_ARTICLE = class_pattern(bounded="modal|dialog|popup|overlay|login|aside|sidebar|slider|carousel|community|comments?")
_READERS_THREAD = class_pattern(bounded="community|comments?")
# The innermost container keeping this share of the best one's text is the article itself.
_INNERMOST_SHARE = 0.85


def _is_semantic(element: HtmlElement) -> bool:
    return element.tag in _SEMANTIC_TAGS or element.get("itemprop") == "articleBody" or element.get("role") == "main"


def semantic_container(root: HtmlElement, content_markers: list[HtmlElement] | None = None) -> HtmlElement | None:
    """The innermost semantic/content-class container that holds most of the article text.
    `content_markers` are the page's elements with an article or main tag, an itemprop or a
    role (Context.content_markers, found in the DOM filters' walk before they pruned the
    page: those still under `root` are the page's); without them the page is walked."""
    if content_markers is None:
        semantic = [element for element in root.iter(etree.Element) if _is_semantic(element)]
    else:
        semantic = [element for element in content_markers if _is_semantic(element) and (element is root or root in element.iterancestors())]
    content_classed = [
        element
        for element, class_name, ident in with_class_or_id(root, ("div", "section"))
        if (class_name or ident) and _CONTENT_CLASSES.search(f"{class_name or ''} {ident or ''}")
    ]
    candidates = semantic + content_classed
    if not candidates:
        return None
    in_thread: dict[HtmlElement, bool] = {}  # the candidates share their ancestors: each is looked at once
    link_chars: dict[HtmlElement, int] = {}  # and their links: each is measured once
    sized = [
        (unlinked_chars(element, link_chars), element)
        for element in candidates
        if tag_of(element) not in ("html", "body") and not _beside_article(element, in_thread)
    ]
    if not sized:
        return None
    most = max(size for size, _ in sized)
    if most < MIN_ARTICLE_CHARS:
        return None
    qualifying = [element for size, element in sized if size >= _INNERMOST_SHARE * most]
    # innermost: the qualifying candidate with the most ancestors
    return max(qualifying, key=lambda element: sum(1 for _ in element.iterancestors()))


# The article split over sibling sections (accordion panels, the boxes of a product, event
# or landing page, a body broken into several containers): a parent of the container adds
# the others when what it adds is this much prose (headings aside) and no other story...
_SECTIONS_PROSE_SHARE = 0.8
# ...and the sections together hold this many times the container's prose: a bio line or
# a date beside the container is no lost section. Growing to the whole <body> (a page whose
# sections are its top-level boxes) takes more: a page's leftovers (a cookie notice, a
# promotion) sit there too.
_SECTIONS_GROWTH = 1.5
_BODY_GROWTH = 2


def _article_sections(container: HtmlElement, container_blocks: list[Block]) -> HtmlElement:
    """The container, or its ancestor that holds the article's other sections beside it."""
    container_prose = _prose_chars(container_blocks)
    if container_prose < MIN_ARTICLE_CHARS:
        return container  # no article here to find the rest of
    grown, grown_prose = container, container_prose
    node = container
    while (parent := node.getparent()) is not None and _may_hold_sections(parent, node):
        added_prose = _added_paragraphs(parent, node)
        if added_prose is None:
            break
        node = parent
        if added_prose:  # the lowest ancestor holding all the sections found, not a bare wrapper of it
            grown, grown_prose = parent, grown_prose + added_prose
    growth = _BODY_GROWTH if tag_of(grown) == "body" else _SECTIONS_GROWTH
    return grown if grown_prose >= growth * container_prose else container


def _may_hold_sections(parent: HtmlElement, node: HtmlElement) -> bool:
    """`parent` may hold more of `node`'s article: `node` is no <article> (which holds its
    whole story), `parent` no place beside the article, and nothing beside `node` is a story
    of its own (an <article>: a teaser, a blog index's next post) or a place beside it."""
    if tag_of(node) == "article" or tag_of(parent) == "html" or _beside_article(parent):
        return False
    return not any(_other_story_or_beside(sibling) for sibling in parent if sibling is not node and isinstance(sibling.tag, str))


def _other_story_or_beside(element: HtmlElement) -> bool:
    """An <article> of its own, or a place beside the article (a sidebar, the readers' thread)."""
    if tag_of(element) == "article" or next(element.iter("article"), None) is not None:
        return True
    return bool((element.get("class") or element.get("id")) and _BESIDE_ARTICLE.search(class_and_id(element)))


# Article sections are made of paragraphs; lists and table rows beside a container are more
# often menus, teaser lists, comment threads, tables of scores or prices.
_SECTION_KINDS = frozenset(("p", "quote", "pre"))


def _added_paragraphs(parent: HtmlElement, node: HtmlElement) -> int | None:
    """The characters of prose paragraphs `parent` holds beside `node` when that is nearly
    all it holds (headings aside), else None: page chrome (links, labels, lists) beside it."""
    prose = 0
    other = len((parent.text or "").strip()) + sum(len((child.tail or "").strip()) for child in parent)
    for sibling in parent:
        if sibling is node or not isinstance(sibling.tag, str):
            continue
        for block in node_blocks(sibling):
            if block.kind in _SECTION_KINDS and _is_prose(block):
                prose += len(block.text)
            elif block.kind not in HEADING_KINDS:
                other += len(block.text)
    return prose if other <= (1 - _SECTIONS_PROSE_SHARE) * (prose + other) else None


def _beside_article(element: HtmlElement, in_thread: dict[HtmlElement, bool] | None = None) -> bool:
    """The element is named as a place beside the article, or sits in the readers' thread
    (`in_thread`: what _in_readers_thread found so far on this page)."""
    if (element.get("class") or element.get("id")) and _BESIDE_ARTICLE.search(class_and_id(element)):
        return True
    return _in_readers_thread(element, {} if in_thread is None else in_thread)


def _in_readers_thread(element: HtmlElement, in_thread: dict[HtmlElement, bool]) -> bool:
    """An ancestor of the element below <body> is named as the readers' thread. `in_thread`
    maps the ancestors looked at before to the answer for them and their own ancestors."""
    walked: list[HtmlElement] = []
    found = False
    for node in element.iterancestors():
        if node in in_thread:
            found = in_thread[node]
            break
        if tag_of(node) in ("body", "html"):
            break
        walked.append(node)
        if (node.get("class") or node.get("id")) and _READERS_THREAD.search(class_and_id(node)):
            found = True
            break
    for node in walked:
        in_thread[node] = found
    return found


# A list item holding this many characters beside its links has words of its own.
_MIN_OWN_CHARS = 5


def _is_prose(block: Block) -> bool:
    """A block that reads as article text on its own: not a link, not a label."""
    if block.link_density > _MAX_PROSE_LINK_DENSITY:
        return block.kind == "li" and _has_own_words(block)
    if block.kind in ("pre", "quote", "row", "li"):
        return True  # lists and tables of the article: the link-density test sorted out link lists
    return len(block.text) >= _MIN_PROSE_CHARS or block.text.endswith((".", "!", "?", ":", "…", '"', "»", "”"))


def _has_own_words(block: Block) -> bool:
    """A list item with words of its own beside its link: a reference (author, date,
    publisher around the linked title), a changelog line (who fixed what, the fix linked),
    a product and its price. A menu's or a teaser list's item is its link alone."""
    return len(block.text) - block.link_chars >= _MIN_OWN_CHARS


# A table of contents numbers its entries ("2", "3.1", "4.2.1."), and lists a few at least.
_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_MIN_CONTENTS_ENTRIES = 3


def _starts_one_of(prefix: str, ordered: list[str]) -> bool:
    """Whether one of the `ordered` (sorted) texts starts with `prefix`: if any does, the
    first text not before `prefix` does."""
    at = bisect_left(ordered, prefix)
    return at < len(ordered) and ordered[at].startswith(prefix)


def _table_of_contents(blocks: list[Block]) -> set[int]:
    """The positions of the entries of the article's table of contents among its blocks: a
    run of list items most of which name one of the article's headings (numbers aside;
    the heading may end with a permalink or an edit link). A menu or a tab bar names a
    heading or two of the boxes beside the article, not most of their own items."""
    headings = sorted(block.text for block in blocks if block.kind in HEADING_KINDS)
    if not headings:
        return set()
    entries: set[int] = set()
    run: list[int] = []
    naming: list[int] = []
    for position, block in enumerate([*blocks, Block("p", "")]):
        if block.kind == "li":
            run.append(position)
            entry = _SECTION_NUMBER.sub("", block.text)
            if entry and _starts_one_of(entry, headings):
                naming.append(position)
            continue
        if len(naming) >= _MIN_CONTENTS_ENTRIES and 2 * len(naming) > len(run):
            entries.update(naming)
        run, naming = [], []
    return entries


# A list item that is a web address written out: a source the article cites (menus and
# teasers name their links, they do not spell out their addresses).
_WEB_ADDRESS = re.compile(r"https?://\S+")
# A piece of a list item opening with these goes on with the sentence a box inside the item broke.
_SENTENCE_GOES_ON = frozenset(".,;:)]")


def _items_with_own_words(blocks: list[Block]) -> set[int]:
    """The list items whose sentence a box inside them (an icon, a widget) broke into
    several blocks, and that have words of their own beside their links, all their
    blocks counted: a reference's linked title is one block, its source and date another."""
    chars: dict[int, int] = {}
    link_chars: dict[int, int] = {}
    broken: set[int] = set()
    for block in blocks:
        if block.item:
            if block.item in chars and block.text[0] in _SENTENCE_GOES_ON:
                broken.add(block.item)
            chars[block.item] = chars.get(block.item, 0) + len(block.text)
            link_chars[block.item] = link_chars.get(block.item, 0) + block.link_chars
    return {item for item in broken if chars[item] - link_chars[item] >= _MIN_OWN_CHARS}


def _reconcile(readability_blocks: list[Block], semantic_blocks: list[Block]) -> list[Block]:
    """The semantic container's blocks that readability kept, or that read as prose.

    readability is precise but drops paragraphs (short ones, lists, ones split off by ads);
    the semantic container has them all, with its teasers and labels, which the prose test
    leaves out. Headings stay when prose follows them, and a kept list item keeps its
    sub-list: the bugs, links or steps an item of the story's list introduces ("In
    progress:") are the item's, however link-dense; so are the entries of the article's
    table of contents.
    """
    kept_by_readability = {block.text for block in readability_blocks}
    contents = _table_of_contents(semantic_blocks)
    items_with_own_words = _items_with_own_words(semantic_blocks)
    kept: list[Block] = []
    pending_headings: list[Block] = []
    item_depth = 0  # the depth of the list item kept last, 0 after any other block
    for position, block in enumerate(semantic_blocks):
        item_of_the_story = block.kind == "li" and (
            0 < item_depth < block.depth or position in contents or block.item in items_with_own_words or _WEB_ADDRESS.fullmatch(block.text) is not None
        )
        if item_of_the_story or block.text in kept_by_readability or (block.kind not in HEADING_KINDS and _is_prose(block)):
            kept.extend(pending_headings)
            pending_headings.clear()
            kept.append(block)
            if not item_of_the_story:
                item_depth = block.depth if block.kind == "li" else 0
            continue
        item_depth = 0
        if block.kind in HEADING_KINDS and block.link_density <= _MAX_PROSE_LINK_DENSITY:
            pending_headings = [block]
    return kept


def _standfirst(readability_blocks: list[Block], semantic_blocks: list[Block]) -> list[Block]:
    """The prose readability found just before the container's text starts: a standfirst
    or lead the CMS keeps in the article's header, outside its body container."""
    in_container = {block.text for block in semantic_blocks}
    leading: list[Block] = []
    for block in readability_blocks:
        if block.text in in_container:
            break
        leading.append(block)
    return [block for block in leading if block.kind not in HEADING_KINDS and _is_prose(block) and len(block.text) >= _MIN_PROSE_CHARS]


def _prose_chars(blocks: list[Block]) -> int:
    """Characters of the blocks that read as article text (headings aside)."""
    return sum(len(block.text) for block in blocks if block.kind not in HEADING_KINDS and _is_prose(block))


def _shared_share(inner: list[Block], outer: list[Block]) -> float:
    """The share of `inner`'s text that `outer` holds too (by whole blocks)."""
    total = sum(len(block.text) for block in inner)
    if not total:
        return 0.0
    outer_texts = {block.text for block in outer}
    return sum(len(block.text) for block in inner if block.text in outer_texts) / total


# A container holding this many times the prose of readability's node may be a wrapper of
# the whole page (the story, then its comments, a blogroll, a slideshow's captions) rather
# than the article...
_WRAPPER_PROSE = 1.5
# ...when readability's run starts near its top: the prose before that run (a standfirst
# aside) is less than this share of readability's text. A run that starts further down is
# a box or a section of the story readability picked, and the container is the article.
_PROSE_BEFORE_RUN = 0.5
# The story's run goes on over paragraphs and headings; a list item, a link, a name and
# date line is where another kind of content begins (a thread, a teaser list, notes).
BEYOND_STORY_RUN = "beyond the story's run in a page-wide container (content selection)"


def _continues_story(block: Block) -> bool:
    return block.kind in HEADING_KINDS or (block.kind != "li" and _is_prose(block))


def _story_run(chosen_blocks: list[Block], semantic_blocks: list[Block], left_out: dict[str, str]) -> list[Block]:
    """The container's blocks, or the run of the story in them when the container wraps the
    whole page: from readability's first block to its last, extended over the paragraphs
    and headings adjoining them (readability leaves out some of the story's own). The
    blocks beyond the run go into `left_out` with their reason."""
    chosen_chars = _chars(chosen_blocks)
    if _prose_chars(semantic_blocks) <= _WRAPPER_PROSE * chosen_chars:
        return semantic_blocks
    chosen_texts = {block.text for block in chosen_blocks}
    positions = [position for position, block in enumerate(semantic_blocks) if block.text in chosen_texts]
    if not positions:
        return semantic_blocks
    first, last = positions[0], positions[-1]
    while first > 0 and _continues_story(semantic_blocks[first - 1]):
        first -= 1
    if _prose_chars(semantic_blocks[:first]) > _PROSE_BEFORE_RUN * chosen_chars:
        return semantic_blocks
    while last + 1 < len(semantic_blocks) and _continues_story(semantic_blocks[last + 1]):
        last += 1
    for block in semantic_blocks[:first] + semantic_blocks[last + 1 :]:
        left_out[block.text] = BEYOND_STORY_RUN
    return semantic_blocks[first : last + 1]


def select_content(
    root: HtmlElement,
    url: str | None = None,
    article_body: str | None = None,
    left_out: dict[str, str] | None = None,
    headline: tuple[frozenset[str], ...] = (),
    content_markers: list[HtmlElement] | None = None,
) -> list[Block]:
    """The blocks of the article, from the signals reconciled; `article_body` is the page's
    JSON-LD articleBody, if any; `headline`, the forms of the title to find the story's
    box by (Context.story_headlines); `content_markers`, as semantic_container takes them.
    `left_out` gets the text of blocks selection left out for a reason of its own (for
    --explain), with that reason."""
    reasons: dict[str, str] = {}
    blocks = _shown_article(root, url, reasons, headline, content_markers)
    if _chars(blocks) < MIN_ARTICLE_CHARS:
        blocks = _noscript_article(root, url, blocks, reasons, headline, content_markers)
    if left_out is not None:
        left_out.update(reasons)
    return _publisher_text(blocks, article_body)


def _chars(blocks: list[Block]) -> int:
    return sum(len(block.text) for block in blocks)


def _noscript_article(
    root: HtmlElement,
    url: str | None,
    shown: list[Block],
    reasons: dict[str, str],
    headline: tuple[frozenset[str], ...],
    content_markers: list[HtmlElement] | None,
) -> list[Block]:
    """The article of a page whose text is only inside <noscript> (a site that draws its
    pages with scripts and keeps a plain version for readers without them): when the page
    shows less than its <noscript> elements hold, they are read as shown and the article
    selected again. A page's usual <noscript> ("enable JavaScript", a tracking pixel) holds
    less than that and is left alone."""
    outermost = [element for element in root.iter("noscript") if next(element.iterancestors("noscript"), None) is None]
    if sum(len(text_content(element).strip()) for element in outermost) <= _chars(shown):
        return shown
    for element in outermost:
        element.tag = "div"
    revealed_reasons: dict[str, str] = {}
    revealed = _shown_article(root, url, revealed_reasons, headline, content_markers)
    if _chars(revealed) <= _chars(shown):
        return shown
    reasons.clear()
    reasons.update(revealed_reasons)
    return revealed


# The page's text falls this far short of the JSON-LD articleBody: the article is drawn by
# scripts (or hidden in a template), and the publisher's own articleBody is the article.
_ARTICLE_BODY_SHORTFALL = 2


def _publisher_text(blocks: list[Block], article_body: str | None) -> list[Block]:
    """The article's blocks, or the JSON-LD articleBody's paragraphs when the page shows
    far less text than the publisher declares its article holds."""
    if not article_body or len(article_body) < MIN_ARTICLE_CHARS:
        return blocks
    if _ARTICLE_BODY_SHORTFALL * sum(len(block.text) for block in blocks) >= len(article_body):
        return blocks
    return split_dump(article_body)


# Where readability found little, the container's blocks before the headline's box (a
# profile or "about" box above a short post) are beside the story.
BEFORE_HEADLINE_BOX = "before the story's headline box in its container (content selection)"


class _HeadlineBox:
    """The story's box (patterns.headline_box: the headline's nearest container holding
    reading matter), then its blocks and their prose, each found when first asked."""

    def __init__(self, root: HtmlElement, headline: tuple[frozenset[str], ...]) -> None:
        self._root, self._headline = root, headline

    @cached_property
    def _element(self) -> HtmlElement | None:
        """The box; None without a headline on the page."""
        box = headline_box(self._root, self._headline)
        return box[0] if box else None

    @cached_property
    def _blocks(self) -> list[Block]:
        return node_blocks(self._element) if self._element is not None else []

    @cached_property
    def _prose(self) -> list[Block] | None:
        return [block for block in self._blocks if block.kind not in HEADING_KINDS and _is_prose(block)] or None

    def prose(self) -> list[Block] | None:
        return self._prose

    def onward(self, container: HtmlElement, blocks: list[Block], chosen: list[Block], left_out: dict[str, str]) -> list[Block]:
        """The container's `blocks` from the headline's box on, when the box lies inside the
        `container` and none of readability's `chosen` blocks comes before it: what comes
        before the story's headline (a profile box, an "about" beside the post) is not the
        story, and goes into `left_out` with its reason."""
        box = self._element
        if box is None or box is container or container not in box.iterancestors():
            return blocks
        in_box = {block.text for block in self._blocks}
        start = next((at for at, block in enumerate(blocks) if block.text in in_box), 0)
        chosen_texts = {block.text for block in chosen}
        if any(block.text in chosen_texts for block in blocks[:start]):
            return blocks
        for block in blocks[:start]:
            left_out[block.text] = BEFORE_HEADLINE_BOX
        return blocks[start:]

    def holds(self, blocks: list[Block]) -> bool:
        """`blocks` are the story's under its headline: mostly inside its box, or holding
        most of the box's prose."""
        prose = self.prose()
        return prose is not None and bool(blocks) and (_shared_share(blocks, prose) >= _AGREEMENT or _shared_share(prose, blocks) >= _AGREEMENT)


def _shown_article(
    root: HtmlElement,
    url: str | None,
    left_out: dict[str, str],
    headline: tuple[frozenset[str], ...] = (),
    content_markers: list[HtmlElement] | None = None,
) -> list[Block]:
    """The article's blocks among what the page shows: readability's node and the semantic
    container reconciled, else the body's prose. When they disagree and only one of them is
    in the headline's box, that one is the story; the container's blocks before that box are
    not. `left_out`, `content_markers`: as in select_content."""
    semantic = semantic_container(root, content_markers)
    semantic_blocks = node_blocks(semantic) if semantic is not None else []
    if semantic is not None and (sections := _article_sections(semantic, semantic_blocks)) is not semantic:
        semantic, semantic_blocks = sections, node_blocks(sections)
    chosen = readability_article(root, url)
    chosen_blocks = node_blocks(chosen) if chosen is not None else []
    chosen_chars = _chars(chosen_blocks)
    box = _HeadlineBox(root, headline)  # found when first asked
    if semantic is not None and semantic_blocks and chosen_chars >= MIN_ARTICLE_CHARS and _shared_share(chosen_blocks, semantic_blocks) >= _AGREEMENT:
        semantic_blocks = box.onward(semantic, _story_run(chosen_blocks, semantic_blocks, left_out), chosen_blocks, left_out)
        return _standfirst(chosen_blocks, semantic_blocks) + _reconcile(chosen_blocks, semantic_blocks)
    if chosen_chars >= MIN_ARTICLE_CHARS:
        if semantic_blocks and _prose_chars(semantic_blocks) > _OUTWEIGHS * chosen_chars and not _nearer_the_headline(box, chosen_blocks, semantic_blocks):
            return _reconcile(chosen_blocks, semantic_blocks)
        if semantic_blocks and _nearer_the_headline(box, semantic_blocks, chosen_blocks):
            return _reconcile(chosen_blocks, semantic_blocks)
        return _readability_sections(root, chosen_blocks)
    if semantic is not None and semantic_blocks and unlinked_chars(semantic) > chosen_chars and not _nearer_the_headline(box, chosen_blocks, semantic_blocks):
        # readability found too little to say where the story starts: the headline's box does
        return [block for block in box.onward(semantic, semantic_blocks, [], left_out) if block.link_density <= _MAX_PROSE_LINK_DENSITY or (block.kind == "li" and _has_own_words(block))]
    if chosen_chars and semantic is not None:
        return chosen_blocks
    body = root.find("body")
    body_prose = [block for block in node_blocks(body if body is not None else root) if _is_prose(block)]
    if chosen_chars and not _short_page(chosen_blocks, body_prose):
        return chosen_blocks
    return body_prose


# A candidate in the headline's box with less than this share of the other's prose is the
# story's header (a standfirst, a by-line), and the other its body.
_HEADER_SHARE = 0.25


def _nearer_the_headline(box: _HeadlineBox, these: list[Block], those: list[Block]) -> bool:
    """`these` blocks are the story in the headline's box and `those` hold none of their
    prose nor of the box's: the story is `these`, though `those` may be longer (a sidebar's
    text widget, a notice, a newsletter box). readability's paragraphs are its own (their
    text need not be a block's of the page), so `those` are looked for in the text."""
    if _prose_chars(these) < max(_MIN_PROSE_CHARS, _HEADER_SHARE * _prose_chars(those)):
        return False  # (asked first: the box need not be found for this)
    headline_prose = box.prose()
    if not headline_prose or not box.holds(these):
        return False
    near_text = normalize_space(" ".join(block.text for block in [*these, *headline_prose]))
    return not any(normalize_space(block.text) in near_text for block in those if len(block.text) >= _MIN_PROSE_CHARS)


# A page whose prose is no longer than this (characters) is one short text.
_SHORT_PAGE_CHARS = 3 * MIN_ARTICLE_CHARS


def _short_page(chosen_blocks: list[Block], body_prose: list[Block]) -> bool:
    """A short page (a note, a teaser of a few lines) whose prose is mostly what readability
    picked: readability keeps one of its paragraphs, the page's prose is its text."""
    return _chars(body_prose) <= _SHORT_PAGE_CHARS and _shared_share(chosen_blocks, body_prose) >= _AGREEMENT


def _readability_sections(root: HtmlElement, chosen_blocks: list[Block]) -> list[Block]:
    """readability's blocks, or, when its node is one box of an article split over sibling
    boxes, the article's sections (readability keeps only the siblings that score well)."""
    holder = _element_holding(root, chosen_blocks)
    if holder is None:
        return chosen_blocks
    holder_blocks = node_blocks(holder)
    sections = _article_sections(holder, holder_blocks)
    if sections is not holder:
        return _reconcile(chosen_blocks, node_blocks(sections))
    return _with_dropped_lists(chosen_blocks, holder_blocks)


def _with_dropped_lists(chosen_blocks: list[Block], holder_blocks: list[Block]) -> list[Block]:
    """readability's blocks with the list items it dropped between them: the story's lists
    (the points of an argument, a recipe's ingredients, the papers of a collection),
    readability's cleaning takes for link lists or too short. Only items that read as prose
    (_is_prose: a link alone is a menu's) and only inside the story's run: between two of
    readability's blocks found among the `holder_blocks`, those of the element holding them."""
    positions: dict[str, list[int]] = {}  # each text's places among the holder's blocks, in order
    for index, holder_block in enumerate(holder_blocks):
        positions.setdefault(holder_block.text, []).append(index)
    kept: list[Block] = []
    position = 0
    for block in chosen_blocks:
        places = positions.get(block.text, ())
        at = bisect_left(places, position)  # the first place at or after `position`
        found = places[at] if at < len(places) else None
        if found is not None:
            if kept:  # items before readability's first block are not inside the story
                kept.extend(item for item in holder_blocks[position:found] if item.kind == "li" and _is_prose(item))
            position = found + 1
        kept.append(block)
    return kept


# Elements of one source line measured to find the one holding a block: a page on one line
# (or nested thousands deep) would otherwise measure the text of each ancestor in turn.
_MAX_HOLDING_CHECKS = 64


def _deepest_holding(on_line: list[HtmlElement], words: str) -> HtmlElement | None:
    """The last element (in page order: the deepest) of `on_line` whose text holds `words`.
    From the last one back, each measured only when its raw text holds the longest word
    (the normalised text can hold `words` only then); None past _MAX_HOLDING_CHECKS."""
    longest_word = max(words.split(), key=len, default="")
    checks = 0
    for element in reversed(on_line):
        if longest_word not in text_content(element):
            continue
        if words in text_of(element):
            return element
        checks += 1
        if checks >= _MAX_HOLDING_CHECKS:
            return None
    return None


def _element_holding(root: HtmlElement, blocks: list[Block]) -> HtmlElement | None:
    """The page's element holding `blocks` (taken from readability's copy of the page): the
    common ancestor of the elements where the first and the last of them start, found by
    their source line and text."""
    # readability's own <p>s say they start on line 1: other blocks locate better
    located = [block for block in blocks if block.line and block.line > 1] or [block for block in blocks if block.line]
    if not located:
        return None
    ends = [located[0], located[-1]]
    on_lines: dict[int | None, list[HtmlElement]] = {block.line: [] for block in ends}
    for element in root.iter(etree.Element):  # one walk for both lines
        if element.sourceline in on_lines:
            on_lines[element.sourceline].append(element)
    starts: list[HtmlElement] = []
    for block in ends:
        deepest = _deepest_holding(on_lines[block.line], normalize_space(block.text))
        if deepest is None:
            return None
        starts.append(deepest)
    first_ancestors = [starts[0], *starts[0].iterancestors()]
    common = next((element for element in [starts[1], *starts[1].iterancestors()] if element in first_ancestors), None)
    return common if common is not None and tag_of(common) not in ("body", "html") else None


def note_left_out(root: HtmlElement, selected: list[Block], removals: Removals, reasons: dict[str, str] | None = None) -> None:
    """For --explain: the page's blocks that content selection left out of the article (the
    DOM filters' removals are noted already; these went without a filter's word), with the
    reason selection gave (`reasons`, by text), else as outside the article."""
    body = root.find("body")
    chosen_text = "\n".join(block.text for block in selected)
    reasons = reasons or {}
    for block in node_blocks(body if body is not None else root):
        if block.text not in chosen_text:
            removals.block(LEFT_OUT, block, reasons.get(block.text, "outside the article (content selection)"))
