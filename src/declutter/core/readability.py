"""The readability stage: readability-lxml picks the article node from the pruned tree.

readability-lxml normally parses a string and returns HTML; here it is handed the tree the
DOM filters already pruned and gives back the chosen node, so nothing is parsed twice.
"""
from __future__ import annotations

import contextvars
import copy
import logging
import re
from typing import Any, Callable, Iterator

from lxml import etree
from lxml.etree import tostring
from lxml.html import HtmlElement, document_fromstring
from readability import Document
from readability.readability import REGEXES, Unparseable, is_video_url

from .dom import tag_of, text_content, with_class_or_id

# readability-lxml logs a traceback when the page gives it no article (then raises
# Unparseable, which is an answer here, not an error). Its records are dropped while
# declutter calls it, and only then: the logger's level stays the application's to set.
_inside_our_call = contextvars.ContextVar("declutter_in_readability", default=False)


class _QuietDuringOurCalls(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not _inside_our_call.get()


logging.getLogger("readability.readability").addFilter(_QuietDuringOurCalls())

_SENTENCE_END = re.compile(r"\.( |$)")
# \s{2,} as a pattern opening with a character class, which the regex engine scans for
# quickly instead of trying the repeat at every character: the same runs, a third faster.
_SPACE_RUNS = re.compile(r"\s\s+")
_TABS_OR_SPACES = re.compile(r"\t|[ \t]{2,}")
# readability-lxml cuts a run of whitespace this long to 255 spaces, then to one.
_LONG_RUN = 255


def _cleaned_run_length(run: str) -> int:
    """How long a run of 2+ whitespace characters inside a text stays after readability's clean()."""
    if len(run) >= _LONG_RUN or "\n" in run:
        return 1
    return len(_TABS_OR_SPACES.sub(" ", run))


def _cleaned_length(text: str) -> int:
    """len(readability.readability.clean(text)), without building the cleaned text.

    clean() runs three regex substitutions over the whole text, two of them quadratic in
    the length of each whitespace run; readability measures every candidate's text and
    every link in it that way, which made it the stage's main cost. clean() only rewrites
    runs of whitespace and strips the ends, so the length follows from the runs alone.
    """
    text = text.strip()
    return len(text) - sum(len(run) - _cleaned_run_length(run) for run in _SPACE_RUNS.findall(text))


try:  # where the core was compiled, measured in C (core/cwalk), and the links of an element too
    from .cwalk.content import cleaned_length as _cleaned_length_in_c
    from .cwalk.content import judged_by_class_id as _judged_by_class_id_in_c
    from .cwalk.content import links_length as _links_length_in_c
except ImportError:
    _cleaned_length_in_c = _links_length_in_c = _judged_by_class_id_in_c = None  # type: ignore[assignment]

# _cleaned_length, or its twin in C
cleaned_length: Callable[[str], int] = _cleaned_length if _cleaned_length_in_c is None else _cleaned_length_in_c


# readability-lxml's class/id regexes: case-insensitive alternations of lower-case words.
# Python's regex engine finds no fast start for a case-insensitive alternation and tries
# it at every character of the text; in an ASCII text the same words match the same,
# case-sensitively, in the lower-cased text, which the engine scans quickly.
_CLASS_REGEXES = ("unlikelyCandidatesRe", "okMaybeItsACandidateRe", "positiveRe", "negativeRe")
_LOWER_CASE_TWINS = {
    name: re.compile(REGEXES[name].pattern)
    for name in _CLASS_REGEXES
    if REGEXES[name].flags & re.IGNORECASE and REGEXES[name].pattern.isascii() and REGEXES[name].pattern == REGEXES[name].pattern.lower()
}


# "commentary" (an opinion piece, a study text's notes) is no "comment" section, though
# readability-lxml's unlikely-candidate and negative regexes find "comment" in it.
_COMMENTARY = re.compile(r"comment(?:ar(?:y|ies)|ators?)", re.IGNORECASE)


def _without_commentary(class_id: str) -> str:
    return _COMMENTARY.sub(" ", class_id) if "ommenta" in class_id.lower() else class_id


# The non-ASCII characters that a case-insensitive regex matches to an ASCII letter (the
# Kelvin sign to "k", the long s to "s", the dotted and dotless I to "i"), found once.
_ASCII_CASE_TWINS = {
    ord(char): letter
    for char in "\u0130\u0131\u017f\u212a"
    for letter in "abcdefghijklmnopqrstuvwxyz"
    if re.fullmatch(letter, char, re.IGNORECASE)
}

_HAS_ASCII_CASE_TWIN = re.compile("[" + "".join(map(chr, _ASCII_CASE_TWINS)) + "]")


def _class_regex_finds(name: str, text: str) -> bool:
    """Whether readability-lxml's regex REGEXES[name] finds a match in `text`. Its words are
    ASCII: in a text with other characters they match what they would match once the few
    characters a case-insensitive search reads as ASCII letters are those letters (the
    case-insensitive search itself takes seconds on a class of megabytes)."""
    twin = _LOWER_CASE_TWINS.get(name)
    if twin is None:
        return REGEXES[name].search(text) is not None
    if not text.isascii() and _HAS_ASCII_CASE_TWIN.search(text):
        text = text.translate(_ASCII_CASE_TWINS)
    return twin.search(text.lower()) is not None


# The block tags readability-lxml's divToPElementsRe looks for in a <div>'s serialised HTML;
# a descendant with one of these tags is sure to show there as "<tag".
_BLOCK_TAGS = ("blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul")
_INLINE_TAGS = frozenset("a b cite code em font i small span strong sub sup u".split())


def _holding_blocks(root: HtmlElement) -> set[HtmlElement]:
    """The elements with a descendant of a block tag, in one walk: each block marks its
    ancestors up to the first one marked already (whose own ancestors are marked too)."""
    holding: set[HtmlElement] = set()
    for block in root.iter(*_BLOCK_TAGS):
        for ancestor in block.iterancestors():
            if ancestor in holding:
                break
            holding.add(ancestor)
    return holding


def _shows_block_markup(element: HtmlElement, serialise: Callable[[HtmlElement], str], holding_blocks: set[HtmlElement]) -> bool:
    """readability-lxml's test: does divToPElementsRe match the HTML `serialise` makes of
    `element` (or of its children)? A descendant with a block tag (`holding_blocks`: the
    elements with one) is sure to show there as "<tag"; in the other elements (small ones)
    their descendants' tags are read: the same answer, without serialising every nested
    <div> of the page again and again."""
    if element in holding_blocks:
        return True
    # The serialised HTML escapes "<" in text and attribute values: the regex can only find a
    # start tag, of a descendant (the element's own tag, inline, starts like no block's).
    # Those tags are read, unless the subtree holds what is not serialised as "<" + its tag
    # (a comment, a namespaced or non-ASCII tag).
    for descendant in element.iterdescendants():
        tag = descendant.tag
        if not isinstance(tag, str) or tag.startswith("{") or not tag.isascii():
            return bool(REGEXES["divToPElementsRe"].search(serialise(element)))
        if REGEXES["divToPElementsRe"].match("<" + tag):
            return True
    return False


def _children_html(element: HtmlElement) -> str:
    # readability-lxml's str() of the children's UTF-8 bytes: "b'...'", escapes and all
    return str(b"".join(tostring(child, encoding="utf-8") for child in element))


def _element_html(element: HtmlElement) -> str:
    return tostring(element, encoding="unicode", method="html")


_COUNTED_TAGS = ("p", "img", "li", "a", "embed", "input")


def _descendant_counts(element: HtmlElement) -> dict[str, int]:
    """readability-lxml's element counts in sanitize(): its descendants by tag (less 100 <li>),
    the <input>s not counting hidden ones; one walk instead of its seven findall() calls."""
    counts = dict.fromkeys(_COUNTED_TAGS, 0)
    for descendant in element.iterdescendants(*_COUNTED_TAGS):
        tag = tag_of(descendant)
        if tag != "input" or descendant.get("type") != "hidden":
            counts[tag] += 1
    counts["li"] -= 100
    return counts


def _new_article_div(owner: HtmlElement) -> HtmlElement:
    """The <div> readability-lxml parses from "<div/>" to gather the article in (its own
    <body> in its own <html>, each saying it starts on line 1), made without running the
    parser, in `owner`'s document: the article's nodes moved into it stay in theirs."""
    html = owner.makeelement("html")
    body = etree.SubElement(html, "body")
    div = etree.SubElement(body, "div")
    for element in (html, body, div):
        element.sourceline = 1  # type: ignore[misc]  # writable in lxml; the stubs say read-only
    return div


def _new_paragraph(owner: HtmlElement) -> HtmlElement:
    """An empty <p> like the one readability-lxml parses from "<p/>" (which says it starts on
    line 1, as --explain then reports), made without running the parser."""
    paragraph = owner.makeelement("p")
    paragraph.sourceline = 1  # type: ignore[misc]  # writable in lxml; the stubs say read-only
    return paragraph


# remove_unlikely_candidates' XPath tests as lxml walks: an element's ancestors and
# descendants are walked until the first element found (an XPath union collects, then sorts,
# every one, and element.xpath() compiles its expression on every call).
_CODE_TAGS = ("pre", "code")
_CONTENT_TAGS = ("main", "article", "math")
_OUT_OF_ARTICLE_TAGS = ("form", "aside", "nav")


def _class_ids(root: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """The elements of XPath .//*[@class or @id] (a walk in Python costs 60% of it), each with
    readability-lxml's "class id" string, each attribute read once."""
    return [(element, f"{class_ or ''} {id_ or ''}") for element, class_, id_ in with_class_or_id(root, with_root=False)]


def _unlikely_class_id(class_id: str) -> bool:
    """readability-lxml's test of an element's "class id" string in remove_unlikely_candidates."""
    return (
        len(class_id) >= 2
        and _class_regex_finds("unlikelyCandidatesRe", _without_commentary(class_id))
        and not _class_regex_finds("okMaybeItsACandidateRe", class_id)
    )


def _unlikely_by_class_id(root: HtmlElement) -> list[HtmlElement]:
    """The elements below `root` whose "class id" string is unlikely (_unlikely_class_id),
    in document order, found before any is removed; each distinct string tested once.
    Walked in C where built (cwalk.judged_by_class_id)."""
    if _judged_by_class_id_in_c is not None:
        return _judged_by_class_id_in_c(root, _unlikely_class_id)
    unlikely: dict[str, bool] = {}
    found = []
    for element, class_id in _class_ids(root):
        verdict = unlikely.get(class_id)
        if verdict is None:
            verdict = unlikely[class_id] = _unlikely_class_id(class_id)
        if verdict:
            found.append(element)
    return found


def _in_code(element: HtmlElement) -> bool:
    """XPath ancestor-or-self::pre | ancestor-or-self::code finds an element."""
    return element.tag in _CODE_TAGS or next(element.iterancestors(*_CODE_TAGS), None) is not None


def _holds_content(element: HtmlElement) -> bool:
    """XPath descendant-or-self::main | descendant-or-self::article | descendant-or-self::math finds an element."""
    return element.tag in _CONTENT_TAGS or next(element.iterdescendants(*_CONTENT_TAGS), None) is not None


# What a page's <head> holds that readability-lxml reads nothing of: it drops the scripts,
# styles and noscripts at once, and the rest is no paragraph, link, container or candidate.
_UNREAD_HEAD_TAGS = frozenset(("head", "meta", "link", "title", "base", "script", "style", "noscript"))


# Paragraphs readability scores: one right under <body> makes <html> a candidate.
_SCORED_TAGS = ("p", "pre", "td", "blockquote")


def _unread_head(root: HtmlElement) -> HtmlElement | None:
    """The <head> of `root` when it holds only what readability reads nothing of, else None;
    None too when <body> holds a paragraph of its own (readability would read the head's
    text to score <html>: see _HeadMatters, which would end the attempt made without it)."""
    head = root.find("head")
    body = root.find("body")
    if head is None or (body is not None and next(body.iterchildren(*_SCORED_TAGS), None) is not None):
        return None
    for element in head.iter():
        tag = element.tag
        if isinstance(tag, str) and tag not in _UNREAD_HEAD_TAGS:
            return None
    return head


def _copy_without(root: HtmlElement, head: HtmlElement) -> HtmlElement:
    """A copy of `root` without `head` (a fifth of the page's elements at this stage, its
    metas and links, which readability would hold proxies of and walk on every attempt),
    `root` left as it was: the head is taken out for the copy and put back where it was (its
    tail with it)."""
    at = root.index(head)
    root.remove(head)
    try:
        return copy.deepcopy(root)
    finally:
        root.insert(at, head)


class _HeadMatters(Exception):
    """The article readability picks may read the page's <head>: <html> is a candidate (a
    paragraph right under <body>: its score reads the head's text), or the best candidate is
    a child of <html> (<body>: the head is its sibling)."""


class _TreeDocument(Document):  # type: ignore[misc]  # readability-lxml is untyped (Any)
    """A readability Document over an lxml tree that keeps the article node it selects.
    With `without_head`, its copies of the tree leave out an unread <head> (_unread_head);
    when the head may matter after all (_HeadMatters), `head_matters` is set and summary()
    raises Unparseable: the caller asks again of a document with the head."""

    article: HtmlElement | None = None
    head_matters = False

    def __init__(self, input: HtmlElement, without_head: bool = False, **options: Any) -> None:
        super().__init__(input, **options)
        self._head = _unread_head(input) if without_head else None
        # Every element of the copy, held while the document lives: lxml makes a new Python
        # proxy for an element each time a walk reaches it while nothing holds one, and
        # readability walks the tree a dozen times.
        self._elements: list[HtmlElement] = []
        self._lengths: dict[str, int] = {}

    def _length(self, text: str) -> int:
        """cleaned_length(text), each distinct text measured once a document: two fifths of
        the candidates' text is another's (a wrapper round a candidate or paragraph, no text
        of its own), and sanitize measures again what score_paragraphs did."""
        text = text.strip()
        length = self._lengths.get(text)
        if length is None:
            length = self._lengths[text] = cleaned_length(text)
        return length

    def _parse(self, input: HtmlElement) -> HtmlElement:
        # A fresh copy per attempt: readability retries non-ruthlessly on the original tree.
        # Its own Cleaner is skipped: the DOM filters already removed scripts, styles, forms.
        html = copy.deepcopy(input) if self._head is None else _copy_without(input, self._head)
        self._elements = list(html.iter())
        return html

    def tags(self, node: HtmlElement, *tag_names: str) -> Iterator[HtmlElement]:
        # readability-lxml's node.findall(".//tag") for each tag in turn, each taken whole
        # before the caller changes the tree, without parsing the path on every call
        for tag_name in tag_names:
            yield from list(node.iterdescendants(tag_name))

    def reverse_tags(self, node: HtmlElement, *tag_names: str) -> Iterator[HtmlElement]:
        for tag_name in tag_names:
            yield from reversed(list(node.iterdescendants(tag_name)))

    def get_link_density(self, elem: HtmlElement) -> float:
        # readability-lxml's own formula, with its text measure computed fast
        return self._link_density(elem)

    def _link_density(self, elem: HtmlElement, text: str | None = None, link_lengths: dict[HtmlElement, int] | None = None) -> float:
        """get_link_density, given the element's text if the caller has measured it too.
        `link_lengths` keeps each link's length for the next element holding it (a
        paragraph's parent and grandparent share its links), while the tree is unchanged.
        Without link text the density is 0 whatever the element's text, which is then not
        measured (a third of the candidates have no link). Where built, the links are walked
        and measured in C, each again for each element holding it (cheaper than the keeping)."""
        if _links_length_in_c is not None:
            link_length = _links_length_in_c(elem)
        else:
            lengths = {} if link_lengths is None else link_lengths
            link_length = 0
            for link in elem.iterdescendants("a"):  # findall(".//a") without its path parsing
                length = lengths.get(link)
                if length is None:
                    length = lengths[link] = self._length(text_content(link))
                link_length += length
        if not link_length:
            return 0.0
        return link_length / max(self._length(text_content(elem) if text is None else text), 1)

    def score_paragraphs(self) -> dict[HtmlElement, dict[str, Any]]:
        # readability-lxml 0.9's method, with its text measure computed fast (cleaned_length),
        # each link measured once, and without the debug line it formats for every candidate
        candidates: dict[HtmlElement, dict[str, Any]] = {}
        ordered = []
        for element in self.tags(self._html(), *_SCORED_TAGS):
            parent = element.getparent()
            if parent is None:
                continue
            grandparent = parent.getparent()
            text = text_content(element)
            length = self._length(text)
            if length < self.min_text_length:
                continue
            if self._head is not None and (parent is self.html or grandparent is self.html):
                self.head_matters = True
                raise _HeadMatters  # html is a candidate: its text holds the head's
            if parent not in candidates:
                candidates[parent] = self.score_node(parent)
                ordered.append(parent)
            if grandparent is not None and grandparent not in candidates:
                candidates[grandparent] = self.score_node(grandparent)
                ordered.append(grandparent)
            content_score: float = 1
            content_score += text.count(",") + 1  # len(clean(text).split(",")): clean() keeps commas
            content_score += min((length / 100), 3)
            candidates[parent]["content_score"] += content_score
            if grandparent is not None:
                candidates[grandparent]["content_score"] += content_score / 2.0
        link_lengths: dict[HtmlElement, int] = {}
        for element in ordered:
            candidates[element]["content_score"] *= 1 - self._link_density(element, link_lengths=link_lengths)
        return candidates

    def select_best_candidate(self, candidates: dict[HtmlElement, dict[str, Any]]) -> dict[str, Any] | None:
        # readability-lxml 0.9's method without the debug lines it formats (describing each of
        # the top five candidates), and with a nested <article> found inside the best
        # candidate by its ancestors, not in a set of all the best candidate's descendants
        if not candidates:
            return None
        sorted_candidates = sorted(candidates.values(), key=lambda candidate: candidate["content_score"], reverse=True)
        best_candidate: dict[str, Any] = sorted_candidates[0]
        article_body_candidates = [
            candidate
            for candidate in sorted_candidates
            if "articleBody" in (candidate["elem"].get("itemprop") or "").split() and self.get_link_density(candidate["elem"]) <= 0.1
        ]
        if article_body_candidates:
            best_candidate = article_body_candidates[0]
        best_elem = best_candidate["elem"]
        nested_articles = [
            candidate
            for candidate in sorted_candidates
            if candidate["elem"].tag == "article"
            and best_elem in candidate["elem"].iterancestors()
            and self._length(text_content(candidate["elem"])) >= 250
            and candidate["content_score"] >= best_candidate["content_score"] * 0.25
        ]
        if nested_articles:
            best_candidate = nested_articles[0]
        if self._head is not None and best_candidate["elem"].getparent() is self.html:
            self.head_matters = True
            raise _HeadMatters
        return best_candidate

    def get_semantic_article_candidate(self, candidates: dict[HtmlElement, dict[str, Any]], best_candidate: dict[str, Any]) -> dict[str, Any]:
        # readability-lxml 0.9's method, its opening test (is the best candidate in a form, an
        # aside or a nav?) a walk of the candidate's ancestors instead of an XPath compiled on
        # every call; the rest, for the few candidates in one, is readability-lxml's
        best_elem = best_candidate["elem"]
        if best_elem.tag not in _OUT_OF_ARTICLE_TAGS and next(best_elem.iterancestors(*_OUT_OF_ARTICLE_TAGS), None) is None:
            return best_candidate
        candidate: dict[str, Any] = super().get_semantic_article_candidate(candidates, best_candidate)
        return candidate

    def get_semantic_main_candidate(self, candidates: dict[HtmlElement, dict[str, Any]], best_candidate: dict[str, Any]) -> dict[str, Any]:
        # readability-lxml 0.9's method with its text measure computed fast: its
        # text_length() cleans the whole text of the page's <main>, quadratic in the
        # length of each run of whitespace
        best_elem = best_candidate["elem"]
        ancestors = tuple(best_elem.iterancestors())
        if any(elem.tag == "article" for elem in (best_elem, *ancestors)):
            return best_candidate
        main = next((elem for elem in ancestors if elem.tag == "main"), None)
        if main is None or self._length(text_content(main)) < max(500, self._length(text_content(best_elem)) * 2):
            return best_candidate
        if self.get_link_density(main) > 0.15:
            return best_candidate
        candidate: dict[str, Any] = self.score_node(main)
        candidates[main] = candidate
        return candidate

    def is_quote_lead(self, elem: HtmlElement) -> bool:
        # readability-lxml 0.9's method with its text measure computed fast: clean() keeps
        # the last non-space character, so the cleaned text ends with ":" when the text does
        for lead in (elem, *elem.iterancestors()):
            following = lead.getnext()
            if following is None or next(following.iterdescendants("blockquote"), None) is None:  # findall(".//blockquote")
                continue
            text = text_content(lead)
            if text.rstrip().endswith(":") and self._length(text) >= self.min_text_length:
                return True
        return False

    def class_weight(self, e: HtmlElement) -> int:
        # readability-lxml 0.9's method, with its class/id regexes searched fast, and
        # "commentary" no comment (_COMMENTARY)
        weight = 0
        for feature in (e.get("class", None), e.get("id", None)):
            if feature:
                if _class_regex_finds("negativeRe", _without_commentary(feature)):
                    weight -= 25
                if _class_regex_finds("positiveRe", feature):
                    weight += 25
                if self.positive_keywords and self.positive_keywords.search(feature):
                    weight += 25
                if self.negative_keywords and self.negative_keywords.search(feature):
                    weight -= 25
        if self.positive_keywords and self.positive_keywords.match("tag-" + tag_of(e)):
            weight += 25
        if self.negative_keywords and self.negative_keywords.match("tag-" + tag_of(e)):
            weight -= 25
        return weight

    def remove_unlikely_candidates(self) -> None:
        # readability-lxml 0.9's method over the elements it can remove: those with a class
        # or an id (its "class id" string of any other is too short to test). Each distinct
        # string is matched once (fast, see _class_regex_finds); the tests and their order
        # are readability-lxml's, but for links, which stay (as in Readability.js): a link is
        # words of its sentence, and a class word such as "popup" on a note's link took them
        # out of the middle of it. And "commentary" is no comment (_COMMENTARY).
        for element in _unlikely_by_class_id(self.html):
            if element.tag not in ("html", "body", "a") and not _in_code(element) and not _holds_content(element):
                element.drop_tree()

    def transform_misused_divs_into_paragraphs(self) -> None:
        # readability-lxml 0.9's method, step for step; only its block-markup test is faster
        # (see _shows_block_markup). Which elements hold a block is found once: turning a
        # <div> into a <p> keeps it a block, and the <p>s made below go into <div>s (blocks
        # already) around the inline children they take, whose own descendants stay.
        holding_blocks = _holding_blocks(self.html)
        for element in self.tags(self.html, "div"):
            if not _shows_block_markup(element, _children_html, holding_blocks):
                element.tag = "p"
        for element in self.tags(self.html, "div"):
            children = list(element)
            paragraph = None
            if element.text and element.text.strip():
                paragraph = _new_paragraph(element)
                paragraph.text = element.text
                element.text = None
                element.insert(0, paragraph)
            for child in children:
                if child.tag == "br":
                    paragraph = None
                    continue
                if child.tag not in _INLINE_TAGS or _shows_block_markup(child, _element_html, holding_blocks):
                    paragraph = None
                    continue
                if paragraph is None:
                    paragraph = _new_paragraph(element)
                    child.addprevious(paragraph)
                paragraph.append(child)
            for position, child in reversed(list(enumerate(element))):
                if child.tail and child.tail.strip():
                    paragraph = _new_paragraph(element)
                    paragraph.text = child.tail
                    child.tail = None
                    element.insert(position + 1, paragraph)
                if child.tag == "br":
                    child.drop_tree()

    def sanitize(self, node: HtmlElement, candidates: dict[HtmlElement, dict[str, Any]], keep_all_images: bool = False) -> str:
        # readability-lxml 0.9's method, step for step, with its text measure computed fast
        # (cleaned_length) on each element's text serialised once, the element counts taken
        # in one walk of each element, and
        # without the debug lines it formats (describing the element, collapsing its text)
        # for every <div>, <table> and <ul> it looks at. One deliberate deviation: a heading
        # that is a link stays (readability-lxml drops headings of link density > 0.33;
        # Readability.js only those of negative class weight): subheadings linking to their
        # anchor or source, and the titles of a list post's entries, are the story's.
        min_length = self.min_text_length
        for header in self.tags(node, "h1", "h2", "h3", "h4", "h5", "h6"):
            if self.class_weight(header) < 0:
                header.drop_tree()
        for element in self.tags(node, "p"):
            if REGEXES["callToActionRe"].search(text_content(element)) and self.get_link_density(element) > 0.2:
                element.drop_tree()
        for element in self.tags(node, "form", "textarea"):
            element.drop_tree()
        for element in self.tags(node, "iframe"):
            if "src" in element.attrib and is_video_url(element.attrib["src"]):
                element.attrib.pop("srcdoc", None)
                element.text = "VIDEO"
            else:
                element.drop_tree()
        allowed = self.get_preserved_elements(node)
        for element in self.reverse_tags(node, "table", "ul", "div", "aside", "header", "footer", "section"):
            if element in allowed:
                continue
            weight = self.class_weight(element)
            content_score = candidates[element]["content_score"] if element in candidates else 0
            tag = element.tag
            if weight + content_score < 0:
                element.drop_tree()
                continue
            text = text_content(element)  # measured three ways below
            if text.count(",") >= 10:
                continue
            counts = _descendant_counts(element)
            content_length = self._length(text)
            link_density = self._link_density(element, text)
            if keep_all_images and tag == "div" and counts["img"] >= 1:
                continue
            to_remove = False
            if counts["p"] and counts["img"] > 1 + counts["p"] * 1.3:
                to_remove = True
            elif counts["li"] > counts["p"] and tag not in ("ol", "ul"):
                to_remove = True
            elif counts["input"] > (counts["p"] / 3):
                to_remove = True
            elif content_length < min_length and counts["img"] == 0:
                to_remove = True
            elif content_length < min_length and counts["img"] > 2:
                to_remove = True
            elif weight < 25 and link_density > (
                0.25 if tag in ("ul", "section") and element.xpath("ancestor::main | ancestor::article") else 0.2
            ):
                to_remove = True
            elif weight >= 25 and link_density > 0.5:
                to_remove = True
            elif (counts["embed"] == 1 and content_length < 75) or counts["embed"] > 1:
                to_remove = True
            elif not content_length:
                to_remove = True
                # the text of the nearest non-empty sibling on each side (readability-lxml's
                # loops stop at the first one)
                siblings = []
                for sibling in element.itersiblings():
                    sibling_length = self._length(sibling.text_content() or "")
                    if sibling_length:
                        siblings.append(sibling_length)
                        break
                for sibling in element.itersiblings(preceding=True):
                    sibling_length = self._length(sibling.text_content() or "")
                    if sibling_length:
                        siblings.append(sibling_length)
                        break
                if siblings and sum(siblings) > 1000:
                    to_remove = False
                    for descendant in self.tags(element, "table", "ul", "div", "section"):
                        allowed[descendant] = True
            if to_remove:
                element.drop_tree()
        self.html = node
        return self.get_clean_html()

    def get_article(self, candidates: dict[HtmlElement, dict[str, Any]], best_candidate: dict[str, Any], html_partial: bool = False) -> HtmlElement:
        # readability-lxml 0.9's method, step for step, but for one deliberate deviation: a
        # sibling paragraph of the top candidate is judged by its whole text, as in
        # Readability.js; readability-lxml reads only the text before its first child
        # element (with its indentation), so a paragraph of the story opening with a link or
        # an emphasis ("As <a>Reuters</a> reports, ...") measured a few characters and was
        # left out. The length is of its words, whitespace runs counted once (clean()).
        sibling_score_threshold = max([10, best_candidate["content_score"] * 0.2])
        best_elem = best_candidate["elem"]
        output = _new_article_div(best_elem) if html_partial else document_fromstring("<div/>")
        self.add_heading_preamble(candidates, best_elem, sibling_score_threshold)
        self.merge_article_segments(candidates, best_candidate, sibling_score_threshold)
        parent = best_elem.getparent()
        siblings = parent.getchildren() if parent is not None else [best_elem]
        editorial_leads = self.get_editorial_leads(best_elem)
        output_root = output if html_partial else output.getchildren()[0].getchildren()[0]
        for lead in reversed(editorial_leads):
            best_elem.insert(0, lead)
        for sibling in siblings:
            if sibling in editorial_leads:
                continue
            append = sibling is best_elem or (sibling in candidates and candidates[sibling]["content_score"] >= sibling_score_threshold)
            if sibling.tag == "p":
                node_content = text_content(sibling)
                node_length = self._length(node_content)  # its words, as Readability.js counts them
                link_density = self._link_density(sibling, node_content)
                if node_length > 80 and link_density < 0.25:
                    append = True
                elif node_length <= 80 and link_density == 0 and _SENTENCE_END.search(node_content):
                    append = True
            if append:
                output_root.append(sibling)
        return output

    def get_clean_html(self) -> str:
        # Called by summary() with the sanitised article as self.html; the text length
        # (not an HTML serialisation) is what summary() compares with retry_length.
        self.article = self.html
        return text_content(self.html)


def readability_article(root: HtmlElement, url: str | None = None) -> HtmlElement | None:
    """The article node readability-lxml selects from `root` (which it does not modify)."""
    token = _inside_our_call.set(True)
    try:
        document = _TreeDocument(root, without_head=True, url=url)
        article = _article(document)
        if document.head_matters:  # asked again of a copy of the whole page
            article = _article(_TreeDocument(root, url=url))
        return article
    finally:
        _inside_our_call.reset(token)


def _article(document: _TreeDocument) -> HtmlElement | None:
    """The article node `document` selects; None for none (or when its head matters)."""
    try:
        document.summary(html_partial=True)
    except Unparseable:
        return None
    return document.article
