"""A fuzz campaign: mutated corpus pages through declutter, each in a child process with
time and memory limits; what fails is shrunk and kept as a regression fixture.

    nice python benchmarks/fuzz.py --minutes 30 --log /tmp/fuzz.json
    python benchmarks/fuzz.py --replay          # the kept fixtures, under the same limits

A case is a corpus page after one to three mutations (truncation, byte flips, splicing,
deep wrapping, lying charsets, control characters, surrogates, huge attributes, bad URLs,
many siblings), with sometimes an HTTP content type and a URL. It fails when:
- `clean_to_record` gives an `internal:` error (the traceback names where), or raises;
- the record does not serialise to UTF-8 JSON;
- the child takes more CPU time than its limit, or three times it in wall time (`slow`),
  or dies (`crash`, e.g. out of memory).
Failures are grouped by signature (kind and where); the first case of each is shrunk
(chunks of bytes removed while the signature holds) and written to tests/fixtures/fuzz/
as `<signature hash>.html.gz` with a `.json` beside it (content type, URL, signature),
which tests/test_fuzz_fixtures.py replays. One child at a time, recycled every
`--recycle` cases, so a campaign uses one core and sees code edits as it goes.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import multiprocessing as mp
import random
import resource
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from corpus_io import REPO_ROOT, default_corpora_dir, find_corpora

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "fuzz"
Case = dict[str, Any]  # data (bytes), content_type, url, mutations


# ---------------------------------------------------------------- the child process

def _signature_of(error: BaseException) -> str:
    """Kind of exception and the innermost declutter frame: one bug, one signature."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "declutter" in f.filename or "readability" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].name}" if frames else "?"
    return f"internal: {type(error).__name__} at {where}"


def _check(case: Case) -> tuple[str | None, str]:
    """(failure signature or None, the record's error or 'ok')."""
    import declutter
    from declutter.core.errors import DeclutterError

    options = declutter.Options(explain=True, markdown=True)
    record = declutter.clean_to_record("fuzz", case["data"], url=case.get("url"), content_type=case.get("content_type"), options=options)
    error = record.get("error") or ""
    if error.startswith("internal:"):
        try:
            declutter.clean_html(case["data"], case.get("url"), content_type=case.get("content_type"), options=options)
        except DeclutterError:
            pass
        except Exception as exception:
            return _signature_of(exception), error
        return "internal: (not reproduced by clean_html)", error
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except (UnicodeError, ValueError, TypeError) as exception:
        return f"json: {type(exception).__name__}", error
    return None, error.split(":", 1)[0] if error else "ok"


