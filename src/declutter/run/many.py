"""The library's pipeline API: many inputs in, one record per input out, as an iterator.

`clean_many` and `clean_urls` are the machinery the command line uses (the driver, its one
worker pool, the one item -> record task), without the writers: records are yielded to the
caller, who decides where they go. Memory stays flat however many inputs there are (inputs
are read lazily, at most a window of them in flight).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..core.article import Record
from ..core.options import Options
from ..fetch.options import FetchOptions
from .driver import DEFAULT_TIMEOUT_PER_DOC, Input, RunSettings, iter_records
from .task import items_of
from .urls import NOT_FETCHED


def clean_many(
    inputs: Iterable[Any],
    *,
    jobs: int | None = None,
    ordered: bool = True,
    timeout_per_doc: float | None = DEFAULT_TIMEOUT_PER_DOC,
    options: Options | None = None,
    **option_kwargs: Any,
) -> Iterator[Record]:
    """Clean every input and yield one record per page (see declutter.Record).

    `inputs` may mix paths (HTML files, `.gz` pages, folders searched recursively, WARC files:
    one record per HTML response), pages in memory as ``(source, bytes | str)`` pairs, and
    mappings ``{"source": ..., "html": ..., "url": ..., "content_type": ...}`` (other keys go
    into the record). It is read lazily, so it may be a generator of any length.

    `jobs` worker processes clean the pages (default: the machine's cores; 0: this process).
    Records come in input order (`ordered`, a bounded reorder buffer) or as they finish. A page
    that takes longer than `timeout_per_doc` seconds fails alone with a `timeout` record. Bad
    inputs give error records (``"error": "kind: message"``), never exceptions. Keyword
    options override fields of `options`, e.g. ``clean_many(paths, explain=True)``.
    """
    settings = RunSettings(
        options=Options.from_kwargs(options, **option_kwargs),
        jobs=os.cpu_count() or 1 if jobs is None else jobs,
        ordered=ordered,
        timeout_per_doc=timeout_per_doc or None,
    )
    todo = (Input(item.source, item=item) for element in inputs for item in items_of(element))
    for _, record, _ in iter_records(todo, settings):
        yield record


def clean_urls(
    urls: Iterable[str],
    *,
    jobs: int | None = None,
    ordered: bool = False,
    timeout_per_doc: float | None = DEFAULT_TIMEOUT_PER_DOC,
    fetch: FetchOptions | None = None,
    save_raw: str | Path | None = None,
    options: Options | None = None,
    **option_kwargs: Any,
) -> Iterator[Record]:
    """Fetch and clean every URL; yield one record per URL, as they complete (or in input order
    with `ordered`).

    Fetching (politeness, retries, limits) follows `fetch` (declutter.fetch.options.FetchOptions);
    pages are cleaned in `jobs` worker processes beside the fetching (default: the machine's
    cores). Each record has ``source`` (the URL as given), ``final_url`` and ``status``, then
    the article fields with ``url`` the final URL, or ``error`` (``http_404``, ``timeout``,
    ``robots``, ...). `save_raw` keeps every fetched page in that folder, to clean again
    offline. `urls` is read lazily.
    """
    settings = RunSettings(
        options=Options.from_kwargs(options, **option_kwargs),
        fetch=fetch or FetchOptions(),
        jobs=os.cpu_count() or 1 if jobs is None else jobs,
        ordered=ordered,
        timeout_per_doc=timeout_per_doc or None,
        save_raw=Path(save_raw) if save_raw is not None else None,
    )
    todo = (Input(url, url=url, extra=NOT_FETCHED) for url in urls)
    for _, record, _ in iter_records(todo, settings):
        yield record
