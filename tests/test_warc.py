"""WARC input: real archives written with warcio, cleaned through the console script."""
from __future__ import annotations

import gzip
import json
from io import BytesIO
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import read_jsonl, run_cli, story_page, tree

POLISH = (
    "<html><head><title>Wiadomości</title></head><body><article><h1>Most znów otwarty</h1>"
    + "".join(
        f"<p>Akapit {i}: mieszkańcy zebrali się przy moście w chłodny poranek, a rada powiedziała, "
        "że prace trwały dłużej niż planowano.</p>"
        for i in range(4)
    )
    + "</article></body></html>"
)


def _response(writer: WARCWriter, url: str, status: str, headers: list[tuple[str, str]], body: bytes) -> str:
    http_headers = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http_headers)
    writer.write_record(record)
    return record.rec_headers.get_header("WARC-Record-ID")


def write_crawl(path: Path, compress: bool = True, first: int = 0) -> dict[str, str]:
    """A small crawl as a crawler writes it; returns target URI → record id of the HTML pages."""
    pages: dict[str, str] = {}
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test crawler"}))
        request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://news.example/a", "request", http_headers=request))
        url = f"https://news.example/story/{first}"
        pages[url] = _response(writer, url, "200 OK", [("Content-Type", "text/html; charset=utf-8")], story_page(first))
        # charset only in the HTTP header: the page itself declares none
        url = f"https://news.example/pl/{first}"
        pages[url] = _response(writer, url, "200 OK", [("Content-Type", "text/html; charset=iso-8859-2")], POLISH.encode("iso-8859-2"))
        # a gzip-encoded body, as servers send them
        url = f"https://news.example/story/{first + 1}"
        headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
        pages[url] = _response(writer, url, "200 OK", headers, gzip.compress(story_page(first + 1)))
        # no Content-Type, but the body is a page
        url = f"https://news.example/story/{first + 2}"
        pages[url] = _response(writer, url, "200 OK", [], story_page(first + 2))
        _response(writer, "https://news.example/logo.png", "200 OK", [("Content-Type", "image/png")], b"\x89PNG\r\n\x1a\nrest")
        _response(writer, "https://news.example/old", "301 Moved Permanently", [("Content-Type", "text/html"), ("Location", "/a")], b"<html>moved</html>")
        _response(writer, "https://news.example/app.js", "200 OK", [("Content-Type", "application/javascript")], b"var a = 1;")
    return pages


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_warc_file_to_jsonl(tmp_path: Path, compress: bool) -> None:
    crawl = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    pages = write_crawl(crawl, compress)
    out = tmp_path / "pages.jsonl"
    report = tmp_path / "report.json"
    result = run_cli("clean", str(crawl), "-o", str(out), "-j", "2", "--report", str(report))
    assert result.returncode == 0, result.stderr
    records = read_jsonl(out)
    assert [record["url"] for record in records] == list(pages)  # archive order, HTML responses only
    for record in records:
        assert record["warc_record_id"] == pages[record["url"]]
        assert record["source"] == f"{crawl}#{pages[record['url']].strip('<>')}"
        assert list(record)[:2] == ["source", "warc_record_id"]
    by_url = {record["url"]: record for record in records}
    assert by_url["https://news.example/story/0"]["title"] == "Story 0: the river reopens"
    assert by_url["https://news.example/story/1"]["title"] == "Story 1: the garden reopens"
    assert by_url["https://news.example/story/2"]["title"] == "Story 2: the bridge reopens"
    assert "mieszkańcy zebrali się przy moście" in by_url["https://news.example/pl/0"]["text"]
    counts = json.loads(report.read_text())
    assert counts["ok"] == 4
    assert counts["warc_records_passed_over"] == {
        "warcinfo record": 1, "request record": 1, "not HTML (image/png)": 1, "HTTP status 301": 1, "not HTML (application/javascript)": 1,
    }


def test_folder_of_warcs_and_pages_to_mirrored_tree(tmp_path: Path) -> None:
    folder = tmp_path / "crawls"
    (folder / "day2").mkdir(parents=True)
    first = write_crawl(folder / "day1.warc.gz", first=0)
    second = write_crawl(folder / "day2" / "part.warc", compress=False, first=10)
    (folder / "extra.html").write_bytes(story_page(50))
    out = tmp_path / "out"
    result = run_cli("clean", str(folder), "-o", f"{out}/", "--format", "json", "-j", "2")
    assert result.returncode == 0, result.stderr
    files = tree(out)
    expected = {"extra.json"}
    expected |= {f"day1/{rid.strip('<>').replace(':', '_')}.json" for rid in first.values()}
    expected |= {f"day2/part/{rid.strip('<>').replace(':', '_')}.json" for rid in second.values()}
    assert set(files) == expected
    for name, content in files.items():
        record = json.loads(content)
        if name == "extra.json":
            assert record["title"] == "Story 50: the bridge reopens"
        else:
            assert {**first, **second}[record["url"]] == record["warc_record_id"]
            assert name.endswith(record["warc_record_id"].strip("<>").replace(":", "_") + ".json")


