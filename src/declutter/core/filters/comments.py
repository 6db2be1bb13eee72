"""Comment sections and comment forms: by class/id (comments, disqus, respond...), by the
form's shape (a textarea to write in), and by their heading ("Leave a Reply", "3 Comments",
"Votre adresse e-mail ne sera pas publiée"), in every shipped language."""
from __future__ import annotations

from lxml.html import HtmlElement

from ..dom import tag_of
from . import Context
from .patterns import Candidates, class_pattern, class_reason, paragraph_cores, role_names, select_outermost
from .sections import find_labels, remove_labelled_sections
from .threads import remove_after_thread_start, remove_dated_runs

NAME = "comments"

# "comments-open", "has-comments", "comment-count" describe a post, not a thread.
_COMMENT_CLASSES = class_pattern(
    bounded="respond|replies|discussion|reactions|responses|comments?(?![_-](?:open|closed|count|number|link|links|icon|meta|bubble|disabled|enabled|allowed|off|on)(?:$|[\\s_-]))",
    # the lookbehinds follow the word (not "has-commentlist"): an alternative that starts
    # with a letter is passed over at once where that letter is not, one that starts with a
    # lookbehind is tried at every character of every class name on the page
    anywhere="commentlist(?<!has-commentlist)(?<!no-commentlist)(?<!has_commentlist)|disqus|fb-comments|commento|livefyre|coral-talk|vuukle|hyvor",
)
_KEPT_TAGS = frozenset(("html", "body", "main"))  # whatever their class says
CANDIDATES = Candidates(_COMMENT_CLASSES, tags=frozenset(("form",)), class_ignores=_KEPT_TAGS)


# A thread the story guard keeps is the story (a live ticker: "live-match-comments" holding
# the match report); its items ("live-match-comment") and their parts
# ("live-match-comment-body") are the story too. Not so under a bare "comments" wrapper,
# which keeps a long readers' thread or a page's comment form: their parts still go.
_BARE_NAMES = frozenset(("comment", "comments", "response", "responses", "reply", "replies", "discussion", "reaction", "reactions"))


def _qualified_classes(element: HtmlElement) -> list[str]:
    return [name for name in (element.get("class") or "").lower().split() if name not in _BARE_NAMES]


def _is_item_of(element: HtmlElement, thread: HtmlElement) -> bool:
    """`element`'s class is `thread`'s in the singular ("live-match-comment" in "live-match-comments")."""
    return not {name.removesuffix("s") for name in _qualified_classes(thread)}.isdisjoint(_qualified_classes(element))


def _is_part_of(element: HtmlElement, item: HtmlElement) -> bool:
    """`element`'s class is `item`'s and a suffix ("live-match-comment-body" in "live-match-comment")."""
    return any(name.startswith((base + "-", base + "_")) for base in _qualified_classes(item) for name in _qualified_classes(element))


def remove_comments(root: HtmlElement, context: Context) -> None:
    """Remove comment threads and comment forms."""
    # by shape first: the story guard keeps the one long reader's post of a thread that
    # outweighs the story, and the class rules, removing the others, would break the run
    remove_dated_runs(root, context)
    holds_story = context.story_guard(root)
    threads_kept: set[HtmlElement] = set()
    items_kept: set[HtmlElement] = set()

    longest_run: list[HtmlElement] | None = None  # the parent of the page's longest run of paragraphs, found when first asked

    def is_the_story_article(article: HtmlElement) -> bool:
        """The <article> holds the headline or the article body, or it is the one article
        around the page's longest run of prose, in no comment thread (comments marked up as
        articles come in a thread, and in a run of siblings): the story, whatever its class says."""
        nonlocal longest_run
        if article.xpath(".//h1|.//*[@itemprop='articleBody']"):
            return True
        if longest_run is None:
            longest_run = paragraph_cores(root)[:1]
        if not longest_run or article not in (longest_run[0], *longest_run[0].iterancestors()):
            return False
        if not threads_kept.isdisjoint(article.iterancestors()):
            return False
        return not any(tag_of(sibling) == "article" for sibling in (*article.itersiblings(preceding=True), *article.itersiblings()))

    def in_a_kept_thread(element: HtmlElement) -> bool:
        for ancestor in element.iterancestors():
            if ancestor in items_kept and _is_part_of(element, ancestor):
                return True
            if ancestor in threads_kept and _is_item_of(element, ancestor):
                items_kept.add(element)
                return True
        return False

    def reason(element: HtmlElement) -> str | None:
        tag = tag_of(element)
        if tag in _KEPT_TAGS:
            return None
        if (element.get("class") or element.get("id")) and _COMMENT_CLASSES.search(role_names(element)):
            if in_a_kept_thread(element):
                return None
            # WordPress and others mark each comment up as an <article>: small, unlike the story
            if not holds_story(element) or (tag == "article" and not is_the_story_article(element)):
                return class_reason(element)
            threads_kept.add(element)
        if tag == "form" and element.xpath(".//textarea") and not holds_story(element):
            return "comment form"
        return None

    for element, why in select_outermost(root, context.candidates[NAME], reason):
        context.removals.element(NAME, element, why)
    phrases = context.phrase_sets()["comments"]
    labels = find_labels(root, context, phrases)  # matched once for both rules
    remove_after_thread_start(root, context, labels)  # before a label's section takes the label alone
    remove_labelled_sections(root, context, phrases, NAME, "comments", labels=labels)
