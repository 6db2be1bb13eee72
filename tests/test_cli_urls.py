"""`declutter clean` with URLs and URL lists, through the installed console script and a real server."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import run_declutter as run
from declutter.io.rawstore import SIDECAR_SUFFIX, relative_name
from fault_server import FaultServer

FAST = ["--retries", "0", "--deadline", "5", "-j", "1"]


def records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_one_url_gives_its_clean_text(server: FaultServer) -> None:
    result = run("clean", server.url + "/page/alpha", *FAST)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Article alpha\n\nThe river rose three metres overnight")
    assert "Copyright" not in result.stdout and "Home" not in result.stdout


def test_one_url_as_json_has_source_final_url_and_status_first(server: FaultServer) -> None:
    result = run("clean", server.url + "/redirect/2", "--format", "json", *FAST)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert list(record)[:4] == ["source", "final_url", "status", "url"]
    assert (record["source"], record["final_url"], record["status"]) == (server.url + "/redirect/2", server.url + "/redirect/0", 200)
    assert record["title"] == "Article redirected"


def test_a_failing_url_is_one_line_on_stderr_and_exit_1(server: FaultServer) -> None:
    url = server.url + "/status/404"
    result = run("clean", url, *FAST)
    assert result.returncode == 1
    assert result.stderr.strip() == f"declutter: {url}: http_404: the server answered 404 Not Found"
    assert "Traceback" not in result.stderr


def test_several_urls_give_jsonl_a_summary_and_exit_1_when_one_failed(server: FaultServer) -> None:
    urls = [server.url + "/page/a", server.url + "/status/500", server.url + "/page/b"]
    result = run("clean", *urls, *FAST)
    assert result.returncode == 1
    got = {r["source"]: r for r in records(result.stdout)}
    assert set(got) == set(urls)
    assert got[urls[1]] == {"source": urls[1], "final_url": urls[1], "status": 500, "error": "http_500: the server answered 500 Internal Server Error"}
    assert got[urls[0]]["title"] == "Article a" and got[urls[2]]["title"] == "Article b"
    assert result.stderr.splitlines()[-1].startswith("declutter: 2 ok, 1 failed (http_500 1), 0 skipped; ")


def test_ok_on_errors_exits_0_and_still_writes_the_error_record(server: FaultServer) -> None:
    urls = [server.url + "/page/a", server.url + "/status/404"]
    result = run("clean", *urls, "--ok-on-errors", *FAST)
    assert result.returncode == 0
    assert {r["source"]: r.get("error") for r in records(result.stdout)}[urls[1]].startswith("http_404:")


def test_all_ok_exits_0(server: FaultServer) -> None:
    result = run("clean", server.url + "/page/a", server.url + "/page/b", *FAST)
    assert result.returncode == 0, result.stderr
    assert len(records(result.stdout)) == 2


def test_a_piped_list_of_mixed_lines_gives_one_record_per_line(server: FaultServer, tmp_path: Path) -> None:
    page = tmp_path / "local.html"
    page.write_text("<html><head><title>Local page</title></head><body><article><p>" + "A local paragraph of text. " * 8 + "</p></article></body></html>")
    lines = [
        server.url + "/page/one",
        "",
        str(page),
        "this is not a url",
        server.url + "/status/404",
        "ftp://example.com/x",
        str(tmp_path / "missing.html"),
        "   ",
        server.url + "/type/application/pdf",
    ]
    result = run("clean", "-", *FAST, stdin="\n".join(lines) + "\n")
    assert result.returncode == 1
    got = {r["source"]: r for r in records(result.stdout)}
    assert len(records(result.stdout)) == 7  # blank lines give no record
    assert got[server.url + "/page/one"]["title"] == "Article one"
    assert got[str(page)]["title"] == "Local page"
    assert (got[str(page)]["final_url"], got[str(page)]["status"]) == (None, None)
    assert got["this is not a url"] == {"source": "this is not a url", "final_url": None, "status": None, "error": "bad_url: neither an http(s) URL nor an existing file"}
    assert got["ftp://example.com/x"]["error"] == "bad_url: only http and https URLs are fetched, not ftp"
    assert got[str(tmp_path / "missing.html")]["error"] == "bad_url: neither an http(s) URL nor an existing file"
    assert got[server.url + "/status/404"]["error"] == "http_404: the server answered 404 Not Found"
    assert got[server.url + "/type/application/pdf"]["error"] == "not_html: the server sent application/pdf, not HTML"
    assert result.stderr.splitlines()[-1].startswith("declutter: 2 ok, 5 failed (bad_url 3, ")


def test_html_on_stdin_still_cleans_as_one_page() -> None:
    html = "<!DOCTYPE html><html><head><title>Piped page</title></head><body><article><p>" + "Piped paragraph text. " * 8 + "</p></article></body></html>"
    result = run("clean", "-", "--format", "json", stdin=html)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["source"], record["title"]) == ("-", "Piped page")


def test_stdin_list_can_be_forced_and_html_too(server: FaultServer) -> None:
    forced_list = run("clean", "-", "--stdin", "list", *FAST, stdin="<not a url>\n")
    assert records(forced_list.stdout) == [{"source": "<not a url>", "final_url": None, "status": None, "error": "bad_url: neither an http(s) URL nor an existing file"}]
    forced_html = run("clean", "-", "--stdin", "html", "--format", "json", stdin=server.url + "/page/a\n")
    assert json.loads(forced_html.stdout)["error"].startswith("not_html: ")


def test_keep_order_writes_records_in_input_order(server: FaultServer) -> None:
    urls = [f"{server.url}/delay/0.{8 - 2 * n}/p{n}" for n in range(5)]
    result = run("clean", "-", "--keep-order", *FAST, stdin="\n".join(urls))
    assert result.returncode == 0, result.stderr
    assert [r["source"] for r in records(result.stdout)] == urls


def test_save_raw_then_clean_the_folder_offline(server: FaultServer, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    urls = [server.url + "/page/one", server.url + "/charset/header-only", server.url + "/gzip-page/zipped", server.url + "/status/404"]
    online = run("clean", *urls, "--save-raw", str(raw), *FAST)
    online_records = {r["source"]: r for r in records(online.stdout)}
    saved = sorted(raw.rglob("*.html"))
    assert len(saved) == 3  # the 404 is not saved
    for url in urls[:3]:
        page = raw / relative_name(url)
        sidecar = json.loads(page.with_name(page.name[: -len(".html")] + SIDECAR_SUFFIX).read_text())
        assert (sidecar["url"], sidecar["final_url"], sidecar["status"]) == (url, url, 200)
        assert "content-type" in sidecar["headers"]
    assert not list(raw.rglob("*.tmp"))

    offline = run("clean", str(raw), "--format", "jsonl")
    assert offline.returncode == 0, offline.stderr
    offline_records = records(offline.stdout)
    assert len(offline_records) == 3
    by_title = {r["title"]: r for r in offline_records}
    for url in urls[:3]:
        before = online_records[url]
        after = by_title[before["title"]]
        assert after["text"] == before["text"]


def test_a_saved_folder_yields_items_with_the_url_and_content_type_of_their_sidecars(server: FaultServer, tmp_path: Path) -> None:
    from declutter.io.sources import iter_items

    raw = tmp_path / "raw"
    url = server.url + "/charset/header-only"
    assert run("clean", url, "--save-raw", str(raw), *FAST).returncode == 0
    (item,) = list(iter_items([str(raw)]))
    assert item.path == raw / relative_name(url)
    assert (item.url, item.content_type) == (url, "text/html; charset=windows-1251")


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/../../../../etc/passwd",
        "http://example.com/..%2F..%2F..%2Fetc%2Fpasswd",
        "http://../../etc/passwd",
        "http://example.com//absolute/path",
        "http://example.com/caf\u00e9/\x00\xff?q=<x>&r=/../..",
        "http://example.com/" + "a/" * 2000,
        "http://[::1]:8080/x",
        "not even a url",
    ],
)
def test_saved_file_names_never_leave_the_folder(url: str, tmp_path: Path) -> None:
    name = relative_name(url)
    path = (tmp_path / name).resolve()
    assert tmp_path.resolve() in path.parents
    assert len(Path(name).parts) == 2 and not any(part.startswith(".") for part in Path(name).parts)
    assert len(name) < 250 and name.endswith(".html")
    assert name.isascii()


def test_odd_urls_are_saved_inside_the_folder(server: FaultServer, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    urls = [server.url + "/page/..%2F..%2Fescape", server.url + "/page/%00%ff?q=../../x", server.url + "/page/" + "long" * 300]
    result = run("clean", *urls, "--save-raw", str(raw), *FAST)
    assert result.returncode == 0, result.stderr
    saved = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(saved) == 6 and all(raw.resolve() in p.resolve().parents for p in saved)


def test_url_output_to_a_folder_gets_one_file_per_url(server: FaultServer, tmp_path: Path) -> None:
    out = tmp_path / "out"
    urls = [server.url + "/page/a", server.url + "/page/b"]
    result = run("clean", *urls, "-o", str(out) + "/", "--format", "json", *FAST)
    assert result.returncode == 0, result.stderr
    for url in urls:
        written = json.loads((out / relative_name(url)).with_suffix(".json").read_text())
        assert written["source"] == url


def test_deny_private_refuses_loopback_urls(server: FaultServer) -> None:
    url = server.url + "/page/secret"
    result = run("clean", url, "--deny-private", "--format", "json", *FAST)
    assert result.returncode == 1
    assert json.loads(result.stdout) == {"source": url, "final_url": url, "status": None, "error": "private_address: 127.0.0.1 is 127.0.0.1, a private address (--deny-private)"}
    assert server.state.counts["/page/secret"] == 0


def test_without_deny_private_loopback_is_fetched(server: FaultServer) -> None:
    assert run("clean", server.url + "/page/intranet", *FAST).returncode == 0


def test_respect_robots_from_the_command_line(server: FaultServer) -> None:
    url = server.url + "/private/x"
    result = run("clean", url, "--respect-robots", "--format", "json", *FAST)
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"] == "robots: disallowed by robots.txt (--respect-robots)"


def test_no_progress_drawing_when_stderr_is_not_a_terminal(server: FaultServer) -> None:
    result = run("clean", server.url + "/page/a", server.url + "/page/b", *FAST)
    assert len(result.stderr.splitlines()) == 1  # the summary line only: no progress bar in logs


def test_a_page_over_the_timeout_per_doc_fails_alone_with_timeout(server: FaultServer) -> None:
    # 100,000 paragraphs (8.5 MB) take many seconds to clean: that page's worker is killed and replaced, and
    # the page after it is cleaned all the same. (A limit of 3 s: on a loaded machine a small
    # page's turn in a fresh worker can take a second; the long page needs several times 3 s.)
    slow, quick = server.url + "/long/100000", server.url + "/page/alpha"
    result = run("clean", slow, quick, "--timeout-per-doc", "3", "--keep-order", *FAST)
    assert result.returncode == 1
    first, second = records(result.stdout)
    assert first["source"] == slow
    assert first["error"] == "timeout: took longer than 3 s (--timeout-per-doc 3); its worker was killed and replaced"
    assert second["source"] == quick and second["title"] == "Article alpha"
    assert "declutter: 1 ok, 1 failed (timeout 1), 0 skipped; " in result.stderr


def test_one_url_without_jobs_is_cleaned_in_the_command_itself(server: FaultServer) -> None:
    # No worker processes for a single page (they take longer to start than the page to clean).
    result = run("clean", server.url + "/page/alpha", "--retries", "0", "--deadline", "5")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Article alpha\n\nThe river rose three metres overnight")
    missing = run("clean", server.url + "/status/404", "--retries", "0", "--deadline", "5")
    assert missing.returncode == 1
    assert missing.stderr.strip().endswith("http_404: the server answered 404 Not Found")