def test_damaged_warcs_give_error_records_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "crawls"
    folder.mkdir()
    good = write_crawl(folder / "a.warc.gz")
    (folder / "b.warc.gz").write_bytes(b"this is not a WARC file at all\n" * 10)
    out = tmp_path / "pages.jsonl"
    result = run_cli("clean", str(folder), "-o", str(out))
    assert result.returncode == 1
    records = read_jsonl(out)
    assert [record["url"] for record in records[:4]] == list(good)
    assert all("error" not in record for record in records[:4])
    assert records[4]["source"] == str(folder / "b.warc.gz")
    assert records[4]["error"].startswith("decode: not a valid WARC file")
    assert f"{folder / 'b.warc.gz'}: decode: not a valid WARC file" in result.stderr
    assert len(records) == 5


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_a_warc_cut_off_inside_a_page_fails_that_page(tmp_path: Path, compress: bool) -> None:
    whole = tmp_path / ("whole.warc.gz" if compress else "whole.warc")
    write_crawl(whole, compress)
    offset, length = _record_span(whole, "https://news.example/pl/0")
    cut = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    cut.write_bytes(whole.read_bytes()[: offset + length // 2])  # a download that stopped
    out = tmp_path / "pages.jsonl"
    result = run_cli("clean", str(cut), "-o", str(out))
    assert result.returncode == 1
    first, broken = read_jsonl(out)
    assert first["url"] == "https://news.example/story/0" and "error" not in first
    if compress:  # the gzip member of the page is cut: the archive ends there
        assert broken["source"] == str(cut)
        assert broken["error"] == f"decode: not a valid WARC file: the file ends inside the record at offset {offset} (truncated)"
    else:  # the record's header is whole, its body is not
        assert broken["source"].startswith(f"{cut}#urn:uuid:") and broken["warc_record_id"]
        assert broken["error"] == "decode: the WARC record is truncated (the file ends inside it)"


def _record_span(path: Path, url: str) -> tuple[int, int]:
    """Where the record of `url` starts in a WARC file, and its length in the file."""
    with path.open("rb") as file:
        archive = ArchiveIterator(file)
        for record in archive:
            if record.rec_type == "response" and record.rec_headers.get_header("WARC-Target-URI") == url:
                return archive.get_record_offset(), archive.get_record_length()
    raise AssertionError(f"no record for {url}")


def test_a_re_run_over_a_warc_skips_done_records(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    write_crawl(crawl)
    out = tmp_path / "pages.jsonl"
    run_cli("clean", str(crawl), "-o", str(out))
    complete = out.read_bytes()
    out.write_bytes(b"".join(complete.splitlines(keepends=True)[:2]))
    report = tmp_path / "report.json"
    run_cli("clean", str(crawl), "-o", str(out), "--report", str(report))
    assert out.read_bytes() == complete
    counts = json.loads(report.read_text())
    assert (counts["ok"], counts["skipped"]) == (2, 2)


def test_size_cap_applies_to_warc_records(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    write_crawl(crawl)
    out = tmp_path / "pages.jsonl"
    run_cli("clean", str(crawl), "-o", str(out), "--max-bytes", "1200")
    records = read_jsonl(out)
    errors = [record.get("error", "") for record in records]
    assert errors[0].startswith("too_large:") and errors[1] == ""  # the article page is over, the short one is not
    assert records[0]["url"] == "https://news.example/story/0"  # an error record still names the crawled URL


def test_url_is_the_target_uri_and_the_declared_canonical_is_kept_apart(tmp_path: Path) -> None:
    crawl = tmp_path / "one.warc.gz"
    page = story_page(7).replace(b"<head>", b'<head><link rel="canonical" href="https://canonical.example/story">', 1)
    assert b"canonical.example" in page
    with crawl.open("wb") as file:
        record_id = _response(WARCWriter(file, gzip=True), "https://crawl.example/story?utm=x", "200 OK", [("Content-Type", "text/html")], page)
    result = run_cli("clean", str(crawl), "--format", "json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["url"] == "https://crawl.example/story?utm=x"
    assert record["canonical_url"] == "https://canonical.example/story"
    assert record["warc_record_id"] == record_id
