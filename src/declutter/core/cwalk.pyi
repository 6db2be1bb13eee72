# The types of core/cwalk.pyx, the walks in C (compiled; see its docstring).
from typing import Callable

from lxml.html import HtmlElement

def file_candidates(
    root: HtmlElement,
    attribute_names: tuple[bytes, ...],
    listings_for: Callable[[str, str | None, str | None, frozenset[str], bool], list[list[HtmlElement]]],
) -> None: ...

# --- DOM filters ---

def short_text_candidates(
    root: HtmlElement,
    tag_names: tuple[bytes, ...],
    block_names: tuple[bytes, ...],
    holders_too: tuple[bytes, ...] = (),
    max_chars: int = 0,
    max_solid: int = -1,
    max_children: int = -1,
    with_digit: bool = False,
) -> list[tuple[HtmlElement, str | None]]: ...
def text_measures(element: HtmlElement) -> tuple[int, int, int] | None: ...
def is_outermost(element: HtmlElement, root: HtmlElement, selected: set[HtmlElement]) -> bool: ...

# --- by-lines and dates ---

class BylineTests:
    skipped_tags: tuple[bytes, ...]
    def __init__(self, starts: frozenset[str], first_words: frozenset[str], skipped_tags: tuple[bytes, ...]) -> None: ...

def byline_candidates(top: HtmlElement, tests: BylineTests) -> list[HtmlElement]: ...

class Words:
    def __init__(self, words: tuple[str, ...]) -> None: ...

def date_candidates(root: HtmlElement, tags: tuple[bytes, ...], always_tags: tuple[bytes, ...], cues: Words) -> list[HtmlElement]: ...

# --- content and text ---
def block_runs(
    root: HtmlElement,
    role_of: Callable[[str], tuple[int, str | None, bool]],
) -> list[tuple[str, int, str, int, int, int, HtmlElement | None]]: ...
def lines_text(raw: str) -> str: ...
def text_content(element: HtmlElement) -> str: ...
def with_class_or_id(root: HtmlElement, tags: tuple[bytes, ...], with_root: bool) -> list[tuple[HtmlElement, str | None, str | None]]: ...
def cleaned_length(text: str) -> int: ...
def links_length(root: HtmlElement) -> int: ...
def judged_by_class_id(root: HtmlElement, judge: Callable[[str], bool]) -> list[HtmlElement]: ...
