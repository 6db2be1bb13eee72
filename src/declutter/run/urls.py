"""The URL driver: URLs, paths and URL lists in, one record per input out, as a stream.

Inputs are read lazily (a list of a million lines is never held in memory) in a thread of
their own, so a slow producer on stdin never stalls the work already under way. At most
`window` inputs are in flight or waiting to be written at once. Pages are fetched by the
Fetcher on an asyncio loop and cleaned in worker processes beside it, so a run is bound by
the slower of fetching and cleaning, not their sum. Records come out in completion order,
or in input order with ``keep_order`` (a reorder buffer bounded by the same window).

Every record has ``source`` (the input exactly as given), ``final_url`` and ``status``
(None for local files), then the article fields or ``error`` ("kind: message").
"""
from __future__ import annotations

import asyncio
import collections
import functools
import os
import queue
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    BinaryIO,
    Callable,
    Iterable,
    Iterator,
    TypeVar,
)

from ..core.article import error_record
from ..core.errors import DeclutterError, FetchError
from ..core.options import Options
from ..core.pipeline import clean_to_record
from ..fetch.options import FetchOptions
from ..io.rawstore import save_page
from ..io.sources import STDIN, Item, file_item, iter_items, read_item
from .cleaners import CleanerFailed, Cleaners, InProcess
from .workerpool import CRASHED, TIMEOUT

if TYPE_CHECKING:
    from ..fetch.client import Fetcher, Page

T = TypeVar("T")
R = TypeVar("R")

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_END = object()


@dataclass(frozen=True)
class _Raised:
    """An error raised where values are produced, passed along to be raised where they are used."""

    error: BaseException


def is_url(text: str) -> bool:
    """Whether an input is meant as a URL (any scheme; only http(s) will be fetched)."""
    return bool(_SCHEME.match(text))


@dataclass(frozen=True)
class Input:
    """One input of a URL run: a URL to fetch, a local item to clean, or an error to report."""

    source: str
    url: str | None = None
    item: Item | None = None
    error: str | None = None  # "kind: message"


@dataclass(frozen=True)
class UrlRunSettings:
    """How a URL run goes: the cleaning options, the fetcher's, and the driver's own."""

    options: Options = field(default_factory=Options)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Worker processes cleaning pages; 0: clean in this process (a run of one page)."""
    keep_order: bool = False
    """Write records in input order (a bounded reorder buffer) instead of completion order."""
    save_raw: Path | None = None
    """Keep every fetched page here (see declutter.io.rawstore)."""
    timeout_per_doc: float | None = None
    """Seconds one page may take to clean before its worker is killed and it fails (None: no limit)."""
    window: int | None = None
    """Inputs in flight or buffered at once; None: 4x (16x with keep_order) the fetch concurrency."""

    @property
    def in_flight(self) -> int:
        if self.window:
            return self.window
        return max(64, self.fetch.concurrency * (16 if self.keep_order else 4), 4 * self.jobs)


# -- inputs ------------------------------------------------------------------------------


class ReplayStream:
    """A binary stream with some bytes already read from it put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head = head
        self.rest = rest

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            head, self.head = self.head, b""
            return head + self.rest.read()
        if self.head:
            head, self.head = self.head[:size], self.head[size:]
            return head
        return self.rest.read(size)

    def __iter__(self) -> Iterator[bytes]:
        if self.head:
            yield from self.head.splitlines(keepends=True)
            self.head = b""
        yield from self.rest


def sniff_stdin(stream: BinaryIO, mode: str = "auto") -> tuple[str, ReplayStream]:
    """Tell whether stdin carries one HTML document or a list of URLs/paths, one per line.

    `mode` "html" or "list" decides; "auto" looks at the first non-blank line: a document
    starts with "<" (after a BOM); anything else is a list (bad lines become error records).
    Returns the kind and a stream that still holds every byte.
    """
    if mode in ("html", "list"):
        return mode, ReplayStream(b"", stream)
    consumed: list[bytes] = []
    for line in stream:
        consumed.append(line)
        stripped = line.strip().lstrip(b"\xef\xbb\xbf").strip()
        if stripped:
            kind = "html" if stripped.startswith(b"<") else "list"
            return kind, ReplayStream(b"".join(consumed), stream)
    return "html", ReplayStream(b"".join(consumed), stream)  # empty: the HTML path reports it


def line_input(line: str) -> Input | None:
    """One line of a list: a URL, an existing file, or an error; None for a blank line."""
    text = line.strip()
    if not text:
        return None
    if is_url(text):
        return Input(text, url=text)
    path = Path(text)
    try:
        if path.is_file():
            return Input(text, item=file_item(text, path, path.name))
        if path.is_dir():
            return Input(text, error="bad_url: a folder; pass folders as arguments, not in a list")
    except (OSError, ValueError):  # names too long, NUL bytes, ...
        pass
    return Input(text, error="bad_url: neither an http(s) URL nor an existing file")


