"""Site templates on the dev corpora: F1 before and after, per site, and what learning costs.

    python benchmarks/site_templates.py                      # dragnet-train (the corpus with most multi-page sites)
    python benchmarks/site_templates.py --corpus readability-testpages --per-site 10

Learning runs `template_sample` over every page (the site comes from the truth's URL, else
the page's canonical), counting block fingerprints per site; then every page is cleaned
without and with the learned templates. Scores are the corpus's own score.py on the pages
of sites with at least MIN_PAGES pages (the pages the feature may touch), and the pages of
every other site are checked to be byte-identical. Learning time is the wall time of the
learning pass, in one process beside the time of a plain cleaning pass over the same
pages; memory is the size of the learned table (pickled) and the process's peak RSS.
"""
from __future__ import annotations

import argparse
import dataclasses
import pickle
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import declutter
from corpus_io import Corpus, default_corpora_dir, find_corpora, load_corpus, score_outputs
from declutter.core.sitetemplates import MIN_PAGES, SiteTemplates, site_of


def _subset(corpus: Corpus, ids: set[str]) -> Corpus:
    rows = [row for row in corpus.rows if row["id"] in ids]
    return dataclasses.replace(corpus, rows=rows, complete=False)


def _clean(items: list[tuple[str, bytes, str | None]], options: declutter.Options) -> dict[str, str]:
    outputs = {}
    for page_id, raw, url in items:
        try:
            outputs[page_id] = declutter.clean_html(raw, url=url, options=options).text
        except declutter.DeclutterError:
            outputs[page_id] = ""
    return outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--corpus", action="append", default=None, help="default: dragnet-train")
    parser.add_argument("--per-site", type=int, default=15, help="rows of the per-site table (largest sites first)")
    args = parser.parse_args()
    for path in find_corpora(args.corpora, args.corpus or ["dragnet-train"]):
        corpus = load_corpus(path)
        items = corpus.items()

        started = time.perf_counter()
        learner = declutter.Extractor()
        templates = SiteTemplates()
        site_by_page: dict[str, str | None] = {}
        for page_id, raw, url in items:
            try:
                page_url, fingerprints = learner.template_sample(raw, url)
            except declutter.DeclutterError:
                continue
            templates.learn(page_url, fingerprints)
            site_by_page[page_id] = site_of(page_url)
        learn_seconds = time.perf_counter() - started
        table_bytes = len(pickle.dumps(templates))

        started = time.perf_counter()
        before = _clean(items, declutter.Options())
        plain_seconds = time.perf_counter() - started
        after = _clean(items, declutter.Options(site_templates=templates))

        pages_of = Counter(site for site in site_by_page.values() if site)
        touched = {page_id for page_id, site in site_by_page.items() if site and pages_of[site] >= MIN_PAGES}
        untouched_changed = [page_id for page_id, _, _ in items if page_id not in touched and before[page_id] != after[page_id]]
        sliced = _subset(corpus, touched)
        score_before = score_outputs(sliced, {k: before[k] for k in touched})
        score_after = score_outputs(sliced, {k: after[k] for k in touched})
        whole_before, whole_after = score_outputs(corpus, before), score_outputs(corpus, after)

        print(f"### {corpus.name}: {len(touched)} pages on {sum(1 for n in pages_of.values() if n >= MIN_PAGES)} sites with >= {MIN_PAGES} pages (of {len(items)})\n")
        print("| pages | run | F1 | P | R |\n|---|---|---:|---:|---:|")
        for label, group_before, group_after in (("multi-page sites", score_before, score_after), ("whole corpus", whole_before, whole_after)):
            print(f"| {label} | without | {group_before['f1']:.4f} | {group_before['precision']:.4f} | {group_before['recall']:.4f} |")
            print(f"| | with templates | {group_after['f1']:.4f} | {group_after['precision']:.4f} | {group_after['recall']:.4f} |")
        print(f"\nPages of other sites changed: {len(untouched_changed)} (must be 0)")
        print(f"Learning pass: {learn_seconds:.1f} s for {len(items)} pages ({learn_seconds / plain_seconds:.2f}x a plain cleaning pass, {plain_seconds:.1f} s); "
              f"table {table_bytes / 1024:.0f} KB pickled for {len(templates.sites)} sites; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB\n")

        print("| site | pages | F1 without | F1 with | P without | P with | R without | R with |\n|---|---:|---:|---:|---:|---:|---:|---:|")
        for site, count in sorted(((s, n) for s, n in pages_of.items() if n >= MIN_PAGES), key=lambda pair: (-pair[1], pair[0]))[: args.per_site]:
            ids = {page_id for page_id, s in site_by_page.items() if s == site}
            site_corpus = _subset(corpus, ids)
            b = score_outputs(site_corpus, {k: before[k] for k in ids})
            a = score_outputs(site_corpus, {k: after[k] for k in ids})
            print(f"| {site} | {count} | {b['f1']:.3f} | {a['f1']:.3f} | {b['precision']:.3f} | {a['precision']:.3f} | {b['recall']:.3f} | {a['recall']:.3f} |")
        print()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
