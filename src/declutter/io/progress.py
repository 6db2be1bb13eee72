"""Progress of a run on stderr: a live line (rich) when stderr is a terminal, and a summary.

The live line shows done and failed counts, the rate, and the ETA when the total is known;
it is drawn only on a terminal, so logs and pipes get nothing but the one-line summary.
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from typing import Any, Iterable, Iterator, TypeVar

T = TypeVar("T")


class RunTally:
    """Counts of a run: ok, failed, failures by kind, elapsed time."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.ok = 0
        self.failed_by_kind: Counter[str] = Counter()

    @property
    def failed(self) -> int:
        return sum(self.failed_by_kind.values())

    @property
    def done(self) -> int:
        return self.ok + self.failed

    def count(self, record: dict[str, Any]) -> None:
        error = record.get("error")
        if error is None:
            self.ok += 1
        else:
            self.failed_by_kind[str(error).split(":", 1)[0]] += 1

    def summary(self, noun: str = "inputs") -> str:
        """One line: '12 inputs: 10 ok, 2 failed (http_404: 1, timeout: 1) in 3.1 s, 3.9/s'."""
        elapsed = time.monotonic() - self.started
        kinds = ", ".join(f"{kind}: {n}" for kind, n in self.failed_by_kind.most_common())
        failed = f", {self.failed:,} failed ({kinds})" if self.failed else ", 0 failed"
        rate = self.done / elapsed if elapsed > 0 else 0.0
        return f"{self.done:,} {noun}: {self.ok:,} ok{failed} in {elapsed:.1f} s, {rate:.1f}/s"


def track(pairs: Iterable[tuple[T, dict[str, Any]]], tally: RunTally, total: int | None = None, show: bool | None = None) -> Iterator[tuple[T, dict[str, Any]]]:
    """Pass (anything, record) pairs through, counting them in `tally` and drawing progress
    on stderr when `show` (default: when stderr is a terminal)."""
    if show is None:
        show = sys.stderr.isatty()
    if not show:
        for pair in pairs:
            tally.count(pair[1])
            yield pair
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn

    columns: list[ProgressColumn] = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()] if total else [TextColumn("{task.description}"), TextColumn("{task.completed:,} done")]
    columns += [TextColumn("{task.fields[failed]:,} failed"), TextColumn("{task.fields[rate]}")]
    if total:
        columns.append(TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("declutter", total=total, failed=0, rate="")
        for pair in pairs:
            tally.count(pair[1])
            elapsed = time.monotonic() - tally.started
            rate = f"{tally.done / elapsed:.1f}/s" if elapsed > 0 else ""
            progress.update(task, advance=1, failed=tally.failed, rate=rate)
            yield pair
