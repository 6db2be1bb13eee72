"""The batch driver through the real console script: folders to mirrored trees and JSONL,
resume and --force, error records, per-document limits, and the worker pool itself."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import read_jsonl, run_cli, slow_page, story_page, tree, write_pages


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A folder as a user saves it: pages (some gzipped, some in a subfolder), an extension-less
    page, a PDF named .html, an empty page, and files that are not pages at all."""
    folder = tmp_path / "saved"
    write_pages(folder, 8, gzipped_every=4)
    (folder / "section" / "noext").write_bytes(story_page(100))
    (folder / "bad.html").write_bytes(b"%PDF-1.4\n%binary junk\n")
    (folder / "empty.htm").write_bytes(b"  \n")
    (folder / "notes").write_text("Remember to buy milk. <html> is a tag.\n")
    (folder / "style.css").write_text("body { color: red }\n")
    return folder


EXPECTED_OK = {f"page{n:04d}" for n in range(8)} | {"noext"}


def test_folder_to_mirrored_tree(saved: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("clean", str(saved), "-o", f"{out}/", "--format", "json", "-j", "2", "--report", str(tmp_path / "report.json"))
    assert result.returncode == 1, result.stderr  # two inputs failed
    files = tree(out)
    assert set(files) == {
        "page0001.json", "page0002.json", "page0004.json", "page0005.json", "page0007.json",
        "section/page0000.json", "section/page0003.json", "section/page0006.json", "section/noext.json",
        "bad.error.json", "empty.error.json",
    }
    record = json.loads(files["section/page0000.json"])
    assert record["source"] == str(saved / "section" / "page0000.html.gz")
    assert record["title"] == "Story 0: the river reopens"
    assert "Paragraph 5 of story 0" in record["text"] and "All rights reserved" not in record["text"]
    assert json.loads(files["bad.error.json"])["error"].startswith("not_html:")
    assert json.loads(files["empty.error.json"])["error"].startswith("empty:")
    assert f"{saved / 'bad.html'}: not_html:" in result.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    assert (report["ok"], report["failed"], report["skipped"]) == (9, 2, 0)
    assert report["failures_by_kind"] == {"not_html": 1, "empty": 1}
    assert report["input_bytes"] > 9 * 1000 and report["output_bytes"] == sum(map(len, files.values()))
    assert "9 ok, 2 failed (" in result.stderr.splitlines()[-1]


def test_text_format_tree_keeps_error_records(saved: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_cli("clean", str(saved), "-o", f"{out}/", "-j", "2")
    files = tree(out)
    assert files["page0001.txt"].decode().startswith("Story 1: the garden reopens\n\nParagraph 0 of story 1")
    assert "bad.error.json" in files and "bad.txt" not in files


def test_folder_to_jsonl_in_input_order(saved: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages.jsonl"
    result = run_cli("clean", str(saved), "-o", str(out), "-j", "2")
    assert result.returncode == 1
    records = read_jsonl(out)
    sources = [Path(record["source"]).relative_to(saved).as_posix() for record in records]
    assert sources == [
        "bad.html", "empty.htm", "page0001.html", "page0002.html", "page0004.html.gz", "page0005.html", "page0007.html",
        "section/noext", "section/page0000.html.gz", "section/page0003.html", "section/page0006.html",
    ]
    assert next(record["title"] for record in records if "error" not in record) == "Story 1: the garden reopens"


def test_many_inputs_without_output_stream_jsonl_to_stdout(tmp_path: Path) -> None:
    pages = write_pages(tmp_path / "in", 3)
    result = run_cli("clean", *map(str, pages), "-j", "1")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["source"] for record in records] == list(map(str, pages))


def test_resume_skips_what_is_done_and_force_redoes_it(saved: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages.jsonl"
    first = run_cli("clean", str(saved), "-o", str(out), "-j", "2")
    content = out.read_bytes()
    report = tmp_path / "report.json"

    again = run_cli("clean", str(saved), "-o", str(out), "-j", "2", "--report", str(report))
    assert out.read_bytes() == content
    counts = json.loads(report.read_text())
    assert (counts["ok"], counts["failed"], counts["skipped"], counts["skipped_failed"]) == (0, 0, 11, 2)
    assert again.returncode == 1  # the job's output still holds two failed inputs
    assert first.returncode == 1

    forced = run_cli("clean", str(saved), "-o", str(out), "-j", "2", "--force", "--report", str(report))
    counts = json.loads(report.read_text())
    assert (counts["ok"], counts["failed"], counts["skipped"]) == (9, 2, 0)
    assert out.read_bytes() == content  # redone, not appended twice
    assert forced.returncode == 1


def test_resume_of_a_folder_redoes_only_missing_outputs(saved: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_cli("clean", str(saved), "-o", f"{out}/", "-j", "2")
    before = tree(out)
    (out / "page0002.txt").unlink()
    (out / "section" / ".page0003.txt.abc123.tmp").write_text("half a file from a killed run")
    report = tmp_path / "report.json"
    run_cli("clean", str(saved), "-o", f"{out}/", "-j", "2", "--report", str(report))
    counts = json.loads(report.read_text())
    assert (counts["ok"], counts["skipped"], counts["skipped_failed"]) == (1, 10, 2)
    assert tree(out) == before  # the missing file is back, the stale temporary is gone


def test_force_replaces_an_old_error_record_by_the_output(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    page = folder / "late.html"
    page.write_bytes(b"")
    out = tmp_path / "out"
    run_cli("clean", str(folder), "-o", f"{out}/")
    assert set(tree(out)) == {"late.error.json"}
    page.write_bytes(story_page(7))
    run_cli("clean", str(folder), "-o", f"{out}/")
    assert set(tree(out)) == {"late.error.json"}  # resume: it was done (and failed)
    result = run_cli("clean", str(folder), "-o", f"{out}/", "--force")
    assert result.returncode == 0
    assert set(tree(out)) == {"late.txt"}


def test_a_torn_last_line_is_cut_and_redone(tmp_path: Path) -> None:
    write_pages(tmp_path / "in", 6)
    out = tmp_path / "pages.jsonl"
    run_cli("clean", str(tmp_path / "in"), "-o", str(out), "-j", "2")
    complete = out.read_bytes()
    lines = complete.splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:3]) + lines[3][: len(lines[3]) // 2])  # as if killed mid-write
    result = run_cli("clean", str(tmp_path / "in"), "-o", str(out), "-j", "2")
    assert "incomplete last record" in result.stderr
    assert out.read_bytes() == complete


def test_size_cap_gives_error_records(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "small.html").write_bytes(story_page(1, paragraphs=1))
    (folder / "big.html").write_bytes(story_page(2, paragraphs=40))
    (folder / "bomb.html.gz").write_bytes(gzip.compress(b"<html><body>" + b"<p>a</p>" * 100_000))
    out = tmp_path / "pages.jsonl"
    result = run_cli("clean", str(folder), "-o", str(out), "--max-bytes", "2000")
    errors = {Path(r["source"]).name: r.get("error", "") for r in read_jsonl(out)}
    assert errors["small.html"] == ""
    assert errors["big.html"].startswith("too_large:")
    assert errors["bomb.html.gz"].startswith("too_large:") and "decompressed" in errors["bomb.html.gz"]
    assert result.returncode == 1


def test_a_page_past_its_timeout_fails_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_pages(folder, 4)
    (folder / "huge.html").write_bytes(slow_page())  # several seconds of real cleaning
    out = tmp_path / "pages.jsonl"
    report = tmp_path / "report.json"
    result = run_cli("clean", str(folder), "-o", str(out), "-j", "2", "--timeout-per-doc", "3", "--report", str(report))
    assert result.returncode == 1
    records = {Path(r["source"]).name: r for r in read_jsonl(out)}
    assert records["huge.html"]["error"].startswith("timeout: took longer than 3 s")
    assert all("error" not in records[f"page{n:04d}.html"] for n in range(4))
    counts = json.loads(report.read_text())
    assert counts["workers_replaced"] == 1 and counts["failures_by_kind"] == {"timeout": 1}
