"""Comment sections and comment forms: by class/id (comments, disqus, respond...), by the
form's shape (a textarea to write in), and by their heading ("Leave a Reply", "3 Comments",
"Votre adresse e-mail ne sera pas publiée"), in every shipped language."""
from __future__ import annotations

from lxml.html import HtmlElement

from ..dom import class_and_id, tag_of
from ..phrases import phrase_sets
from . import Context
from .patterns import class_pattern, holds_main_content, select_outermost
from .sections import remove_labelled_sections

NAME = "comments"

_COMMENT_CLASSES = class_pattern(
    bounded="respond|reply|replies|discussion|talk|reactions|responses",
    anywhere="comment(?!ary)|disqus|fb-comments|commento|livefyre|coral-talk|vuukle|hyvor",
)


def _is_comment_article(element: HtmlElement) -> bool:
    """WordPress and others mark each comment up as an <article>; the story has a headline."""
    return tag_of(element) == "article" and not element.xpath(".//h1|.//*[@itemprop='articleBody']")


def _comment_reason(element: HtmlElement) -> str | None:
    tag = tag_of(element)
    if tag in ("html", "body", "main"):
        return None
    if (element.get("class") or element.get("id")) and _COMMENT_CLASSES.search(class_and_id(element)):
        if _is_comment_article(element) or not holds_main_content(element):
            return f"class/id {(element.get('class') or element.get('id') or '').strip()[:40]!r}"
    if tag == "form" and element.xpath(".//textarea") and not holds_main_content(element):
        return "comment form"
    return None


def remove_comments(root: HtmlElement, context: Context) -> None:
    """Remove comment threads and comment forms."""
    for element, why in select_outermost(root, _comment_reason):
        context.removals.element(NAME, element, why)
    remove_labelled_sections(root, context, phrase_sets(context.languages)["comments"], NAME, "comments")
