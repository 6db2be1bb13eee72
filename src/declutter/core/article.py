"""The result of cleaning one page (Article) and the JSON record every driver writes.

Record schema (one JSON object per input, the same for the CLI, batch, fetch and Dask runs):
``source`` (the input as given), ``url``, ``title``, ``text``, ``author``, ``date``,
``sitename``, ``language``, ``description``; or ``source`` and ``error`` ("kind: message")
when the input failed. Drivers may add their own keys (``final_url``, ``status``,
``warc_record_id``, ``removed`` with --explain).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, TypedDict

ARTICLE_FIELDS = ("url", "canonical_url", "title", "text", "author", "date", "sitename", "language", "description")


@dataclass(frozen=True)
class RemovedBlock:
    """One block a filter removed: which filter, why, and the start of its text."""

    filter: str
    reason: str
    snippet: str
    line: int | None = None  # source line of the block, when known

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Article:
    """A cleaned page. `text` is the body without the title; paragraphs are separated by blank lines."""

    title: str | None = None
    text: str = ""
    url: str | None = None
    canonical_url: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    language: str | None = None
    description: str | None = None
    markdown: str = ""
    removed: tuple[RemovedBlock, ...] = field(default=(), repr=False)

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
    sitename: str | None
    language: str | None
    description: str | None
    markdown: str
    removed: list[dict[str, Any]]
    error: str
    final_url: str | None
    status: int | None
    warc_record_id: str
