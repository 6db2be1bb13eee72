"""Charset detection on pages in legacy encodings: accuracy and time, per detector.

    python benchmarks/charsets.py [--limit 400]

The page set is made from the corpora: each page with non-ASCII text is decoded, its
charset declarations (`<meta charset>`, `http-equiv`, the XML declaration) stripped, and
re-encoded in the legacy encoding of its script (windows-1252/1250/1251/1253/1254/1256,
KOI8-R, Shift_JIS, EUC-JP, GBK, Big5, EUC-KR; characters the encoding lacks become "?").
A page is right when its decoded text equals that re-encoded original. Each detector sees
the same bounded sample declutter gives it (the first 64 KB) and the page is decoded with
its answer; `declutter` is the whole decode_html of the installed declutter (which only
detects when the page is not UTF-8). Times are per page, detection and decoding, on one core.
"""
from __future__ import annotations

import argparse
import codecs
import os
import re
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Callable

from corpus_io import default_corpora_dir, find_corpora, load_corpus
from declutter.core.decode import decode_html

SAMPLE = int(os.environ.get("CHARSETS_SAMPLE", 64 * 1024))
_DECLARATIONS = re.compile(
    rb"<meta[^>]*charset[^>]*>|<\?xml[^>]*\?>|<meta[^>]*http-equiv=[\"']?content-type[^>]*>", re.IGNORECASE
)
# The legacy encoding of each script, as pages written before UTF-8 used them.
_BY_SCRIPT = {
    "LATIN": ["windows-1252", "windows-1250"], "CYRILLIC": ["windows-1251", "koi8-r"], "GREEK": ["windows-1253"],
    "ARABIC": ["windows-1256"], "HIRAGANA": ["shift_jis", "euc-jp"], "KATAKANA": ["shift_jis", "euc-jp"],
    "CJK": ["gbk", "big5"], "HANGUL": ["euc-kr"],
}


def _script(text: str) -> str | None:
    """The script of most of the page's non-ASCII letters."""
    scripts: Counter[str] = Counter()
    for char in text[:200_000]:
        if ord(char) > 127 and char.isalpha():
            scripts[unicodedata.name(char, "?").split()[0]] += 1
    if not scripts:
        return None
    if scripts["HIRAGANA"] + scripts["KATAKANA"] > 0.1 * scripts["CJK"]:
        return "HIRAGANA"
    return scripts.most_common(1)[0][0]


def legacy_pages(corpora_dir: Path, limit: int) -> list[tuple[str, str, bytes, str]]:
    """(page id, encoding, re-encoded bytes, expected text), for pages with non-ASCII letters."""
    pages = []
    for corpus in (load_corpus(path) for path in find_corpora(corpora_dir)):
        for page_id, raw, _ in corpus.items():
            try:
                text = decode_html(raw)
            except Exception:
                continue
            script = _script(text)
            if script not in _BY_SCRIPT:
                continue
            choices = _BY_SCRIPT[script]
            encoding = choices[len(pages) % len(choices)]
            stripped_text = _DECLARATIONS.sub(b"", text.encode("utf-8")).decode("utf-8")
            data = stripped_text.encode(encoding, errors="replace")
            pages.append((f"{corpus.name}/{page_id}", encoding, data, data.decode(encoding)))
    # every script and encoding, then the Latin pages, up to `limit`
    pages.sort(key=lambda page: page[1].startswith("windows-125"))
    return pages[:limit]


def _decoded_with(detect: Callable[[bytes], str | None]) -> Callable[[bytes], str]:
    def decode(data: bytes) -> str:
        name = detect(data[:SAMPLE]) or "utf-8"
        try:
            return data.decode(codecs.lookup(name).name, errors="replace")
        except LookupError:
            return data.decode("utf-8", errors="replace")
    return decode


def detectors() -> dict[str, Callable[[bytes], str]]:
    found: dict[str, Callable[[bytes], str]] = {"declutter": lambda data: decode_html(data)}
    try:
        import chardetng_py
        found["chardetng"] = _decoded_with(lambda sample: chardetng_py.detect(sample, allow_utf8=True))
    except ImportError:
        pass
    try:
        import cchardet
        found["cchardet"] = _decoded_with(lambda sample: cchardet.detect(sample)["encoding"])
    except ImportError:
        pass
    try:
        import charset_normalizer
        found["charset-normalizer"] = _decoded_with(lambda sample: (charset_normalizer.from_bytes(sample).best() or None) and charset_normalizer.from_bytes(sample).best().encoding)
    except ImportError:
        pass
    try:
        from bs4.dammit import UnicodeDammit
        found["bs4 UnicodeDammit"] = _decoded_with(lambda sample: UnicodeDammit(sample, is_html=True).original_encoding)
    except ImportError:
        pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--only", action="append", help="run only these detectors")
    args = parser.parse_args()
    pages = legacy_pages(args.corpora, args.limit)
    print(f"{len(pages)} pages: " + ", ".join(f"{e} {n}" for e, n in Counter(p[1] for p in pages).most_common()))
    print("| detector | right | share | ms/page (mean) | ms/page (max) | wrong, by encoding |\n|---|---:|---:|---:|---:|---|")
    for name, decode in detectors().items():
        if args.only and name not in args.only:
            continue
        right, times, wrong = 0, [], Counter()
        for _, encoding, data, expected in pages:
            started = time.perf_counter()
            try:
                text = decode(data)
            except Exception:
                text = None
            times.append(time.perf_counter() - started)
            if text == expected:
                right += 1
            else:
                wrong[encoding] += 1
        print(f"| {name} | {right}/{len(pages)} | {right / len(pages):.1%} | {1000 * sum(times) / len(times):.1f} | {1000 * max(times):.0f} | {', '.join(f'{e} {n}' for e, n in wrong.most_common())} |", flush=True)


if __name__ == "__main__":
    main()
