# The types of core/cwalk/metadata.pyx (compiled; see the package's docstring).

from lxml.html import HtmlElement

class BylineTests:
    skipped_tags: tuple[bytes, ...]
    def __init__(self, starts: frozenset[str], first_words: frozenset[str], skipped_tags: tuple[bytes, ...]) -> None: ...

def byline_candidates(top: HtmlElement, tests: BylineTests) -> list[HtmlElement]: ...

class Words:
    def __init__(self, words: tuple[str, ...]) -> None: ...

def date_candidates(root: HtmlElement, tags: tuple[bytes, ...], always_tags: tuple[bytes, ...], cues: Words) -> list[HtmlElement]: ...
