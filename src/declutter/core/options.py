"""Options: every knob of the pipeline in one frozen dataclass, with its default and its doc.

One Options object flows through every stage; no stage reads the CLI or the environment.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from .errors import DeclutterError


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

    _ablate: tuple[str, ...] = ()
    """Internal, not part of the API: rules (filters.rule_of names) turned off, for
    benchmarks/ablation.py."""

    @classmethod
    def from_kwargs(cls, base: "Options | None" = None, **kwargs: Any) -> "Options":
        """Build Options from keyword arguments, with a clear error for an unknown name."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(kwargs) - known)
        if unknown:
            public = sorted(name for name in known if not name.startswith("_"))
            raise DeclutterError(f"unknown option(s): {', '.join(unknown)}; known: {', '.join(public)}")
        return dataclasses.replace(base or cls(), **kwargs)
