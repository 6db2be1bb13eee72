"""CPU time of declutter per page, by corpus and by stage: what a speed change saved.

    python benchmarks/cost.py                          # every corpus, best of 3 rounds
    python benchmarks/cost.py --corpus dragnet-train --rounds 5
    python benchmarks/cost.py --json cost.json         # the figures, to compare two branches
    python benchmarks/cost.py --part declutter.core.filters.threads:_date_stamps   # one more row

Pages are decompressed into memory first and cleaned once untimed (warm caches, compiled
patterns, the language model). Then every page is cleaned in each round, and each part is
timed by CPU time (`time.process_time`): a machine shared with other jobs skews it far less
than wall time, so two runs on a busy machine still compare. The best round of each part
is kept (its least disturbed figure), in ms per page.

The parts are the pipeline's stages and, inside them, the filters and helpers that cost
the most (PARTS): each function is wrapped with a timer wherever declutter's modules refer
to it, so a part's time is inclusive of what it calls (the rows nest: the comments filter
is part of the DOM filters). The wrappers cost well under a microsecond a call, far below
the stages they time; no profiler runs.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, run as a script

from corpus_io import default_corpora_dir, find_corpora, load_corpus

# (module, function, label): indented labels are parts of the stage above them
PARTS = (
    ("declutter.core.decode", "decode_page", "decode"),
    ("declutter.core.decode", "decode_html", "decode"),  # what the pipeline called before decode_page
    ("declutter.core.repair", "parse_repaired", "parse (sanitise, lxml, repair)"),
    ("declutter.core.metadata", "extract_metadata", "metadata"),
    ("declutter.core.dom", "flatten_deep_elements", "bound the tree: depth"),
    ("declutter.core.dom", "cut_long_class_names", "bound the tree: class names"),
    ("declutter.core.filters.patterns", "CandidateFinder.find", "candidates (one walk, which checks class names)"),
    ("declutter.core.filters.registry", "run_dom_filters", "DOM filters"),
    ("declutter.core.filters.comments", "remove_comments", "  comments"),
    ("declutter.core.filters.threads", "remove_dated_runs", "    dated runs"),
    ("declutter.core.filters.related", "remove_related", "  related"),
    ("declutter.core.filters.chrome", "remove_chrome", "  chrome"),
    ("declutter.core.filters.captions", "remove_captions", "  captions"),
    ("declutter.core.content", "select_content", "content selection"),
    ("declutter.core.readability", "readability_article", "  readability"),
    ("declutter.core.blocks", "node_blocks", "  blocks"),
    ("declutter.core.filters.registry", "run_text_filters", "text filters"),
    ("declutter.core.render", "render_text", "render"),
    ("declutter.core.render", "render_markdown", "render"),
    ("declutter.core.language", "resolve_language", "language"),
)
WARM_UP_PAGES = 3


def _wrap_everywhere(module_name: str, name: str, timer: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
    """Replace the function `name` of `module_name` by `timer(function)` in that module and
    in every declutter module that imported it by name (`from .x import name`). A dotted
    name ("Class.method") replaces the method on its class."""
    home = importlib.import_module(module_name)
    if "." in name:
        class_name, method = name.split(".", 1)
        owner = getattr(home, class_name)
        setattr(owner, method, timer(getattr(owner, method)))
        return
    original = getattr(home, name)
    wrapped = timer(original)
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("declutter") and getattr(module, name, None) is original:
            setattr(module, name, wrapped)
    # the DOM and text filters are also held in the registry's tables, by value
    registry = importlib.import_module("declutter.core.filters.registry")
    for table in (registry.DOM_FILTERS, registry.TEXT_FILTERS):
        for key, function in table.items():
            if function is original:
                table[key] = wrapped


def install_timers(seconds: Counter[str], parts: tuple[tuple[str, str, str], ...] = PARTS) -> None:
    """Wrap every part of PARTS so that its CPU time adds up in `seconds`, by label. A part
    that calls itself (or another wrapper of the same label) is counted once."""
    running: Counter[str] = Counter()

    def timer_for(label: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def timer(function: Callable[..., Any]) -> Callable[..., Any]:
            def timed(*args: Any, **kwargs: Any) -> Any:
                if running[label]:
                    return function(*args, **kwargs)
                running[label] += 1
                start = time.process_time()
                try:
                    return function(*args, **kwargs)
                finally:
                    seconds[label] += time.process_time() - start
                    running[label] -= 1
            return timed
        return timer

    import declutter  # noqa: F401  (loads every module the parts live in)
    for module_name, name, label in parts:
        try:
            _wrap_everywhere(module_name, name, timer_for(label))
        except AttributeError:  # a part another checkout (PYTHONPATH) does not have
            continue


def measure(pages: list[tuple[str, bytes, str | None]], rounds: int, seconds: Counter[str]) -> tuple[float, dict[str, float]]:
    """CPU seconds of the best round over `pages`, and of each part its best round (the
    timers install_timers put in add up in `seconds`)."""
    import declutter

    extractor = declutter.Extractor()  # after install_timers: its filter plan holds the wrappers

    def clean_all() -> float:
        start = time.process_time()
        for _, html, url in pages:
            try:
                extractor.clean_html(html, url=url)
            except declutter.DeclutterError:
                pass  # a rejected page still costs what it cost
        return time.process_time() - start

    for _, html, url in pages[:WARM_UP_PAGES]:
        try:
            extractor.clean_html(html, url=url)
        except declutter.DeclutterError:
            pass
    extractor.clean_html(b"<p>" + b"A page that declares no language, so it is identified. " * 10 + b"</p>")
    best_total = float("inf")
    best_parts: dict[str, float] = {}
    for _ in range(rounds):
        seconds.clear()
        best_total = min(best_total, clean_all())
        for label, value in seconds.items():
            best_parts[label] = min(best_parts.get(label, float("inf")), value)
    return best_total, best_parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir(), help="folder of corpora (default: %(default)s; env DECLUTTER_CORPORA)")
    parser.add_argument("--corpus", action="append", help="a corpus to measure (repeatable; default: every corpus)")
    parser.add_argument("--limit", type=int, help="only the first N pages of each corpus, by id")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per corpus, the best of each part is kept (default: %(default)s)")
    parser.add_argument("--part", action="append", default=[], metavar="MODULE:FUNCTION", help="also time this function (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    parts = PARTS + tuple((module, name, f"{name} (--part)") for module, name in (part.split(":") for part in args.part))
    seconds: Counter[str] = Counter()
    install_timers(seconds, parts)
    corpora = [load_corpus(path, args.limit) for path in find_corpora(args.corpora, args.corpus)]
    results: dict[str, dict[str, float]] = {}
    for corpus in corpora:
        pages = corpus.items()
        total, best = measure(pages, args.rounds, seconds)
        results[corpus.name] = {"total": 1000 * total / len(pages), **{label: 1000 * value / len(pages) for label, value in best.items()}}
        print(f"{corpus.name}: {len(pages)} pages, {results[corpus.name]['total']:.2f} CPU ms/page (best of {args.rounds})", flush=True)

    labels = list(dict.fromkeys(label for _, _, label in parts))
    names = list(results)
    print("\nCPU ms per page (best round of each part; indented rows are parts of the row above)\n")
    print("| part | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    print("| **total** | " + " | ".join(f"**{results[name]['total']:.2f}**" for name in names) + " |")
    for label in labels:
        if any(label in results[name] for name in names):
            print(f"| {label.replace('  ', '&nbsp;&nbsp;')} | " + " | ".join(f"{results[name].get(label, 0.0):.2f}" for name in names) + " |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
