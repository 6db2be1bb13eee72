"""Comment sections and comment forms: by class/id (comments, disqus, respond...), by the
form's shape (a textarea to write in), and by their heading ("Leave a Reply", "3 Comments",
"Votre adresse e-mail ne sera pas publiée"), in every shipped language."""
from __future__ import annotations

from lxml.html import HtmlElement

from ..dom import class_and_id, tag_of
from ..phrases import phrase_sets
from . import Context
from .patterns import Candidates, class_pattern, class_reason, select_outermost
from .sections import remove_labelled_sections

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


def remove_comments(root: HtmlElement, context: Context) -> None:
    """Remove comment threads and comment forms."""
    holds_story = context.story_guard(root)

    def reason(element: HtmlElement) -> str | None:
        tag = tag_of(element)
        if tag in _KEPT_TAGS:
            return None
        if (element.get("class") or element.get("id")) and _COMMENT_CLASSES.search(class_and_id(element)):
            # WordPress and others mark each comment up as an <article>: small, unlike the story
            if not holds_story(element) or tag == "article" and not element.xpath(".//h1|.//*[@itemprop='articleBody']"):
                return class_reason(element)
        if tag == "form" and element.xpath(".//textarea") and not holds_story(element):
            return "comment form"
        return None

    for element, why in select_outermost(root, context.candidates[NAME], reason):
        context.removals.element(NAME, element, why)
    remove_labelled_sections(root, context, phrase_sets(context.languages)["comments"], NAME, "comments")
