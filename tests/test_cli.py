"""The command line, through the installed console script: formats, folders, output folders,
stdin, python -m, --explain, exit statuses and help."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, SAMPLES, assert_no_traceback, run_declutter, run_module

STRUCTURED = FIXTURES / "structured.html"
TITLE = "How the harbour bridge will be repaired"
RECORD_KEYS = [
    "source", "url", "canonical_url", "title", "text", "author", "date", "date_modified", "sitename", "language", "language_source", "description",
]
GOOD_PAGE = (STRUCTURED.read_text(encoding="utf-8"))


def ok(*args: object, stdin: bytes | None = None):
    done = run_declutter(*args, stdin=stdin)
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stderr)
    return done


def test_text_format_is_the_title_then_the_body() -> None:
    out = ok("clean", STRUCTURED).stdout
    title, _, body = out.partition("\n\n")
    assert title == TITLE
    assert body.startswith("The harbour authority has published its plan")
    assert "Local news" not in out and "All rights reserved" not in out
    assert out.count(TITLE) == 1


def test_markdown_keeps_headings_lists_and_quotes() -> None:
    out = ok("clean", "--format", "markdown", STRUCTURED).stdout
    assert out.startswith(f"# {TITLE}\n\n")
    assert "\n## Three phases of work\n" in out
    assert "\n1. Replace the two corroded girders" in out
    assert "\n2. Strip and repaint the whole span" in out
    assert "\n3. Renew the turning mechanism" in out
    assert "\n- Cyclists keep the temporary walkway" in out
    assert "\n- The number 7 bus is diverted" in out
    assert "\n> We would rather close it properly once" in out
    assert out.index("## Three phases") < out.index("1. Replace") < out.index("## What changes") < out.index("- Cyclists") < out.index("> We would")


def test_json_is_one_record_in_the_documented_schema() -> None:
    record = json.loads(ok("clean", "--format", "json", STRUCTURED).stdout)
    assert list(record)[: len(RECORD_KEYS)] == RECORD_KEYS
    assert record["source"] == str(STRUCTURED)
    assert record["title"] == TITLE
    assert record["language"] == "en"
    assert "\n\n" in record["text"] and TITLE not in record["text"]
    assert "error" not in record


def test_jsonl_is_one_line() -> None:
    out = ok("clean", "--format", "jsonl", STRUCTURED).stdout
    assert out.count("\n") == 1
    assert json.loads(out)["title"] == TITLE


def test_url_option_fills_the_url_of_a_page_that_names_none(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(GOOD_PAGE, encoding="utf-8")
    record = json.loads(ok("clean", "--format", "json", "--url", "https://gazette.example/p", page).stdout)
    assert record["url"] == "https://gazette.example/p"


def test_include_title_starts_the_text_with_the_title() -> None:
    record = json.loads(ok("clean", "--format", "json", "--include-title", STRUCTURED).stdout)
    assert record["text"].startswith(f"{TITLE}\n\n")


def test_a_folder_gives_one_jsonl_record_per_page() -> None:
    lines = ok("clean", SAMPLES).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    pages = sorted(str(p) for p in SAMPLES.glob("*.html"))
    assert sorted(r["source"] for r in records) == pages  # seed-dump.txt and README.md are not HTML inputs
    assert all("error" not in r and r["title"] for r in records)  # text quality: test_samples.py


def test_several_files_and_a_folder_in_one_stream(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(STRUCTURED, folder / "a.html")
    shutil.copy(STRUCTURED, folder / "sub" / "b.htm")
    out = tmp_path / "all.jsonl"
    ok("clean", STRUCTURED, folder, "-o", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["source"] for r in records] == [str(STRUCTURED), str(folder / "a.html"), str(folder / "sub" / "b.htm")]


@pytest.mark.parametrize("fmt, suffix", [("text", ".txt"), ("markdown", ".md"), ("json", ".json")])
def test_a_folder_into_a_mirrored_output_folder(tmp_path: Path, fmt: str, suffix: str) -> None:
    saved = tmp_path / "saved"
    (saved / "2024" / "03").mkdir(parents=True)
    shutil.copy(STRUCTURED, saved / "front.html")
    shutil.copy(STRUCTURED, saved / "2024" / "03" / "bridge.html")
    (saved / "notes.txt").write_text("not a page", encoding="utf-8")
    out = tmp_path / "clean"
    done = ok("clean", saved, "--format", fmt, "-o", f"{out}/")
    assert done.stdout == ""
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == sorted([f"front{suffix}", f"2024/03/bridge{suffix}"])
    content = (out / "2024" / "03" / f"bridge{suffix}").read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(content)["title"] == TITLE
    else:
        assert TITLE in content and "The harbour authority has published its plan" in content


def test_stdin_html() -> None:
    done = ok("clean", "-", "--format", "json", stdin=STRUCTURED.read_bytes())
    record = json.loads(done.stdout)
    assert record["source"] == "-"
    assert record["title"] == TITLE


def test_python_dash_m() -> None:
    done = run_module("clean", STRUCTURED)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{TITLE}\n\n")
    assert "Usage" in run_module("--help").stdout


def _page_line(needle: str) -> int:
    source = (SAMPLES / "en-wordpress-semantic.html").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(source, 1) if needle in line)


def test_explain_text_lists_removed_blocks_in_page_order_with_filter_names() -> None:
    out = ok("clean", "--explain", SAMPLES / "en-wordpress-semantic.html").stdout
    article, marker, explained = out.partition("--- removed ")
    assert marker, out
    assert "Rooftop Beehives" in article and "Leave a Reply" not in article
    lines = explained.splitlines()[1:]
    assert len(lines) == int(explained.split()[0])
    numbers = [int(line.split(":")[0].removeprefix("line ")) for line in lines]
    assert numbers == sorted(numbers), "blocks are listed in page order"
    by_text = {line.split("] ", 1)[0].split("[")[1]: line for line in lines}
    assert {"chrome", "comments", "related", "headlines"} <= set(by_text)
    comment_lines = [n for n, line in zip(numbers, lines) if "[comments]" in line]
    assert comment_lines and all(_page_line('<div id="comments"') <= n < _page_line("</main>") for n in comment_lines)


def test_explain_json_has_the_removed_blocks() -> None:
    record = json.loads(ok("clean", "--explain", "--format", "json", SAMPLES / "en-wordpress-semantic.html").stdout)
    removed = record["removed"]
    assert removed and all(set(b) == {"filter", "reason", "snippet", "line"} for b in removed)
    assert [b["line"] for b in removed] == sorted(b["line"] for b in removed)
    filters = {b["filter"] for b in removed}
    assert {"chrome", "comments", "related", "headlines"} <= filters
    assert any(b["filter"] == "related" and b["snippet"].startswith("You May Also Like") for b in removed)
    assert any(b["filter"] == "lorem" and b["snippet"].startswith("Lorem ipsum") for b in removed)


def test_explain_on_stdin() -> None:
    record = json.loads(ok("clean", "-", "--explain", "--format", "json", stdin=(SAMPLES / "en-obfuscated-divsoup.html").read_bytes()).stdout)
    assert any(b["filter"] for b in record["removed"])


def test_filter_option_runs_only_that_filter() -> None:
    record = json.loads(ok("clean", "--format", "json", "--explain", "--filter", "lorem", SAMPLES / "en-wordpress-semantic.html").stdout)
    # content selection always runs: what it left out is listed as "content", not a filter
    assert {b["filter"] for b in record["removed"]} - {"content"} == {"lorem"}


def test_filters_command_lists_every_filter() -> None:
    names = [line.split()[0] for line in ok("filters").stdout.splitlines() if line.strip()]
    assert set(names) == {"comments", "related", "chrome", "captions", "lorem", "boilerplate", "nonprose", "headlines", "credits"}


UNKNOWN_FILTER = pytest.param(
    ["clean", "--filter", "nope", str(STRUCTURED)],
    id="unknown-filter",
)


@pytest.mark.parametrize("args", [["clean"], ["clean", "--format", "xml", str(STRUCTURED)], ["clean", "--no-such-option", str(STRUCTURED)], UNKNOWN_FILTER])
def test_usage_errors_exit_2_without_traceback(args: list[str]) -> None:
    done = run_declutter(*args)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert_no_traceback(done.stderr)
    assert done.stderr.strip()


def test_a_failed_input_makes_the_exit_status_non_zero(tmp_path: Path) -> None:
    done = run_declutter("clean", STRUCTURED, tmp_path / "missing.html")
    assert done.returncode == 1
    assert done.stdout.count("\n") == 2  # still one record per input


@pytest.mark.parametrize("command, example", [("clean", "declutter clean page.html"), ("clean", "declutter clean saved/ -o clean/"), ("text", "declutter text dump.txt")])
def test_help_shows_examples(command: str, example: str) -> None:
    out = ok(command, "--help").stdout
    assert "Examples" in out
    assert example in out


def test_version_says_how_the_core_runs() -> None:
    """--version names the build: an extension module (a wheel compiled by setup.py) or
    the Python source (an editable install, or no C compiler at hand)."""
    from importlib.machinery import EXTENSION_SUFFIXES

    import declutter
    from declutter.core import pipeline

    build = "core compiled" if pipeline.__file__.endswith(tuple(EXTENSION_SUFFIXES)) else "core as Python"
    assert ok("--version").stdout.strip() == f"declutter {declutter.__version__} ({build})"
