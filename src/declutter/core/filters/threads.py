"""Comment threads and lists of other stories found by their shape, under any class name and
in any language: a run of three or more sibling posts of one shape (tag and first class
name) after the story, each with words of its own beside a date stamp on a short line (a
thread, a dated story list) or under a linked title (teasers); posts that are bare siblings
between signed, dated lines (a flat thread); and all that follows a comments label after
the story inside the element holding it (the thread's boundary). A story is one run of
prose in one voice; a thread or a teaser list is many short pieces, each signed, dated or
linked."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Callable

from lxml.html import HtmlElement

from ..dom import BLOCK_TAGS, tag_of, text_content, text_of
from ..phrases import phrase_sets
from . import Context
from .patterns import unlinked_chars
from .sections import Label, is_attached, short_text_candidates

# A date stamp is a short line: "Posted by: Jane at November 8, 2012 7:12 AM", "12.03.2008".
_MAX_STAMP_CHARS = 120
# "7:12", "12.03.2008", "2008-03-12", not in a longer figure. Each opens with its first digit
# and looks behind it from there ("\d(?<![\d.]\d)": no digit or dot before the first digit):
# a pattern that opens with a look-behind is tried at every character of a line, one that
# opens with a digit only where a digit is.
_TIME = re.compile(r"\d(?<![\d.,:]\d)\d?:\d{2}(?![\d.,:]\d)")
_NUMERIC_DATE = re.compile(r"\d(?<![\d.]\d)(?:\d?[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{3}-\d{1,2}-\d{1,2})(?!\d)")
_WORD = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")
_MIN_DATE_WORD_CHARS = 3  # "at", "on", "am" join a date; they name no month or day
_MIN_RUN = 3
# An item has words of its own beside its stamp: a reader's reply, a story's summary.
_MIN_OWN_CHARS = 30
# Items are containers: a paragraph or a heading is a piece of text, never a reader's post.
# A table's rows are its data (dates of events, of matches), not posts.
_ITEM_TAGS = frozenset(("div", "li", "article", "section", "dl", "dd", "blockquote", "ul", "ol", "aside"))
# A post may also be a term with the name and date, the reply in the description after it.
_HEAD_TAGS = _ITEM_TAGS | {"dt"}
# How far above a stamp its item may be: a stamp sits near the top of its post.
_MAX_ITEM_DEPTH = 6


def _is_dated(text: str, date_words: frozenset[str]) -> bool:
    """A time of day, a date in figures, or a month or day name beside a number."""
    return _TIME.search(text) is not None or _names_a_day(text, date_words)


def _names_a_day(text: str, date_words: frozenset[str]) -> bool:
    """A date in figures, or a month or day name beside a number."""
    if _NUMERIC_DATE.search(text):
        return True
    words = _WORD.findall(text.lower())
    for index, word in enumerate(words):
        if len(word) >= _MIN_DATE_WORD_CHARS and word in date_words:
            around = words[max(0, index - 1) : index] + words[index + 1 : index + 2]
            if any(neighbour[0].isdigit() for neighbour in around):
                return True
    return False


# A block of code prints dates of its own (a log, a commit); a table cell is data.
_STAMP_TAGS = tuple(sorted(BLOCK_TAGS - {"pre", "table", "tbody", "thead", "tfoot", "tr"}))


def _date_stamps(root: HtmlElement, date_words: frozenset[str], holders: Callable[[HtmlElement], set[HtmlElement | None]]) -> list[HtmlElement]:
    """The innermost blocks whose text is a short dated line (and <time> elements);
    `holders`: finds the page's dom.block_holders (see sections.short_text_candidates)."""
    stamps = list(root.iter("time"))
    # block holders are not innermost: their blocks are looked at themselves; walked in C,
    # only the elements that may pass the test below (a short text with a digit) come
    candidates = short_text_candidates(root, _STAMP_TAGS, holders, max_chars=3 * _MAX_STAMP_CHARS, max_solid=_MAX_STAMP_CHARS, with_digit=True)
    for element, known_text in candidates:
        raw = text_content(element) if known_text is None else known_text
        if len(raw) > 3 * _MAX_STAMP_CHARS or _DIGIT.search(raw) is None:
            continue  # every date has a figure: most lines are ruled out here, cheaply
        text = " ".join(raw.split())
        if text and len(text) <= _MAX_STAMP_CHARS and _is_dated(text, date_words):
            stamps.append(element)
    return stamps


