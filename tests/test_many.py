"""The pipeline API: declutter.clean_many over real files, folders, WARC files and pages in
memory, and declutter.clean_urls against a real loopback server."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest

import declutter
from conftest import slow_page, story_page, write_pages
from fault_server import FaultServer
from test_warc import write_crawl


@pytest.fixture
def inputs(tmp_path: Path) -> list[object]:
    folder = tmp_path / "saved"
    write_pages(folder, 3)
    write_crawl(tmp_path / "crawl.warc.gz")
    (tmp_path / "single.html").write_bytes(story_page(9))
    return [
        str(tmp_path / "single.html"),
        folder,
        tmp_path / "crawl.warc.gz",
        ("in-memory", story_page(11)),
        {"source": "mapped", "html": story_page(12).decode(), "url": "https://example.org/12", "batch": 7},
        str(tmp_path / "missing.html"),
        ("not-a-page", b"%PDF-1.7"),
    ]


@pytest.mark.parametrize("jobs", [0, 2])
def test_clean_many_gives_one_record_per_page_in_input_order(inputs: list[object], tmp_path: Path, jobs: int) -> None:
    records = list(declutter.clean_many(inputs, jobs=jobs))
    sources = [record["source"] for record in records]
    assert sources[0] == str(tmp_path / "single.html")
    assert sources[1:4] == [str(tmp_path / "saved" / name) for name in ("page0001.html", "page0002.html", "section/page0000.html")]
    assert all(source.startswith(f"{tmp_path / 'crawl.warc.gz'}#urn:uuid:") for source in sources[4:8])  # 4 HTML responses
    assert sources[8:] == ["in-memory", "mapped", str(tmp_path / "missing.html"), "not-a-page"]
    by_source = {record["source"]: record for record in records}
    assert by_source["in-memory"]["title"].startswith("Story 11: the ")
    mapped = by_source["mapped"]
    assert (mapped["url"], mapped["batch"]) == ("https://example.org/12", 7) and "Paragraph 3 of story 12" in mapped["text"]
    assert records[4]["url"] == "https://news.example/story/0"  # the WARC-Target-URI
    assert declutter.ErrorKind.of(by_source[str(tmp_path / "missing.html")]["error"]) is declutter.ErrorKind.NOT_FOUND
    assert by_source["not-a-page"]["error"].startswith(f"{declutter.ErrorKind.NOT_HTML}: ")


def test_clean_many_same_records_in_any_order_and_with_options(inputs: list[object]) -> None:
    ordered = list(declutter.clean_many(inputs, jobs=2, explain=True))
    as_done = list(declutter.clean_many(iter(inputs), jobs=2, ordered=False, explain=True))
    assert sorted(as_done, key=lambda r: r["source"]) == sorted(ordered, key=lambda r: r["source"])
    assert any(record.get("removed") for record in ordered)  # explain=True reached the workers


def test_clean_many_a_page_past_its_time_budget_fails_alone() -> None:
    pages = [("slow", slow_page()), ("quick", story_page(1))]
    for jobs in (0, 1):  # in this process (a timer signal) and in a worker (killed)
        slow, quick = declutter.clean_many(pages, jobs=jobs, timeout_per_doc=1)
        assert slow["error"].startswith("timeout: took longer than 1 s"), (jobs, slow)
        assert quick["title"] == "Story 1: the garden reopens"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the dropped alarm, reported by pytest
def test_clean_many_stops_a_page_past_its_budget_though_a_gc_callback_drops_the_alarm() -> None:
    """In this process the budget is a timer signal, whose handler raises at the interpreter's
    next step. While C code runs, that step may be a garbage collector's callback (Hypothesis
    installs one), which drops the exception: the alarm must come again."""

    def callback(phase: str, info: dict[str, int]) -> None:  # Python code the collector runs
        pass

    gc.callbacks.append(callback)
    try:
        slow, quick = declutter.clean_many([("slow", slow_page()), ("quick", story_page(1))], jobs=0, timeout_per_doc=1)
    finally:
        gc.callbacks.remove(callback)
    assert slow["error"].startswith("timeout: took longer than 1 s"), slow
    assert quick["title"] == "Story 1: the garden reopens"


def test_clean_urls_fetches_and_cleans_each_url() -> None:
    with FaultServer() as server:
        urls = [server.url + "/page/alpha", server.url + "/status/404", server.url + "/redirect/2", "ftp://example.com/x"]
        records = {record["source"]: record for record in declutter.clean_urls(urls, jobs=1)}
    assert set(records) == set(urls)
    alpha = records[urls[0]]
    assert alpha["title"] == "Article alpha" and alpha["status"] == 200 and alpha["url"] == alpha["final_url"] == urls[0]
    assert records[urls[1]]["error"].startswith("http_404:") and declutter.ErrorKind.of(records[urls[1]]["error"]) is declutter.ErrorKind.HTTP
    redirected = records[urls[2]]
    assert redirected["url"] == server.url + "/redirect/0" and redirected["title"] == "Article redirected"  # url: where it came from, after redirects
    assert records[urls[3]]["error"].startswith("bad_url:")


def test_clean_urls_in_input_order() -> None:
    with FaultServer() as server:
        urls = [server.url + f"/page/{name}" for name in ("a", "b", "c", "d")]
        records = list(declutter.clean_urls(urls, jobs=1, ordered=True))
    assert [record["source"] for record in records] == urls
    assert [record["title"] for record in records] == [f"Article {name}" for name in "abcd"]
