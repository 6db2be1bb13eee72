"""Helpers of the batch tests: small article pages written into tmp folders, and the CLI."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

DECLUTTER = str(Path(sys.executable).parent / "declutter")
WORDS = "river garden bridge winter market station harbour library orchard meadow lantern valley".split()


def article_page(number: int, paragraphs: int = 6, charset: str = "utf-8") -> bytes:
    """A small news page with chrome around an article that is unique to `number`."""
    title = f"Story {number}: the {WORDS[number % len(WORDS)]} reopens"
    body = "".join(
        f"<p>Paragraph {i} of story {number}: neighbours gathered near the {WORDS[(number + i) % len(WORDS)]} "
        f"on a cold morning, and the council said the work had taken longer than planned, café owners agreed.</p>"
        for i in range(paragraphs)
    )
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>{title} | Daily</title></head><body>'
        '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright 2024 Daily. All rights reserved.</footer></body></html>"
    )
    return html.encode(charset)


def slow_page(paragraphs: int = 60_000) -> bytes:
    """A genuinely large page (about 6 MB, many seconds to clean): a real stuck document."""
    return (
        "<html><body>"
        + "".join(f'<div class="c{i % 7}"><p>Paragraph {i} with some words, and a <a href="/x{i}">link</a>.</p></div>' for i in range(paragraphs))
        + "</body></html>"
    ).encode()


def write_pages(folder: Path, count: int, gzipped_every: int = 0, paragraphs: int = 6) -> list[Path]:
    """`count` pages under `folder` (some in a subfolder, every `gzipped_every`-th gzipped)."""
    paths = []
    for number in range(count):
        directory = folder / ("section" if number % 3 == 0 else "")
        directory.mkdir(parents=True, exist_ok=True)
        data = article_page(number, paragraphs)
        if gzipped_every and number % gzipped_every == 0:
            path = directory / f"page{number:04d}.html.gz"
            path.write_bytes(gzip.compress(data))
        else:
            path = directory / f"page{number:04d}.html"
            path.write_bytes(data)
        paths.append(path)
    return paths


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it (no terminal, no stdin)."""
    return subprocess.run(
        [DECLUTTER, *args], cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`: relative path → content."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