def _shape(element: HtmlElement) -> tuple[str, str]:
    """Tag and first class name, figures left out: "comment depth-1" and "comment depth-2",
    "post-17" and "post-18" are one shape."""
    names = (element.get("class") or "").split()
    return tag_of(element), "".join(char for char in names[0] if not char.isdigit()) if names else ""


Post = list[HtmlElement]  # a post's elements: one, or a dated head and the body after it ("dt", "dd")


def _runs(stamps: list[HtmlElement]) -> list[list[Post]]:
    """Runs of three or more posts of one shape each holding a stamp, outermost first: a
    post is a sibling holding a stamp, or one holding it followed by one that does not (a
    <dt> with the name and date, the <dd> with the reply), the same shapes each time."""
    # the elements a stamp is in, up to where a post may start; dicts keep the page's order,
    # so runs are found (and --explain lists them) in the same order every time
    stamped: dict[HtmlElement, None] = {}
    for stamp in stamps:
        for depth, ancestor in enumerate(stamp.iterancestors(), start=1):
            if depth > _MAX_ITEM_DEPTH or tag_of(ancestor) in ("body", "html"):
                break
            stamped[ancestor] = None
    stamped.update(dict.fromkeys(stamps))  # a head may be the dated line itself: a <dt> before its <dd>
    heads = {element: None for element in stamped if tag_of(element) in _HEAD_TAGS}
    runs: list[list[Post]] = []
    for parent, count in Counter(head.getparent() for head in heads).items():
        if parent is None or count < _MIN_RUN:
            continue  # each post of a run starts with a head: most parents hold one or two
        # the parent's children that hold something, a rule or an empty spacer left out
        children = [child for child in parent if isinstance(child.tag, str) and (child in stamped or _has_text(child))]
        runs += _posts_in_a_row(children, heads, stamped, 1)
        runs += _posts_in_a_row(children, heads, stamped, 2)
    return sorted(runs, key=lambda found: sum(1 for _ in found[0][0].iterancestors()))


def _posts_in_a_row(children: list[HtmlElement], heads: dict[HtmlElement, None], stamped: dict[HtmlElement, None], size: int) -> list[list[Post]]:
    """The runs of posts of `size` siblings each (a dated head, then undated parts)."""
    runs: list[list[Post]] = []
    run: list[Post] = []
    at = 0
    while at < len(children):
        post = children[at : at + size]
        if len(post) == size and _is_post(post, heads, stamped) and (not run or list(map(_shape, post)) == list(map(_shape, run[0]))):
            run.append(post)
            at += size
            continue
        if len(run) >= _MIN_RUN:
            runs.append(run)
        at += 1 if not run else 0
        run = []
    if len(run) >= _MIN_RUN:
        runs.append(run)
    return runs


def _is_post(post: Post, heads: dict[HtmlElement, None], stamped: dict[HtmlElement, None]) -> bool:
    head, *body = post
    if head not in heads or any(part in stamped or _shape(part) == _shape(head) for part in body):
        return False  # a head and a body are of two shapes: items of one list are posts each  # a head and a body are of two shapes: items of one list are posts each
    return tag_of(head) != "dt" or (len(body) == 1 and tag_of(body[0]) == "dd")


def _has_text(element: HtmlElement) -> bool:
    return any(text.strip() for text in element.itertext())


def _has_own_words(post: Post, stamps: set[HtmlElement]) -> bool:
    stamp_chars = sum(len(text_content(element)) for part in post for element in part.iter() if element in stamps)
    return sum(unlinked_chars(part) for part in post) - stamp_chars >= _MIN_OWN_CHARS


# A thread follows the story: this much prose comes before it. A forum's thread, a blog's
# index, a live blog are the page's text from their first post on: nothing comes before.
_MIN_PROSE_BEFORE = 150
# With this much prose before it, the first post is not the story, however long it is (a
# reader's essay under a short post): the story came first.
_STORY_BEFORE_CHARS = 300


