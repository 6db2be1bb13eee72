"""The tally of a run, whatever its inputs: what was cleaned, what failed and why, how fast,
how many bytes; written as JSON with `--report FILE`, summed up in one line on stderr, and
shown live on a terminal (`progress_display`).
"""
from __future__ import annotations

import contextlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Mapping

from ..core.errors import ErrorKind


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def error_kind(record: Mapping[str, Any]) -> str:
    """The kind of a failed record ("not_html" of "not_html: no HTML markup found")."""
    return str(record.get("error", "")).split(":", 1)[0].strip() or ErrorKind.ERROR.value


@dataclass
class RunReport:
    """Counts of one run. `skipped` inputs were done by an earlier run (resume), and
    `skipped_failed` of them had failed then; `passed_over` counts WARC records that are not
    pages (requests, images, redirects), by reason."""

    jobs: int = 1
    scheduler: str | None = None
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    skipped_failed: int = 0
    failures_by_kind: Counter[str] = field(default_factory=Counter)
    passed_over: Counter[str] = field(default_factory=Counter)
    workers_replaced: int = 0
    input_bytes: int = 0
    output_bytes: int = 0
    started_at: str = field(default_factory=_now)
    finished_at: str | None = None
    _start: float = field(default_factory=time.monotonic, repr=False)
    _end: float | None = field(default=None, repr=False)

    def add(self, record: Mapping[str, Any], input_bytes: int = 0, output_bytes: int = 0) -> None:
        """Count one record this run produced."""
        if "error" in record:
            self.failed += 1
            self.failures_by_kind[error_kind(record)] += 1
        else:
            self.ok += 1
        self.input_bytes += input_bytes
        self.output_bytes += output_bytes

    def add_skipped(self, failed_before: bool) -> None:
        self.skipped += 1
        self.skipped_failed += failed_before

    def pass_over(self, reason: str) -> None:
        self.passed_over[reason] += 1

    def finish(self) -> None:
        self._end = time.monotonic()
        self.finished_at = _now()

    @property
    def elapsed(self) -> float:
        return (self._end or time.monotonic()) - self._start

    @property
    def pages_per_second(self) -> float:
        done = self.ok + self.failed
        return done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def any_failed(self) -> bool:
        """Whether the job's output holds a failed input (from this run or a resumed one)."""
        return bool(self.failed or self.skipped_failed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "failed": self.failed,
            "skipped": self.skipped,
            "skipped_failed": self.skipped_failed,
            "failures_by_kind": dict(self.failures_by_kind.most_common()),
            "warc_records_passed_over": dict(self.passed_over.most_common()),
            "workers_replaced": self.workers_replaced,
            "pages_per_second": round(self.pages_per_second, 2),
            "elapsed_seconds": round(self.elapsed, 3),
            "input_bytes": self.input_bytes,
            "output_bytes": self.output_bytes,
            "jobs": self.jobs,
            "scheduler": self.scheduler,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
        }

    def write(self, path: Path) -> None:
        from .outputs import write_atomically

        write_atomically(path, (json.dumps(self.to_dict(), indent=2) + "\n").encode("utf-8"))

    def summary_line(self) -> str:
        """e.g. `990 ok, 3 failed (not_html 2, timeout 1), 0 skipped; 61.3 pages/s; 29.1 MB in, 4.2 MB out`."""
        failed = f"{self.failed} failed"
        if self.failures_by_kind:
            failed += " (" + ", ".join(f"{kind} {count}" for kind, count in self.failures_by_kind.most_common()) + ")"
        skipped = f"{self.skipped} skipped"
        if self.skipped_failed:
            skipped += f" ({self.skipped_failed} had failed)"
        passed_over = sum(self.passed_over.values())
        warc = f"; {passed_over} WARC records passed over (not HTML pages)" if passed_over else ""
        return (
            f"{self.ok} ok, {failed}, {skipped}; {self.pages_per_second:.1f} pages/s in {self.elapsed:.1f} s; "
            f"{_megabytes(self.input_bytes)} in, {_megabytes(self.output_bytes)} out{warc}"
        )


def _megabytes(count: int) -> str:
    return f"{count / 1e6:.1f} MB"


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
def progress_display(enabled: bool) -> Iterator[Any]:
    """Where a run tells its progress: `.message(line)` for failures, `.update(report)` after
    each record. A live line on stderr when `enabled`, else plain lines."""
    if not enabled:
        yield _PlainDisplay()
        return
    display = _ProgressBarDisplay()
    with display.progress:
        yield display
