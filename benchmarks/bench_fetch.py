"""Fetching benchmark: declutter's URL path against its bounds, side by side in one run.

1. Fetch only: N URLs over 8 loopback hosts (127.0.0.1 .. 127.0.0.8), each response delayed
   100 ms, real pages (trafilatura-eval, cycled). Wall time against the bound
   N x latency / concurrency (target <= 1.25x).
2. Fetch + clean (the real driver: fetcher + worker processes) against offline cleaning of the
   same pages with the same number of worker processes (target >= 0.9x).
3. Memory: peak RSS of the whole `declutter clean -` process tree (main + workers) for a
   100,000-URL list of a tiny page, no delay, next to a list 10x shorter (target: flat, < 300 MB).
4. Fetch stack A/B: the fetcher as it is (requests straight to its per-host httpcore pools)
   against the same fetcher sending them through `httpx.AsyncClient`, whose transport
   (httpx's own) hands each to the same per-host pools (same limits, network backend, error
   kinds). Fetch only, the two alternated in one run; the fetching process's CPU per page
   (getrusage) and pages/s, and whether both fetched the same pages.

    python benchmarks/bench_fetch.py [--urls 1000] [--memory-urls 100000] [--jobs 2] [--ab-runs 4] [--only-ab]

The server is tests/fault_server.py, run as its own process so it does not share the GIL
or the measured process tree.
"""
from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import gzip
import hashlib
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

from declutter import Options, clean_to_record
from declutter.fetch.client import Fetcher, FetchError, FetchOptions, Page, _cookie_header
from declutter.run.driver import Input, RunSettings, aiter_in_thread, bounded_map, iter_records

ROOT = Path(__file__).resolve().parents[1]
SERVER = ROOT / "tests" / "fault_server.py"
HOSTS = [f"127.0.0.{n}" for n in range(1, 9)]
LATENCY = 0.1


def default_corpus() -> Path:
    for base in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if (base / "corpora").is_dir():
            return base / "corpora" / "trafilatura-eval" / "pages"
    return ROOT.parent / "shared" / "corpora" / "trafilatura-eval" / "pages"


class Server:
    """tests/fault_server.py in a subprocess, listening on the 8 loopback hosts."""

    def __init__(self, delay_ms: float, corpus: Path | None = None) -> None:
        command = [sys.executable, str(SERVER), "--port", "0", "--delay-ms", str(delay_ms)]
        for host in HOSTS:
            command += ["--host", host]
        if corpus is not None:
            command += ["--corpus", str(corpus)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        self.bases = [self.process.stdout.readline().split()[1] for _ in HOSTS]

    def urls(self, path: str, count: int) -> list[str]:
        return [f"{self.bases[i % len(self.bases)]}{path}{i}" for i in range(count)]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def fetch_only(urls: list[str], options: FetchOptions) -> tuple[float, int]:
    """Wall time to fetch every URL through the driver's bounded streaming, no cleaning."""

    async def run() -> int:
        failures = 0
        async with Fetcher(options) as fetcher:
            async def work(url: str) -> bool:
                try:
                    await fetcher.fetch(url)
                    return True
                except FetchError:
                    return False

            window = max(64, options.concurrency * 4)
            async for _, ok in bounded_map(aiter_in_thread(urls), work, window):
                failures += not ok
        return failures

    start = time.perf_counter()
    failures = asyncio.run(run())
    return time.perf_counter() - start, failures


class _PoolRouter:
    """The pool interface httpx's transport sends to, over the fetcher's per-host pools."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher

    async def handle_async_request(self, request: Any) -> Any:
        assert self.fetcher._pools is not None
        return await self.fetcher._pools.request(request)

    async def aclose(self) -> None:  # the fetcher closes its pools
        pass


def _httpcore_error(error: httpx.TransportError) -> BaseException:
    """The httpcore error httpx's transport mapped (it raises httpx's `from` httpcore's), so
    the fetcher's handling, written for httpcore's errors, gives the same kinds."""
    return error.__cause__ if isinstance(error.__cause__, Exception) else error


class _HttpxResponse:
    """httpx's Response, its body's transport errors given back as httpcore's."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.extensions = response.extensions

    async def aiter_raw(self) -> Any:
        try:
            async for chunk in self.response.aiter_raw():
                yield chunk
        except httpx.TransportError as error:
            raise _httpcore_error(error) from None

    async def aclose(self) -> None:
        await self.response.aclose()


class HttpxClientFetcher(Fetcher):
    """B: the fetcher with each request built and sent by httpx.AsyncClient (its Request,
    URL, Headers and Response models; httpx's transport), to the same per-host pools."""

    async def __aenter__(self) -> HttpxClientFetcher:
        await super().__aenter__()
        transport = httpx.AsyncHTTPTransport()
        transport._pool = _PoolRouter(self)  # type: ignore[assignment]  # httpx's transport, our pools
        options = self.options
        timeout = httpx.Timeout(connect=options.connect_timeout, read=options.read_timeout, write=options.read_timeout, pool=None)
        self._client = httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False, trust_env=False)
        return self

    async def aclose(self) -> None:
        await self._client.aclose()
        await super().aclose()

    async def _open(self, url: httpx.URL, cookies: httpx.Cookies | None = None) -> Any:
        headers = [(b"Host", url.netloc), *self._headers]
        if cookies is not None and cookies.jar:
            headers += _cookie_header(cookies, url)
        request = self._client.build_request("GET", url, headers=headers)
        try:
            response = await self._client.send(request, stream=True)
        except httpx.TransportError as error:
            raise _httpcore_error(error) from None
        return _HttpxResponse(response)


