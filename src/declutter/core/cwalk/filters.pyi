# The types of core/cwalk/filters.pyx (compiled; see the package's docstring).

from lxml.html import HtmlElement

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
