"""A run of the command line, for every route: inputs in, one record per input written to an
output, one tally.

`run_job` skips what an earlier run already wrote (resume), cleans the rest through the local
driver (`driver.iter_records`: worker processes, or this process for one page) or on a Dask
cluster (`dask.cluster_results`), writes each record in this process, the only one that
writes, and counts it. A record that cannot be written (it should not happen: the writers
take any string) becomes an error record in its place; the run goes on.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, cast

from ..core.article import Record, error_record
from ..core.errors import DeclutterError, ErrorKind
from ..io.outputs import Output, stderr_line
from ..io.report import RunReport, progress_display
from .driver import Input, RunSettings, iter_records

if TYPE_CHECKING:
    import distributed


def run_job(
    inputs: Iterable[Input],
    settings: RunSettings,
    destination: Output,
    *,
    client: distributed.Client | None = None,
    progress: bool = False,
    report_path: Path | None = None,
    summary: bool = True,
    report: RunReport | None = None,
) -> RunReport:
    """Clean every input into `destination` and return the run's report (see the module doc).

    Failed inputs are told on stderr as they come; with `summary`, one line sums the run up.
    """
    report = report or RunReport(jobs=settings.jobs or 1, scheduler=str(client.scheduler.address) if client is not None else None)

    def todo() -> Iterator[Input]:
        for one in inputs:
            failed_before = destination.previous(one.source, one.relative)
            if failed_before is None:
                yield one
            else:
                report.add_skipped(failed_before)

    if client is not None:
        from .dask import cluster_results

        results: Iterator[tuple[Input, Record, int]] = cluster_results(todo(), settings.options, client, ordered=settings.ordered)
    else:
        results = iter_records(todo(), settings, report)
    try:
        with progress_display(progress) as show:
            for one, cleaned, input_bytes in results:
                record, written = _write(destination, one, cleaned)
                report.add(record, input_bytes, written)
                if "error" in record:
                    show.message(f"declutter: {record['source']}: {record['error']}")
                show.update(report)
    finally:
        with contextlib.suppress(Exception):
            results.close()  # type: ignore[attr-defined]  # stops the workers on Ctrl-C or an error
        destination.close()
        report.finish()
        if report_path is not None:
            report.write(report_path)
    if summary:
        stderr_line(report.summary_line())
    return report


def _write(destination: Output, one: Input, record: Record) -> tuple[Record, int]:
    """Write one record: the record written and its bytes. A record the writer refuses is
    replaced by an error record, so the page still has one."""
    try:
        return record, destination.write(one.source, one.relative, record)
    except OSError as error:  # the disk, not the page: the run cannot go on
        raise DeclutterError(f"cannot write the output: {error.strerror or error}") from None
    except Exception as error:  # a bug: this page's record is lost, not the run
        failed = error_record(one.source, f"{ErrorKind.INTERNAL}: cannot write its record: {type(error).__name__}: {error}")
        return cast(Record, failed), destination.write(one.source, one.relative, failed)
