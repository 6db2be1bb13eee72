# The types of core/cwalk/candidates.pyx (compiled; see the package's docstring).
from typing import Callable

from lxml.html import HtmlElement

def file_candidates(
    root: HtmlElement,
    attribute_names: tuple[bytes, ...],
    listings_for: Callable[[str, str | None, str | None, frozenset[str], bool], list[list[HtmlElement]]],
) -> None: ...
