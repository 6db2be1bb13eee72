"""The readability stage: readability-lxml picks the article node from the pruned tree.

readability-lxml normally parses a string and returns HTML; here it is handed the tree the
DOM filters already pruned and gives back the chosen node, so nothing is parsed twice.
"""
from __future__ import annotations

import copy
import logging
import re

from lxml.html import HtmlElement
from readability import Document
from readability.readability import Unparseable

logging.getLogger("readability.readability").setLevel(logging.CRITICAL)

_SPACE_RUNS = re.compile(r"\s{2,}")
_TABS_OR_SPACES = re.compile(r"\t|[ \t]{2,}")
# readability-lxml cuts a run of whitespace this long to 255 spaces, then to one.
_LONG_RUN = 255


def _cleaned_run_length(run: str) -> int:
    """How long a run of 2+ whitespace characters inside a text stays after readability's clean()."""
    if len(run) >= _LONG_RUN or "\n" in run:
        return 1
    return len(_TABS_OR_SPACES.sub(" ", run))


def cleaned_length(text: str) -> int:
    """len(readability.readability.clean(text)), without building the cleaned text.

    clean() runs three regex substitutions over the whole text, two of them quadratic in
    the length of each whitespace run; readability measures every candidate's text and
    every link in it that way, which made it the stage's main cost. clean() only rewrites
    runs of whitespace and strips the ends, so the length follows from the runs alone.
    """
    text = text.strip()
    return len(text) - sum(len(run) - _cleaned_run_length(run) for run in _SPACE_RUNS.findall(text))


class _TreeDocument(Document):
    """A readability Document over an lxml tree that keeps the article node it selects."""

    article: HtmlElement | None = None

    def _parse(self, input: HtmlElement) -> HtmlElement:
        # A fresh copy per attempt: readability retries non-ruthlessly on the original tree.
        # Its own Cleaner is skipped: the DOM filters already removed scripts, styles, forms.
        return copy.deepcopy(input)

    def get_link_density(self, elem: HtmlElement) -> float:
        # readability-lxml's own formula, with its text measure computed fast
        link_length = sum(cleaned_length(link.text_content()) for link in elem.findall(".//a"))
        return link_length / max(cleaned_length(elem.text_content()), 1)

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
