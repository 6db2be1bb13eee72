"""Metadata accuracy per field, declutter beside trafilatura, on every corpus with metadata truth.

    python benchmarks/metadata.py                       # every corpus whose truth has `metadata`
    python benchmarks/metadata.py --misses author       # list the pages each extractor misses
    python benchmarks/metadata.py --cost                # CPU time of the metadata per page, by part

A corpus has metadata truth when its truth.jsonl rows carry a `metadata` object (today:
readability-testpages, Readability.js's expected metadata). Fields compared (truth key ->
record key): byline -> author, publishedTime -> date, title -> title, siteName -> sitename,
excerpt -> description, lang -> language. A page counts for a field when its truth is not
empty; a value is right when:

- text fields: the two, lowercased with punctuation and spaces removed, contain one another;
- date: the first 10 characters (YYYY-MM-DD) are equal;
- language: the primary subtag ("en" of "en-US") is equal, case-insensitively.

declutter is called as `declutter.clean_html(raw_bytes, url=truth_url)`; trafilatura as
`trafilatura.bare_extraction(raw_bytes, url=truth_url, with_metadata=True, include_comments=False)`.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, run as a script

from corpus_io import default_corpora_dir, find_corpora, load_corpus

FIELDS = {  # record field -> truth key
    "author": "byline",
    "date": "publishedTime",
    "title": "title",
    "sitename": "siteName",
    "description": "excerpt",
    "language": "lang",
}
MetadataFunction = Callable[[bytes, "str | None"], dict[str, Any]]


def _squeezed(value: str) -> str:
    """Lowercased, without punctuation, symbols or spaces: what containment compares."""
    value = unicodedata.normalize("NFKC", value).casefold()
    return "".join(ch for ch in value if unicodedata.category(ch)[0] in "LN")


def matches(field: str, found: Any, truth: Any) -> bool:
    if not found or not truth:
        return False
    found, truth = str(found), str(truth)
    if field == "date":
        return found[:10] == truth[:10]
    if field == "language":
        return re.split(r"[-_]", found.strip().lower())[0] == re.split(r"[-_]", truth.strip().lower())[0]
    a, b = _squeezed(found), _squeezed(truth)
    return bool(a and b) and (a in b or b in a)


def _declutter() -> MetadataFunction:
    import declutter

    def metadata(html: bytes, url: str | None) -> dict[str, Any]:
        return declutter.clean_html(html, url=url).to_dict()

    return metadata


def _trafilatura() -> MetadataFunction:
    import trafilatura

    def metadata(html: bytes, url: str | None) -> dict[str, Any]:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
        return {field: getattr(document, field, None) for field in FIELDS} if document is not None else {}

    return metadata


EXTRACTORS: dict[str, Callable[[], MetadataFunction]] = {"declutter": _declutter, "trafilatura": _trafilatura}


def metadata_cost(corpora: list[Path], rounds: int) -> None:
    """CPU time (time.process_time, the best of `rounds`) of declutter's metadata per page,
    by part, on pages parsed beforehand: all of extract_metadata, and within it the
    by-lines, the published date (htmldate), and the language check of the record's text
    (resolve_language, after the model is loaded)."""
    import time

    import declutter
    from declutter.core.byline import visible_bylines
    from declutter.core.dates import published_date
    from declutter.core.dom import parse_html
    from declutter.core.language import _identifier, resolve_language
    from declutter.core.metadata import extract_metadata

    _identifier()  # the model's load, once per process, is not a page's cost
    print("\n| corpus | pages | metadata ms/page | by-lines | date (htmldate) | language |\n|---|---:|---:|---:|---:|---:|")
    for path in corpora:
        corpus = load_corpus(path)
        pages = []
        for _, html, url in corpus.items():
            try:
                record = declutter.clean_html(html, url=url).to_dict()
                root = parse_html(html.decode("utf8", "replace"))
            except declutter.DeclutterError:
                continue
            text = f"{record.get('title') or ''}\n{record.get('text') or ''}"
            pages.append((root, url, root.get("lang"), text))
        parts: dict[str, Callable[[Any, Any, Any, str], object]] = {
            "metadata": lambda root, url, lang, text: extract_metadata(root, url),
            "by-lines": lambda root, url, lang, text: visible_bylines(root),
            "date": lambda root, url, lang, text: published_date(root, url, None),
            "language": lambda root, url, lang, text: resolve_language(lang, text),
        }
        cells = []
        for part in parts.values():
            best = float("inf")
            for _ in range(rounds):
                start = time.process_time()
                for page in pages:
                    part(*page)
                best = min(best, time.process_time() - start)
            cells.append(f"{1000 * best / len(pages):.2f}")
        print(f"| {corpus.name} | {len(pages)} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--corpus", action="append", help="a corpus to measure (repeatable); default: every one with metadata truth")
    parser.add_argument("--misses", action="append", default=[], metavar="FIELD", help="print the pages missed on this field")
    parser.add_argument("--cost", action="store_true", help="measure the CPU time of the metadata per page instead")
    parser.add_argument("--rounds", type=int, default=3, help="with --cost: rounds per part, the best is kept")
    args = parser.parse_args(argv)
    if args.cost:
        metadata_cost(find_corpora(args.corpora, args.corpus), args.rounds)
        return 0
    for path in find_corpora(args.corpora, args.corpus):
        corpus = load_corpus(path)
        if not any("metadata" in row for row in corpus.rows):
            continue
        results = {name: {} for name in EXTRACTORS}
        for name, build in EXTRACTORS.items():
            extract = build()
            for page_id, html, url in corpus.items():
                try:
                    results[name][page_id] = extract(html, url)
                except Exception as error:
                    results[name][page_id] = {}
                    print(f"{name} {page_id}: {type(error).__name__}: {error}", file=sys.stderr)
        print(f"\n### {corpus.name}\n\n| field | pages | " + " | ".join(EXTRACTORS) + " |\n|---|---:|" + "---:|" * len(EXTRACTORS))
        truth_of = {row["id"]: row.get("metadata") or {} for row in corpus.rows}
        for field, truth_key in FIELDS.items():
            pages = [page_id for page_id, truth in truth_of.items() if truth.get(truth_key)]
            cells = []
            for name in EXTRACTORS:
                right = sum(matches(field, results[name][p].get(field), truth_of[p][truth_key]) for p in pages)
                cells.append(f"{right}/{len(pages)} ({right / len(pages):.2f})" if pages else "-")
            print(f"| {field} | {len(pages)} | " + " | ".join(cells) + " |")
        for field in args.misses:
            truth_key = FIELDS[field]
            print(f"\nmisses on {field} (truth | " + " | ".join(EXTRACTORS) + ")")
            for page_id, truth in truth_of.items():
                if truth.get(truth_key) and not matches(field, results["declutter"][page_id].get(field), truth[truth_key]):
                    found = " | ".join(repr(results[name][page_id].get(field)) for name in EXTRACTORS)
                    print(f"  {page_id}: {truth[truth_key]!r} | {found}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
