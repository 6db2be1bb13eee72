"""The local driver: inputs in, (input, record, input bytes) out, for every route.

Inputs (paths, WARC records, pages in memory, URLs) are read lazily in a thread of their own,
so a slow producer (stdin, a huge folder walk) never stalls the work under way. URLs are
fetched on an asyncio loop; pages are cleaned in the worker pool beside it (`workerpool`),
fed by the same loop, so a URL run is bound by the slower of fetching and cleaning, not their
sum. At most `window` inputs are in flight or waiting to be yielded, so memory stays flat
however many inputs there are. Records come in completion order, or in input order with
`ordered` (a reorder buffer bounded by the same window).
"""
from __future__ import annotations

import asyncio
import collections
import functools
import os
import queue
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, AsyncIterator, Awaitable, Callable, Iterable, Iterator, TypeVar

from ..core.article import Record, error_record
from ..core.errors import ErrorKind, FetchError
from ..core.options import Options
from ..io.rawstore import relative_name
from ..io.report import RunReport
from ..io.sources import Item
from .task import Cleaned, clean_fetched, clean_item
from .workerpool import InProcess, TaskFailed, WorkerPool

if TYPE_CHECKING:
    from ..fetch.client import Fetcher
    from ..fetch.options import FetchOptions

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_TIMEOUT_PER_DOC = 30.0
_END = object()


@dataclass(frozen=True)
class _Raised:
    """An error raised where values are produced, passed along to be raised where they are used."""

    error: BaseException


@dataclass(frozen=True)
class Input:
    """One input of a run: a local item to clean, a URL to fetch, or an error to report.
    `extra` keys go into its record after `source` (a URL run's local files get
    ``final_url``/``status`` None, like its URLs)."""

    source: str
    url: str | None = None
    item: Item | None = None
    error: str | None = None  # "kind: message"
    extra: tuple[tuple[str, Any], ...] = ()

    @property
    def relative(self) -> str:
        """Where its output goes inside an output folder."""
        if self.item is not None:
            return self.item.relative or self.source
        return relative_name(self.source)


