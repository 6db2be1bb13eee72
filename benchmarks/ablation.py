"""Ablation: each filter, and each rule inside the filters, turned off in turn; F1 on every
dev corpus against the full pipeline.

    python benchmarks/ablation.py                         # baseline run + every rule
    python benchmarks/ablation.py --baseline snap.jsonl   # reuse a snapshot.py file of this code
    python benchmarks/ablation.py --rule "chrome: <aside>" --rule captions

A rule is what a removal's --explain reason names, without the class, phrase or heading
that matched (declutter.core.filters.rule_of): "chrome: class/id", "chrome: <nav>",
"boilerplate: post metadata", "related: related block under". A filter is all its rules.
Turning a rule off keeps what it would have removed (an element it skips is not looked
into again for other rules). Only the pages where the rule removed something in the full
run can change, so only those are run again; the other pages keep their full-run text.

Each row gives what the rule pays: F1 with it minus F1 without it, per corpus and their
mean. A rule that pays on one corpus and costs on another is overfitting (the developers'
rule); the verdict column says which rules are so, and which cost everywhere.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, run as a script

import declutter
from corpus_io import Corpus, default_corpora_dir, find_corpora, load_corpus, score_outputs
from declutter.core.filters import rule_of
from declutter.core.filters.registry import FILTER_NAMES

# Removals noted by steps that are no filter rule: content selection, the parser's repair.
_NOT_RULES = frozenset(("content", "parser"))
# Below this a change of F1 is no change (one segment of a corpus moves F1 by about 1e-4).
_NOISE = 0.00005
_JOBS: dict[str, declutter.Options] = {}


def _clean(item: tuple[str, str, bytes, str | None, str]) -> tuple[str, str, str]:
    corpus, page_id, raw, url, rule = item
    if rule not in _JOBS:
        if rule == "":
            _JOBS[rule] = declutter.Options(explain=True)
        elif rule in FILTER_NAMES:
            _JOBS[rule] = declutter.Options(filters=tuple(name for name in FILTER_NAMES if name != rule))
        else:
            _JOBS[rule] = declutter.Options(_ablate=(rule,))
    record = declutter.clean_to_record(f"{corpus}/{page_id}", raw, url=url, options=_JOBS[rule])
    return rule, f"{corpus}/{page_id}", json.dumps(record, ensure_ascii=False)


def _rules_fired(records: dict[str, dict]) -> dict[str, set[str]]:
    """For every filter and rule, the pages (sources) where it removed something."""
    fired: dict[str, set[str]] = defaultdict(set)
    for source, record in records.items():
        for removed in record.get("removed", []):
            if removed["filter"] in _NOT_RULES:
                continue
            fired[removed["filter"]].add(source)
            fired[rule_of(removed["filter"], removed["reason"])].add(source)
    return fired


def _f1s(corpora: list[Corpus], texts: dict[str, str]) -> list[float]:
    return [score_outputs(c, {pid: texts[f"{c.name}/{pid}"] for pid, _, _ in c.items()})["f1"] for c in corpora]


def _verdict(pays: list[float]) -> str:
    gains = [p > _NOISE for p in pays]
    costs = [p < -_NOISE for p in pays]
    if any(gains) and any(costs):
        return "mixed: pays on one, costs on another"
    if any(costs):
        return "costs"
    if any(gains):
        return "pays"
    return "no effect"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--baseline", type=Path, help="a snapshot.py file of this code (full run with --explain)")
    parser.add_argument("--rule", action="append", help="only these rules or filters (repeatable)")
    parser.add_argument("--min-pages", type=int, default=1, help="skip rules that fired on fewer pages")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    corpora = [load_corpus(path) for path in find_corpora(args.corpora)]
    pages = {f"{c.name}/{pid}": (c.name, pid, raw, url) for c in corpora for pid, raw, url in c.items()}
    with ProcessPoolExecutor(args.jobs) as pool:
        if args.baseline:
            records = {json.loads(line)["source"]: json.loads(line) for line in args.baseline.read_text(encoding="utf8").splitlines()}
        else:
            records = {source: json.loads(line) for _, source, line in pool.map(_clean, [(*p, "") for p in pages.values()], chunksize=8)}
        full_texts = {source: record.get("text") or "" for source, record in records.items()}
        full = _f1s(corpora, full_texts)
        fired = _rules_fired(records)
        rules = sorted(r for r in (args.rule or fired) if len(fired.get(r, ())) >= args.min_pages)
        items = [(*pages[source], rule) for rule in rules for source in sorted(fired[rule])]
        print(f"{len(rules)} rules, {len(items)} page runs", file=sys.stderr)
        off_texts: dict[str, dict[str, str]] = defaultdict(dict)
        for rule, source, line in pool.map(_clean, items, chunksize=4):
            off_texts[rule][source] = json.loads(line).get("text") or ""
    names = [c.name for c in corpora]
    print("F1 of the full pipeline: " + ", ".join(f"{n} {f:.4f}" for n, f in zip(names, full)) + f"; mean {sum(full) / len(full):.4f}\n")
    print("What each rule pays (F1 with it - F1 without it; + = the rule helps):\n")
    print(f"| rule | pages | {' | '.join(names)} | mean | verdict |\n|---|---:|{'---:|' * len(names)}---:|---|")
    rows = []
    for rule in rules:
        off = _f1s(corpora, {**full_texts, **off_texts[rule]})
        pays = [f - o for f, o in zip(full, off)]
        mean = sum(pays) / len(pays)
        rows.append({"rule": rule, "pages": len(fired[rule]), "pays": dict(zip(names, pays)), "mean": mean, "verdict": _verdict(pays)})
        cells = " | ".join(f"{p:+.4f}" for p in pays)
        print(f"| {rule} | {len(fired[rule])} | {cells} | {mean:+.4f} | {_verdict(pays)} |", flush=True)
    if args.json:
        args.json.write_text(json.dumps({"full": dict(zip(names, full)), "rules": rows}, indent=1), encoding="utf8")


if __name__ == "__main__":
    main()
