"""The local driver: items in, one record per item out, in input order."""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from .article import error_record
from .errors import DeclutterError
from .options import Options
from .pipeline import clean_to_record
from .sources import Item, read_item


def clean_item(item: Item, options: Options) -> dict[str, Any]:
    """Read and clean one item into its record; never raises for a bad input."""
    try:
        data = read_item(item, options.max_bytes)
    except DeclutterError as error:
        return error_record(item.source, error.record_error())
    return clean_to_record(item.source, data, options=options)


def clean_items(items: Iterable[Item], options: Options) -> Iterator[tuple[Item, dict[str, Any]]]:
    """Clean items one after the other."""
    for item in items:
        yield item, clean_item(item, options)
