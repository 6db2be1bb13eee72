"""The extractors the benchmarks compare, each called exactly as documented here.

Every extractor is a function (raw page bytes, truth url) -> text. The anchors are called
with the settings that reproduce the figures of the corpora README (measured here, same
corpora, score.py): trafilatura 2.3.1 F1 0.926 / 0.933, readability-lxml 0.9 F1 0.872 / 0.964
(README: 0.965) on trafilatura-eval / readability-testpages.

- declutter:        declutter.clean_html(raw_bytes, url=url).text
- trafilatura:      trafilatura.extract(raw_bytes, url=url, include_comments=False)
                    (trafilatura's default keeps comments: F1 0.921 / 0.929 here; the anchor
                    figures are those of its evaluation, which leaves comments out)
- trafilatura-fast: the same with fast=True: F1 0.920 / 0.931 (README: the same); run only when asked for
- readability-lxml: lxml.html.fromstring(readability.Document(raw_bytes).summary()).text_content()
- lxml-parse:       lxml.html.document_fromstring(raw_bytes): the parse alone, a speed floor, no text

Imports are lazy, so a run that leaves out an extractor does not need its package.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Callable

ExtractFunction = Callable[[bytes, "str | None"], "str | None"]


@dataclass(frozen=True)
class Extractor:
    """A named extractor: how to build its function, whether its output is scored."""

    name: str
    package: str  # the distribution whose version the report prints
    build: Callable[[], ExtractFunction]
    scored: bool = True  # False for lxml-parse: it times the parse, it extracts nothing

    def version(self) -> str:
        try:
            return version(self.package)
        except PackageNotFoundError:
            return "not installed"


def _declutter() -> ExtractFunction:
    import declutter

    def extract(html: bytes, url: str | None) -> str:
        return declutter.clean_html(html, url=url).text

    return extract


def _trafilatura(fast: bool = False) -> Callable[[], ExtractFunction]:
    def build() -> ExtractFunction:
        import trafilatura

        def extract(html: bytes, url: str | None) -> str | None:
            return trafilatura.extract(html, url=url, include_comments=False, fast=fast)

        return extract

    return build


def _readability() -> ExtractFunction:
    import logging

    import lxml.html
    from readability import Document

    # readability-lxml logs every page it finds hard; the benchmark reports errors itself.
    logging.getLogger("readability.readability").setLevel(logging.CRITICAL)

    def extract(html: bytes, url: str | None) -> str:
        return lxml.html.fromstring(Document(html).summary()).text_content()

    return extract


def _lxml_parse() -> ExtractFunction:
    import lxml.html

    def extract(html: bytes, url: str | None) -> None:
        lxml.html.document_fromstring(html)

    return extract


EXTRACTORS: dict[str, Extractor] = {
    e.name: e
    for e in (
        Extractor("declutter", "declutter", _declutter),
        Extractor("trafilatura", "trafilatura", _trafilatura()),
        Extractor("trafilatura-fast", "trafilatura", _trafilatura(fast=True)),
        Extractor("readability-lxml", "readability-lxml", _readability),
        Extractor("lxml-parse", "lxml", _lxml_parse, scored=False),
    )
}
DEFAULT_EXTRACTORS = ["declutter", "trafilatura", "readability-lxml", "lxml-parse"]


def parse_extractor_names(text: str | None, default: list[str] = DEFAULT_EXTRACTORS) -> list[str]:
    """Turn a comma-separated --extractors value into known extractor names (error on others)."""
    if not text:
        return list(default)
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in EXTRACTORS]
    if unknown:
        raise SystemExit(f"unknown extractor {', '.join(unknown)}; choose from {', '.join(EXTRACTORS)}")
    return names
