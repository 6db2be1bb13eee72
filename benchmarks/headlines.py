"""Is the headline said exactly once? Pages whose body repeats the title, per corpus.

    python benchmarks/headlines.py                    # every corpus
    python benchmarks/headlines.py --corpus trafilatura-eval --show 5

A user reads declutter's title and then its body; the body should not say the headline
again. Counted here: pages whose body has a line (a paragraph, or a line of one) that is the
title, compared without case and spacing. A rewording of the headline is not counted (the
headlines filter drops those near the top of the body, see its tests); this is the check
that cannot be argued with.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, run as a script

from corpus_io import default_corpora_dir, find_corpora, load_corpus


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def repeats_title(title: str | None, text: str) -> bool:
    """Does a line of `text` say `title` again?"""
    wanted = _normal(title or "")
    return bool(wanted) and any(_normal(line) == wanted for line in text.splitlines())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    parser.add_argument("--show", type=int, default=10, help="list up to this many such pages per corpus")
    args = parser.parse_args()

    import declutter

    for path in find_corpora(args.corpora, args.corpus):
        corpus = load_corpus(path)
        repeated = []
        for page_id, html, url in corpus.items():
            article = declutter.clean_html(html, url=url)
            if repeats_title(article.title, article.text):
                repeated.append((page_id, article.title))
        print(f"{corpus.name}: {len(repeated)} of {len(corpus.rows)} pages repeat the title in the body")
        for page_id, title in repeated[: args.show]:
            print(f"  {page_id}  {title!r}")


if __name__ == "__main__":
    main()