def _prose_before(root: HtmlElement, first: HtmlElement) -> int:
    """Characters of unlinked paragraph text before `first` in the page."""
    chars = 0
    for element in root.iter("p", str(first.tag)):  # the others are passed by in C, no proxy made
        if element is first:
            break
        if element.tag == "p":
            chars += unlinked_chars(element)
    return chars


def _is_the_article(part: HtmlElement, holds_main: Callable[[HtmlElement], bool]) -> bool:
    """The part is (or wraps) the article's own container. Blog platforms mark each comment
    up as an <article> too: only one with the headline or the article body is the story."""
    if tag_of(part) == "article":
        return bool(part.xpath(".//h1|.//*[@itemprop='articleBody']"))
    return holds_main(part)


def _stamped_apart(run: list[Post], stamps: set[HtmlElement]) -> bool:
    """The posts' stamps differ: posts written at different times, not entries that print
    one date each (a glossary's "last edited" date)."""
    texts = _stamp_texts(run, stamps)
    first = next(texts, None)
    return any(text != first for text in texts)  # read up to the first that differs


def _at_least(count: int, items: Iterable[object]) -> bool:
    """`items` holds `count` items or more; it is read no further than that."""
    return sum(1 for _ in islice(items, count)) == count


@dataclass(frozen=True)
class Guard:
    """What keeps the story: its own container (holds_main), its main run of prose (holds_story)."""

    holds_main: Callable[[HtmlElement], bool]
    holds_story: Callable[[HtmlElement], bool]


def _runs_after_the_story(
    root: HtmlElement,
    marks: list[HtmlElement],
    guard: Guard,
    fits: Callable[[list[Post], set[HtmlElement]], bool],
) -> list[list[Post]]:
    """The runs of posts, each holding one of `marks`, that follow the page's story and that
    `fits` (given the run and the marks) takes for the kind of run looked for."""
    if len(marks) < _MIN_RUN:
        return []
    mark_set = set(marks)
    found: list[list[Post]] = []
    taken: set[HtmlElement] = set()
    for run in _runs(marks):
        first = run[0][0]
        if any(ancestor in taken for ancestor in first.iterancestors()):
            continue  # inside a run found already
        if any(_is_the_article(part, guard.holds_main) for post in run for part in post):
            continue
        if not _at_least(_MIN_RUN, (post for post in run if _has_own_words(post, mark_set))) or not fits(run, mark_set):
            continue
        before = _prose_before(root, first)
        if before < _MIN_PROSE_BEFORE or (before < _STORY_BEFORE_CHARS and any(guard.holds_story(part) for part in run[0])):
            continue  # the story's post first, then others: a forum's thread, a blog's page
        found.append(run)
        taken.update(part for post in run for part in post)
    return found


def _stamp_texts(run: list[Post], stamps: set[HtmlElement]) -> Iterator[str]:
    return (text_of(element) for post in run for part in post for element in part.iter() if element in stamps)


def _head_stamp_texts(run: list[Post], stamps: set[HtmlElement]) -> Iterator[str]:
    """Each post's first stamp: the line that dates it (later ones are lines of its words)."""
    heads = (next((element for part in post for element in part.iter() if element in stamps), None) for post in run)
    return (text_of(head) for head in heads if head is not None)


def dated_runs(root: HtmlElement, stamps: list[HtmlElement], date_words: frozenset[str], guard: Guard) -> list[list[Post]]:
    """The runs of dated sibling posts (`stamps`: the page's date stamps) that follow its
    story, but a live blog's entries: stamped with times of day and never a day, they are
    one day's updates of the story (a reader's post says on which day it was written)."""

    def is_a_thread(run: list[Post], marks: set[HtmlElement]) -> bool:
        return _stamped_apart(run, marks) and any(_names_a_day(text, date_words) for text in _head_stamp_texts(run, marks))

    return _runs_after_the_story(root, stamps, guard, is_a_thread)


