# The types of core/cwalk.pyx, the walks in C (compiled; see its docstring).
from typing import Callable

from lxml.html import HtmlElement

def file_candidates(
    root: HtmlElement,
    attribute_names: tuple[bytes, ...],
    listings_for: Callable[[str, str | None, str | None, frozenset[str], bool], list[list[HtmlElement]]],
) -> None: ...

# --- by-lines and dates ---

class BylineTests:
    skipped_tags: tuple[bytes, ...]
    def __init__(self, starts: frozenset[str], first_words: frozenset[str], skipped_tags: tuple[bytes, ...]) -> None: ...

def byline_candidates(top: HtmlElement, tests: BylineTests) -> list[HtmlElement]: ...

class Words:
    def __init__(self, words: tuple[str, ...]) -> None: ...

def date_candidates(root: HtmlElement, tags: tuple[bytes, ...], always_tags: tuple[bytes, ...], cues: Words) -> list[HtmlElement]: ...