def _child(connection: Any, memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    sys.setrecursionlimit(10_000)
    while True:
        case = connection.recv()
        if case is None:
            return
        started = time.process_time()
        try:
            signature, outcome = _check(case)
        except BaseException as exception:
            signature, outcome = f"raised: {type(exception).__name__}", ""
        connection.send((signature, outcome, time.process_time() - started))


_WALL_FACTOR = 3


class Runner:
    """One child process at a time; a case past its time limit kills it."""

    def __init__(self, memory_mb: int, recycle: int) -> None:
        self.memory_bytes = memory_mb * 2**20
        self.recycle = recycle
        self.process: Any = None
        self.connection: Any = None
        self.served = 0

    def _start(self) -> None:
        parent, child = mp.Pipe()
        self.process = mp.get_context("spawn").Process(target=_child, args=(child, self.memory_bytes), daemon=True)
        self.process.start()
        self.connection, self.served = parent, 0

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.process = None

    def run(self, case: Case, timeout: float) -> tuple[str | None, str, float]:
        if self.process is None or self.served >= self.recycle:
            self.stop()
            self._start()
        self.served += 1
        started = time.monotonic()
        self.connection.send(case)
        # The limit is on the child's CPU time, so that a busy machine does not make a case
        # slow; past three times the limit in wall time it is stuck, whatever the load.
        if not self.connection.poll(_WALL_FACTOR * timeout):
            self.stop()
            return "slow: past the time limit", "", time.monotonic() - started
        try:
            signature, outcome, cpu_seconds = self.connection.recv()
        except (EOFError, ConnectionError):
            code = self.process.exitcode if self.process else None
            self.stop()
            return f"crash: child died (exit {code})", "", time.monotonic() - started
        if signature is None and cpu_seconds > timeout:
            signature = "slow: past the time limit"
        return signature, outcome, cpu_seconds


def time_limit(case: Case, base: float) -> float:
    """The budget grows with the page: `base` seconds plus 4 s a MB."""
    return base + 4 * len(case["data"]) / 1e6


# ---------------------------------------------------------------- mutations

_CHARSETS = ["punycode", "idna", "utf-7", "utf-16", "utf-16-be", "utf-32", "rot13", "base64", "hex", "zlib", "uu",
             "unicode_escape", "raw_unicode_escape", "x-user-defined", "iso-2022-jp", "shift_jis", "gb18030", "big5",
             "koi8-r", "cp1252", "latin-1", "utf-8", "bogus", "", "utf8\x00", "windows-1258", "cp037", "mbcs", "undefined"]
_BAD_URLS = ["//[", "http://[", "http://[::1", "http://a:99999/", "http://a:-1/", "https://ex ample.com/", "/", "", "%",
             "javascript:alert(1)", "http://\ud800/", "\x00", "http://a/\x0c", "mailto:", "::::", "http://[::1]:x/", "//"]
_CONTROLS = [bytes([b]) for b in range(32) if b not in (9, 10, 13)] + [b"\x7f", b"\xef\xbf\xbe", b"\xef\xbf\xbf", b"\xed\xa0\x80",
             b"\xed\xbf\xbf", b"&#0;", b"&#xD800;", b"&#xFFFE;", b"&#x110000;", b"&#12;", b"\xf4\x90\x80\x80", b"\xc0\x80"]
_TAGS = [b"div", b"table", b"td", b"span", b"li", b"ul", b"p", b"blockquote", b"section", b"font", b"a", b"tr"]


def _at(rng: random.Random, data: bytes) -> int:
    return rng.randrange(len(data) + 1)


def truncate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: _at(rng, data)]


def flip_bytes(rng: random.Random, data: bytes, other: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 4, 32, 256])):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: _at(rng, data)] + other[_at(rng, other):]


def deep_wrap(rng: random.Random, data: bytes, other: bytes) -> bytes:
    tag = rng.choice(_TAGS)
    depth = rng.choice([100, 500, 1000, 2000, 3000])
    at = _at(rng, data)
    closed = rng.random() < 0.5
    return data[:at] + b"<" + tag + b">" + (b"<" + tag + b">") * (depth - 1) + data[at:] + ((b"</" + tag + b">") * depth if closed else b"")


def lying_charset(rng: random.Random, data: bytes, other: bytes) -> bytes:
    charset = rng.choice(_CHARSETS).encode("utf-8", "surrogatepass")
    choice = rng.randrange(3)
    if choice == 0:
        return b'<meta charset="' + charset + b'">' + data
    if choice == 1:
        return b'<meta http-equiv="Content-Type" content="text/html; charset=' + charset + b'">' + data
    try:  # re-encoded, still declaring what it said before
        return data.decode("utf-8", "replace").encode(rng.choice(["utf-16", "cp1252", "koi8-r", "shift_jis", "utf-32-le"]), "replace")
    except (UnicodeError, LookupError):
        return data


def control_chars(rng: random.Random, data: bytes, other: bytes) -> bytes:
    out = data
    for _ in range(rng.choice([1, 5, 50])):
        at = _at(rng, out)
        if rng.random() < 0.5:  # after a closing tag: the tail of an element a filter may remove
            close = out.find(b"</", at)
            at = out.find(b">", close) + 1 if close >= 0 and out.find(b">", close) >= 0 else at
        out = out[:at] + rng.choice(_CONTROLS) + out[at:]
    return out


