"""CPU time per page of clean_html on every corpus, in a fresh process and warm.

    python benchmarks/cpu_cost.py                         # every corpus, first 100 pages fresh
    python benchmarks/cpu_cost.py --corpus l3s-gn1 --fresh 50 --rounds 3

Each corpus is measured in a child process of its own, started for it: the pages are
decompressed into memory first (not timed), then, by CPU time (`time.process_time`, so the
machine's other load counts less than in wall time):

- `import`: `import declutter`, once;
- `fresh`: the first `--fresh` pages (in id order), the first pages the process cleans:
  what a CLI run or a new worker pays, lazy one-off loads included (phrase sets, the
  language model, parsers of libraries);
- `warm first`: the same pages again, in the same process: `fresh` minus this is the
  one-off cost spread over them;
- `warm all`: every page of the corpus, the best of `--rounds` rounds.

Figures are ms per page (import: ms). Compare them within one run or against a run on an
equally quiet machine; the ratio fresh / warm is what travels.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, run as a script

from corpus_io import default_corpora_dir, find_corpora, load_corpus


def _clean_all(clean: object, pages: list[tuple[bytes, str | None]], error: type[Exception]) -> float:
    """CPU seconds to clean every page (a page declutter rejects counts its time too)."""
    started = time.process_time()
    for html, url in pages:
        try:
            clean(html, url=url)  # type: ignore[operator]
        except error:
            pass
    return time.process_time() - started


def measure_child(corpus_path: Path, fresh: int, rounds: int) -> dict[str, float]:
    """Run in the child process: the figures of one corpus, in seconds."""
    corpus = load_corpus(corpus_path)
    pages = [(html, url) for _, html, url in corpus.items()]
    started = time.process_time()
    import declutter

    figures = {"pages": len(pages), "fresh_pages": min(fresh, len(pages)), "import": time.process_time() - started}
    first = pages[:fresh]
    figures["fresh"] = _clean_all(declutter.clean_html, first, declutter.DeclutterError)
    figures["warm_first"] = _clean_all(declutter.clean_html, first, declutter.DeclutterError)
    figures["warm_all"] = min(_clean_all(declutter.clean_html, pages, declutter.DeclutterError) for _ in range(rounds))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--corpus", action="append", help="a corpus to measure (repeatable); default: every one")
    parser.add_argument("--fresh", type=int, default=100, help="pages timed first in the fresh process")
    parser.add_argument("--rounds", type=int, default=2, help="rounds over the whole corpus, the best is kept")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # internal: measure this corpus, print JSON
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure_child(args.child, args.fresh, args.rounds)))
        return 0
    print("| corpus | pages | import ms | fresh ms/page (first N) | warm ms/page (same N) | warm ms/page (all) |\n|---|---:|---:|---:|---:|---:|")
    for path in find_corpora(args.corpora, args.corpus):
        command = [sys.executable, __file__, "--child", str(path), "--fresh", str(args.fresh), "--rounds", str(args.rounds)]
        figures = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        n = figures["fresh_pages"]
        print(
            f"| {path.name} | {figures['pages']} | {1000 * figures['import']:.0f} | {1000 * figures['fresh'] / n:.1f} (N={n}) "
            f"| {1000 * figures['warm_first'] / n:.1f} | {1000 * figures['warm_all'] / figures['pages']:.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