@dataclass(frozen=True)
class RunSettings:
    """How a run goes: the cleaning options, the fetcher's, and the driver's own."""

    options: Options = field(default_factory=Options)
    fetch: FetchOptions | None = None
    """Fetching options; None: a run without URLs (the HTTP stack is not even imported)."""
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Worker processes cleaning pages; 0: clean in this process (a run of one page)."""
    ordered: bool = False
    """Records in input order (a bounded reorder buffer) instead of completion order."""
    save_raw: Path | None = None
    """Keep every fetched page here (see declutter.io.rawstore)."""
    timeout_per_doc: float | None = DEFAULT_TIMEOUT_PER_DOC
    """Seconds one page may take to clean before it fails with `timeout` (None: no limit)."""
    window: int | None = None
    """Inputs in flight or buffered at once; None: enough to keep fetches and workers busy."""

    @property
    def in_flight(self) -> int:
        if self.window:
            return self.window
        if self.fetch is None:
            return 8 * max(1, self.jobs) + 16
        return max(64, self.fetch.concurrency * (16 if self.ordered else 4), 4 * self.jobs)


# -- the work for one input ------------------------------------------------------------------


async def process_input(one: Input, fetcher: Fetcher | None, pool: WorkerPool | InProcess, settings: RunSettings) -> tuple[Record, int]:
    """Fetch (a URL) and clean one input into its record; never raises for a bad input."""
    extra = dict(one.extra)
    try:
        return await _process_input(one, fetcher, pool, settings, extra)
    except TaskFailed as failure:
        return error_record(one.source, failure.record_error(), **extra), 0  # type: ignore[return-value]
    except Exception as error:  # a bug must not end the run: report it in the record
        return error_record(one.source, f"{ErrorKind.INTERNAL}: {type(error).__name__}: {error}", **extra), 0  # type: ignore[return-value]


async def _process_input(one: Input, fetcher: Fetcher | None, pool: WorkerPool | InProcess, settings: RunSettings, extra: dict[str, Any]) -> Cleaned:
    if one.error is not None:
        return error_record(one.source, one.error, **extra), 0  # type: ignore[return-value]
    if one.item is not None:
        return await pool.run(clean_item, one.item, settings.options, extra or None)  # type: ignore[no-any-return,unused-ignore]
    assert one.url is not None
    if fetcher is None:
        return error_record(one.source, f"{ErrorKind.BAD_INPUT}: a URL, in a run that does not fetch (use clean_urls)", **extra), 0  # type: ignore[return-value]
    try:
        page = await fetcher.fetch(one.url)
    except FetchError as error:
        return error_record(one.source, error.record_error(), final_url=error.final_url, status=error.status), 0  # type: ignore[return-value]
    save_raw = str(settings.save_raw) if settings.save_raw is not None else None
    try:
        return await pool.run(clean_fetched, page, settings.options, save_raw)  # type: ignore[no-any-return,unused-ignore]
    except TaskFailed as failure:
        return error_record(one.source, failure.record_error(), final_url=page.final_url, status=page.status), len(page.body)  # type: ignore[return-value]


# -- streaming: bounded, lazily fed, in completion or input order ----------------------------


async def bounded_map(inputs: AsyncIterator[T], work: Callable[[T], Awaitable[R]], window: int, keep_order: bool = False) -> AsyncIterator[tuple[T, R]]:
    """Run `work` on each input, at most `window` inputs started and not yet yielded at once.

    Yields (input, result) in completion order, or in input order with `keep_order` (the
    results waiting for an earlier one count against the window, so the buffer is bounded).
    `work` must not raise.
    """
    results: asyncio.Queue[tuple[int, T, R] | None] = asyncio.Queue()
    slots = asyncio.Semaphore(window)
    tasks: set[asyncio.Task[None]] = set()
    total: list[int] = []  # set once every input has been started

    async def run(index: int, one: T) -> None:
        try:
            result = await work(one)
        except Exception as error:  # a bug in `work`: raise it in the consumer, never hang
            results.put_nowait((index, one, _Raised(error)))  # type: ignore[arg-type]
            return
        results.put_nowait((index, one, result))

    async def feed() -> None:
        count = 0
        try:
            async for one in inputs:
                await slots.acquire()
                task = asyncio.create_task(run(count, one))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                count += 1
        finally:
            total.append(count)
            results.put_nowait(None)  # wake the consumer to look at `total`

    feeder = asyncio.create_task(feed())
    waiting: dict[int, tuple[T, R]] = {}
    next_index = emitted = 0
    try:
        while not total or emitted < total[0]:
            entry = await results.get()
            if entry is None:
                if feeder.done() and feeder.exception() is not None:
                    raise feeder.exception()  # type: ignore[misc]
                continue
            index, one, result = entry
            if isinstance(result, _Raised):
                raise result.error
            if not keep_order:
                emitted += 1
                slots.release()
                yield one, result
                continue
            waiting[index] = (one, result)
            while next_index in waiting:
                ready = waiting.pop(next_index)
                next_index += 1
                emitted += 1
                slots.release()
                yield ready
    finally:
        feeder.cancel()
        for task in list(tasks):
            task.cancel()
        await asyncio.gather(feeder, *tasks, return_exceptions=True)


async def aiter_in_thread(iterable: Iterable[T], maxsize: int = 1024) -> AsyncIterator[T]:
    """Iterate a blocking iterable (stdin lines, a folder walk) in a thread, without blocking the event loop."""
    loop = asyncio.get_running_loop()
    items: queue.Queue[Any] = queue.Queue(maxsize)
    wake = asyncio.Event()
    stop = threading.Event()
    consumer_waiting = [False]

    def notify() -> None:
        if consumer_waiting[0]:  # wake the loop only when it sleeps: a list of a million lines
            consumer_waiting[0] = False  # should not cost a million wake-ups
            loop.call_soon_threadsafe(wake.set)

    def put(entry: Any) -> bool:
        while not stop.is_set():
            try:
                items.put(entry, timeout=0.2)
                notify()
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for entry in iterable:
                if not put(entry):
                    return
        except BaseException as error:  # handed to the consumer, raised there
            put(_Raised(error))
        put(_END)

    threading.Thread(target=produce, name="declutter-inputs", daemon=True).start()
    try:
        while True:
            try:
                entry = items.get_nowait()
            except queue.Empty:
                wake.clear()
                consumer_waiting[0] = True
                if items.empty():
                    await wake.wait()
                consumer_waiting[0] = False
                continue
            if entry is _END:
                return
            if isinstance(entry, _Raised):
                raise entry.error
            yield entry
    finally:
        stop.set()


async def records(inputs: Iterable[Input], settings: RunSettings, report: RunReport | None = None) -> AsyncIterator[tuple[Input, Record, int]]:
    """(input, record, input bytes) for every input (see the module docstring); `report`
    is kept told how many workers were replaced."""
    pool: WorkerPool | InProcess = WorkerPool(settings.jobs, timeout=settings.timeout_per_doc) if settings.jobs else InProcess(settings.timeout_per_doc)
    try:
        pool.start()
        if settings.fetch is None:
            pairs = _records(inputs, None, pool, settings)
        else:
            # Imported here, not at the top: a run without URLs starts without the HTTP stack.
            from ..fetch.client import Fetcher

            fetcher = await Fetcher(settings.fetch).__aenter__()
            pairs = _records(inputs, fetcher, pool, settings)
        try:
            async for one, (record, size) in pairs:
                if report is not None:
                    report.workers_replaced = pool.replaced
                yield one, record, size
        finally:
            await pairs.aclose()  # type: ignore[attr-defined]
            if settings.fetch is not None:
                await fetcher.__aexit__(None, None, None)
    finally:
        await pool.aclose()
        if report is not None:
            report.workers_replaced = pool.replaced


class _Handoff:
    """Records from the event-loop thread to a consumer thread, at most `size` waiting.

    The sleeping consumer is woken when `batch` records wait, or `delay` seconds after the
    first one: waking another thread for every record costs the loop thread more CPU than
    the record itself (measured), CPU taken from cleaning on a machine whose cores it fills.
    """

    def __init__(self, size: int, batch: int = 16, delay: float = 0.05) -> None:
        self.size = size
        self.batch = batch
        self.delay = delay
        self.entries: collections.deque[Any] = collections.deque()
        self.ready = threading.Event()
        self.consumer_sleeps = False
        self.wake_pending = False

    def full(self) -> bool:
        return len(self.entries) >= self.size

    def put(self, entry: Any) -> None:
        """Add an entry from the event loop: the consumer sees it within `delay` seconds."""
        self.entries.append(entry)
        if not self.consumer_sleeps or self.wake_pending:
            return
        if len(self.entries) >= self.batch:
            self.wake()
        else:
            self.wake_pending = True
            asyncio.get_running_loop().call_later(self.delay, self.wake)

    def put_last(self, entry: Any) -> None:
        """Add an entry from outside the loop (it has ended): the consumer sees it at once."""
        self.entries.append(entry)
        self.wake()

    def wake(self) -> None:
        self.wake_pending = False
        if self.consumer_sleeps:
            self.ready.set()

    def get(self) -> Any:
        """The next entry, waiting for it."""
        while True:
            try:
                return self.entries.popleft()
            except IndexError:
                pass
            self.ready.clear()
            self.consumer_sleeps = True
            if not self.entries:  # looked at again: the producer checks consumer_sleeps after appending
                self.ready.wait()
            self.consumer_sleeps = False


def iter_records(inputs: Iterable[Input], settings: RunSettings, report: RunReport | None = None) -> Iterator[tuple[Input, Record, int]]:
    """`records` for synchronous callers. With worker processes the event loop runs in a thread
    of its own, so a slow consumer (a pipe) slows the run down (bounded hand-off) instead of
    stalling the loop; in-process (`jobs=0`) it runs in the calling thread, where the page's
    time budget can stop it."""
    if not settings.jobs:
        yield from _iter_here(records(inputs, settings, report))
        return
    handoff = _Handoff(max(16, settings.in_flight))
    stop = threading.Event()
    running: list[tuple[asyncio.AbstractEventLoop, asyncio.Task[Any]]] = []

    async def produce() -> None:
        running.append((asyncio.get_running_loop(), asyncio.current_task()))  # type: ignore[arg-type]
        async for entry in records(inputs, settings, report):
            while handoff.full():
                if stop.is_set():
                    return
                await asyncio.sleep(0.005)
            handoff.put(entry)

    def run() -> None:
        try:
            asyncio.run(produce())
        except BaseException as error:  # raised again in the consumer's thread
            handoff.put_last(_Raised(error))
        finally:
            handoff.put_last(_END)

    thread = threading.Thread(target=run, name="declutter-loop", daemon=True)
    thread.start()
    try:
        while True:
            entry = handoff.get()
            if entry is _END:
                break
            if isinstance(entry, _Raised):
                raise entry.error
            yield entry
    finally:
        stop.set()
        if running and thread.is_alive():  # the consumer stopped early (Ctrl-C, a closed pipe): cancel the work
            loop, task = running[0]
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # the loop has just closed
                pass
        thread.join(10)  # let the loop close (its worker processes with it)


def _iter_here(entries: AsyncIterator[T]) -> Iterator[T]:
    """An async iterator stepped through by an event loop in this thread."""
    loop = asyncio.new_event_loop()
    try:
        while True:
            try:
                yield loop.run_until_complete(entries.__anext__())
            except StopAsyncIteration:
                return
    finally:
        loop.run_until_complete(entries.aclose())  # type: ignore[attr-defined]
        loop.close()


def _records(inputs: Iterable[Input], fetcher: Fetcher | None, pool: WorkerPool | InProcess, settings: RunSettings) -> AsyncIterator[tuple[Input, Cleaned]]:
    work = functools.partial(process_input, fetcher=fetcher, pool=pool, settings=settings)
    return bounded_map(aiter_in_thread(inputs), work, settings.in_flight, settings.ordered)
