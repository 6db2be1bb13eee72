"""Language identification measured on the dev corpora's pages that declare a language.

    python benchmarks/language.py [--corpus NAME] [--limit N]
    python benchmarks/language.py --sample-chars 1200,600,400   # accuracy and cost by sample size

Each page is cleaned by declutter (`clean_html(raw_bytes, url=truth_url)`); its declared
language (what `<html lang>` and the meta tags say, read by declutter's metadata step) is
then hidden, and the language is identified from the
cleaned title and text alone (`declutter.core.language.identify`, py3langid). A page
counts as right when the identified ISO 639-1 code equals the declaration's primary
subtag ("en" of "en-US"). Reported per corpus: pages, right, accuracy; how many pages
declutter's records mark "detected" with the declaration shown (the text disagreed with
it); and the cost: the model's load (once per process) and the mean time per page.
`--sample-chars` identifies each page on several lengths of the text's start instead
(`language.IDENTIFY_CHARS`), and reports the right count and time per page for each.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, run as a script

from corpus_io import default_corpora_dir, find_corpora, load_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--corpus", action="append")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--confusions", action="store_true", help="print the most common (declared, identified) mismatches")
    parser.add_argument("--sample-chars", help="comma-separated lengths of the text's start to identify on, compared")
    args = parser.parse_args(argv)

    import declutter
    from declutter.core import language
    from declutter.core.decode import decode_html
    from declutter.core.dom import parse_html
    from declutter.core.metadata import extract_metadata

    start = time.perf_counter()
    language.identify("a first text to load the model with, long enough to be identified")
    load_seconds = time.perf_counter() - start
    print(f"model load: {load_seconds:.2f} s (once per process)\n")
    if args.sample_chars:
        return compare_sample_sizes(args, [int(n) for n in args.sample_chars.split(",")])
    print("| corpus | pages declaring | identified right | accuracy | records marked detected | ms/page identifying |")
    print("|---|---:|---:|---:|---:|---:|")
    totals = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    for path in find_corpora(args.corpora, args.corpus):
        corpus = load_corpus(path, args.limit)
        pages = right = detected = 0
        seconds = 0.0
        for _page_id, html, url in corpus.items():
            article = declutter.clean_html(html, url=url)
            if article.language_source == "detected":
                detected += 1
            declared = extract_metadata(parse_html(decode_html(html)), url).language
            if declared is None:
                continue
            text = f"{article.title}\n{article.text}" if article.title else article.text
            start = time.perf_counter()
            found = language.identify(text)
            seconds += time.perf_counter() - start
            pages += 1
            if found is not None and found[0] == language.primary_subtag(declared):
                right += 1
            else:
                confusions[(language.primary_subtag(declared), found[0] if found else "-")] += 1
        totals.update(pages=pages, right=right, detected=detected)
        print(f"| {corpus.name} | {pages} | {right} | {right / pages:.3f} | {detected} | {1000 * seconds / max(pages, 1):.2f} |")
    print(f"| all | {totals['pages']} | {totals['right']} | {totals['right'] / max(totals['pages'], 1):.3f} | {totals['detected']} | |")
    if args.confusions:
        print("\n(declared, identified) mismatches:", ", ".join(f"{a}->{b}: {n}" for (a, b), n in confusions.most_common(20)))
    return 0


def compare_sample_sizes(args: argparse.Namespace, sizes: list[int]) -> int:
    """Each declaring page identified on the first N characters of its cleaned text, for
    every N: the pages right and the CPU time per page (time.process_time) by N."""
    import declutter
    from declutter.core import language
    from declutter.core.decode import decode_html
    from declutter.core.dom import parse_html
    from declutter.core.metadata import extract_metadata

    right: Counter[int] = Counter()
    seconds: Counter[int] = Counter()
    pages = 0
    for path in find_corpora(args.corpora, args.corpus):
        for _page_id, html, url in load_corpus(path, args.limit).items():
            declared = extract_metadata(parse_html(decode_html(html)), url).language
            if declared is None:
                continue
            article = declutter.clean_html(html, url=url)
            text = f"{article.title}\n{article.text}" if article.title else article.text
            pages += 1
            for size in sizes:
                language.IDENTIFY_CHARS = size
                start = time.process_time()
                found = language.identify(text)
                seconds[size] += time.process_time() - start
                right[size] += found is not None and found[0] == language.primary_subtag(declared)
    print(f"| characters identified on | right of {pages} | accuracy | ms/page |\n|---:|---:|---:|---:|")
    for size in sizes:
        print(f"| {size} | {right[size]} | {right[size] / max(pages, 1):.3f} | {1000 * seconds[size] / max(pages, 1):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
