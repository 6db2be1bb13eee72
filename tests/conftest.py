"""What the tests share: paths, the console-script runner, page builders, files, the
loopback server fixture, and the `cli` marker.

CLI tests run the installed `declutter` script (the one beside the interpreter running the
tests, i.e. the venv's) in a subprocess, with no terminal and no stdin unless given. Every
test that does (itself, through a helper of its module, or through a fixture) is marked
`cli` here at collection: `pytest -m "not cli"` runs the in-process tests alone.
"""
from __future__ import annotations

import dis
import gzip
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import CodeType, FunctionType
from typing import Any, Iterator

import pytest

import declutter
from fault_server import FaultServer

# -- paths -----------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = SAMPLES / "seed-dump.txt"

# A guard against hangs, not a speed assertion: most runs take well under a second, a batch
# run of slow pages some seconds.
GUARD_SECONDS = 120


def declutter_script() -> str:
    """The installed console script: the one in the running interpreter's bin folder first."""
    beside = Path(sys.executable).parent / ("declutter.exe" if os.name == "nt" else "declutter")
    if beside.exists():
        return str(beside)
    found = shutil.which("declutter")
    assert found, "the declutter console script is not installed (pip install -e '.[test]')"
    return found


def run_declutter(
    *args: str | os.PathLike[str],
    stdin: bytes | str | None = None,
    cwd: Path | None = None,
    timeout: float = GUARD_SECONDS,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `declutter ARGS...` as a user does; stdout/stderr decoded as UTF-8. No stdin unless given."""
    return _run([declutter_script(), *map(str, args)], stdin, cwd, timeout, env)


run_cli = run_declutter  # the batch tests' name for it


def run_module(*args: str | os.PathLike[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m declutter ARGS...` with the test interpreter."""
    return _run([sys.executable, "-m", "declutter", *map(str, args)], stdin, None, GUARD_SECONDS, None)


def _run(
    command: list[str], stdin: bytes | str | None, cwd: Path | None, timeout: float, env: dict[str, str] | None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command,
        input=stdin.encode() if isinstance(stdin, str) else stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "120", "NO_COLOR": "1", **(env or {})},
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    )


def normalize(text: str) -> str:
    """Whitespace collapsed to single spaces: how paragraphs are compared."""
    return re.sub(r"\s+", " ", text).strip()


normalized = normalize  # the filter tests' name for it


def paragraphs(text: str) -> list[str]:
    """The paragraphs of an Article.text (blank-line separated), whitespace-normalised."""
    return [normalize(p) for p in re.split(r"\n\s*\n", text) if p.strip()]


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback (most recent call last)" not in stderr, stderr


# -- pages for the filter tests: an article with room for clutter --------------------------

ARTICLE_PARAGRAPHS = (
    "The harbour authority confirmed on Monday that the old swing bridge will stay closed to cars until the end of the year, after engineers found corrosion in two of its main girders during a routine inspection.",
    "Cyclists and pedestrians can still cross on a temporary walkway fixed to the northern side of the bridge, which the authority says is checked every morning before the first ferry arrives.",
    "Local traders, who depend on visitors crossing from the station, asked for free parking on the southern quay while the repairs last, and the council agreed to a trial that starts next week.",
    "The repair is expected to cost about four million euros and will be paid for largely from a regional fund for historic infrastructure, the authority said in a statement.",
)
HEADLINE = "Harbour swing bridge to stay closed to cars until the end of the year"


def article_page(
    *,
    before: str = "",
    inside: str = "",
    after: str = "",
    head: str = "",
    lang: str = "en",
    title: str = HEADLINE,
    paragraphs: tuple[str, ...] = ARTICLE_PARAGRAPHS,
) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body>
{before}
<div class="story">
<h1>{title}</h1>
{body}
{inside}
</div>
{after}
</body></html>"""


def clean_with(html: str, *filters: str) -> declutter.Article:
    """clean_html running only the named filters (none when no name is given), explaining."""
    return declutter.clean_html(html, filters=tuple(filters), explain=True)


def assert_filter_removes(
    html: str, filter_name: str, clutter: list[str], *, control: bool = False, article: tuple[str, ...] = ARTICLE_PARAGRAPHS
) -> None:
    """`filter_name` alone removes all of `clutter`, says so in the explain log, and keeps
    every article paragraph. With `control`, first check that the page shows the clutter
    when no filter runs (not meaningful for DOM filters: the readability stage drops some
    clutter on its own, silently)."""
    if control:
        unfiltered = normalized(clean_with(html).text)
        for string in clutter:
            assert string in unfiltered, f"control: {string!r} should be in the text when no filter runs"
    result = clean_with(html, filter_name)
    text = normalized(result.text)
    leaked = [s for s in clutter if s in text]
    assert not leaked, f"{filter_name} kept {leaked}; removed: {result.removed}"
    lost = [p[:50] for p in article if p not in text]
    assert not lost, f"{filter_name} removed article text {lost}; removed: {result.removed}"
    mine = [block for block in result.removed if block.filter == filter_name]
    assert mine, f"no removed block is attributed to {filter_name}: {result.removed}"
    logged = normalized(" ".join(block.snippet for block in mine))
    assert any(normalized(s)[:20] in logged for s in clutter), f"explain log does not show the removed clutter: {mine}"


def assert_filter_keeps(html: str, filter_name: str, kept: list[str]) -> None:
    """`filter_name` alone keeps every string of `kept` (and every article paragraph)."""
    result = clean_with(html, filter_name)
    text = normalized(result.text)
    lost = [s[:50] for s in (*kept, *ARTICLE_PARAGRAPHS) if s not in text]
    assert not lost, f"{filter_name} removed {lost}; removed: {result.removed}"


# -- pages and files for the batch tests ---------------------------------------------------

WORDS = "river garden bridge winter market station harbour library orchard meadow lantern valley".split()


def story_page(number: int, paragraphs: int = 6, charset: str = "utf-8") -> bytes:
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
        data = story_page(number, paragraphs)
        if gzipped_every and number % gzipped_every == 0:
            path = directory / f"page{number:04d}.html.gz"
            path.write_bytes(gzip.compress(data))
        else:
            path = directory / f"page{number:04d}.html"
            path.write_bytes(data)
        paths.append(path)
    return paths



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


# -- the loopback server ---------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[FaultServer]:
    """tests/fault_server.py on a loopback port, for this test."""
    with FaultServer() as running:
        yield running


# -- the `cli` marker ------------------------------------------------------------------------

def _names(code: CodeType) -> set[str]:
    """The global names `code` (and the functions and comprehensions inside it) loads."""
    names = {instruction.argval for instruction in dis.get_instructions(code) if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME")}
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            names |= _names(constant)
    return names


def _starts_the_cli(function: Any, seen: set[Any]) -> bool:
    """Whether `function` starts the console script: it calls a runner here, itself or through
    the functions it calls by name (its module's helpers, these helpers)."""
    if function in (declutter_script, run_module):
        return True
    if not isinstance(function, FunctionType) or function in seen:
        return False
    seen.add(function)
    return any(_starts_the_cli(function.__globals__.get(name), seen) for name in _names(function.__code__))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        seen: set[Any] = set()
        # the fixtures it uses may run the CLI for it (pytest has no public way to reach them)
        fixtures = [definition.func for name in item.fixturenames for definition in item._fixtureinfo.name2fixturedefs.get(name, ())]
        if any(_starts_the_cli(inspect.unwrap(function), seen) for function in (item.function, *fixtures)):
            item.add_marker(pytest.mark.cli)
