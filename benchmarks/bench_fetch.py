"""Fetching benchmark: declutter's URL path against its bounds, side by side in one run.

1. Fetch only: N URLs over 8 loopback hosts (127.0.0.1 .. 127.0.0.8), each response delayed
   100 ms, real pages (trafilatura-eval, cycled). Wall time against the bound
   N x latency / concurrency (target <= 1.25x).
2. Fetch + clean (the real driver: fetcher + worker processes) against offline cleaning of the
   same pages with the same number of worker processes (target >= 0.9x).
3. Memory: peak RSS of the whole `declutter clean -` process tree (main + workers) for a
   100,000-URL list of a tiny page, no delay, next to a list 10x shorter (target: flat, < 300 MB).

    python benchmarks/bench_fetch.py [--urls 1000] [--memory-urls 100000] [--jobs 2]

The server is tests/fault_server.py, run as its own process so it does not share the GIL
or the measured process tree.
"""
from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import gzip
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from declutter import Options, clean_to_record
from declutter.fetch.client import Fetcher, FetchError, FetchOptions
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
    args = parser.parse_args()
    options = FetchOptions()
    rows: list[tuple[str, str, str]] = []
    load_at_start = os.getloadavg()[0]

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
