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

- declutter[NAME]:  a declutter variant with other Options, for ablations side by side
                    (see declutter_variant: e.g. "no-lorem:without=lorem")

Imports are lazy, so a run that leaves out an extractor does not need its package.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

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
            found = version(self.package)
        except PackageNotFoundError:
            return "not installed"
        if self.package == "declutter":  # its speed depends on the build (setup.py)
            from declutter._version import core_build

            found += f" ({core_build()})"
        return found


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


def _option_value(type_text: str, value: str) -> object:
    """An Options field value from its text, by the field's annotated type."""
    if "tuple" in type_text:
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if "bool" in type_text:
        return value.strip().lower() in ("1", "true", "yes", "on")
    if "int" in type_text:
        return int(value)
    return value


def declutter_variant(spec: str) -> Extractor:
    """A declutter extractor with other Options, from "NAME:key=value;key=value".

    Values are read by the Options field's type (tuples comma-separated); the extra key
    `without=a,b` runs every filter but those. E.g. "no-lorem:without=lorem",
    "title:include_title_in_text=true", "chrome-only:filters=chrome".
    """
    name, _, settings = spec.partition(":")
    if not name or not settings:
        raise SystemExit(f"--variant {spec!r}: expected NAME:key=value[;key=value]")

    def build() -> ExtractFunction:
        import dataclasses

        import declutter

        types = {f.name: str(f.type) for f in dataclasses.fields(declutter.Options)}
        kwargs: dict[str, object] = {}
        for setting in filter(None, (part.strip() for part in settings.split(";"))):
            key, _, value = setting.partition("=")
            if key == "without":
                from declutter.core.filters.registry import FILTER_NAMES

                dropped = set(_option_value("tuple", value))  # type: ignore[arg-type]
                kwargs["filters"] = tuple(f for f in FILTER_NAMES if f not in dropped)
            elif key in types:
                kwargs[key] = _option_value(types[key], value)
            else:
                raise SystemExit(f"--variant {spec!r}: no option {key!r}; options: {', '.join(types)}, without")
        options = declutter.Options.from_kwargs(**kwargs)

        def extract(html: bytes, url: str | None) -> str:
            return declutter.clean_html(html, url=url, options=options).text

        return extract

    return Extractor(f"declutter[{name}]", "declutter", build)


def parse_extractor_names(text: str | None, default: list[str] = DEFAULT_EXTRACTORS) -> list[str]:
    """Turn a comma-separated --extractors value into known extractor names (error on others)."""
    if not text:
        return list(default)
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in EXTRACTORS]
    if unknown:
        raise SystemExit(f"unknown extractor {', '.join(unknown)}; choose from {', '.join(EXTRACTORS)}")
    return names
