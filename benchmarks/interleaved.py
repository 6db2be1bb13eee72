"""Speed of declutter against an anchor, page by page interleaved, by CPU time: the ratio
that machine noise moves least.

    python benchmarks/interleaved.py                       # every corpus, every 2nd page
    python benchmarks/interleaved.py --step 1 --anchor trafilatura-fast
    python benchmarks/interleaved.py --variant "no-metadata-search:search_metadata=false"

quality.py times each extractor over a whole corpus in turn, by wall time: a burst of load
on this shared machine falls on one extractor's round and not the other's, and moves the
ratio by up to 0.3x between runs of the same code. Here the two extractors clean the same
page one after the other, their order swapped on every page, and each call is timed by the
process's CPU time (`time.process_time`): a slow spell slows both alike, and time spent
waiting for a core is not counted. The pages are decompressed into memory first and three
are cleaned untimed (imports, compiled patterns), and a text whose language declutter must
identify (its model loads on first use, 0.7 s of CPU, which a page may not ask for).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, run as a script

from corpus_io import default_corpora_dir, find_corpora, load_corpus
from extractors import EXTRACTORS, ExtractFunction, Extractor, declutter_variant

WARMUP_PAGES = 3
# No language declared: identifying it loads py3langid's model, outside the timed calls.
_UNDECLARED_TEXT = "The council approved the new ferry route across the harbour after two years of debate.\n" * 3


def _cpu_seconds(extract: ExtractFunction, html: bytes, url: str | None) -> float:
    start = time.process_time()
    try:
        extract(html, url)
    except Exception:  # quality.py counts errors; here a failing page costs what it cost
        pass
    return time.process_time() - start


def interleaved_seconds(first: ExtractFunction, second: ExtractFunction, items: list[tuple[str, bytes, str | None]]) -> tuple[float, float]:
    """CPU seconds of each extractor over the pages, the two run on each page in turn."""
    totals = [0.0, 0.0]
    for index, (_, html, url) in enumerate(items):
        order = (0, 1) if index % 2 == 0 else (1, 0)
        for which in order:
            totals[which] += _cpu_seconds((first, second)[which], html, url)
    return totals[0], totals[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir(), help="folder of corpora (env DECLUTTER_CORPORA)")
    parser.add_argument("--corpus", action="append", help="a corpus to measure (repeatable; default: every corpus)")
    parser.add_argument("--step", type=int, default=2, help="every Nth page of each corpus (default: 2)")
    parser.add_argument("--anchor", default="trafilatura", choices=[name for name, e in EXTRACTORS.items() if e.scored and name != "declutter"])
    parser.add_argument("--variant", help='a declutter variant instead of the default, "NAME:key=value[;key=value]"')
    args = parser.parse_args(argv)
    ours: Extractor = declutter_variant(args.variant) if args.variant else EXTRACTORS["declutter"]
    first, second = ours.build(), EXTRACTORS[args.anchor].build()
    import declutter

    declutter.clean_text(_UNDECLARED_TEXT)
    print(f"| corpus | pages | {ours.name} pages/CPU s | {args.anchor} pages/CPU s | ratio |")
    print("|---|---:|---:|---:|---:|")
    for path in find_corpora(args.corpora, args.corpus):
        items = load_corpus(path).items()[:: args.step]
        for _, html, url in items[:WARMUP_PAGES]:
            _cpu_seconds(first, html, url)
            _cpu_seconds(second, html, url)
        ours_s, anchor_s = interleaved_seconds(first, second, items)
        print(f"| {path.name} | {len(items)} | {len(items) / ours_s:.1f} | {len(items) / anchor_s:.1f} | {anchor_s / ours_s:.2f}x |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
