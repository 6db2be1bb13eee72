# The types of core/cwalk.pyx, the walks in C (compiled; see its docstring).
from typing import Callable

from lxml.html import HtmlElement

def file_candidates(
    root: HtmlElement,
    attribute_names: tuple[bytes, ...],
    listings_for: Callable[[str, str | None, str | None, frozenset[str], bool], list[list[HtmlElement]]],
) -> None: ...

# --- content and text ---
def block_runs(
    root: HtmlElement,
    role_of: Callable[[str], tuple[int, str | None, bool]],
) -> list[tuple[str, int, str, int, int, int, HtmlElement | None]]: ...
def text_content(element: HtmlElement) -> str: ...
def with_class_or_id(root: HtmlElement, tags: tuple[bytes, ...], with_root: bool) -> list[tuple[HtmlElement, str | None, str | None]]: ...
def cleaned_length(text: str) -> int: ...
def links_length(root: HtmlElement) -> int: ...
