"""The readability stage: readability-lxml picks the article node from the pruned tree.

readability-lxml normally parses a string and returns HTML; here it is handed the tree the
DOM filters already pruned and gives back the chosen node, so nothing is parsed twice.
"""
from __future__ import annotations

import copy
import logging

from lxml.html import HtmlElement
from readability import Document
from readability.readability import Unparseable

logging.getLogger("readability.readability").setLevel(logging.CRITICAL)


class _TreeDocument(Document):
    """A readability Document over an lxml tree that keeps the article node it selects."""

    article: HtmlElement | None = None

    def _parse(self, input: HtmlElement) -> HtmlElement:
        # A fresh copy per attempt: readability retries non-ruthlessly on the original tree.
        # Its own Cleaner is skipped: the DOM filters already removed scripts, styles, forms.
        return copy.deepcopy(input)

    def get_clean_html(self) -> str:
        # Called by summary() with the sanitised article as self.html; the text length
        # (not an HTML serialisation) is what summary() compares with retry_length.
        self.article = self.html
        return self.html.text_content()


def readability_article(root: HtmlElement, url: str | None = None) -> HtmlElement | None:
    """The article node readability-lxml selects from `root` (which it does not modify)."""
    document = _TreeDocument(root, url=url)
    try:
        document.summary(html_partial=True)
    except Unparseable:
        return None
    return document.article
