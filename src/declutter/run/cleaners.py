"""Worker processes that clean pages for the asyncio URL driver, fed by the event loop itself.

On a machine whose cores the cleaners fill, every millisecond the parent spends per page is
taken from cleaning. concurrent.futures.ProcessPoolExecutor costs two threads (a feeder and a
result handler), lock hand-offs and an event-loop wake-up per task; here each worker is the
other end of a socket pair that the event loop writes and reads like any connection. Each
worker holds up to `depth` tasks (the one it cleans, the next already in its socket buffer),
so it never waits for the parent between pages.

A task past `timeout` seconds gets its worker killed (SIGKILL) and replaced, and fails alone
with TIMEOUT. A worker that dies fails the task it was cleaning once it has killed two workers
(CRASHED); the tasks queued behind it simply go to another worker.
"""
from __future__ import annotations

import asyncio
import collections
import pickle
import signal
import socket
import struct
from dataclasses import dataclass
from typing import Any, Callable

from .workerpool import CRASHED, RAISED, TIMEOUT, default_context

_FRAME = struct.Struct("!Q")  # each message: its length, then a pickle
# The parent's send buffer on each worker's socket: room for `depth` pages (~140 KB each on the
# benchmark) in one send each; with the default ~200 KB the second page waited in the event
# loop's buffer and went out piece by piece as the worker read (a wake-up, a send and a
# memmove of the rest each time). The kernel caps it (net.core.wmem_max).
_SEND_BUFFER = 1 << 20
_TRIES = 2  # a task that killed this many workers is reported, not tried again


class CleanerFailed(Exception):
    """A task that gave no result: `failure` is TIMEOUT, CRASHED or RAISED; `detail` says more."""

    def __init__(self, failure: str, detail: str) -> None:
        super().__init__(f"{failure}: {detail}")
        self.failure = failure
        self.detail = detail


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
        self.listener: asyncio.Task[None] | None = None


class InProcess:
    """Cleaners' interface, cleaning in this process: for a run of one page, where starting
    worker processes would take longer than the page (the event loop waits meanwhile)."""

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        try:
            return function(*args)
        except Exception as error:  # the same report as from a worker
            raise CleanerFailed(RAISED, f"{type(error).__name__}: {error}") from None

    async def aclose(self) -> None:
        pass


class Cleaners:
    """`jobs` worker processes; ``await cleaners.run(function, *args)`` returns its result in
    a worker or raises CleanerFailed. Close with ``await cleaners.aclose()``."""

    def __init__(self, jobs: int, timeout: float | None = None, depth: int = 2) -> None:
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.depth = depth
        self._context = default_context()
        self._workers: list[_Worker] = []
        self._waiting: collections.deque[_Task] = collections.deque()
        self._starting: asyncio.Task[None] | None = None
        self._closed = False
        self._cannot_start: str | None = None  # why no worker process could start

    def start(self) -> None:
        """Start the worker processes now (in the background), not at the first task: they
        warm up while the first pages are fetched."""
        if self._starting is None:
            self._starting = asyncio.ensure_future(self._start(self.jobs))

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        self.start()
        task = _Task(_frame((function, args)), asyncio.get_running_loop().create_future())
        self._waiting.append(task)
        assert self._starting is not None  # set by start()
        await self._starting
        if self._cannot_start is not None:
            raise CleanerFailed(CRASHED, self._cannot_start)
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
                task.future.set_exception(CleanerFailed(CRASHED, "the run was stopped"))

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
            worker = min(self._workers, key=lambda w: len(w.tasks), default=None)
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
        """Start the clock of the worker's oldest task (the one it is cleaning now)."""
        if self.timeout is not None and worker.started and worker.tasks:
            worker.deadline = asyncio.get_running_loop().call_later(self.timeout, self._expire, worker)

    def _expire(self, worker: _Worker) -> None:
        worker.timed_out = True
        worker.process.kill()  # its listener sees the end of the stream and cleans up

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
                self._arm(worker)
                if not task.future.done():
                    try:
                        result, error = pickle.loads(reply)
                    except Exception as unreadable:  # a result this process cannot load
                        result, error = None, f"{type(unreadable).__name__}: {unreadable}"
                    if error is None:
                        task.future.set_result(result)
                    else:
                        task.future.set_exception(CleanerFailed(RAISED, error))
                self._dispatch()
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            await self._replace(worker)

    def _give_up(self, why: str) -> None:
        self._cannot_start = why
        while self._waiting:
            task = self._waiting.popleft()
            if not task.future.done():
                task.future.set_exception(CleanerFailed(CRASHED, why))

    async def _replace(self, worker: _Worker) -> None:
        """The worker died (or was killed): settle its tasks, start another in its place."""
        if worker.deadline is not None:
            worker.deadline.cancel()
        if worker in self._workers:
            self._workers.remove(worker)
        worker.writer.close()
        worker.process.join(1)
        if not worker.started and not worker.timed_out:  # it could not start: another would not either
            self._waiting.extendleft(reversed(worker.tasks))
            if self._workers:
                self._dispatch()
            else:
                self._give_up(f"the cleaning worker processes cannot start (exit code {worker.process.exitcode})")
            return
        if worker.tasks:
            running = worker.tasks.popleft()
            running.deaths += 1
            if running.future.done():  # its caller gave up
                pass
            elif worker.timed_out:
                running.future.set_exception(CleanerFailed(TIMEOUT, f"cleaning took longer than {self.timeout:g} s"))
            elif running.deaths >= _TRIES:
                code = worker.process.exitcode
                running.future.set_exception(CleanerFailed(CRASHED, f"a worker process died cleaning this page (exit code {code})"))
            else:
                worker.tasks.appendleft(running)
            self._waiting.extendleft(reversed(worker.tasks))  # first in line again, in order
        if self._closed:
            return
        await self._start(1)
        self._dispatch()
