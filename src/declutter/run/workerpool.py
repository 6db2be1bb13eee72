"""The one worker pool: processes that clean pages, fed by an asyncio event loop, in which a
stuck or crashing page costs only its own worker.

Every route (files, folders, WARC, URLs, the library's `clean_many`) runs its pages here.
concurrent.futures.ProcessPoolExecutor cannot stop a single task (killing a worker breaks the
whole pool) and costs two threads, lock hand-offs and a loop wake-up per task. Here each
worker is the other end of a socket pair that the event loop writes and reads like any
connection, and holds up to `depth` tasks (the one it runs, the next already in its socket
buffer), so it never waits for the parent between pages.

One crash policy:
- a task past `timeout` seconds gets its worker killed (SIGKILL) and replaced; it fails alone
  with TIMEOUT and the tasks queued behind it go to another worker;
- a worker that dies (a crash in C code, the OOM killer) is replaced and the task it ran is
  tried once more; a task that killed two workers fails with CRASHED;
- an exception in the task is reported with it (INTERNAL: a bug), and the worker goes on;
- workers are renewed after `max_tasks_per_worker` tasks, so nothing a page leaves behind
  in a worker's memory accumulates over a long run.

`InProcess` has the same interface and runs tasks in the calling process (a run of one page,
where starting workers would take longer than the page), under the same time budget.
"""
from __future__ import annotations

import asyncio
import collections
import multiprocessing
import pickle
import signal
import socket
import struct
import threading
from dataclasses import dataclass
from typing import Any, Callable

from ..core.errors import ErrorKind

TIMEOUT = ErrorKind.TIMEOUT
CRASHED = ErrorKind.CRASHED
RAISED = ErrorKind.INTERNAL

_FRAME = struct.Struct("!Q")  # each message: its length, then a pickle
# The parent's send buffer on each worker's socket: room for `depth` pages (~140 KB each on the
# benchmark) in one send each; with the default ~200 KB the second page waited in the event
# loop's buffer and went out piece by piece as the worker read (a wake-up, a send and a
# memmove of the rest each time). The kernel caps it (net.core.wmem_max).
_SEND_BUFFER = 1 << 20
_TRIES = 2  # a task that killed this many workers is reported, not tried again


