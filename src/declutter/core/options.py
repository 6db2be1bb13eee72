"""Options: every knob of the pipeline in one frozen dataclass, with its default and its doc.

One Options object flows through every stage; no stage reads the CLI or the environment.
OptionValues names the same fields for keyword arguments (Extractor(explain=True)), so a
type checker sees a misspelt option; at run time an unknown one is a TypeError.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, TypedDict

from .sitetemplates import SiteTemplates


@dataclass(frozen=True)
class Options:
    max_bytes: int = 20_000_000
    """Inputs larger than this (in bytes, before decoding) fail with a too_large error."""

    explain: bool = False
    """Record every block the filters removed (Article.removed), in page order."""

    filters: tuple[str, ...] | None = None
    """Names of the filters to run; None runs them all (`declutter filters` lists them)."""

    include_title_in_text: bool = False
    """Start Article.text with the title (the title is never repeated in the body otherwise)."""

    min_paragraph_chars: int = 0
    """Drop body paragraphs shorter than this (0 keeps them all)."""

    markdown: bool = False
    """Also put the Markdown rendering in JSON records (key `markdown`); --format markdown sets it."""

    languages: tuple[str, ...] | None = None
    """Phrase-list languages to use; None uses every language shipped (pages mix them)."""

    search_metadata: bool = True
    """Search the page for the author (its by-lines), the publication date (htmldate) and
    the text's language, beyond what its markup declares (meta tags, JSON-LD, <time datetime>,
    <html lang>). False takes those three from the declarations alone (None where a page
    declares none): the same text, about a fifth less work, for callers that want the text."""

    site_templates: SiteTemplates | None = None
    """Per-site block counts learned over a batch (declutter.core.sitetemplates): blocks that
    repeat on enough pages of the page's site are dropped. None (the default) drops none."""

    _ablate: tuple[str, ...] = ()
    """Internal, not part of the API: rules (filters.rule_of names) turned off, for
    benchmarks/ablation.py."""

    def __post_init__(self) -> None:
        # Lists are natural to pass (languages=["en", "de"]) but unhashable, and Options are
        # hashed (compiled Extractors are cached per Options): hold them as tuples.
        for name in ("filters", "languages", "_ablate"):
            value = getattr(self, name)
            if isinstance(value, (list, set, frozenset)):
                object.__setattr__(self, name, tuple(value))

    @classmethod
    def from_kwargs(cls, base: Options | None = None, **kwargs: Any) -> Options:
        """`base` (default: the defaults) with the fields named in `kwargs` replaced; a
        TypeError names an unknown one."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(kwargs) - known)
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(unknown)}; known: {', '.join(sorted(name for name in known if not name.startswith('_')))}")
        return dataclasses.replace(base or cls(), **kwargs) if kwargs else (base or cls())


class OptionValues(TypedDict, total=False):
    """The fields of Options as keyword arguments (a test keeps the two the same)."""

    max_bytes: int
    explain: bool
    filters: tuple[str, ...] | None
    include_title_in_text: bool
    min_paragraph_chars: int
    markdown: bool
    languages: tuple[str, ...] | None
    search_metadata: bool
    site_templates: SiteTemplates | None
    _ablate: tuple[str, ...]