def surrogates(rng: random.Random, data: bytes, other: bytes) -> bytes:
    escape = rng.choice([b"\\ud800", b"\\udc80", b"\\udfff", b"\\ud83d", b"\\u0000", b"\\u000c", b"\\ufffe", b"\\uffff"])
    key = rng.choice([b"headline", b"author", b"name", b"datePublished", b"articleBody", b"description"])
    value = b'"x' + escape + b'y"' if key != b"author" else b'{"name": "a' + escape + b'"}'
    script = b'<script type="application/ld+json">{"@type":"NewsArticle","' + key + b'":' + value + b'}</script>'
    meta = b'<meta name="' + rng.choice([b"author", b"description", b"og:title", b"date", b"og:site_name"]) + b'" content="a' + rng.choice(_CONTROLS) + b'b">'
    at = _at(rng, data)
    return data[:at] + rng.choice([script, meta, b"<title>t" + rng.choice(_CONTROLS) + b"</title>"]) + data[at:]


def huge_attribute(rng: random.Random, data: bytes, other: bytes) -> bytes:
    size = rng.choice([10_000, 200_000, 1_000_000, 3_000_000])
    name = rng.choice([b"class", b"id", b"href", b"style", b"content", b"data-x"])
    value = b"a" * size + rng.choice([b"", "\u00e9".encode(), b" b" * 1000, b"\xff"])
    at = data.find(b"<div")
    if at < 0 or rng.random() < 0.3:
        return data[:_at(rng, data)] + b"<div " + name + b'="' + value + b'"><p>x</p></div>' + data[_at(rng, data):]
    return data[: at + 4] + b" " + name + b'="' + value + b'"' + data[at + 4:]


def bad_url(rng: random.Random, data: bytes, other: bytes) -> bytes:
    href = rng.choice(_BAD_URLS).encode("utf-8", "surrogatepass")
    tag = rng.choice([b'<link rel=canonical href="%s">', b'<meta property="og:url" content="%s">', b'<base href="%s">',
                      b'<a href="%s">link</a>', b'<img src="%s">'])
    at = _at(rng, data)
    return data[:at] + tag.replace(b"%s", href) + data[at:]


def many_siblings(rng: random.Random, data: bytes, other: bytes) -> bytes:
    piece = rng.choice([b"<p>word</p>", b"<td>x", b"<li><a href=/a>a</a>", b"<div class=c>", b"<br>", b"<p>", b"<table><tr><td>"])
    at = _at(rng, data)
    return data[:at] + piece * rng.choice([1000, 10_000, 50_000]) + data[at:]


def long_line(rng: random.Random, data: bytes, other: bytes) -> bytes:
    word = rng.choice([b"a", b"ab ", "\u00e9".encode(), b"&amp;", b"\xe9 "])
    at = _at(rng, data)
    return data[:at] + b"<p>" + word * rng.choice([10_000, 100_000, 1_000_000]) + b"</p>" + data[at:]


MUTATIONS: dict[str, Callable[[random.Random, bytes, bytes], bytes]] = {
    f.__name__: f for f in (truncate, flip_bytes, splice, deep_wrap, lying_charset, control_chars, surrogates,
                            huge_attribute, bad_url, many_siblings, long_line)
}


def make_case(rng: random.Random, pages: list[Path]) -> Case:
    data = gzip.decompress(rng.choice(pages).read_bytes())
    other = gzip.decompress(rng.choice(pages).read_bytes())
    names = rng.sample(sorted(MUTATIONS), rng.choice([1, 1, 2, 3]))
    for name in names:
        data = MUTATIONS[name](rng, data, other)
    case: Case = {"data": data, "mutations": names, "url": None, "content_type": None}
    if rng.random() < 0.3:
        case["url"] = rng.choice(["http://example.com/a/b.html", *_BAD_URLS[:6]])
    if rng.random() < 0.2:
        case["content_type"] = "text/html; charset=" + rng.choice(_CHARSETS)
    return case


# ---------------------------------------------------------------- shrinking and fixtures

