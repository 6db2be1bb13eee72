"""One input item -> its record: the one function every route runs, in a worker process, a
Dask task or this process. Never raises for a bad input: it becomes an error record.

Top-level functions of picklable arguments, so a worker or a Dask worker can run them; the
page's bytes are read where the cleaning happens (`read_item`), never shipped when a path
will do.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from ..core.article import Record, error_record
from ..core.errors import DeclutterError, EmptyInputError, ErrorKind
from ..core.options import Options
from ..core.pipeline import clean_to_record
from ..io.rawstore import save_page
from ..io.sources import Item, is_warc_path, iter_items, read_item, warc_items

if TYPE_CHECKING:
    from ..fetch.client import Page

Cleaned = tuple[Record, int]
"""A record and the bytes of input it took (0 when nothing could be read)."""


def clean_item(item: Item, options: Options, extra: Mapping[str, Any] | None = None) -> Cleaned:
    """Read and clean one item into its record; `extra` keys go into the record after `source`."""
    fields = {**(extra or {}), **item.extra()}
    try:
        data = read_item(item, options.max_bytes)
    except DeclutterError as error:
        where = {"url": item.url} if item.url is not None else {}  # a failed WARC record still names its target
        return error_record(item.source, error.record_error(), **fields, **where), 0  # type: ignore[return-value]
    record = clean_to_record(item.source, data, url=item.url, content_type=item.content_type, options=options, **fields)
    return record, len(data)  # type: ignore[return-value]


def clean_fetched(page: Page, options: Options, save_raw: str | None) -> Cleaned:
    """Save (with --save-raw) and clean one fetched page into its record; `url` is its final URL."""
    extra = {"final_url": page.final_url, "status": page.status}
    if save_raw is not None:
        try:
            save_page(Path(save_raw), page.source, page.final_url, page.status, page.headers, page.body)
        except (OSError, ValueError) as error:
            return error_record(page.source, f"{ErrorKind.SAVE_RAW}: cannot save the page: {error}", **extra), len(page.body)  # type: ignore[return-value]
    record = clean_to_record(page.source, page.body, url=page.final_url, content_type=page.content_type, options=options, **extra)
    return record, len(page.body)  # type: ignore[return-value]


def absolute(item: Item) -> Item:
    """The item with its path made absolute, `source` kept as the user typed it: for workers
    on other machines or in another working directory (a Dask cluster)."""
    if item.path is None or item.path.is_absolute():
        return item
    return replace(item, path=Path(os.path.abspath(item.path)))


def items_of(element: Any) -> Iterator[Item]:
    """The items of one input given to the library or a Dask bag: a path (a file, a folder or
    a WARC file: one item per page), an Item, a ``(source, bytes | str)`` pair, or a mapping
    ``{"source": ..., "html": ..., "url": ..., "content_type": ...}`` whose other keys go into
    the record. Anything else becomes an error item."""
    if isinstance(element, Item):
        if element.path is not None and element.warc_offset is None and is_warc_path(element.path) and element.error is None:
            yield from warc_items(element.path, element.relative or element.path.name, name=element.source)  # one per page
        else:
            yield element
    elif isinstance(element, (str, Path)):
        yield from iter_items([str(element)])
    elif isinstance(element, tuple) and len(element) == 2 and isinstance(element[0], str) and isinstance(element[1], (bytes, str)):
        yield Item(element[0], data=element[1])
    elif isinstance(element, Mapping) and "source" in element:
        page = dict(element)
        source = str(page.pop("source"))
        html = page.pop("html", page.pop("data", None))
        url, content_type = page.pop("url", None), page.pop("content_type", None)
        fields = tuple(page.items())
        if html is None:
            yield Item(source, error=EmptyInputError("the mapping has no 'html'", source), fields=fields)
        else:
            yield Item(source, data=html, url=url, content_type=content_type, fields=fields)
    else:
        shown = repr(element)[:200]
        message = f"cannot clean a {type(element).__name__}; give a path, an Item, a (source, bytes) pair or a mapping with 'source' and 'html'"
        yield Item(shown, error=_BadInput(message))


class _BadInput(DeclutterError):
    kind = ErrorKind.BAD_INPUT