# A page's phrase sets are its languages' (Context.phrase_sets): their month and day names
# are gathered once for each choice of languages, not on every page (hundreds of words).
@lru_cache(maxsize=16)
def _date_words(languages: tuple[str, ...] | None) -> frozenset[str]:
    return frozenset(word for word in phrase_sets(languages)["dates"].by_first_word if len(word) >= _MIN_DATE_WORD_CHARS)


# A flat thread: the posts are bare siblings, each closed (or opened) by a dated line of one
# shape, "Posted by: Jane | Mar 26, 2007 2:00 PM". The first such line may close the story.
_MIN_FLAT_STAMPS = _MIN_RUN + 1
# A reader's post may be a word of thanks ("Welcome back!"); a quarter of them may be that short.
_SHORT_POSTS_AT_MOST = 0.25
# The line signs the post: a name or a label beside the date ("Posted by Jane at", "Jane |"),
# not a date alone (a diary's or a timeline's dated sections).
_MIN_SIGNATURE_WORDS = 2


def _signed(stamp: HtmlElement, date_words: frozenset[str]) -> bool:
    words = [word for word in _WORD.findall(text_content(stamp).lower()) if not word[0].isdigit() and word not in date_words]
    return len(words) >= _MIN_SIGNATURE_WORDS


def flat_threads(root: HtmlElement, stamps: list[HtmlElement], date_words: frozenset[str], guard: Guard) -> list[list[HtmlElement]]:
    """The siblings from the first signed, dated line of a parent to its last, when four
    or more such lines of one shape follow the story, each after words of a post."""
    lines: dict[tuple[HtmlElement, tuple[str, str]], list[HtmlElement]] = {}
    for stamp in stamps:
        parent = stamp.getparent()
        if parent is not None and tag_of(stamp) != "time" and _signed(stamp, date_words):
            lines.setdefault((parent, _shape(stamp)), []).append(stamp)
    threads = []
    for (parent, shape), signed in lines.items():
        if len(signed) < _MIN_FLAT_STAMPS or len({text_content(line) for line in signed}) < len(signed):
            continue  # a post's signature is its own: the same line again is a template's
        children = [child for child in parent if isinstance(child.tag, str)]
        first, last = children.index(signed[0]), children.index(signed[-1])
        between = children[first + 1 : last + 1]
        posts = _split_at(between, set(signed))
        if any(_shape(part) == shape and unlinked_chars(part) >= _MIN_OWN_CHARS for post in posts for part in post):
            continue  # items of one list (references), not posts and their signatures (a bar of links, "Quote | Report", may share their shape)
        if _SHORT_POSTS_AT_MOST * len(posts) < sum(sum(unlinked_chars(part) for part in post) < _MIN_OWN_CHARS for post in posts):
            continue  # the lines sign entries of a list, not posts: most have no words of their own
        if any(guard.holds_main(part) for part in between) or _prose_before(root, signed[0]) < _MIN_PROSE_BEFORE:
            continue
        threads.append(between)
    return threads


def _split_at(elements: list[HtmlElement], stamps: set[HtmlElement]) -> list[list[HtmlElement]]:
    """The words between the stamps: each post's elements, the stamp closing it left out."""
    posts: list[list[HtmlElement]] = [[]]
    for element in elements:
        if element in stamps:
            posts.append([])
        else:
            posts[-1].append(element)
    return posts[:-1]


# A teaser's title: a heading or term that is a link (to another page), this long at least.
_TITLE_TAGS = ("h2", "h3", "h4", "h5", "h6", "dt")
_MIN_TITLE_CHARS = 15
_TITLE_LINK_SHARE = 0.8
# A teaser's summary is a sentence or two: longer words under each linked title are the
# sections of a list article ("The ten best ferries", each with its review).
_MAX_SUMMARY_CHARS = 300


def _linked_titles(root: HtmlElement) -> list[HtmlElement]:
    titles = []
    for element in root.iter(*_TITLE_TAGS):
        text = len(text_of(element))
        if text < _MIN_TITLE_CHARS:
            continue  # too short for a title: its links are not looked at
        linked = sum(len(text_of(link)) for link in element.iter("a") if not (link.get("href") or "#").startswith("#"))
        if linked >= _TITLE_LINK_SHARE * text:
            titles.append(element)
    return titles