def _page_digest(page: Page) -> tuple[str, str, int, str]:
    return page.source, page.final_url, page.status, hashlib.sha1(page.body).hexdigest()


def fetch_pages(urls: list[str], options: FetchOptions, fetcher_class: type[Fetcher]) -> tuple[float, float, dict[str, Any]]:
    """Wall time, the process's CPU time (user + system, getrusage) and each URL's page (or
    its error kind) when `fetcher_class` fetches every URL, as fetch_only does."""

    async def run() -> dict[str, Any]:
        results: dict[str, Any] = {}
        async with fetcher_class(options) as fetcher:
            async def work(url: str) -> None:
                try:
                    results[url] = _page_digest(await fetcher.fetch(url))
                except FetchError as error:
                    results[url] = error.record_error()

            async for _ in bounded_map(aiter_in_thread(urls), work, max(64, options.concurrency * 4)):
                pass
        return results

    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    results = asyncio.run(run())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    return wall, (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime), results


def fetch_stack_ab(urls: list[str], options: FetchOptions, runs: int) -> list[tuple[str, str, str]]:
    """The A/B rows: each variant `runs` times, alternated (A B B A A B ...), fetch only."""
    variants = {"httpcore pools (as is)": Fetcher, "httpx.AsyncClient": HttpxClientFetcher}
    measured: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    pages: dict[str, dict[str, Any]] = {}
    for fetcher_class in variants.values():  # warm up both
        fetch_pages(urls[:64], options, fetcher_class)
    order = list(variants)
    for run in range(runs):
        for name in order if run % 2 == 0 else reversed(order):
            wall, cpu, results = fetch_pages(urls, options, variants[name])
            measured[name].append((wall, cpu))
            pages.setdefault(name, results)
    rows = []
    for name, values in measured.items():
        cpu_ms = sorted(1000 * cpu / len(urls) for _, cpu in values)
        rates = sorted(len(urls) / wall for wall, _ in values)
        rows.append((f"A/B {name}: CPU / page", f"{cpu_ms[len(cpu_ms) // 2]:.3f} ms", "median; runs " + ", ".join(f"{v:.3f}" for v in cpu_ms)))
        rows.append((f"A/B {name}: pages/s", f"{rates[len(rates) // 2]:.0f}", "median; runs " + ", ".join(f"{v:.0f}" for v in rates)))
    first, second = pages.values()
    same = sum(first[url] == second.get(url) for url in first)
    rows.append(("A/B: same page or error for each URL", f"{same} of {len(first)}", "URL, final URL, status, body digest"))
    return rows


