"""declutter on Dask: the same cleaning job as the local batch driver, on a cluster.

Two ways in. From Python, map declutter over a Dask bag (needs ``pip install 'declutter[dask]'``)::

    import json
    from distributed import Client
    from declutter import Options
    from declutter.run.dask import clean_bag, inputs_bag

    client = Client("tcp://scheduler:8786")           # or a LocalCluster
    paths = inputs_bag(["saved/", "crawl.warc.gz"])   # HTML files and WARC files
    records = clean_bag(paths, Options())             # a WARC file becomes one record per page
    records.map(json.dumps).to_textfiles("clean/part-*.jsonl")

A bag may hold paths (HTML files, `.gz` pages, WARC files, folders), `sources.Item`s, or pages
already in memory as mappings ``{"source": ..., "html": bytes | str, "url": ..., "content_type": ...}``
(any other keys are copied into the record). Each element gives its records; a bad one gives
an error record, never an exception.

From the command line, ``declutter clean INPUT... --scheduler tcp://HOST:PORT`` runs the batch
job with this cluster in place of local worker processes (`cluster_results`): the inputs are
listed and the outputs written where the command runs, with the same resume and report, and
the workers read the input files themselves, so they must see them at the same paths (a
shared file system). `--timeout-per-doc` is not enforced there: a Dask task cannot be stopped
from outside; use the cluster's own limits (e.g. worker memory limits).
"""
from __future__ import annotations

import itertools
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from ..core.article import error_record
from ..core.errors import DeclutterError
from ..core.options import Options
from ..core.pipeline import clean_to_record
from ..io.sources import Item, folder_files, iter_items
from .batch import Result, clean_task

if TYPE_CHECKING:
    import dask.bag
    import distributed

CHUNK_SIZE = 16
"""Items per Dask task from the command line: large enough to amortise a task's overhead,
small enough to spread a few hundred pages over every worker."""


def input_paths(inputs: Iterable[str]) -> Iterator[str]:
    """CLI-style inputs as file paths: folders expanded to their HTML and WARC files (on the
    client, which must see them), anything else kept as given (a missing one fails on a worker)."""
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            yield from (str(file) for file in folder_files(path))
        else:
            yield given


def inputs_bag(inputs: Sequence[str], partition_size: int = 64) -> dask.bag.Bag:
    """A bag of the input files (see `input_paths`), `partition_size` files per partition.

    WARC files stay whole: `clean_bag` opens each on a worker and cleans its pages there, so
    give a crawl's WARC files a smaller `partition_size` (one or a few per partition)."""
    import dask.bag

    paths = list(input_paths(inputs))
    return dask.bag.from_sequence(paths, partition_size=max(1, partition_size))


def clean_bag(bag: dask.bag.Bag, options: Options | None = None) -> dask.bag.Bag:
    """Records of every element of `bag` (paths, Items or in-memory pages; see the module doc)."""
    return bag.map_partitions(clean_partition, options or Options())


def clean_partition(elements: Iterable[Any], options: Options) -> list[dict[str, Any]]:
    """The records of one partition (what each Dask task of `clean_bag` runs)."""
    return [record for element in elements for record in clean_element(element, options)]


def clean_element(element: Any, options: Options) -> Iterator[dict[str, Any]]:
    """The records of one bag element: a path gives one record (a WARC file or a folder, one
    per page), an Item one, a mapping with `source` and `html` one."""
    if isinstance(element, Item):
        yield clean_task(element, options)[0]
    elif isinstance(element, (str, Path)):
        for item in iter_items([str(element)]):
            yield clean_task(item, options)[0]
    elif isinstance(element, Mapping) and "source" in element:
        page = dict(element)
        source = str(page.pop("source"))
        html = page.pop("html", page.pop("data", None))
        if html is None:
            yield error_record(source, "empty: the mapping has no 'html'", **page)
            return
        url, content_type = page.pop("url", None), page.pop("content_type", None)
        yield clean_to_record(source, html, url=url, content_type=content_type, options=options, **page)
    else:
        yield error_record(repr(element)[:200], f"bad_input: cannot clean a {type(element).__name__}; give a path, an Item or a mapping with 'source' and 'html'")


def clean_chunk(items: list[Item], options: Options) -> list[tuple[dict[str, Any], int]]:
    """Records and input sizes of a list of items: one Dask task of `cluster_results`."""
    return [clean_task(item, options) for item in items]


def connect(address: str) -> distributed.Client:
    """A client of the Dask scheduler at `address`, or a DeclutterError saying why not."""
    try:
        from distributed import Client
    except ImportError:
        raise DeclutterError("--scheduler needs Dask: pip install 'declutter[dask]'") from None
    try:
        return Client(address, set_as_default=False)  # waits distributed.comm.timeouts.connect
    except (OSError, TimeoutError, ValueError) as error:
        raise DeclutterError(f"cannot reach the Dask scheduler: {' '.join(str(error).split())}", address) from None


def cluster_results(items: Iterable[Item], options: Options, client: distributed.Client, ordered: bool = True, chunk_size: int = CHUNK_SIZE) -> Iterator[Result]:
    """Clean items on the cluster of `client`, `chunk_size` per task, a bounded number of tasks
    at a time (twice the cluster's threads), yielding (item, record, input bytes) in input
    order (`ordered`) or as they finish."""
    from distributed import as_completed

    limit = 2 * max(1, sum(client.nthreads().values()))
    chunks = enumerate(_chunks(items, chunk_size))
    submitted: dict[Any, tuple[int, list[Item]]] = {}
    finished: dict[int, list[Result]] = {}
    next_to_yield = 0
    pending = as_completed(loop=client.loop)

    def submit_more() -> None:
        while len(submitted) + len(finished) < limit:
            try:
                index, chunk = next(chunks)
            except StopIteration:
                return
            future = client.submit(clean_chunk, chunk, options, pure=False)
            submitted[future] = (index, chunk)
            pending.add(future)

    submit_more()
    for future in pending:
        index, chunk = submitted.pop(future)
        results = _chunk_results(future, chunk)
        if ordered:
            finished[index] = results
            while next_to_yield in finished:
                yield from finished.pop(next_to_yield)
                next_to_yield += 1
        else:
            yield from results
        submit_more()


def _chunk_results(future: Any, chunk: list[Item]) -> list[Result]:
    try:
        outcomes = future.result()
    except Exception as error:  # a lost worker (KilledWorker) or a failed task: every page of it fails
        message = " ".join(str(error).split()) or type(error).__name__
        return [(item, error_record(item.source, f"crashed: the Dask task failed: {message}", **item.extra()), 0) for item in chunk]
    return [(item, record, size) for item, (record, size) in zip(chunk, outcomes)]


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
