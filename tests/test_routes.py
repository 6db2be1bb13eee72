"""Every route (one file, one URL, many inputs, URL lists) reaches the same writers and the same
tally, through the installed console script: the same flags work the same, a flag that cannot
apply is refused in one line, no record can break a stream, every page has a time budget."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest

from conftest import read_jsonl, run_cli, slow_page, story_page, tree, write_pages
from fault_server import FaultServer

# JSON-LD whose headline is an escaped lone surrogate: json.loads gives a str no UTF-8 encoder takes
SURROGATE_PAGE = story_page(5).replace(
    b"<head>", b'<head><script type="application/ld+json">{"@type":"Article","headline":"\\ud800","author":"A \\udc80 B"}</script>', 1
)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


def _valid_utf8(data: bytes) -> str:
    return data.decode("utf-8")  # strict: raises on invalid UTF-8


def test_a_lone_surrogate_in_a_page_costs_no_record_of_a_folder_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_pages(folder, 3)
    (folder / "surrogate.html").write_bytes(SURROGATE_PAGE)
    out = tmp_path / "out.jsonl"
    result = run_cli("clean", str(folder), "-o", str(out), "-j", "2")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    _valid_utf8(out.read_bytes())
    records = read_jsonl(out)
    assert len(records) == 4 and all("error" not in record for record in records)


@pytest.mark.parametrize("output_format", ["json", "text", "markdown"])
def test_a_lone_surrogate_in_one_file_gives_valid_utf8_on_stdout(tmp_path: Path, output_format: str) -> None:
    page = tmp_path / "surrogate.html"
    page.write_bytes(SURROGATE_PAGE)
    result = run_cli("clean", str(page), "--format", output_format, "--include-title")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    if output_format == "json":
        assert "Paragraph 2 of story 5" in json.loads(result.stdout)["text"]


def test_writers_take_any_string(tmp_path: Path) -> None:
    """The writers themselves, with records no page should give any more: lone surrogates of
    both halves, written to every kind of output, read back as strict UTF-8."""
    from declutter.io.outputs import FolderOutput, JsonlOutput, StreamOutput, render_record

    record = {"source": "s", "title": "a\ud800b", "text": "c\udc80d\udfffe", "author": None}
    jsonl = JsonlOutput(tmp_path / "out.jsonl")
    jsonl.write("s", "s.html", record)
    jsonl.close()
    assert json.loads(_valid_utf8((tmp_path / "out.jsonl").read_bytes())) == record  # JSON escapes: nothing lost
    folder = FolderOutput(tmp_path / "tree", "text")
    folder.write("s", "s.html", record)
    assert _valid_utf8((tmp_path / "tree" / "s.txt").read_bytes()) == "a\ufffdb\n\nc\ufffdd\ufffde\n"
    with (tmp_path / "stream.md").open("wb") as stream:
        StreamOutput(stream, "markdown").write("s", None, record)
    _valid_utf8((tmp_path / "stream.md").read_bytes())
    assert render_record({"source": "s", "error": "decode: \udcff"}, "json").decode("utf-8").count("\\udcff") == 1


def test_one_file_has_a_time_budget(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    page.write_bytes(slow_page())
    result = run_cli("clean", str(page), "--format", "json", "--timeout-per-doc", "3")
    assert result.returncode == 1
    record = json.loads(result.stdout)
    assert record["error"].startswith("timeout: took longer than 3 s (--timeout-per-doc 3)")
    assert f"{page}: timeout:" in result.stderr


def test_one_url_has_a_time_budget(server: FaultServer) -> None:
    url = server.url + "/long/100000"
    result = run_cli("clean", url, "--format", "json", "--timeout-per-doc", "3", "--retries", "0")
    assert result.returncode == 1
    record = json.loads(result.stdout)
    assert (record["source"], record["status"]) == (url, 200)
    assert record["error"].startswith("timeout: took longer than 3 s")


def test_text_on_whitespace_gives_an_error_record(tmp_path: Path) -> None:
    dump = tmp_path / "blank.txt"
    dump.write_text(" \n\t\n")
    result = run_cli("text", str(dump), "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == {"source": str(dump), "error": "empty: the input is empty"}
    assert result.stderr == f"declutter: {dump}: empty: the input is empty\n"


def test_a_url_run_into_a_text_folder_keeps_error_records_and_resumes(server: FaultServer, tmp_path: Path) -> None:
    out = tmp_path / "out"
    urls = [server.url + "/page/alpha", server.url + "/status/404"]
    report = tmp_path / "report.json"
    first = run_cli("clean", *urls, "-o", f"{out}/", "--retries", "0", "-j", "1", "--report", str(report))
    assert first.returncode == 1
    files = tree(out)
    assert sorted(name.rsplit("-", 1)[-1].split(".", 1)[1] for name in files) == ["error.json", "txt"]
    error = next(json.loads(content) for name, content in files.items() if name.endswith(".error.json"))
    assert error["source"] == urls[1] and error["error"].startswith("http_404:")
    assert json.loads(report.read_text())["ok"] == 1
    again = run_cli("clean", *urls, "-o", f"{out}/", "--retries", "0", "-j", "1", "--report", str(report))
    counts = json.loads(report.read_text())
    assert (counts["ok"], counts["failed"], counts["skipped"], counts["skipped_failed"]) == (0, 0, 2, 1)
    assert again.returncode == 1 and tree(out) == files
    assert server.state.hit("/page/alpha") == 1  # (this call counts too) fetched once: the re-run skipped it


def test_report_works_for_one_file_and_one_url(server: FaultServer, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(story_page(3))
    for given in (str(page), server.url + "/page/alpha"):
        report = tmp_path / "report.json"
        result = run_cli("clean", given, "--report", str(report), "-j", "1")
        assert result.returncode == 0, result.stderr
        counts = json.loads(report.read_text())
        assert (counts["ok"], counts["failed"], counts["jobs"]) == (1, 0, 1) and counts["input_bytes"] > 1000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["PAGE", "--force"], "--force redoes what an earlier run wrote"),
        (["PAGE", "PAGE", "--url", "https://example.org/"], "--url names the page of a single input"),
        (["PAGE", "--save-raw", "raw"], "--save-raw keeps fetched pages; no input here is a URL"),
        (["PAGE", "--retries", "3"], "--retries shapes fetching; no input here is a URL"),
        (["PAGE", "PAGE", "--concurrency", "4", "--deny-private"], "--concurrency, --deny-private shape fetching; no input here is a URL"),
        (["PAGE", "--user-agent", "bot/1.0"], "--user-agent shapes fetching; no input here is a URL"),
        (["https://example.org/", "--scheduler", "tcp://127.0.0.1:9"], "--scheduler runs on local files"),
    ],
)
def test_a_flag_that_cannot_apply_is_refused_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(story_page(3))
    result = run_cli("clean", *(str(page) if arg == "PAGE" else arg for arg in args), cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"declutter: {message}") and result.stderr.count("\n") == 1


def test_fetch_flags_at_their_defaults_or_with_a_url_are_not_refused(tmp_path: Path, server: FaultServer) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(story_page(3))
    assert run_cli("clean", str(page), cwd=tmp_path).returncode == 0
    result = run_cli("clean", server.url + "/page/alpha", "--retries", "0", "--user-agent", "bot/1.0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
