"""Time (and peak memory) of one page as it grows, per shape: every shape must stay linear.

    python benchmarks/complexity.py [--n-scale 1.0] [--repeat 2] [--memory]

Each shape builds a page of size n, 2n and 4n and times clean_html on it (CPU time, the best of
`--repeat` runs, each in a fresh child process so that one shape's garbage does not weigh on
the next). It prints time(2n)/time(n) and time(4n)/time(2n): about 2 for a linear cost,
4 for a quadratic one. `--memory` also prints the child's peak RSS over its RSS before
cleaning, against the page's size in bytes, for a large page of table cells.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import time
from typing import Callable

WORDS = "The harbour authority confirmed on Monday that the old swing bridge will stay closed. "
PARAGRAPH = f"<p>{WORDS * 3}</p>"


def _page(body: str) -> bytes:
    return f"<html><head><title>Bridge</title></head><body>{body}</body></html>".encode()


SHAPES: dict[str, tuple[Callable[[int], bytes], int]] = {
    # (page of size n, base n)
    "nested divs, a paragraph a level (unclosed)": (lambda n: _page(f"<div>{PARAGRAPH}" * n), 400),
    "500 paragraphs below n nested divs": (lambda n: _page("<div>" * n + PARAGRAPH * 500 + "</div>" * n), 500),
    "nested tables, linked cells (unclosed)": (lambda n: _page(f"<table><tr><td><a href='/x'>link</a> {WORDS}" * n), 150),
    "table cells": (lambda n: _page("<table>" + f"<tr>{'<td>cell text, some words</td>' * 10}</tr>" * n + "</table>"), 1000),
    "class length (one non-ASCII char)": (lambda n: _page(f'<div class="{"a" * n}é">{PARAGRAPH * 20}</div>'), 1_000_000),
    "line length": (lambda n: _page("<p>" + "word " * n + "</p>"), 200_000),
    "sibling paragraphs": (lambda n: _page(PARAGRAPH * n), 1000),
    "sibling links in a list": (lambda n: _page(PARAGRAPH * 5 + "<ul>" + "<li><a href='/a'>a link</a></li>" * n + "</ul>"), 5000),
    "undeclared legacy bytes": (lambda n: b"<p>" + b"\xe9 " * 40 + b"a" * n + b"</p>", 500_000),
}


def _measure(shape: str, n: int, connection: object) -> None:
    import declutter

    page = SHAPES[shape][0](n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()  # CPU time: the machine's other load does not count
    try:
        declutter.clean_html(page)
    except declutter.DeclutterError as error:  # a page over the parser's depth cap, say
        print(f"  {shape}, n={n:,}: {error.record_error()}", flush=True)
    seconds = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    connection.send((seconds, len(page), (peak - before) * 1024))  # type: ignore[attr-defined]


def measure(shape: str, n: int, repeat: int) -> tuple[float, int, int]:
    """(best seconds, page bytes, peak bytes over the child's before cleaning) of one size."""
    results = []
    context = mp.get_context("spawn")
    for _ in range(repeat):
        parent, child = context.Pipe()
        process = context.Process(target=_measure, args=(shape, n, child))
        process.start()
        results.append(parent.recv())
        process.join()
    return min(r[0] for r in results), results[0][1], min(r[2] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n-scale", type=float, default=1.0, help="multiply every shape's base n")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--shape", action="append", help="only these shapes (by the start of the name)")
    parser.add_argument("--memory", action="store_true", help="peak memory of a large page of table cells")
    args = parser.parse_args()
    print("| shape | n | bytes (n) | s (n) | s (2n) | s (4n) | 2n/n | 4n/2n |\n|---|---:|---:|---:|---:|---:|---:|---:|")
    for shape, (_, base) in SHAPES.items():
        if args.shape and not any(shape.startswith(s) for s in args.shape):
            continue
        n = max(1, int(base * args.n_scale))
        timings = [measure(shape, size, args.repeat) for size in (n, 2 * n, 4 * n)]
        (t1, b1, _), (t2, _, _), (t4, _, _) = timings
        print(f"| {shape} | {n:,} | {b1:,} | {t1:.2f} | {t2:.2f} | {t4:.2f} | {t2 / t1:.1f} | {t4 / t2:.1f} |", flush=True)
    if args.memory:
        print("\n| page | bytes | peak RSS over before | x input |\n|---|---:|---:|---:|")
        for n in (1_000, 4_000):
            _, size, peak = measure("table cells", n * 10, 1)
            print(f"| {n * 10:,} rows of table cells | {size:,} | {peak / 1e6:,.0f} MB | {peak / size:.0f} |", flush=True)


if __name__ == "__main__":
    main()
