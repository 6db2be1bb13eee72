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

A bag may hold paths (HTML files, `.gz` pages, WARC files, folders), `sources.Item`s, pages
already in memory as ``(source, bytes)`` pairs or as mappings ``{"source": ..., "html": bytes |
str, "url": ..., "content_type": ...}`` (any other keys are copied into the record): see
`task.items_of`. Each element gives its records; a bad one gives an error record, never an
exception. Relative paths are made absolute where the bag is built (`inputs_bag`) or the
command runs, so workers started in another folder find the files; `source` stays as given.

From the command line, ``declutter clean INPUT... --scheduler tcp://HOST:PORT`` runs the batch
job with this cluster in place of local worker processes (`cluster_results`): the inputs are
listed and the outputs written where the command runs, with the same resume and report, and
the workers read the input files themselves, so they must see them at the same absolute
paths (a shared file system). `--timeout-per-doc` is not enforced there: a Dask task cannot be stopped
from outside; use the cluster's own limits (e.g. worker memory limits).
"""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from ..core.article import Record, error_record
from ..core.errors import DeclutterError, ErrorKind
from ..core.options import Options
from ..io.sources import Item, file_item, folder_files
from .driver import Input
from .task import Cleaned, absolute, clean_item, items_of

if TYPE_CHECKING:
    import dask.bag
    import distributed

CHUNK_SIZE = 16
"""Items per Dask task from the command line: large enough to amortise a task's overhead,
small enough to spread a few hundred pages over every worker."""


def input_items(inputs: Iterable[str]) -> Iterator[Item]:
    """CLI-style inputs as items: folders expanded to their HTML and WARC files (on the client,
    which must see them), anything else kept (a missing one fails on a worker). Each item's
    path is absolute, so that workers whose working directory differs find it; its `source`
    is the path as given."""
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            for file in folder_files(path):
                yield absolute(file_item(str(file), file, str(file.relative_to(path))))
        else:
            yield absolute(file_item(given, path, path.name) if path.is_file() else Item(given, path=path, relative=path.name))


def inputs_bag(inputs: Sequence[str], partition_size: int = 64) -> dask.bag.Bag:
    """A bag of the input files (see `input_items`), `partition_size` files per partition.

    WARC files stay whole: `clean_bag` opens each on a worker and cleans its pages there, so
    give a crawl's WARC files a smaller `partition_size` (one or a few per partition)."""
    import dask.bag

    items = list(input_items(inputs))
    return dask.bag.from_sequence(items, partition_size=max(1, partition_size))


def clean_bag(bag: dask.bag.Bag, options: Options | None = None) -> dask.bag.Bag:
    """Records of every element of `bag` (paths, Items or in-memory pages; see the module doc)."""
    return bag.map_partitions(clean_partition, options or Options())


def clean_partition(elements: Iterable[Any], options: Options) -> list[Record]:
    """The records of one partition (what each Dask task of `clean_bag` runs)."""
    return [clean_item(item, options)[0] for element in elements for item in items_of(element)]


def clean_chunk(items: list[Item], options: Options) -> list[Cleaned]:
    """Records and input sizes of a list of items: one Dask task of `cluster_results`."""
    return [clean_item(item, options) for item in items]


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


def cluster_results(inputs: Iterable[Input], options: Options, client: distributed.Client, ordered: bool = True, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[Input, Record, int]]:
    """Clean the inputs' items on the cluster of `client`, `chunk_size` per task, a bounded
    number of tasks at a time (twice the cluster's threads), yielding (input, record, input
    bytes) in input order (`ordered`) or as they finish. Paths leave this machine absolute."""
    from distributed import as_completed

    limit = 2 * max(1, sum(client.nthreads().values()))
    chunks = enumerate(_chunks(inputs, chunk_size))
    submitted: dict[Any, tuple[int, list[Input]]] = {}
    finished: dict[int, list[tuple[Input, Record, int]]] = {}
    next_to_yield = 0
    pending = as_completed(loop=client.loop)

    def submit_more() -> None:
        while len(submitted) + len(finished) < limit:
            try:
                index, chunk = next(chunks)
            except StopIteration:
                return
            items = [absolute(one.item) for one in chunk if one.item is not None]
            future = client.submit(clean_chunk, items, options, pure=False)
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


def _chunk_results(future: Any, chunk: list[Input]) -> list[tuple[Input, Record, int]]:
    try:
        outcomes = iter(future.result())
    except Exception as error:  # a lost worker (KilledWorker) or a failed task: every page of it fails
        message = " ".join(str(error).split()) or type(error).__name__
        return [(one, error_record(one.source, f"{ErrorKind.CRASHED}: the Dask task failed: {message}", **dict(one.extra)), 0) for one in chunk]  # type: ignore[misc]
    results = []
    for one in chunk:
        if one.item is None:  # (a URL or an error: the command line sends none here)
            results.append((one, error_record(one.source, one.error or f"{ErrorKind.BAD_INPUT}: not a local input", **dict(one.extra)), 0))
        else:
            record, size = next(outcomes)
            results.append((one, record, size))
    return results  # type: ignore[return-value]


def _chunks(items: Iterable[Input], size: int) -> Iterator[list[Input]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