def _short_summaries(run: list[Post], _titles: set[HtmlElement]) -> bool:
    """Each post's words beside its title are a summary, not a section of prose."""
    summaries = [sum(unlinked_chars(part) for part in post) for post in run]
    return sum(summaries) <= _MAX_SUMMARY_CHARS * len(run)


def teaser_runs(root: HtmlElement, guard: Guard) -> list[list[Post]]:
    """The runs of teasers after the story: sibling posts, each a linked title over a summary."""
    return _runs_after_the_story(root, _linked_titles(root), guard, _short_summaries)


# "12 Comments", "Comments are now closed" this far into the story's container: the story
# has ended and the thread begun, whatever the markup of its posts (bare lines between <br>s).
_STORY_BEFORE_LABEL_CHARS = 300


def _story_container(label: HtmlElement, holds_story: Callable[[HtmlElement], bool]) -> HtmlElement | None:
    container = next((ancestor for ancestor in label.iterancestors() if holds_story(ancestor)), None)
    return None if container is None or tag_of(container) in ("body", "html") else container


def _shares_its_line(label: HtmlElement) -> bool:
    """The label is a part of a line with other words ("By Jane | 12 Comments", a meta line
    under the standfirst), not a line of its own heading a thread."""
    line = next((element for element in [label, *label.iterancestors()] if tag_of(element) in BLOCK_TAGS), None)
    return line is not None and text_of(line) != text_of(label)


def remove_after_thread_start(root: HtmlElement, context: Context, labels: list[Label]) -> None:
    """Remove a comment label (`labels`: sections.find_labels of the comments phrases) that
    follows the story inside the element holding it, and all that follows the label there:
    the thread, whatever the markup of its posts."""
    holds_story = context.story_guard(root)
    for label, text, phrase, _exact in labels:
        if not is_attached(label, root):
            continue
        if " " not in phrase and not any(char.isdigit() for char in text):
            continue  # a bare "Comment" or "Antworten" may head a table's column: no count, no thread
        if any(char.isdigit() for char in text) and _shares_its_line(label):
            continue  # a count in the meta line under a long standfirst: the story comes after it
        container = _story_container(label, holds_story)
        if container is None or _prose_before(container, label) < _STORY_BEFORE_LABEL_CHARS:
            continue
        following = [label]
        for element in [label, *label.iterancestors()]:
            if element is container:
                break
            following += [sibling for sibling in element.itersiblings() if isinstance(sibling.tag, str)]
        reason = f"follows the comments label {text!r}"
        for element in following:  # with the bare text between the posts' <br>s
            context.removals.element("comments", element, reason, with_tail=True)


def _remove_runs(root: HtmlElement, context: Context, runs: list[list[Post]], name: str, what: str) -> None:
    for run in runs:
        reason = f"run of similar {what}"  # no count: one rule for benchmarks/ablation.py
        for part in (part for post in run for part in post):
            if is_attached(part, root):
                context.removals.element(name, part, reason)


def _guard(root: HtmlElement, context: Context) -> Guard:
    return Guard(context.main_content_guard(), context.story_guard(root))


def remove_dated_runs(root: HtmlElement, context: Context) -> None:
    """Remove runs of similar dated posts: reader comments, a list of other stories."""
    date_words = _date_words(context.languages)
    stamps = _date_stamps(root, date_words, context.block_holders)  # found once for both kinds of thread
    guard = _guard(root, context)
    _remove_runs(root, context, dated_runs(root, stamps, date_words, guard), "comments", "dated blocks (comment thread or story list)")
    stamps = [stamp for stamp in stamps if is_attached(stamp, root)]
    for thread in flat_threads(root, stamps, date_words, guard):
        reason = "flat comment thread between signed, dated lines"
        for element in thread:
            if is_attached(element, root):
                context.removals.element("comments", element, reason)


def remove_teaser_runs(root: HtmlElement, context: Context) -> None:
    """Remove runs of teasers of other stories, each a linked title over a short summary."""
    _remove_runs(root, context, teaser_runs(root, _guard(root, context)), "related", "blocks, each a linked title (other stories)")
