"""Text that is not prose, known by its shape in any language: a bare address of an image
(a lazy-loading placeholder or a broken gallery printed as text), a keyword list (a post's
tags: many short terms between commas, no sentence), and the date-and-time stamps of a
thread or a list of other stories (several lines that are a date and a time alone, below
the story's start; the story's own date line stands above it, alone); and lists of other
stories or of the site's sections after the story has begun: lines of links, cards (a
linked title over a summary), links each with a count ("Sports (1379)")."""
from __future__ import annotations

import re

from ..blocks import Block
from . import Context
from .lines import is_sentence_paragraph

NAME = "nonprose"

_IMAGE_ADDRESS = re.compile(r"\S+\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:[?#]\S*)?", re.IGNORECASE)

_KEYWORD_LIST_MAX_CHARS = 300
_KEYWORDS_AT_LEAST = 6  # "Politics, Europe, Trade, Energy, Germany, France"; four or five are as often a sentence's list
_MAX_KEYWORD_WORDS = 3
_MAX_KEYWORD_CHARS = 30
_LABEL = re.compile(r"[^\W\d_][\w ]{0,20}:\s*")  # "Tags: ", "Schlagworte: "
_NOT_IN_A_KEYWORD = re.compile(r"[\d()\"“”«»„.!?]")  # numbers, quotes, sentence stops: a sentence's list
_KEYWORD_LIST_KINDS = ("p", "h1", "h2", "h3", "h4", "h5", "h6")  # not list items or table rows: those are content's lists

_STAMP_MAX_CHARS = 60
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_WORD = re.compile(r"[^\W_]+")
_ZONE = re.compile(r"[A-Z]{2,4}")  # "ET", "GMT", "CEST": a time zone, in any language's stamps
_STAMPS_AT_LEAST = 2
_PROSE_BEFORE_STAMPS = 2  # paragraphs of the story above a stamp: past the story's own date line


def is_image_address(text: str) -> bool:
    """The block is nothing but the address of an image file."""
    return "\n" not in text and _IMAGE_ADDRESS.fullmatch(text.strip()) is not None


def is_keyword_list(block: Block) -> bool:
    """Many short terms between commas (after a label, maybe) and nothing else: a post's
    tags or keywords, not a sentence (no stop, no number, no quote)."""
    text = block.text.strip()
    if block.kind not in _KEYWORD_LIST_KINDS or len(text) > _KEYWORD_LIST_MAX_CHARS or "\n" in text or text.count(",") < _KEYWORDS_AT_LEAST - 1:
        return False
    label = _LABEL.match(text)
    terms = [term.strip() for term in text[label.end() if label else 0 :].split(",")]
    return (
        len(terms) >= _KEYWORDS_AT_LEAST
        and not _NOT_IN_A_KEYWORD.search(text[label.end() if label else 0 :])
        and all(0 < len(term.split()) <= _MAX_KEYWORD_WORDS and len(term) <= _MAX_KEYWORD_CHARS for term in terms)
    )


def is_date_and_time(text: str, date_words: frozenset[str]) -> bool:
    """The line is a date and a time and nothing else ("January 15, 2008 - 3:02 PM",
    "07.23.12 at 11:19", "Mi, 16.01.2008, 07:50 Uhr")."""
    if len(text) > _STAMP_MAX_CHARS or "\n" in text or not _TIME.search(text):
        return False
    words = _WORD.findall(text)
    numbers = sum(word.isdigit() for word in words)
    return numbers >= 3 and all(word.isdigit() or word.lower() in date_words or _ZONE.fullmatch(word) for word in words)


def _stamps(blocks: list[Block], sentences: list[bool], date_words: frozenset[str]) -> set[int]:
    """The indexes of the date-and-time lines below the story's start, when there are
    several (`sentences`: which blocks are sentence paragraphs)."""
    prose = 0
    stamps = []
    for index, block in enumerate(blocks):
        if sentences[index]:
            prose += 1
        elif prose >= _PROSE_BEFORE_STAMPS and is_date_and_time(block.text, date_words):
            stamps.append(index)
    return set(stamps) if len(stamps) >= _STAMPS_AT_LEAST else set()


# Lists of other stories left in the story's container: lines that are links, or cards that
# are a linked title over a summary, three or more in a row after the story has begun.
_LINKED = 0.8  # of a block's text in links: a line of links, or a card's title line
_MIN_LIST_LINES = 3
_MIN_TITLE_CHARS = 15
_STORY_BLOCK_CHARS = 500  # of one block that is no sentence paragraph, counted as one of the story's
_MAX_SUMMARY_CHARS = 300
_HEADING_KINDS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_LIST_KINDS = _HEADING_KINDS | {"li"}
_LINK_LIST = "a list of links after the story (other stories)"
_COUNTED_LINKS = "links each with a count (categories, tags, archive months)"
_LINKED_ITEMS = "a long list of links after the story (archives, pages, other posts)"
# A story's own list of links (sources, contents, further reading) is a few items; a
# sidebar's archive, page list or list of other posts left in the story's box runs long.
_MIN_LINKED_ITEMS = 8
_CARD = "a linked title over a summary, one of a run after the story (other stories)"