def fetch_and_clean(urls: list[str], settings: RunSettings) -> tuple[float, int]:
    start = time.perf_counter()
    failed = sum("error" in record and not record["error"].startswith(("not_html", "empty")) for _, record, _ in iter_records((Input(u, url=u) for u in urls), settings))
    return time.perf_counter() - start, failed


def _clean_one(args: tuple[str, bytes]) -> dict[str, Any]:
    return clean_to_record(args[0], args[1], options=Options())


def offline_clean(pages: list[bytes], jobs: int) -> float:
    """Wall time to clean the same pages from memory with `jobs` worker processes."""
    start = time.perf_counter()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["declutter.core.pipeline"])
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
        for _ in pool.map(_clean_one, ((str(i), page) for i, page in enumerate(pages)), chunksize=4):
            pass
    return time.perf_counter() - start


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def peak_rss_of_cli(urls_file: Path, jobs: int, output: Path) -> tuple[int, float, int]:
    """Run `declutter clean - < urls_file`; peak RSS of its process tree, wall time, records."""
    command = [str(Path(sys.executable).parent / "declutter"), "clean", "-", "-f", "jsonl", "-o", str(output), "--force", "-j", str(jobs), "--ok-on-errors"]
    peak = 0
    start = time.perf_counter()
    with open(urls_file, "rb") as stdin:
        process = subprocess.Popen(command, stdin=stdin, stderr=subprocess.PIPE)
        watched = psutil.Process(process.pid)
        stderr: list[bytes] = []
        reader = threading.Thread(target=lambda: stderr.append(process.stderr.read()))  # type: ignore[union-attr]
        reader.start()
        while process.poll() is None:
            try:
                peak = max(peak, tree_rss(watched))
            except psutil.Error:
                pass
            time.sleep(0.1)
        reader.join()
    wall = time.perf_counter() - start
    with open(output, "rb") as written:
        count = sum(1 for _ in written)
    summary = b"".join(stderr).decode().strip().splitlines()
    print(f"    {summary[-1] if summary else '(no summary)'}", flush=True)
    return peak, wall, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--memory-urls", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--repeat", type=int, default=2, help="runs of each timed part (the best is reported)")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--ab-runs", type=int, default=4, help="runs of each fetch stack in the A/B (default: %(default)s)")
    parser.add_argument("--only-ab", action="store_true", help="run the fetch stack A/B alone")
    args = parser.parse_args()
    options = FetchOptions()
    rows: list[tuple[str, str, str]] = []
    load_at_start = os.getloadavg()[0]
    if args.only_ab:
        _print_rows(_fetch_stack_rows(args, options), load_at_start)
        return

    print(f"corpus {args.corpus}, {args.urls} URLs over {len(HOSTS)} hosts, {LATENCY * 1000:.0f} ms each, concurrency {options.concurrency} (per host {options.per_host}), {args.jobs} cleaning workers", flush=True)
    server = Server(LATENCY * 1000, args.corpus)
    try:
        urls = server.urls("/corpus/", args.urls)
        fetch_only(urls[:64], options)  # warm up: connections, server threads
        # Best of several runs: the machine is shared, and the best run is the least disturbed.
        runs = [fetch_only(urls, options) for _ in range(args.repeat + 1)]
        wall, failures = min(runs)
        bound = args.urls * LATENCY / options.concurrency
        rows.append(("fetch only: wall time", f"{wall:.2f} s ({failures} failed)", f"bound {bound:.2f} s; best of {len(runs)}: " + ", ".join(f"{w:.2f}" for w, _ in runs)))
        rows.append(("fetch only: wall / bound", f"{wall / bound:.2f}x", "<= 1.25x"))

        files = sorted(args.corpus.glob("*.html.gz"))
        pages = [gzip.decompress(files[i % len(files)].read_bytes()) for i in range(args.urls)]
        settings = RunSettings(fetch=options, jobs=args.jobs)
        offline_runs, online_runs = [], []
        server_process = psutil.Process(server.process.pid)
        server_cpu = []
        for _ in range(args.repeat):  # alternated, so both see the same machine
            offline_runs.append(offline_clean(pages, args.jobs))
            before = sum(server_process.cpu_times()[:2])
            online_runs.append(fetch_and_clean(urls, settings))
            server_cpu.append(sum(server_process.cpu_times()[:2]) - before)
        offline = min(offline_runs)
        online, failed = min(online_runs)
        rows.append(("offline clean, same pages", f"{args.urls / offline:.1f} pages/s", f"{args.jobs} workers; runs: " + ", ".join(f"{args.urls / w:.1f}" for w in offline_runs)))
        rows.append(("fetch + clean", f"{args.urls / online:.1f} pages/s", f"{args.jobs} workers; runs: " + ", ".join(f"{args.urls / w:.1f}" for w, _ in online_runs) + f"; {failed} failed"))
        rows.append(("fetch + clean / offline", f"{offline / online:.2f}x", ">= 0.9x"))
        # The test server shares the 2 cores with declutter here: its CPU is taken from cleaning.
        cores = os.cpu_count() or 1
        share = min(server_cpu) / (cores * online)
        rows.append(("test server's CPU during fetch + clean", f"{min(server_cpu):.2f} s", f"{share:.0%} of the {cores} cores over the run (not declutter's work)"))
    finally:
        server.stop()

    if not args.skip_memory:
        server = Server(0)
        try:
            with tempfile.TemporaryDirectory() as temporary:
                folder = Path(temporary)
                results = {}
                for count in (args.memory_urls // 10, args.memory_urls):
                    urls_file = folder / f"urls-{count}.txt"
                    urls_file.write_text("\n".join(server.urls("/tiny/", count)) + "\n")
                    print(f"  memory run: {count:,} URLs ...", flush=True)
                    peak, wall, written = peak_rss_of_cli(urls_file, args.jobs, folder / "out.jsonl")
                    results[count] = peak
                    rows.append((f"peak RSS, {count:,} URLs (process tree)", f"{peak / 2**20:.0f} MB", f"{written:,} records in {wall:.0f} s"))
                small, large = results[args.memory_urls // 10], results[args.memory_urls]
                rows.append(("peak RSS ratio, 10x more URLs", f"{large / small:.2f}x", "flat; < 300 MB"))
        finally:
            server.stop()

    if args.ab_runs:
        rows += _fetch_stack_rows(args, options)
    _print_rows(rows, load_at_start)


def _fetch_stack_rows(args: argparse.Namespace, options: FetchOptions) -> list[tuple[str, str, str]]:
    """The fetch stack A/B's rows, against a loopback server of its own."""
    server = Server(LATENCY * 1000, args.corpus)
    try:
        return fetch_stack_ab(server.urls("/corpus/", args.urls), options, args.ab_runs)
    finally:
        server.stop()


def _print_rows(rows: list[tuple[str, str, str]], load_at_start: float) -> None:
    rows.append(("load average (1 min) at start / end", f"{load_at_start:.1f} / {os.getloadavg()[0]:.1f}", f"{os.cpu_count()} cores, shared"))
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    print()
    print(f"| {'measure':{width}} | {'value':{value_width}} | note |")
    print(f"|{'-' * (width + 2)}|{'-' * (value_width + 2)}|------|")
    for name, value, note in rows:
        print(f"| {name:{width}} | {value:{value_width}} | {note} |")


if __name__ == "__main__":
    main()
