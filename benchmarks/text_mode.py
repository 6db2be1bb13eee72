"""Text mode on naive dumps: declutter.clean_text on what a naive extractor leaves of each page.

    python benchmarks/text_mode.py                      # every corpus
    python benchmarks/text_mode.py --corpus trafilatura-eval --limit 200

The corpora hold HTML; text mode takes an already-extracted dump such as
../shared/examples/seed-article-dump.txt. Each page is turned into such a dump here: the
text of every block of its <body> (headings, paragraphs, list items, menus, footers; no
scripts or styles), one per line, in page order — the article with all the page's chrome
around it, a harder dump than the seed, whose extractor had already cut most menus away.
Both the dump itself and clean_text's body (title + text) are scored with the corpus's
score.py, so the table shows what text mode removes (precision) and what it wrongly
removes (recall lost against the dump's).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, run as a script

from corpus_io import default_corpora_dir, find_corpora, load_corpus, load_scorer, score_outputs

_NOT_TEXT = "//script | //style | //noscript | //template"


def naive_dump(html: bytes) -> str:
    """Every text block of the page's body, one per line."""
    from declutter.core.blocks import node_blocks
    from declutter.core.decode import decode_html
    from declutter.core.dom import parse_html

    root = parse_html(decode_html(html))
    for element in root.xpath(_NOT_TEXT):
        element.drop_tree()
    body = root.find("body")
    return "\n".join(" ".join(block.text.split()) for block in node_blocks(body if body is not None else root))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    parser.add_argument("--limit", type=int, help="only the first N pages (by id) of each corpus")
    args = parser.parse_args()

    import declutter

    print("| corpus | input | F1 | P | R |\n|---|---|---:|---:|---:|")
    for path in find_corpora(args.corpora, args.corpus):
        corpus = load_corpus(path, args.limit)
        scorer = load_scorer(path)
        dumps = {page_id: naive_dump(html) for page_id, html, _ in corpus.items()}
        cleaned = {}
        for page_id, dump in dumps.items():
            article = declutter.clean_text(dump)
            cleaned[page_id] = "\n\n".join(part for part in (article.title, article.text) if part)
        for label, outputs in (("naive dump", dumps), ("declutter text", cleaned)):
            score = score_outputs(corpus, outputs, scorer)
            print(f"| {corpus.name} ({len(corpus.rows)}) | {label} | {score['f1']:.4f} | {score['precision']:.4f} | {score['recall']:.4f} |")


if __name__ == "__main__":
    main()
