"""Class/id patterns and the guard that keeps a filter from removing the article itself."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

import ahocorasick
from lxml import etree
from lxml.html import HtmlElement

try:  # the walk in C where the core was compiled (core/cwalk)
    from ..cwalk.candidates import file_candidates as _file_candidates_in_c
except ImportError:
    _file_candidates_in_c = None  # type: ignore[assignment]
try:
    from ..cwalk.filters import is_outermost as _is_outermost_in_c
    from ..cwalk.filters import text_measures as _text_measures_in_c
except ImportError:
    _is_outermost_in_c = None  # type: ignore[assignment]
    _text_measures_in_c = None  # type: ignore[assignment]
from ..dom import HEADING_TAGS, class_and_id, joined_class_and_id, normalize_space, tag_of, text_content, text_of

# "no_caption", "has-caption", "with-sidebar": a state of the element named after a part it
# has or lacks (a figure with a caption, a post without comments), never that part itself.
_STATE_PREFIXES = ("no", "has", "with", "without")
# The lookbehinds go after the separator or the word they guard: there the regex engine
# tries them only where a separator or the word's letters stand, not at every character of
# every class name on the page.
_SEPARATOR_NOT_AFTER_A_STATE = "[\\s_-]" + "".join(rf"(?<!\b{prefix}[-_])" for prefix in _STATE_PREFIXES)
# The literal a regex alternative starts with: its leading word, less a last character a
# quantifier makes optional ("comments?" -> "comment"). An alternative opening with a group,
# a class or an escape has none.
_LEADING_LITERAL = re.compile(r"[\w-]+(?![?*{])")


def _leading_literal(alternative: str) -> str:
    leading = _LEADING_LITERAL.match(alternative)
    return leading.group() if leading else ""


def _not_after_a_state(alternative: str) -> str:
    """An `anywhere` alternative that does not count after "no-", "has-", ... : its leading
    literal followed by a lookbehind for each prefix (fixed width, as Python's re requires)."""
    word = _leading_literal(alternative)
    if not word:
        return alternative
    return word + "".join(rf"(?<!\b{prefix}[-_]{word})" for prefix in _STATE_PREFIXES) + alternative[len(word) :]


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex (its "|" outside parentheses)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(pattern):
        if char == "(" and pattern[index - 1 : index] != "\\":
            depth += 1
        elif char == ")" and pattern[index - 1 : index] != "\\":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    return [*parts, pattern[start:]]


class ClassPattern:
    """A class_pattern's regex, searched only in a text holding one of the literal words its
    alternatives start with (any match holds one). Most class names hold none of them, and
    the regex engine rules such a name out far faster from the words alone: the full regex
    opens with "^ or a separator", so the engine tries it at every character of the name."""

    def __init__(self, regex: str, alternatives: list[str]) -> None:
        self.regex = re.compile(regex)
        literals = [_leading_literal(alternative) for alternative in alternatives]
        # every match holds one of these words (None: an alternative opens with no literal)
        self.words: frozenset[str] | None = frozenset(literals) if all(literals) else None
        # a word holding another one adds nothing to the test
        words = sorted({word for word in literals if not any(other != word and other in word for other in literals)})
        self._holds_a_word = re.compile("|".join(map(re.escape, words))) if all(literals) else None

    def search(self, text: str) -> re.Match[str] | None:
        if self._holds_a_word is not None and not self._holds_a_word.search(text):
            return None
        return self.regex.search(text)


def class_pattern(bounded: str, anywhere: str = "") -> ClassPattern:
    """A regex over "class id": `bounded` words must stand between -, _ or spaces;
    `anywhere` words may sit inside a longer name (camelCase, concatenations). Neither
    counts after "no-", "has-", "with-" or "without-"."""
    parts = [rf"(?:^|{_SEPARATOR_NOT_AFTER_A_STATE})(?:{bounded})(?:$|[\s_-])"]
    alternatives = _alternatives(bounded)
    if anywhere:
        parts.append("|".join(_not_after_a_state(alternative) for alternative in _alternatives(anywhere)))
        alternatives += _alternatives(anywhere)
    return ClassPattern("|".join(parts), alternatives)


def class_reason(element: HtmlElement) -> str:
    """The --explain reason of a class/id rule: the attribute that matched, shortened."""
    return f"class/id {(element.get('class') or element.get('id') or '').strip()[:40]!r}"


# Docs generators and CMSs give a section the id of its heading made a slug
# ("gmail-predictable-scriptable-responses-from-humans-bvs1h4sd"): it names the topic, not
# the section's role, so its words ("responses", "related", "sidebar") say nothing.
_SLUG_WORDS = re.compile(r"[^\W_]+")
_MIN_SLUG_WORDS = 3


def _spells_its_heading(element: HtmlElement, ident: str) -> bool:
    heading = next(element.iter(*HEADING_TAGS), None)
    if heading is None:
        return False
    words = _SLUG_WORDS.findall(text_content(heading).lower())
    return len(words) >= _MIN_SLUG_WORDS and "-".join(words) in "-".join(_SLUG_WORDS.findall(ident))


def role_names(element: HtmlElement) -> str:
    """class_and_id for the class/id rules: without an id that is the slug of the element's heading."""
    names = class_and_id(element)
    ident = element.get("id")
    if ident and len(_SLUG_WORDS.findall(ident)) >= _MIN_SLUG_WORDS and _spells_its_heading(element, ident.lower()):
        return (element.get("class") or "").lower()
    return names


# The article's own containers, never removed by a class/id rule. Their tags are looked
# for by lxml's iteration, which is much faster than XPath's descendant axis.
_CONTENT_MARKER_TAGS = ("article", "main")
_MARKED_AS_CONTENT = ".//*[@itemprop='articleBody' or @role='main']"
PROTECTED_TAGS = frozenset(("html", "body", "article", "main"))


def _is_content_marker(element: HtmlElement) -> bool:
    return tag_of(element) in _CONTENT_MARKER_TAGS or element.get("itemprop") == "articleBody" or element.get("role") == "main"


def holds_main_content(element: HtmlElement) -> bool:
    """True if `element` is or wraps the article's own container (so it must stay)."""
    if tag_of(element) in PROTECTED_TAGS or _is_content_marker(element):
        return True
    if next(element.iterdescendants("main"), None) is not None or element.xpath(_MARKED_AS_CONTENT):
        return True
    # One <article> inside is the story's; several are a list of stories (teaser cards, a
    # blog index), which the story guard still keeps when it holds the page's story.
    articles = element.iterdescendants("article")
    return next(articles, None) is not None and next(articles, None) is None


def main_content_guard(marked: list[HtmlElement]) -> Callable[[HtmlElement], bool]:
    """holds_main_content for one page, given its elements that may be content markers (a
    superset of them, found before the filters pruned the page: CONTENT_MARKERS).

    The filters only remove elements, so an element that wrapped no marker then never will:
    only the few that did are tested again, and the rest of the page's candidates skip the
    walk over their whole subtree."""
    may_hold = _with_ancestors([element for element in marked if _is_content_marker(element)])

    def holds(element: HtmlElement) -> bool:
        if element not in may_hold and tag_of(element) not in PROTECTED_TAGS:
            return False
        return holds_main_content(element)

    return holds


@dataclass(frozen=True)
class Candidates:
    """The elements a class/id filter looks at: those whose "class id" matches `classes`,
    whose tag is in `tags`, or that carry one of `attributes`. None of this changes while
    the filters prune, so one pass over the page finds every filter's candidates. The
    filter's own rules still decide; they see only these, so every element they may remove
    must be a candidate. `class_ignores` are tags whose class/id the filter's rules never
    look at: their elements are candidates by tag or attribute only (saving a regex run)."""

    classes: ClassPattern | None  # None: no class/id rule
    tags: frozenset[str] = frozenset()
    attributes: tuple[str, ...] = ()
    class_ignores: frozenset[str] = frozenset()


# The elements that may mark the article's own container: found in the same walk as the
# filters' candidates (an XPath over the page's attributes would cost another walk).
CONTENT_MARKERS = Candidates(None, tags=frozenset(_CONTENT_MARKER_TAGS), attributes=("itemprop", "role"))


_NO_RULES: frozenset[str] = frozenset()
_NO_MARKS: frozenset[str] = frozenset()  # one object: its hash is computed once


class LongClassName(Exception):
    """An element's class or id is longer than the candidates walk was told to read."""


class CandidateFinder:
    """find_candidates for one set of rules (by filter name), compiled once: every
    filter's candidates, by filter name, in document order, in one walk over the page.

    Whether an element is a rule's candidate depends only on its tag, its class and id, and
    which of the rules' attributes it carries; pages repeat these, so each distinct
    combination is judged once and its elements are filed without running a regex. A
    "class id" is tested against the rules' class patterns only for the rules whose words
    it holds: one pass of an Aho-Corasick automaton over it finds them all (most class
    names hold none), where each pattern's own test of its words is a regex run tried at
    every character. (A walk in Python beats an XPath union here: libxml2 tests every
    attribute predicate on every element and sorts the union back into document order.)"""

    def __init__(self, rules: dict[str, Candidates]) -> None:
        self.rules = rules
        self._marking = frozenset(name for rule in rules.values() for name in rule.attributes)
        if not self._marking.isdisjoint({"class", "id"}):
            raise ValueError("class and id are matched by a rule's class pattern, not as attributes that mark it")
        self._selecting = self._marking | {"class", "id"}
        self._tags = frozenset(tag for rule in rules.values() for tag in rule.tags)
        self._attribute_names = tuple(name.encode() for name in ("class", "id", *sorted(self._marking)))  # as cwalk reads them
        self._class_patterns = {name: rule.classes for name, rule in rules.items() if rule.classes is not None}
        # a "class id" is tried against the patterns whose words it holds, found by the
        # automaton, and those with no words to look for
        self._always = frozenset(name for name, pattern in self._class_patterns.items() if pattern.words is None)
        rules_of_word: dict[str, set[str]] = {}
        for name, pattern in self._class_patterns.items():
            for word in pattern.words or ():
                rules_of_word.setdefault(word, set()).add(name)
        self._words: ahocorasick.Automaton | None = None
        if rules_of_word:
            self._words = ahocorasick.Automaton()
            for word, names in rules_of_word.items():
                self._words.add_word(word, frozenset(names))
            self._words.make_automaton()

    def find(self, root: HtmlElement, max_name_chars: int | None = None) -> dict[str, list[HtmlElement]]:
        """Every rule's candidates, by rule name, in document order. Raises LongClassName
        when an element's class or id is over `max_name_chars` long: no pattern is run over
        such a name, which the caller cuts (dom.cut_long_class_names) before finding again.
        The walk reads every class and id of the page, so it checks their length for free."""
        found: dict[str, list[HtmlElement]] = {name: [] for name in self.rules}
        listings_of_kind: dict[tuple[str, frozenset[str], frozenset[str]], list[list[HtmlElement]]] = {}  # by (tag, marks, class rules)

        def listings_for(tag: str, class_name: str | None, ident: str | None, marks: frozenset[str], selected: bool) -> list[list[HtmlElement]]:
            """The candidate lists an element goes to, by its tag, class, id and marking
            attributes; `selected`: it carries one of these attributes."""
            if not selected:
                if tag not in self._tags:
                    return []  # no rule looks at it
            elif max_name_chars is not None and max(len(class_name or ""), len(ident or "")) > max_name_chars:
                raise LongClassName(max_name_chars)
            tag_name = tag.lower()
            kind = (tag_name, marks, self._class_rules(tag_name, class_name, ident))
            listings = listings_of_kind.get(kind)
            if listings is None:
                listings = listings_of_kind[kind] = [found[name] for name in self._rules_selecting(*kind)]
            return listings

        if _file_candidates_in_c is not None:
            _file_candidates_in_c(root, self._attribute_names, listings_for)
        else:
            self._file_candidates(root, listings_for)
        return found

    def _file_candidates(self, root: HtmlElement, listings_for: Callable[[str, str | None, str | None, frozenset[str], bool], list[list[HtmlElement]]]) -> None:
        """cwalk.file_candidates' Python twin, where the core is not compiled: every element
        appended to the lists `listings_for` gives for its tag, class, id and marks, asked
        once for each distinct combination."""
        marking, selecting = self._marking, self._selecting
        listings_of: dict[object, list[list[HtmlElement]]] = {}  # by tag, or (tag, class, id, marks)
        for element in root.iter(etree.Element):
            tag: str = element.tag  # type: ignore[assignment]  # an Element's tag (not a comment's)
            names = element.keys()
            if selecting.isdisjoint(names):
                listings = listings_of.get(tag)
                if listings is None:
                    listings = listings_of[tag] = listings_for(tag, None, None, _NO_MARKS, False)
            else:
                class_name, ident = element.get("class"), element.get("id")
                marks = _NO_MARKS if marking.isdisjoint(names) else marking.intersection(names)
                key = (tag, class_name, ident, marks)
                listings = listings_of.get(key)
                if listings is None:
                    listings = listings_of[key] = listings_for(tag, class_name, ident, marks, True)
            for listing in listings:
                listing.append(element)

    def _class_rules(self, tag: str, class_name: str | None, ident: str | None) -> frozenset[str]:
        """The names of the rules whose class pattern matches an element's class and id
        (those that ignore the class of its `tag` left out)."""
        if class_name is None and ident is None:
            return _NO_RULES
        class_id = joined_class_and_id(class_name, ident)
        held = [names for _end, names in self._words.iter(class_id)] if self._words is not None else []
        if not held and not self._always:
            return _NO_RULES
        return frozenset(
            name
            for name in self._always.union(*held)
            if tag not in self.rules[name].class_ignores and self._class_patterns[name].regex.search(class_id)
        )

    def _rules_selecting(self, tag: str, marks: frozenset[str], class_rules: frozenset[str]) -> list[str]:
        """The names of the rules that make an element a candidate: by its `tag`, the
        attributes it carries (`marks`), or its class and id (matching `class_rules`)."""
        return [
            name
            for name, rule in self.rules.items()
            if tag in rule.tags or not marks.isdisjoint(rule.attributes) or name in class_rules
        ]


def find_candidates(root: HtmlElement, rules: dict[str, Candidates]) -> dict[str, list[HtmlElement]]:
    """Every filter's candidates, by filter name, in document order (see CandidateFinder,
    which a caller with the same rules for many pages compiles once)."""
    return CandidateFinder(rules).find(root)


def _is_outermost(element: HtmlElement, root: HtmlElement, selected: set[HtmlElement]) -> bool:
    """The first of the element's ancestors in `selected` is `root`, or, none of them in it,
    the element is still under `root` (cwalk.is_outermost's Python twin)."""
    top = element
    for top in element.iterancestors():
        if top in selected:
            break
    return top is root


def select_outermost(
    root: HtmlElement, candidates: list[HtmlElement], reason_to_remove: Callable[[HtmlElement], str | None]
) -> list[tuple[HtmlElement, str]]:
    """The candidates `reason_to_remove` names a reason for, outermost only. Candidates an
    earlier filter removed (no longer under `root`) are passed over."""
    selected: list[tuple[HtmlElement, str]] = []
    selected_elements: set[HtmlElement] = set()
    is_outermost = _is_outermost if _is_outermost_in_c is None else _is_outermost_in_c
    for element in candidates:
        if not is_outermost(element, root, selected_elements):
            continue  # inside a selected element, or removed already
        reason = reason_to_remove(element)
        if reason:
            selected.append((element, reason))
            selected_elements.add(element)
    return selected


def unlinked_chars(element: HtmlElement, link_chars: dict[HtmlElement, int] | None = None) -> int:
    """Characters of text outside links: how much reading matter an element holds.
    `link_chars` keeps each link's length for the next element holding it (nested
    containers share their links), while the tree does not change; measured in C
    (cwalk.text_measures), the element needs none."""
    if _text_measures_in_c is not None:
        measures = _text_measures_in_c(element)  # one walk in C, or None: measured below
        if measures is not None:
            return max(0, measures[0] - measures[1])
    total = len(text_content(element))
    if link_chars is None:
        linked = sum(len(text_content(link)) for link in element.iter("a"))
    else:
        linked = 0
        for link in element.iter("a"):
            chars = link_chars.get(link)
            if chars is None:
                chars = link_chars[link] = len(text_content(link))
            linked += chars
    return max(0, total - linked)


# Text no reader sees: inline scripts and JSON can outweigh the story on a page.
_UNREAD_TAGS = ("script", "style", "noscript", "template")


def unread_chars(element: HtmlElement) -> int:
    """Characters of the scripts, styles and templates in an element."""
    measures = None if _text_measures_in_c is None else _text_measures_in_c(element)
    if measures is not None:
        return measures[2]
    return sum(len(text_content(hidden)) for hidden in element.iter(*_UNREAD_TAGS))


def readable_unlinked_chars(element: HtmlElement) -> int:
    """unlinked_chars without the text of scripts and styles: the share of the page a reader sees."""
    measures = None if _text_measures_in_c is None else _text_measures_in_c(element)
    if measures is not None:
        chars, linked, unread = measures
        return max(0, max(0, chars - linked) - unread)
    return max(0, unlinked_chars(element) - unread_chars(element))


# An element that wraps the page's longest run of paragraphs holds the story, whatever its
# class or heading says ("has-sidebar", "sticky-sidebar-relative", "Latest News"). So does
# one holding this share of the page's readable unlinked text (measured once, before the
# filters prune) together with another of the story's runs of paragraphs (a story split by
# an ad or a "read more" expander): a long teaser list or comment thread holds much text
# too, but in short pieces.
_STORY_SHARE = 0.3
# Paragraph text under one parent below this is no article: then text share alone decides.
_MIN_CORE_CHARS = 250
# Each run of paragraphs holding this share of the longest run is the story's too.
_CORE_SHARE = 0.5


def paragraph_chars_by_parent(root: HtmlElement, leave_out: Callable[[HtmlElement], bool] | None = None) -> dict[HtmlElement, int]:
    """The unlinked characters of each element's own <p> children: its run of paragraphs
    (`leave_out`: the parents whose paragraphs are not counted)."""
    text_by_parent: dict[HtmlElement, int] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is not None and (leave_out is None or not leave_out(parent)):
            text_by_parent[parent] = text_by_parent.get(parent, 0) + unlinked_chars(paragraph)
    return text_by_parent


def paragraph_cores(root: HtmlElement) -> list[HtmlElement]:
    """The elements whose own <p> children hold the page's longest runs of unlinked text,
    longest first."""
    text_by_parent = paragraph_chars_by_parent(root)
    longest = max(text_by_parent.values(), default=0)
    if longest < _MIN_CORE_CHARS:
        return []
    cores = [parent for parent, chars in text_by_parent.items() if chars >= _CORE_SHARE * longest]
    return sorted(cores, key=text_by_parent.__getitem__, reverse=True)


def _with_ancestors(elements: list[HtmlElement]) -> set[HtmlElement]:
    return {element for core in elements for element in (core, *core.iterancestors())}


_TITLE_HEADINGS = ("h1", "h2", "h3")


def title_forms(titles: Iterable[str | None]) -> frozenset[str]:
    """The ways the page says its title, as a heading's text is compared with them."""
    return frozenset(normalize_space(title).casefold() for title in titles if title)


def says_the_title(heading: HtmlElement, forms: frozenset[str]) -> bool:
    """The heading's text is one of the title's `forms` (see title_forms)."""
    return text_of(heading).casefold() in forms


def _run_under_title(root: HtmlElement, cores: list[HtmlElement], forms: frozenset[str]) -> list[HtmlElement]:
    """The first of the runs of paragraphs `cores` that comes after the page's headline (a
    heading saying one of the title's `forms`) in page order: the story's, even when a
    reader's comment below it is longer."""
    if not cores or not forms:
        return []
    is_core = set(cores)
    under_title = False
    # only the headings and the runs' tags: a walk over the rest would pass them by
    for element in root.iter(*_TITLE_HEADINGS, *{tag_of(core) for core in cores}):
        if under_title and element in is_core:
            return [element]
        if not under_title and tag_of(element) in _TITLE_HEADINGS and says_the_title(element, forms):
            under_title = True
    return []


# A story too short for a run of paragraphs the guard counts (a note, a photo post, a link
# post) still has its box: the headline's nearest container holding this much reading
# matter beside the headline.
_MIN_BOX_CHARS = 100


def headline_box(root: HtmlElement, headlines: tuple[frozenset[str], ...]) -> list[HtmlElement]:
    """The nearest container of the page's headline that holds reading matter besides it:
    the story's own box, whatever its class says ("entry-author-jane", "author-admin"). The
    headline is the first h1-h3 saying one of the first of the `headlines` (sets of the
    title's forms, in order: Context.story_headlines) that a heading says."""
    headings = list(root.iter(*_TITLE_HEADINGS)) if any(headlines) else []
    headline = next((heading for forms in headlines for heading in headings if says_the_title(heading, forms)), None)
    if headline is None:
        return []
    heading_chars = unlinked_chars(headline)
    for box in headline.iterancestors():
        if tag_of(box) in ("body", "html"):
            return []
        if readable_unlinked_chars(box) - heading_chars >= _MIN_BOX_CHARS:
            return [box]
    return []


def story_guard(
    root: HtmlElement,
    holds_main: Callable[[HtmlElement], bool] = holds_main_content,
    headlines: frozenset[str] = frozenset(),
    story_headlines: tuple[frozenset[str], ...] = (),
) -> Callable[[HtmlElement], bool]:
    """A test for "this element holds the story", against the page as it is now
    (`holds_main`: holds_main_content, or the page's main_content_guard). The story is the
    page's longest run of paragraphs, the first run under its headline (`headlines`: the
    title's forms, see title_forms) and the box of the heading that says one of
    `story_headlines` (`headlines` but the site's name, which a logo heading says)."""
    cores = paragraph_cores(root)
    around_longest_run = _with_ancestors([*cores[:1], *_run_under_title(root, cores, headlines), *headline_box(root, story_headlines)])
    around_any_run = _with_ancestors(cores)
    # the share of the page's text is asked only of an element around a run of paragraphs
    # but not around the story's (or of any element, on a page without runs): on most
    # pages there is none, and the page's text is not measured
    measured = not cores or not around_any_run <= around_longest_run
    limit = _STORY_SHARE * readable_unlinked_chars(root) if measured else 0.0

    def holds_story(element: HtmlElement) -> bool:
        if element in around_longest_run or holds_main(element):
            return True
        if cores and element not in around_any_run:
            return False  # checked first: measuring text is the costly part
        return readable_unlinked_chars(element) > limit

    return holds_story