def _is_link_lines(block: Block) -> bool:
    """Lines of links in one block ("<a>title</a><br><a>title</a>..."). A list's items, and
    numbered lines, are the story's own lists (references, contents, sources), whatever
    they link to."""
    if block.kind in _LIST_KINDS or block.link_density < _LINKED:
        return False
    lines = block.text.split("\n")
    return len(lines) >= _MIN_LIST_LINES and 2 * sum(_NUMBERED.match(line) is not None for line in lines) < len(lines)


def _is_linked_item(block: Block) -> bool:
    """A list item that is a link to another page and nothing else, not numbered (a table
    of contents links to the page's own sections: "#usage")."""
    if block.kind != "li" or block.link_density < _LINKED or _NUMBERED.match(block.text) is not None:
        return False
    element = block.element
    item = element if element is None or element.tag == "li" else next(element.iterancestors("li"), None)
    return item is not None and any(not (link.get("href") or "#").startswith("#") for link in item.iter("a"))


def _lines(block: Block) -> int:
    return block.text.count("\n") + 1


def _one(_block: Block) -> int:
    return 1


_NUMBERED = re.compile(r"\s*\d{1,2}[.)]\s")  # "1. ", "2) ": the author's own enumeration


def _is_card(block: Block) -> bool:
    """A linked title on its own line over a short summary: the title is what is linked."""
    title, _, summary = block.text.partition("\n")
    return (
        len(title) >= _MIN_TITLE_CHARS
        and 0 < len(summary.strip()) <= _MAX_SUMMARY_CHARS
        and _LINKED * len(title) <= block.link_chars <= len(title) + 1
    )


# "Sports (1379)": a linked category, tag or month of an archive and the count of its posts.
_COUNTED = re.compile(r"(\S.{0,59}?)\s*\(\d{1,6}\)")


def _is_counted_links(block: Block) -> bool:
    """Lines that are each a link and the count of what it lists, in parentheses: a widget
    of categories, tags or archive months (a table's figures in parentheses are not linked)."""
    if block.kind in _HEADING_KINDS or ")" not in block.text:
        return False
    name_chars = 0
    for line in block.text.split("\n"):
        name = _COUNTED.fullmatch(line.strip())
        if name is None:
            return False
        name_chars += len(name.group(1))
    return block.link_chars >= _LINKED * name_chars


def _other_stories(blocks: list[Block], sentences: list[bool]) -> dict[int, str]:
    """The indexes of the runs of link lines (three lines at least) and of cards (three at
    least) after the story has begun, with the reason of each. The story begins with
    paragraphs of prose, two before the first block of the run's shape: a page that opens
    with the list (a playlist, an index, cards with longer summaries among them) is a list.
    (`sentences`: which blocks are sentence paragraphs.)"""
    found: dict[int, str] = {}
    # every shape is mostly links: a block without any is none of them
    linked = [block.link_chars > 0 for block in blocks]
    if not any(linked):
        return found
    # what each block counts towards the story's start: a paragraph of sentences, or a long
    # block of text (a story printed as one cell); nothing when it is mostly links
    story = [
        0 if block.link_density >= 1 - _LINKED else 1 if sentence else len(block.text) // _STORY_BLOCK_CHARS
        for block, sentence in zip(blocks, sentences)
    ]
    shapes = (  # the shape of a block, the reason, what a block counts, how much a run needs
        (_is_link_lines, _LINK_LIST, _lines, _MIN_LIST_LINES),
        (_is_card, _CARD, _one, _MIN_LIST_LINES),
        (_is_counted_links, _COUNTED_LINKS, _lines, _MIN_LIST_LINES),
        (_is_linked_item, _LINKED_ITEMS, _one, _MIN_LINKED_ITEMS),
    )
    for shape, reason, size, needed in shapes:
        prose = 0
        seen = False  # a block of the shape: prose after it no longer tells the story began
        run: list[int] = []
        for index, block in enumerate(blocks):
            if linked[index] and shape(block):
                seen = True
                if prose >= _PROSE_BEFORE_STAMPS:
                    run.append(index)
                    continue
            if run:
                if sum(size(blocks[member]) for member in run) >= needed:
                    found.update(dict.fromkeys(run, reason))
                run = []
            if not seen:
                prose += story[index]
        if run and sum(size(blocks[member]) for member in run) >= needed:
            found.update(dict.fromkeys(run, reason))
    return found


def drop_nonprose(blocks: list[Block], context: Context) -> list[Block]:
    """Drop image addresses, keyword lists, a thread's or a list's date-and-time stamps, and
    lists of other stories after the story (lines of links, linked titles over summaries)."""
    date_words = frozenset(context.phrase_sets()["dates"].by_first_word)
    sentences = [is_sentence_paragraph(block) for block in blocks]
    stamps = _stamps(blocks, sentences, date_words)
    other_stories = _other_stories(blocks, sentences)
    kept = []
    for index, block in enumerate(blocks):
        if block.kind == "pre":
            reason = None
        elif index in other_stories:
            reason = other_stories[index]
        elif is_image_address(block.text):
            reason = "an image's address alone"
        elif is_keyword_list(block):
            reason = "a keyword list"
        elif index in stamps:
            reason = "a date and time alone, one of several below the story (a thread's or a list's stamps)"
        else:
            reason = None
        if not (reason and context.removals.block(NAME, block, reason)):
            kept.append(block)
    return kept
