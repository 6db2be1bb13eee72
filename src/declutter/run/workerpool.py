"""A pool of worker processes in which one stuck task costs only its own worker.

`concurrent.futures.ProcessPoolExecutor` cannot stop a single task: a page that never
finishes would hold its worker for ever, and killing it breaks the whole pool. Here each
worker has its own pipe and runs one task at a time, so the parent always knows which task
each worker holds and since when; a task past its deadline gets its worker killed (SIGKILL)
and a fresh one started, and a worker that dies (a crash, the OOM killer) is replaced the
same way. Either becomes a failed outcome for that task alone; the other tasks go on.

Tasks are pulled lazily from the iterable and at most `window` of them are in the pool or
waiting to be yielded, so memory stays flat however many tasks there are. Results come back
in input order (`ordered=True`: a slow task holds back those after it, up to `window`) or as
they finish.
"""
from __future__ import annotations

import itertools
import multiprocessing
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterable, Iterator, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext, SpawnContext
    from typing import TypeAlias

    ProcessContext: TypeAlias = ForkServerContext | SpawnContext  # those default_context() gives

Task = TypeVar("Task")

TIMEOUT = "timeout"
CRASHED = "crashed"
RAISED = "raised"


@dataclass(frozen=True)
class Outcome(Generic[Task]):
    """What became of one task: its `result`, or a `failure` (TIMEOUT, CRASHED or RAISED) and a detail."""

    index: int
    task: Task
    result: Any = None
    failure: str | None = None
    detail: str = ""


def _worker_main(function: Callable[[Any], Any], connection: Connection) -> None:
    """Run tasks from the pipe until it closes; the parent handles Ctrl-C, not the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return  # the parent is gone (even killed with -9): nothing left to do
        if message is None:
            return
        index, task = message
        reply: tuple[int, Any, str | None]
        try:
            reply = (index, function(task), None)
        except BaseException as error:  # report it; the pool decides, the worker goes on
            reply = (index, None, f"{type(error).__name__}: {error}")
        try:
            connection.send(reply)
        except (BrokenPipeError, OSError):
            return


def default_context() -> ProcessContext:
    """forkserver where there is one: workers fork from a clean, preloaded process (no parent
    threads or locks copied), so replacing a killed worker is cheap; spawn elsewhere."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["declutter.run.batch"])
        return context
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, context: ProcessContext, function: Callable[[Any], Any]) -> None:
        self.connection, child_end = context.Pipe(duplex=True)
        self.process = context.Process(target=_worker_main, args=(function, child_end), daemon=True)
        self.process.start()
        child_end.close()  # the parent keeps only its end, so a dead worker reads as EOF
        self.tasks_done = 0
        self.task: tuple[int, Any] | None = None
        self.deadline = float("inf")

    def give(self, index: int, task: Any, timeout: float | None) -> None:
        self.task = (index, task)
        self.deadline = time.monotonic() + timeout if timeout else float("inf")
        try:
            self.connection.send((index, task))
        except OSError:
            pass  # the worker died before it could take the task: its sentinel tells, the task is CRASHED

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()
        self.connection.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


class WorkerPool:
    """`jobs` worker processes running `function` (a picklable top-level callable) on tasks.

    A task running longer than `timeout` seconds is a TIMEOUT failure and its worker is killed
    and replaced; `replaced` counts such replacements (timeouts and crashes). Workers are also
    renewed after `max_tasks_per_worker` tasks, so nothing a page leaves behind in a worker's
    memory can accumulate over a long run.
    """

    def __init__(
        self,
        function: Callable[[Any], Any],
        jobs: int,
        timeout: float | None = None,
        max_tasks_per_worker: int = 1000,
        context: ProcessContext | None = None,
    ) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.function = function
        self.jobs = jobs
        self.timeout = timeout
        self.max_tasks_per_worker = max_tasks_per_worker
        self.context = context or default_context()
        self.workers: list[_Worker] = []
        self.replaced = 0

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker: idle ones are asked to leave, busy ones are killed."""
        for worker in self.workers:
            if worker.task is None:
                worker.stop()
            else:
                worker.kill()
        self.workers = []

    def pids(self) -> list[int]:
        """The process ids of the current workers."""
        return [worker.process.pid for worker in self.workers if worker.process.pid is not None]

    def _replace(self, worker: _Worker, killed: bool) -> None:
        if killed:
            worker.kill()
            self.replaced += 1
        else:
            worker.stop()
        self.workers[self.workers.index(worker)] = _Worker(self.context, self.function)

    def imap(self, tasks: Iterable[Task], ordered: bool = True, window: int | None = None) -> Iterator[Outcome[Task]]:
        """Run `function` over `tasks`, yielding one Outcome per task (see the module doc)."""
        window = max(window or 4 * self.jobs, self.jobs)
        pending: Iterator[tuple[int, Task]] = iter(enumerate(tasks))
        first = next(pending, None)
        if first is None:
            return  # nothing to do (e.g. a resumed run that is complete): start no worker
        pending = itertools.chain([first], pending)
        while len(self.workers) < self.jobs:
            self.workers.append(_Worker(self.context, self.function))
        exhausted = False
        finished: dict[int, Outcome[Task]] = {}  # done, waiting for their turn (ordered mode)
        next_to_yield = 0
        while True:
            busy = [worker for worker in self.workers if worker.task is not None]
            for worker in self.workers:
                if worker.task is not None or exhausted or len(busy) + len(finished) >= window:
                    continue
                try:
                    index, task = next(pending)
                except StopIteration:
                    exhausted = True
                    break
                worker.give(index, task, self.timeout)
                busy.append(worker)
            if not busy and exhausted and not finished:
                return
            for outcome in self._collect(busy):
                if ordered:
                    finished[outcome.index] = outcome
                else:
                    yield outcome
            while next_to_yield in finished:
                yield finished.pop(next_to_yield)
                next_to_yield += 1
            if not ordered and not busy and exhausted:
                return

    def _collect(self, busy: list[_Worker]) -> list[Outcome[Any]]:
        """Wait until a busy worker answers, dies or passes its deadline; handle all that did."""
        if not busy:
            return []
        earliest = min(worker.deadline for worker in busy)
        wait_for = None if earliest == float("inf") else max(0.0, earliest - time.monotonic())
        handles: list[Any] = [worker.connection for worker in busy] + [worker.process.sentinel for worker in busy]
        ready = set(wait(handles, timeout=wait_for))
        now = time.monotonic()
        outcomes: list[Outcome[Any]] = []
        for worker in busy:
            assert worker.task is not None
            index, task = worker.task
            if worker.connection in ready or worker.process.sentinel in ready:
                outcome = self._receive(worker, index, task)
            elif now >= worker.deadline:
                outcome = Outcome(index, task, failure=TIMEOUT, detail=f"took longer than {self.timeout:g} s")
                worker.task = None
                self._replace(worker, killed=True)
            else:
                continue
            outcomes.append(outcome)
        return outcomes

    def _receive(self, worker: _Worker, index: int, task: Task) -> Outcome[Task]:
        try:
            reply_index, result, error = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join()
            worker.task = None
            code = worker.process.exitcode
            how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
            self._replace(worker, killed=True)
            return Outcome(index, task, failure=CRASHED, detail=f"the worker process died ({how})")
        assert reply_index == index
        worker.task = None
        worker.tasks_done += 1
        if worker.tasks_done >= self.max_tasks_per_worker:
            self._replace(worker, killed=False)
        if error is not None:
            return Outcome(index, task, failure=RAISED, detail=error)
        return Outcome(index, task, result=result)
