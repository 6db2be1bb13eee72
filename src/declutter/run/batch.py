"""The local batch driver: inputs in, one record per input out, cleaned in parallel.

`run_batch` walks the inputs lazily, skips what an earlier run already finished (resume),
hands the rest to a pool of worker processes (`workerpool.WorkerPool`: a stuck page costs its
worker, not the run) or to a Dask cluster (`scheduler=`), and writes each record to a
resumable output (`outputs`) in the parent, the only process that writes. Workers get items
(paths, WARC offsets) and return records; the core they call is `clean_to_record`.
"""
from __future__ import annotations

import contextlib
import functools
import os
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ..core.article import error_record
from ..core.errors import DeclutterError
from ..core.options import Options
from ..core.pipeline import clean_to_record
from ..io.outputs import FolderOutput, JsonlOutput, Output, StreamOutput
from ..io.report import RunReport
from ..io.sinks import stderr_line
from ..io.sources import Item, Readable, iter_items, read_item
from .workerpool import CRASHED, TIMEOUT, Outcome, WorkerPool

DEFAULT_TIMEOUT_PER_DOC = 30.0

Result = tuple[Item, dict[str, Any], int]
"""An item, its record, and the bytes of input it took."""


def clean_task(item: Item, options: Options) -> tuple[dict[str, Any], int]:
    """Read and clean one item: its record and its input size; never raises for a bad input.

    Top-level with picklable arguments: this is what a worker process or a Dask task runs."""
    try:
        data = read_item(item, options.max_bytes)
    except DeclutterError as error:
        return error_record(item.source, error.record_error(), **item.extra()), 0
    record = clean_to_record(item.source, data, url=item.url, content_type=item.content_type, options=options, **item.extra())
    return record, len(data)


def clean_item(item: Item, options: Options) -> dict[str, Any]:
    """Read and clean one item into its record; never raises for a bad input."""
    return clean_task(item, options)[0]


def clean_items(items: Iterable[Item], options: Options) -> Iterator[tuple[Item, dict[str, Any]]]:
    """Clean items one after the other, in this process."""
    for item in items:
        yield item, clean_item(item, options)


def failure_record(item: Item, failure: str, detail: str, timeout: float | None) -> dict[str, Any]:
    """The error record of an item whose worker did not give a record back."""
    if failure == TIMEOUT:
        error = f"timeout: {detail} (--timeout-per-doc {timeout:g}); its worker was killed and replaced"
    elif failure == CRASHED:
        error = f"crashed: {detail} while cleaning this page; the worker was replaced"
    else:
        error = f"internal: {detail}"
    return error_record(item.source, error, **item.extra())


def local_results(
    items: Iterable[Item], options: Options, jobs: int, timeout: float | None, ordered: bool, report: RunReport
) -> Iterator[Result]:
    """Clean items in `jobs` worker processes, each page limited to `timeout` seconds."""
    task = functools.partial(clean_task, options=options)
    with WorkerPool(task, jobs, timeout=timeout) as pool:
        outcome: Outcome[Item]
        for outcome in pool.imap(items, ordered=ordered, window=8 * jobs + 16):
            report.workers_replaced = pool.replaced
            if outcome.failure is None:
                record, input_bytes = outcome.result
                yield outcome.task, record, input_bytes
            else:
                yield outcome.task, failure_record(outcome.task, outcome.failure, outcome.detail, timeout), 0


def open_output(output: Path | None, output_format: str, folder: bool, force: bool) -> Output:
    """The resumable output for `-o`: a folder, a JSONL file, or stdout."""
    if output is None:
        return StreamOutput(sys.stdout)
    if folder:
        return FolderOutput(output, output_format, force)
    return JsonlOutput(output, force)


def run_batch(
    inputs: Sequence[str],
    options: Options,
    output: Path | None,
    output_format: str = "jsonl",
    *,
    folder_output: bool = False,
    jobs: int | None = None,
    timeout_per_doc: float | None = DEFAULT_TIMEOUT_PER_DOC,
    force: bool = False,
    scheduler: str | None = None,
    stdin: Readable | None = None,
    progress: bool = False,
    report_path: Path | None = None,
) -> RunReport:
    """Clean every input into `output` (see the module doc) and return the run's report.

    A folder output gets one file per input (`output_format`); any other output gets JSONL,
    in input order. Failed inputs are told on stderr as they come, with a summary at the end.
    """
    jobs = jobs or os.cpu_count() or 1
    timeout = timeout_per_doc if timeout_per_doc and timeout_per_doc > 0 else None
    report = RunReport(jobs=jobs, scheduler=scheduler)
    client = None
    if scheduler:
        from . import dask as on_dask

        client = on_dask.connect(scheduler)  # before the output is touched: a wrong address changes nothing
    try:
        destination = open_output(output, output_format, folder_output, force)
    except OSError as error:
        if client is not None:
            client.close()
        raise DeclutterError(f"cannot write the output: {error.strerror or error}", str(output)) from None
    ordered = not folder_output  # a stream's order is the inputs' order; files need none

    def todo() -> Iterator[Item]:
        for item in iter_items(inputs, stdin, on_skip=report.pass_over):
            failed_before = destination.previous(item)
            if failed_before is None:
                yield item
            else:
                report.add_skipped(failed_before)

    if client is not None:
        results = on_dask.cluster_results(todo(), options, client, ordered=ordered)
    else:
        results = local_results(todo(), options, jobs, timeout, ordered, report)
    try:
        with _progress_display(progress) as show:
            for item, record, input_bytes in results:
                written = destination.write(item, record)
                report.add(record, input_bytes, written)
                if "error" in record:
                    show.message(f"declutter: {record['source']}: {record['error']}")
                show.update(report)
    finally:
        with contextlib.suppress(Exception):
            results.close()  # type: ignore[attr-defined]  # stops the workers on Ctrl-C or an error
        destination.close()
        if client is not None:
            client.close()
        report.finish()
        if report_path is not None:
            report.write(report_path)
    stderr_line(report.summary_line())
    return report


class _PlainDisplay:
    """No progress bar (stderr is not a terminal): failures go to stderr as lines."""

    def message(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def update(self, report: RunReport) -> None:
        pass


class _ProgressBarDisplay:
    """A rich progress line on stderr, with failures printed above it."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.progress.add_task("starting", total=None)

    def message(self, text: str) -> None:
        self.progress.console.print(text, markup=False, highlight=False)

    def update(self, report: RunReport) -> None:
        self.progress.update(
            self.task,
            description=f"{report.ok} ok, {report.failed} failed, {report.skipped} skipped · {report.pages_per_second:.1f} pages/s",
        )


@contextlib.contextmanager
def _progress_display(enabled: bool) -> Iterator[Any]:
    if not enabled:
        yield _PlainDisplay()
        return
    display = _ProgressBarDisplay()
    with display.progress:
        yield display