def shrink(case: Case, signature: str, runner: Runner, base_timeout: float, budget_seconds: float) -> Case:
    """Remove chunks of bytes (halves, then quarters, ...) while the signature holds."""
    deadline = time.monotonic() + budget_seconds
    data = case["data"]
    chunk = max(1, len(data) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        start, shrunk = 0, False
        while start < len(data) and time.monotonic() < deadline:
            candidate = dict(case, data=data[:start] + data[start + chunk:])
            if runner.run(candidate, time_limit(candidate, base_timeout))[0] == signature:
                data, shrunk = candidate["data"], True
            else:
                start += chunk
        if not shrunk:
            chunk //= 2
    return dict(case, data=data)


def keep_fixture(case: Case, signature: str, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(signature.encode()).hexdigest()[:12]
    taken = 1
    while (directory / f"{name}.json").exists():  # a signature seen in an earlier campaign: keep both
        taken += 1
        name = f"{hashlib.sha1(signature.encode()).hexdigest()[:12]}-{taken}"
    path = directory / f"{name}.html.gz"
    path.write_bytes(gzip.compress(case["data"], mtime=0))
    meta = {"signature": signature, "mutations": case["mutations"], "url": case.get("url"), "content_type": case.get("content_type")}
    (directory / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def load_fixtures(directory: Path) -> list[tuple[str, Case]]:
    cases = []
    for meta_path in sorted(directory.glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        data = gzip.decompress(meta_path.with_suffix(".html.gz").read_bytes())
        cases.append((meta_path.stem, dict(meta, data=data)))
    return cases


# ---------------------------------------------------------------- the campaign

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir())
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--timeout", type=float, default=10, help="seconds a case may take, plus 4 s a MB")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space limit of the child")
    parser.add_argument("--recycle", type=int, default=200, help="cases per child process")
    parser.add_argument("--shrink-seconds", type=float, default=120)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--log", type=Path, help="write the campaign's figures here as JSON")
    parser.add_argument("--replay", action="store_true", help="run the kept fixtures only")
    args = parser.parse_args()
    runner = Runner(args.memory_mb, args.recycle)
    if args.replay:
        failed = 0
        for name, case in load_fixtures(args.fixtures):
            signature, outcome, seconds = runner.run(case, time_limit(case, args.timeout))
            failed += signature is not None
            print(f"{name}  {seconds:6.2f} s  {signature or 'ok: ' + outcome}  (was {case['signature']})")
        runner.stop()
        raise SystemExit(1 if failed else 0)

    pages = [p for corpus in find_corpora(args.corpora) for p in sorted((corpus / "pages").glob("*.html.gz"))]
    rng = random.Random(args.seed)
    deadline = time.monotonic() + 60 * args.minutes
    cases, outcomes, by_mutation, failures = 0, Counter(), Counter(), {}
    slowest: list[tuple[float, list[str], int]] = []
    started = time.monotonic()
    print(f"seed {args.seed}, {len(pages)} pages, {args.minutes} min", flush=True)
    while time.monotonic() < deadline:
        case = make_case(rng, pages)
        signature, outcome, seconds = runner.run(case, time_limit(case, args.timeout))
        cases += 1
        by_mutation.update(case["mutations"])
        outcomes[outcome if signature is None else "FAIL"] += 1
        slowest = sorted([*slowest, (seconds, case["mutations"], len(case["data"]))], reverse=True)[:5]
        if signature is not None:
            if signature not in failures:
                print(f"[{cases}] NEW {signature} ({'+'.join(case['mutations'])}, {len(case['data']):,} bytes)", flush=True)
                small = shrink(case, signature, runner, args.timeout, args.shrink_seconds)
                path = keep_fixture(small, signature, args.fixtures)
                failures[signature] = {"count": 0, "first_case": cases, "fixture": path.name, "shrunk_bytes": len(small["data"])}
                print(f"    shrunk to {len(small['data']):,} bytes -> {path}", flush=True)
            failures[signature]["count"] += 1
        if cases % 100 == 0:
            print(f"[{cases}] {time.monotonic() - started:.0f} s, {len(failures)} failure kinds", flush=True)
    runner.stop()
    summary = {
        "seed": args.seed, "minutes": round((time.monotonic() - started) / 60, 1), "cases": cases,
        "outcomes": dict(outcomes.most_common()), "mutations": dict(by_mutation.most_common()), "failures": failures,
        "slowest": [{"cpu_seconds": round(s, 2), "mutations": m, "bytes": b} for s, m, b in slowest],
    }
    print(json.dumps(summary, indent=1))
    if args.log:
        args.log.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
