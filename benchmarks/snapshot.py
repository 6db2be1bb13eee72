"""Every page of every corpus through declutter, as JSON records with --explain removals.

    python benchmarks/snapshot.py -o before.jsonl
    python benchmarks/snapshot.py -o after.jsonl && cmp before.jsonl after.jsonl

A refactor must leave this file byte-identical; a change of output shows here page by page
(`--diff before.jsonl` prints the ids of pages whose record changed). It also prints F1,
precision and recall of each corpus (the corpora's score.py) and their mean: the quick
check of the cross-corpus rule. Two worker processes by default (`-j`), records in corpus
then id order.
"""
from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import declutter
from corpus_io import default_corpora_dir, find_corpora, load_corpus, score_outputs

_OPTIONS = declutter.Options(explain=True, markdown=True)


def _record(item: tuple[str, str, bytes, str | None]) -> str:
    corpus, page_id, raw, url = item
    record = declutter.clean_to_record(f"{corpus}/{page_id}", raw, url=url, options=_OPTIONS)
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--corpus", action="append")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--diff", type=Path, help="an earlier snapshot: print the ids whose record changed")
    args = parser.parse_args()
    corpora = [load_corpus(path) for path in find_corpora(args.corpora, args.corpus)]
    items = [(corpus.name, page_id, raw, url) for corpus in corpora for page_id, raw, url in corpus.items()]
    with ProcessPoolExecutor(args.jobs) as pool:
        lines = list(pool.map(_record, items, chunksize=8))
    args.output.write_text("".join(line + "\n" for line in lines), encoding="utf8")
    print(f"{len(lines)} records -> {args.output}", file=sys.stderr)
    texts = {json.loads(line)["source"]: json.loads(line).get("text") or "" for line in lines}
    f1s = []
    print("| corpus | F1 | P | R |\n|---|---:|---:|---:|")
    for corpus in corpora:
        scores = score_outputs(corpus, {page_id: texts[f"{corpus.name}/{page_id}"] for page_id, _, _ in corpus.items()})
        f1s.append(scores["f1"])
        print(f"| {corpus.name} | {scores['f1']:.4f} | {scores['precision']:.4f} | {scores['recall']:.4f} |")
    print(f"| mean | {sum(f1s) / len(f1s):.4f} | | |")
    if args.diff:
        before = {json.loads(line)["source"]: line for line in args.diff.read_text(encoding="utf8").splitlines()}
        changed = [json.loads(line)["source"] for line in lines if before.get(json.loads(line)["source"]) != line]
        print(f"{len(changed)} of {len(lines)} records changed", file=sys.stderr)
        for source in changed:
            print(source)


if __name__ == "__main__":
    main()