class TaskFailed(Exception):
    """A task that gave no result: `kind` is TIMEOUT, CRASHED or RAISED; `detail` says more."""

    def __init__(self, kind: ErrorKind, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail

    @property
    def failure(self) -> ErrorKind:
        return self.kind

    def record_error(self) -> str:
        """The ``error`` of the record of the page whose task failed."""
        if self.kind == RAISED:
            return f"{RAISED}: cleaning raised {self.detail}"
        return f"{self.kind}: {self.detail}"


def default_context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one: workers fork from a clean, preloaded process (no parent
    threads or locks copied), so replacing a killed worker is cheap; spawn elsewhere."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["declutter.run.task"])
        return context
    return multiprocessing.get_context("spawn")


def _frame(message: Any) -> bytes:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _FRAME.pack(len(payload)) + payload


def _serve(connection: socket.socket) -> None:
    """A worker: run (function, args) messages until the parent closes its end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    connection.sendall(_FRAME.pack(0))  # started: a worker that dies before this could not start
    incoming = connection.makefile("rb")
    while True:
        header = incoming.read(_FRAME.size)
        if len(header) < _FRAME.size:
            return  # the parent is gone or done
        function, args = pickle.loads(incoming.read(_FRAME.unpack(header)[0]))
        try:
            reply = _frame((function(*args), None))
        except BaseException as error:  # reported with the task (an unpicklable result too); the worker goes on
            reply = _frame((None, f"{type(error).__name__}: {error}"))
        try:
            connection.sendall(reply)
        except OSError:
            return


@dataclass
class _Task:
    message: bytes
    future: asyncio.Future[Any]
    deaths: int = 0


class _Worker:
    """One process, its socket's streams, and the tasks sent to it, oldest (the running one) first."""

    def __init__(self, process: Any, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.process = process
        self.reader = reader
        self.writer = writer
        self.tasks: collections.deque[_Task] = collections.deque()
        self.deadline: asyncio.TimerHandle | None = None
        self.timed_out = False
        self.started = False
        self.retiring = False  # done its share of tasks: finishes those it holds, then leaves
        self.tasks_done = 0
        self.listener: asyncio.Task[None] | None = None


class WorkerPool:
    """`jobs` worker processes; ``await pool.run(function, *args)`` returns its result, computed
    in a worker, or raises TaskFailed. `function` and `args` must be picklable (top level).
    Close with ``await pool.aclose()``. `replaced` counts workers killed or lost (timeouts and
    crashes), not those renewed after `max_tasks_per_worker` tasks."""

    def __init__(self, jobs: int, timeout: float | None = None, depth: int = 2, max_tasks_per_worker: int = 1000) -> None:
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.depth = depth
        self.max_tasks_per_worker = max_tasks_per_worker
        self.replaced = 0
        self._context: Any = default_context()
        self._workers: list[_Worker] = []
        self._waiting: collections.deque[_Task] = collections.deque()
        self._starting: asyncio.Task[None] | None = None
        self._closed = False
        self._cannot_start: str | None = None  # why no worker process could start

    def start(self) -> None:
        """Start the worker processes now (in the background), not at the first task: they
        warm up while the first inputs are read or fetched."""
        if self._starting is None:
            self._starting = asyncio.ensure_future(self._start(self.jobs))

    def pids(self) -> list[int]:
        """The process ids of the current workers."""
        return [worker.process.pid for worker in self._workers if worker.process.pid is not None]

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        self.start()
        task = _Task(_frame((function, args)), asyncio.get_running_loop().create_future())
        self._waiting.append(task)
        assert self._starting is not None
        await self._starting
        if self._cannot_start is not None:
            raise TaskFailed(CRASHED, self._cannot_start)
        self._dispatch()
        return await task.future

    async def aclose(self) -> None:
        self._closed = True
        if self._starting is not None:
            await asyncio.gather(self._starting, return_exceptions=True)
        workers, self._workers = self._workers, []
        for worker in workers:
            try:
                worker.writer.write_eof()  # the worker reads the end of its input and exits
            except OSError:
                pass
        for worker in workers:
            await asyncio.get_running_loop().run_in_executor(None, worker.process.join, 5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.writer.close()
            if worker.listener is not None:
                worker.listener.cancel()
        for task in self._waiting:
            if not task.future.done():
                task.future.set_exception(TaskFailed(CRASHED, "the run was stopped"))

    # -- workers ---------------------------------------------------------------------------

    async def _start(self, count: int) -> None:
        for _ in range(count):
            ours, theirs = socket.socketpair()
            ours.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _SEND_BUFFER)
            process = self._context.Process(target=_serve, args=(theirs,), daemon=True)
            process.start()
            theirs.close()  # the parent keeps only its end, so a dead worker reads as EOF
            reader, writer = await asyncio.open_connection(sock=ours)
            worker = _Worker(process, reader, writer)
            worker.listener = asyncio.ensure_future(self._listen(worker))
            self._workers.append(worker)

    def _dispatch(self) -> None:
        """Hand waiting tasks to the least busy workers, up to `depth` each."""
        while self._waiting:
            open_workers = [w for w in self._workers if not w.retiring]
            worker = min(open_workers, key=lambda w: len(w.tasks), default=None)
            if worker is None or len(worker.tasks) >= self.depth:
                return
            task = self._waiting.popleft()
            if task.future.done():  # its caller gave up (cancelled)
                continue
            worker.tasks.append(task)
            worker.writer.write(task.message)
            if len(worker.tasks) == 1:
                self._arm(worker)  # (once it has started: its start-up is not the task's time)

    def _arm(self, worker: _Worker) -> None:
        """Start the clock of the worker's oldest task (the one it is running now)."""
        if self.timeout is not None and worker.started and worker.tasks:
            worker.deadline = asyncio.get_running_loop().call_later(self.timeout, self._expire, worker)

    def _expire(self, worker: _Worker) -> None:
        worker.timed_out = True
        worker.process.kill()  # its listener sees the end of the stream and cleans up

    def _retire(self, worker: _Worker) -> None:
        """Renew a worker that did its share: a fresh one takes new tasks at once, the old one
        finishes those it holds and exits at the end of its input."""
        worker.retiring = True
        if not worker.tasks:
            worker.writer.write_eof()
        if not self._closed:
            asyncio.ensure_future(self._start(1)).add_done_callback(lambda _: self._dispatch())

    async def _listen(self, worker: _Worker) -> None:
        """Read the worker's replies, in the order of its tasks, until it ends."""
        try:
            await worker.reader.readexactly(_FRAME.size)
            worker.started = True
            self._arm(worker)
            while True:
                size = _FRAME.unpack(await worker.reader.readexactly(_FRAME.size))[0]
                reply = await worker.reader.readexactly(size)
                if worker.deadline is not None:
                    worker.deadline.cancel()
                task = worker.tasks.popleft()
                worker.tasks_done += 1
                self._arm(worker)
                if not task.future.done():
                    try:
                        result, error = pickle.loads(reply)
                    except Exception as unreadable:
                        result, error = None, f"{type(unreadable).__name__}: {unreadable}"
                    if error is None:
                        task.future.set_result(result)
                    else:
                        task.future.set_exception(TaskFailed(RAISED, error))
                if worker.retiring:
                    if not worker.tasks:
                        worker.writer.write_eof()
                elif worker.tasks_done >= self.max_tasks_per_worker:
                    self._retire(worker)
                self._dispatch()
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            await self._replace(worker)

    def _give_up(self, why: str) -> None:
        self._cannot_start = why
        while self._waiting:
            task = self._waiting.popleft()
            if not task.future.done():
                task.future.set_exception(TaskFailed(CRASHED, why))

    async def _replace(self, worker: _Worker) -> None:
        """The worker ended (died, was killed, or retired): settle its tasks, start another."""
        if worker.deadline is not None:
            worker.deadline.cancel()
        if worker in self._workers:
            self._workers.remove(worker)
        worker.writer.close()
        worker.process.join(1)
        if (worker.retiring or self._closed) and not worker.tasks and not worker.timed_out:
            return  # renewed (its successor is already started), or the pool is closing
        if not worker.started and not worker.timed_out:  # it could not start: another would not either
            self._waiting.extendleft(reversed(worker.tasks))
            if self._workers:
                self._dispatch()
            else:
                self._give_up(f"the cleaning worker processes cannot start (exit code {worker.process.exitcode})")
            return
        self.replaced += 1
        if worker.tasks:
            running = worker.tasks.popleft()
            running.deaths += 1
            if running.future.done():  # its caller gave up
                pass
            elif worker.timed_out:
                running.future.set_exception(
                    TaskFailed(TIMEOUT, f"took longer than {self.timeout:g} s (--timeout-per-doc {self.timeout:g}); its worker was killed and replaced")
                )
            elif running.deaths >= _TRIES:
                code = worker.process.exitcode
                how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                running.future.set_exception(
                    TaskFailed(CRASHED, f"a worker process died cleaning this page, twice ({how}); the workers were replaced")
                )
            else:
                worker.tasks.appendleft(running)  # tried once more, first in line
            self._waiting.extendleft(reversed(worker.tasks))  # first in line again, in order
        if self._closed:
            return
        if not worker.retiring:  # a retiring worker's successor is already started
            await self._start(1)
        self._dispatch()


_REPEAT_SECONDS = 0.1  # a page past its budget is told again this often, until it stops


class _PastBudget(BaseException):
    """Raised in the main thread by SIGALRM: a BaseException, so that the core's handlers of
    bad pages (`except Exception`) do not take it for one."""


class InProcess:
    """The pool's interface, running tasks in this process: for a run of one page, where
    starting worker processes would take longer than the page. A task past `timeout` fails
    with TIMEOUT as in a worker (a timer signal stops it; only in the main thread, where
    signals are delivered: elsewhere the page has no budget)."""

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = timeout
        self.replaced = 0

    def start(self) -> None:
        pass

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        budget = _time_budget(self.timeout)
        try:
            with budget:
                return function(*args)
        except _PastBudget:
            raise TaskFailed(TIMEOUT, f"took longer than {self.timeout:g} s (--timeout-per-doc {self.timeout:g}); it was stopped") from None
        except Exception as error:  # the same report as from a worker
            raise TaskFailed(RAISED, f"{type(error).__name__}: {error}") from None
        finally:
            budget.stop()  # (again: an alarm that came as the budget ended may have cut its exit short)

    async def aclose(self) -> None:
        pass


class _time_budget:
    """SIGALRM after `seconds` raises _PastBudget in the code running (main thread only),
    and again every _REPEAT_SECONDS until the budget ends. A signal's handler runs at the
    interpreter's next step, which, while C code runs (lxml, the core's walks in C), may be
    a callback of the garbage collector that takes the exception and drops it: the next
    alarm raises it again."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds if seconds and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer") else None
        self.armed = False
        self.previous: Any = None

    def _alarm(self, signum: int, frame: Any) -> None:
        if self.armed:
            raise _PastBudget()

    def __enter__(self) -> None:
        if self.seconds:
            self.previous = signal.signal(signal.SIGALRM, self._alarm)
            self.armed = True
            signal.setitimer(signal.ITIMER_REAL, self.seconds, _REPEAT_SECONDS)

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """The timer off and the previous handler back (once: later calls do nothing)."""
        if self.armed:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