def list_inputs(lines: Iterable[bytes]) -> Iterator[Input]:
    """The inputs of a list (stdin), one per non-blank line, read lazily."""
    for number, raw in enumerate(lines, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            shown = raw.decode("utf-8", "replace").strip()
            yield Input(shown or f"line {number}", error=f"bad_url: line {number} is not UTF-8 text")
            continue
        found = line_input(line.lstrip("\ufeff") if number == 1 else line)
        if found is not None:
            yield found


def argument_inputs(arguments: Iterable[str], stdin_kind: str | None = None, stdin: BinaryIO | None = None) -> Iterator[Input]:
    """The inputs of a command line: URLs, files, folders (their files), and `-` (a list or one page)."""
    for given in arguments:
        if given == STDIN:
            if stdin_kind == "list":
                yield from list_inputs(stdin or ())
            else:
                yield Input(STDIN, item=Item(STDIN, data=stdin.read() if stdin is not None else b""))
        elif is_url(given):
            yield Input(given, url=given)
        else:
            for item in iter_items([given]):
                yield Input(item.source, item=item)


# -- the work for one input, in worker processes -------------------------------------------


def clean_fetched(page: Page, options: Options, save_raw: str | None) -> dict[str, Any]:
    """Save (with --save-raw) and clean one fetched page into its record. Runs in a worker."""
    extra = {"final_url": page.final_url, "status": page.status}
    if save_raw is not None:
        try:
            save_page(Path(save_raw), page.source, page.final_url, page.status, page.headers, page.body)
        except (OSError, ValueError) as error:
            return error_record(page.source, f"save_raw: cannot save the page: {error}", **extra)
    return clean_to_record(page.source, page.body, url=page.final_url, content_type=page.content_type, options=options, **extra)


def clean_local(item: Item, options: Options) -> dict[str, Any]:
    """Read and clean one local item into its record. Runs in a worker."""
    extra: dict[str, Any] = {"final_url": None, "status": None}
    try:
        data = read_item(item, options.max_bytes)
    except DeclutterError as error:
        return error_record(item.source, error.record_error(), **extra)
    return clean_to_record(item.source, data, url=item.url, content_type=item.content_type, options=options, **extra)


async def process_input(one: Input, fetcher: Fetcher, cleaners: Cleaners | InProcess, settings: UrlRunSettings) -> dict[str, Any]:
    """Fetch and clean one input into its record; never raises for a bad input."""
    try:
        return await _process_input(one, fetcher, cleaners, settings)
    except CleanerFailed as failure:
        return error_record(one.source, _failure_error(failure, settings), final_url=None, status=None)
    except Exception as error:  # a bug must not end the run: report it in the record
        return error_record(one.source, f"internal: {type(error).__name__}: {error}", final_url=None, status=None)


async def _process_input(one: Input, fetcher: Fetcher, cleaners: Cleaners | InProcess, settings: UrlRunSettings) -> dict[str, Any]:
    if one.error is not None:
        return error_record(one.source, one.error, final_url=None, status=None)
    if one.item is not None:
        return await cleaners.run(clean_local, one.item, settings.options)
    assert one.url is not None
    try:
        page = await fetcher.fetch(one.url)
    except FetchError as error:
        return error_record(one.source, error.record_error(), final_url=error.final_url, status=error.status)
    save_raw = str(settings.save_raw) if settings.save_raw is not None else None
    try:
        return await cleaners.run(clean_fetched, page, settings.options, save_raw)
    except CleanerFailed as failure:
        return error_record(one.source, _failure_error(failure, settings), final_url=page.final_url, status=page.status)


def _failure_error(failure: CleanerFailed, settings: UrlRunSettings) -> str:
    if failure.failure == TIMEOUT:
        return f"timeout: {failure.detail} (--timeout-per-doc {settings.timeout_per_doc:g}); its worker was killed and replaced"
    if failure.failure == CRASHED:
        return f"internal: {failure.detail}"
    return f"internal: cleaning raised {failure.detail}"


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
    """Iterate a blocking iterable (stdin lines) in a thread, without blocking the event loop."""
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


async def url_records(inputs: Iterable[Input], settings: UrlRunSettings) -> AsyncIterator[tuple[Input, dict[str, Any]]]:
    """(input, record) for every input, as they complete (see the module docstring)."""
    # Imported here, not at the top: the command line starts without the HTTP stack.
    from ..fetch.client import Fetcher

    cleaners = Cleaners(settings.jobs, timeout=settings.timeout_per_doc) if settings.jobs else InProcess()
    try:
        if isinstance(cleaners, Cleaners):
            cleaners.start()
        async with Fetcher(settings.fetch) as fetcher:
            work = functools.partial(process_input, fetcher=fetcher, cleaners=cleaners, settings=settings)
            async for pair in bounded_map(aiter_in_thread(inputs), work, settings.in_flight, settings.keep_order):
                yield pair
    finally:
        await cleaners.aclose()


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


def iter_url_records(inputs: Iterable[Input], settings: UrlRunSettings) -> Iterator[tuple[Input, dict[str, Any]]]:
    """url_records for synchronous callers: the event loop runs in a thread of its own, so a
    slow consumer (a pipe) slows the run down (bounded hand-off) instead of stalling the loop."""
    records = _Handoff(max(16, settings.in_flight))
    stop = threading.Event()
    running: list[tuple[asyncio.AbstractEventLoop, asyncio.Task[Any]]] = []

    async def produce() -> None:
        running.append((asyncio.get_running_loop(), asyncio.current_task()))  # type: ignore[arg-type]
        async for pair in url_records(inputs, settings):
            while records.full():
                if stop.is_set():
                    return
                await asyncio.sleep(0.005)
            records.put(pair)

    def run() -> None:
        try:
            asyncio.run(produce())
        except BaseException as error:  # raised again in the consumer's thread
            records.put_last(_Raised(error))
        finally:
            records.put_last(_END)

    thread = threading.Thread(target=run, name="declutter-fetch", daemon=True)
    thread.start()
    try:
        while True:
            entry = records.get()
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
