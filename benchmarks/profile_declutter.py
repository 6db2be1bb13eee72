"""Where declutter spends its time: cProfile over a corpus, by function, by stage, by code owner.

    python benchmarks/profile_declutter.py                          # trafilatura-eval, every page
    python benchmarks/profile_declutter.py --corpus readability-testpages --limit 50 --top 40
    python benchmarks/profile_declutter.py --save declutter.prof    # for snakeviz / pstats

Pages are decompressed into memory first; only the clean_html calls run under the profiler.
Printed: the top functions by cumulative and by own (total) time; the time of each stage
(each call clean_html makes directly: parse, metadata, DOM filters, readability, text
filters, render, ... inclusive of what they call, so this follows the pipeline as it
changes); and own time grouped by code owner (lxml, readability-lxml, declutter's filters,
declutter's other modules, the regex engine, the rest). cProfile adds a cost to every Python
call, so Python-heavy code looks somewhat slower next to C (lxml, re) than it really is.

(Not named profile.py: run as a script, its folder comes first on sys.path, and a
profile.py there would shadow the standard library module that cProfile imports.)
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, run as a script

from corpus_io import default_corpora_dir, find_corpora, load_corpus

FunctionKey = tuple[str, int, str]  # (file, line, name), as pstats keys functions


def owner(function: FunctionKey) -> str:
    """Which body of code a function belongs to, from its file path (or builtin's name)."""
    path, _, name = function
    path = path.replace("\\", "/")
    if path == "~":  # builtins and C extension functions: tell them apart by their name
        if "lxml" in name:
            return "lxml (C)"
        if "re.Pattern" in name or "_sre" in name or name.startswith("<built-in method _sre"):
            return "regex engine (re)"
        return "Python builtins"
    if "/declutter/" in path:
        return "declutter/" + path.rsplit("/declutter/", 1)[1]
    for package, label in (("/readability/", "readability-lxml"), ("/lxml/", "lxml (Python)"), ("/lxml_html_clean/", "lxml (Python)"),
                           ("/bs4/", "beautifulsoup4"), ("/charset_normalizer/", "charset-normalizer")):
        if package in path:
            return label
    if "/re/" in path or path.endswith(("/re.py", "sre_compile.py", "sre_parse.py")):
        return "regex engine (re)"
    return "other Python"


WARM_UP_PAGES = 3  # cleaned before the profiler starts
MIN_SHARE = 0.002  # calls below this share of the time are summed into one row


def _label(function: FunctionKey) -> str:
    return f"{Path(function[0]).stem}.{function[2]}" if function[0] != "~" else function[2]


def _callees(raw: dict[FunctionKey, Any]) -> dict[FunctionKey, list[tuple[FunctionKey, float]]]:
    """Each function's callees, with the inclusive time of each call edge."""
    callees: dict[FunctionKey, list[tuple[FunctionKey, float]]] = {}
    for function, (_, _, _, _, callers) in raw.items():
        for caller, edge in callers.items():
            callees.setdefault(caller, []).append((function, edge[3]))
    return callees


def _in_module(module: str) -> Callable[[FunctionKey], bool]:
    """Whether a function is defined in declutter's `module` (a path such as "core/content.py")."""
    return lambda function: function[0].replace("\\", "/").endswith("/declutter/" + module)


def callee_times(
    stats: pstats.Stats, caller_name: str, total: float, expand: Callable[[FunctionKey], bool] = lambda _: False
) -> list[tuple[str, float]]:
    """Inclusive time of each function that declutter's `caller_name` calls, plus its own
    time; tiny calls summed in one row. Empty when no such caller ran.

    A callee `expand` says yes to (a helper in the caller's module) is replaced by what it
    calls, in turn: its time is shared out in proportion when it is called from elsewhere
    too, and its own time joins the caller's."""
    raw: dict[FunctionKey, Any] = stats.stats  # type: ignore[attr-defined]
    named = [f for f in raw if f[2] == caller_name and "/declutter/" in f[0].replace("\\", "/")]
    if not named:
        return []
    callees = _callees(raw)
    # two functions may share the name (the clean_html shortcut and Extractor.clean_html):
    # the one that runs the stages calls the most functions
    entry = max(named, key=lambda candidate: len(callees.get(candidate, [])))
    times: Counter[str] = Counter()
    own = raw[entry][2]

    def walk(function: FunctionKey, share: float, path: frozenset[FunctionKey]) -> None:
        nonlocal own
        for callee, cumulative in callees.get(function, []):
            seconds = cumulative * share
            if expand(callee) and callee not in path and raw[callee][3]:
                callee_share = seconds / raw[callee][3]
                own += raw[callee][2] * callee_share
                walk(callee, callee_share, path | {callee})
            else:
                times[_label(callee)] += seconds

    walk(entry, 1.0, frozenset({entry}))
    rows = [(label, seconds) for label, seconds in times.most_common() if seconds >= MIN_SHARE * total]
    rows.append((f"{caller_name} (own code)", own))
    if small := sum(seconds for seconds in times.values() if seconds < MIN_SHARE * total):
        rows.append((f"other calls (each < {MIN_SHARE:.1%})", small))
    return rows


# The pipeline's stages, by the function that clean_html (or a helper of it in pipeline.py) calls.
STAGE_OF = {
    "decode_page": "decode",
    "parse_repaired": "parse (sanitise, lxml, repair)",
    "extract_metadata": "metadata",
    "sanitise_fields": "metadata (sanitise)",
    "sanitise_text": "metadata (sanitise)",
    "flatten_deep_elements": "bound the tree (depth, class names)",
    "cut_long_class_names": "bound the tree (depth, class names)",
    "find": "candidates (one walk, which checks class names)",
    "run_dom_filters": "DOM filters",
    "select_content": "content selection",
    "note_left_out": "--explain: what selection left out",
    "run_text_filters": "text filters",
    "drop_template_blocks": "site templates",
    "render_text": "render",
    "render_markdown": "render",
    "resolve_language": "language",
}
# Shown under content selection: the readability stage and the blocks it reads (by function).
_INSIDE_SELECTION = (("readability", "readability.readability_article"), ("blocks", "blocks.node_blocks"))


def _stage(label: str) -> str | None:
    return STAGE_OF.get(label.rsplit(".", 1)[-1])


def stage_rows(stages: list[tuple[str, float]], selection: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The stage table's rows: each call named by its stage, and under content selection the
    readability stage and the blocks measured (`selection`: the table inside select_content)."""
    rows = []
    for label, seconds in stages:
        stage = _stage(label)
        rows.append((f"{stage:<36} {label}" if stage else label, seconds))
        if stage == "content selection":
            inside = dict(selection)
            rows += [(f"  of which {part:<26} {function}", inside[function]) for part, function in _INSIDE_SELECTION if function in inside]
    return rows


def inclusive_time(stats: pstats.Stats, name: str) -> float:
    """Inclusive time of declutter's function `name` (0 when it did not run)."""
    raw: dict[FunctionKey, Any] = stats.stats  # type: ignore[attr-defined]
    return sum(entry[3] for function, entry in raw.items() if function[2] == name and "/declutter/" in function[0].replace("\\", "/"))


def headline_shares(stages: list[tuple[str, float]], readability: float, total: float) -> str:
    """The four-way split of the stage table: lxml parsing, readability stage (inside content
    selection: `readability` seconds), filters, rest."""
    groups = {"lxml parsing": 0.0, "readability stage": readability, "filters": 0.0, "rest": -readability}
    for label, seconds in stages:
        name = (_stage(label) or label).lower()
        group = "lxml parsing" if "parse" in name else "filters" if "filter" in name else "rest"
        groups[group] += seconds
    groups["rest"] += total - sum(groups.values())  # time outside clean_html's calls (the loop, gc)
    return "  " + "  |  ".join(f"{group} {seconds / total:.1%}" for group, seconds in groups.items())


def owner_times(stats: pstats.Stats) -> Counter[str]:
    """Own (total) time summed by code owner."""
    totals: Counter[str] = Counter()
    for function, (_, _, own_time, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        totals[owner(function)] += own_time
    return totals


def top_functions(stats: pstats.Stats, sort: str, count: int) -> str:
    buffer = io.StringIO()
    stats.stream = buffer  # type: ignore[attr-defined]
    stats.sort_stats(sort).print_stats(count)
    text = buffer.getvalue()
    # Keep the table, drop pstats' preamble (file name, call totals already printed by us).
    return text[text.index("   ncalls"):] if "   ncalls" in text else text


def share_table(title: str, rows: list[tuple[str, float]], total: float) -> str:
    lines = [f"{title}", f"  {'seconds':>8}  {'share':>6}"]
    lines += [f"  {seconds:8.2f}  {seconds / total:6.1%}  {label}" for label, seconds in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir(), help="folder of corpora (default: %(default)s; env DECLUTTER_CORPORA)")
    parser.add_argument("--corpus", default="trafilatura-eval", help="the corpus to profile (default: %(default)s)")
    parser.add_argument("--limit", type=int, help="only the first N pages, by id")
    parser.add_argument("--top", type=int, default=25, help="functions listed per table (default: %(default)s)")
    parser.add_argument("--save", type=Path, help="also write the raw profile here (pstats format)")
    args = parser.parse_args(argv)

    import declutter

    corpus = load_corpus(find_corpora(args.corpora, [args.corpus])[0], args.limit)
    items = corpus.items()

    def clean_all(pages: list[tuple[str, bytes, str | None]]) -> int:
        rejected = 0
        for _, html, url in pages:
            try:
                declutter.clean_html(html, url=url)
            except declutter.DeclutterError:
                rejected += 1  # a rejected page still costs time, which is what is measured here
        return rejected

    # untimed: what runs once a process (compiling the filters, loading the language model,
    # which a page without a declared language needs)
    clean_all(items[:WARM_UP_PAGES])
    declutter.clean_html(b"<p>" + b"A page that declares no language, so it is identified. " * 10 + b"</p>")
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    failures = clean_all(items)
    profiler.disable()
    wall = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    if args.save:
        stats.dump_stats(args.save)
    total = stats.total_tt  # type: ignore[attr-defined]

    print(f"declutter {declutter.__version__} on {corpus.name}: {len(items)} pages ({failures} rejected), "
          f"{wall:.1f} s under the profiler ({len(items) / wall:.1f} pages/s profiled; profiled time {total:.1f} s)\n")
    print(f"== top {args.top} functions by cumulative time ==")
    print(top_functions(stats, "cumulative", args.top))
    print(f"== top {args.top} functions by own (total) time ==")
    print(top_functions(stats, "tottime", args.top))
    stages = callee_times(stats, "clean_html", total, expand=_in_module("core/pipeline.py"))
    selection = callee_times(stats, "select_content", total, expand=_in_module("core/content.py"))
    print("== where the time goes (from the stage table below) ==")
    print(headline_shares(stages, inclusive_time(stats, "readability_article"), total) + "\n")
    print(share_table("== time by stage (what clean_html and its helpers call, inclusive) ==", stage_rows(stages, selection), total) + "\n")
    inside = {
        "run_dom_filters": callee_times(stats, "run_dom_filters", total),
        "select_content": selection,
        "run_text_filters": callee_times(stats, "run_text_filters", total),
    }
    for runner, rows in inside.items():
        if rows:
            print(share_table(f"== inside {runner} (inclusive) ==", rows, total) + "\n")
    print(share_table("== own time by code owner ==", owner_times(stats).most_common(), total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
