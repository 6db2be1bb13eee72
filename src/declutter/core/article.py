"""The result of cleaning one page (Article) and the JSON record every driver writes.

Record schema (one JSON object per input, the same for the CLI, batch, fetch and Dask runs):
``source`` (the input as given), ``url`` (where the page came from), ``canonical_url``
(the page's declared canonical or og:url), ``title``, ``text``, ``author``, ``date`` (the
day first published, YYYY-MM-DD), ``date_modified`` (the day last modified, YYYY-MM-DD),
``sitename``, ``language`` (a BCP 47 tag), ``language_source`` ("declared" or "detected"),
``description``; or ``source`` and ``error`` ("kind: message")
when the input failed. Drivers may add their own keys (``final_url``, ``status``,
``warc_record_id``, ``removed`` with --explain).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict

from .blocks import Block

ARTICLE_FIELDS = (
    "url", "canonical_url", "title", "text", "author", "date", "date_modified", "sitename", "language", "language_source", "description",
)


@dataclass(frozen=True)
class RemovedBlock:
    """One block a filter removed: which filter, why, and the start of its text."""

    filter: str
    reason: str
    snippet: str
    line: int | None = None  # source line of the block, when known
    text: str = field(default="", repr=False)  # the whole block, for the explain view (not in records)

    def to_dict(self) -> dict[str, Any]:
        return {"filter": self.filter, "reason": self.reason, "snippet": self.snippet, "line": self.line}


@dataclass(frozen=True)
class Article:
    """A cleaned page. `text` is the body without the title; paragraphs are separated by blank lines."""

    title: str | None = None
    text: str = ""
    url: str | None = None
    canonical_url: str | None = None
    author: str | None = None
    date: str | None = None  # the day first published, YYYY-MM-DD
    date_modified: str | None = None  # the day last modified, YYYY-MM-DD, when the page says
    sitename: str | None = None
    language: str | None = None
    language_source: str | None = None  # "declared" (the page's lang) or "detected" (from the text)
    description: str | None = None
    markdown: str = ""
    removed: tuple[RemovedBlock, ...] = field(default=(), repr=False)
    blocks: tuple[Block, ...] = field(default=(), repr=False)  # the kept blocks, as rendered (for the explain view)
    sources: dict[str, str] = field(default_factory=dict, repr=False)  # field -> where its value was read

    def to_dict(self) -> dict[str, Any]:
        """The article fields of a JSON record (plus ``removed`` when --explain recorded any)."""
        data: dict[str, Any] = {name: getattr(self, name) for name in ARTICLE_FIELDS}
        if self.removed:
            data["removed"] = [block.to_dict() for block in self.removed]
        return data


def ok_record(source: str, article: Article, **extra: Any) -> dict[str, Any]:
    """The JSON record of an input that was cleaned."""
    return {"source": source, **extra, **article.to_dict()}


def error_record(source: str, error: str, **extra: Any) -> dict[str, Any]:
    """The JSON record of an input that failed; `error` is "kind: message"."""
    return {"source": source, **extra, "error": error}


class _RecordSource(TypedDict):
    source: str


class Record(_RecordSource, total=False):
    """The JSON record of one input (see the module doc): `source` always; the article fields
    when it was cleaned, `error` ("kind: message", see errors.ErrorKind) when it failed."""

    url: str | None
    canonical_url: str | None
    title: str | None
    text: str
    author: str | None
    date: str | None
    date_modified: str | None
    sitename: str | None
    language: str | None
    language_source: str | None
    description: str | None
    markdown: str
    removed: list[dict[str, Any]]
    error: str
    final_url: str | None
    status: int | None
    warc_record_id: str
