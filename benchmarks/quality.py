"""Quality and speed of declutter side by side with trafilatura and readability-lxml, in one run.

    python benchmarks/quality.py                        # every corpus, default extractors
    python benchmarks/quality.py --repeat 3 --json results.json
    python benchmarks/quality.py --corpus readability-testpages --limit 40 --extractors declutter,trafilatura
    python benchmarks/quality.py --extractors declutter --variant no-lorem:without=lorem   # ablation

For each corpus: the pages are decompressed into memory first; then every extractor runs
over the same pages in this process, one after the other, in rounds (A B C, then B C A, ...,
--repeat times) so machine noise falls on all of them alike; pages/s is the best round.
Quality is scored on the first round's outputs with the corpus's own score.py. An exception
on a page counts as empty output and is counted in the `errors` column.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import json
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, run as a script

from corpus_io import Corpus, default_corpora_dir, find_corpora, load_corpus, score_outputs
from extractors import EXTRACTORS, ExtractFunction, Extractor, declutter_variant, parse_extractor_names

WARMUP_PAGES = 3  # run untimed first, so lazy imports and caches don't land in the first round
RATIO_BASES = ("trafilatura", "readability-lxml")


@dataclass
class Run:
    """One extractor on one corpus: outputs of the first round, the time of every round."""

    name: str
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # page id -> "Type: message"


def run_pass(extract: ExtractFunction, items: list[tuple[str, bytes, str | None]], run: Run, keep: bool) -> float:
    """Extract every page once; return the wall time. Keeps outputs and errors when `keep`."""
    outputs: dict[str, str] = {}
    errors: dict[str, str] = {}
    gc.collect()
    start = time.perf_counter()
    for page_id, html, url in items:
        try:
            outputs[page_id] = extract(html, url) or ""
        except Exception as error:  # one bad page must not end the benchmark: counted as empty output
            outputs[page_id] = ""
            errors[page_id] = f"{type(error).__name__}: {error}"[:200]
    elapsed = time.perf_counter() - start
    if keep:
        run.outputs, run.errors = outputs, errors
    return elapsed


def bench_corpus(corpus: Corpus, extractors: dict[str, Extractor], repeat: int) -> dict[str, Any]:
    """Time and score every extractor on one corpus; the JSON-ready result."""
    items = corpus.items()
    names = list(extractors)
    functions = {name: extractors[name].build() for name in names}
    for name in names:
        for _, html, url in items[:WARMUP_PAGES]:
            with contextlib.suppress(Exception):  # errors are counted in the timed rounds, not here
                functions[name](html, url)
    runs = {name: Run(name) for name in names}
    for round_number in range(repeat):
        # Rotate the order each round: no extractor always runs first (cold caches) or last.
        order = names[round_number % len(names):] + names[: round_number % len(names)]
        for name in order:
            seconds = run_pass(functions[name], items, runs[name], keep=round_number == 0)
            runs[name].seconds.append(seconds)
            print(f"  {corpus.name} round {round_number + 1}/{repeat}: {name} {len(items) / seconds:.1f} pages/s", file=sys.stderr)
    results: dict[str, Any] = {}
    for name, run in runs.items():
        best = min(run.seconds)
        entry: dict[str, Any] = {
            "version": extractors[name].version(),
            "pages_per_s": len(items) / best,
            "seconds_best": best,
            "seconds_rounds": run.seconds,
            "errors": len(run.errors),
            "error_examples": dict(list(run.errors.items())[:5]),
        }
        if extractors[name].scored:
            entry.update({key: value for key, value in score_outputs(corpus, run.outputs).items() if key != "pages"})
            entry["empty_outputs"] = sum(1 for text in run.outputs.values() if not text.strip())
        results[name] = entry
    for entry in results.values():
        for base in RATIO_BASES:
            if base in results:
                entry[f"speed_vs_{base}"] = entry["pages_per_s"] / results[base]["pages_per_s"]
    return {"corpus": corpus.name, "pages": len(items), "truth": corpus.truth_kind, "complete": corpus.complete, "extractors": results}


def markdown_table(result: dict[str, Any]) -> str:
    """The per-corpus Markdown table: quality, speed, ratios, errors."""
    bases = [base for base in RATIO_BASES if base in result["extractors"]]
    header = ["extractor", "F1", "precision", "recall", "pages/s", *(f"speed vs {base}" for base in bases), "errors"]
    lines = [
        f"### {result['corpus']} ({result['pages']} pages{'' if result['complete'] else ', slice'}, {result['truth']} truth)",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|",
    ]
    for name, entry in result["extractors"].items():
        quality = [f"{entry[key]:.3f}" if key in entry else "—" for key in ("f1", "precision", "recall")]
        ratios = [f"{entry[f'speed_vs_{base}']:.2f}x" for base in bases]
        label = f"{name} {entry['version']}"
        lines.append("| " + " | ".join([label, *quality, f"{entry['pages_per_s']:.1f}", *ratios, str(entry["errors"])]) + " |")
    return "\n".join(lines)


def environment() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir(), help="folder of corpora (default: %(default)s; env DECLUTTER_CORPORA)")
    parser.add_argument("--corpus", action="append", help="only this corpus (repeatable; default: every corpus in --corpora)")
    parser.add_argument("--extractors", help=f"comma-separated subset of {', '.join(EXTRACTORS)} (default: all but trafilatura-fast)")
    parser.add_argument("--limit", type=int, help="only the first N pages of each corpus, by id (smoke runs)")
    parser.add_argument("--repeat", type=int, default=1, help="timing rounds; pages/s is the best round (default: %(default)s)")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME:KEY=VALUE[;KEY=VALUE]",
                        help="add a declutter row with other Options, e.g. no-lorem:without=lorem (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    args = parser.parse_args(argv)

    extractors = {name: EXTRACTORS[name] for name in parse_extractor_names(args.extractors)}
    for spec in args.variant:
        variant = declutter_variant(spec)
        variant.build()  # a bad setting fails now, not after the corpora are loaded
        extractors[variant.name] = variant
    corpus_paths = find_corpora(args.corpora, args.corpus)
    if not corpus_paths:
        raise SystemExit(f"no corpus found in {args.corpora} (set --corpora or DECLUTTER_CORPORA)")
    report: dict[str, Any] = {"environment": environment(), "repeat": args.repeat, "limit": args.limit, "corpora": []}
    print(f"python {report['environment']['python']} on {report['environment']['machine']}; "
          f"best of {args.repeat} round(s); {', '.join(f'{n} {e.version()}' for n, e in extractors.items())}\n")
    for path in corpus_paths:
        corpus = load_corpus(path, args.limit)
        result = bench_corpus(corpus, extractors, max(1, args.repeat))
        report["corpora"].append(result)
        print(markdown_table(result) + "\n", flush=True)
        for name, entry in result["extractors"].items():
            for page_id, message in entry["error_examples"].items():
                print(f"  {name} failed on {page_id}: {message}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf8")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
