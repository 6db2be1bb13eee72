"""The fetcher and the URL driver against a real HTTP server on loopback that misbehaves on demand."""
from __future__ import annotations

import asyncio
import itertools
import socket
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest

from declutter import FetchError, Options
from declutter.fetch.client import Fetcher, FetchOptions, Page
from declutter.run.driver import Input, RunSettings, iter_records
from declutter.run.urls import list_inputs, sniff_stdin
from fault_server import FaultServer, article_html

# Short timeouts and backoff keep the suite fast; the defaults are for the real web.
FAST = dict(backoff=0.01, connect_timeout=2.0, read_timeout=2.0, deadline=5.0, retries=2)


def fetch(url: str, **options: Any) -> Page | FetchError:
    async def run() -> Page | FetchError:
        async with Fetcher(FetchOptions(**{**FAST, **options})) as fetcher:
            try:
                return await fetcher.fetch(url)
            except FetchError as error:
                return error

    return asyncio.run(run())


def fetch_many(urls: list[str], **options: Any) -> list[Page | FetchError]:
    async def run() -> list[Page | FetchError]:
        async with Fetcher(FetchOptions(**{**FAST, **options})) as fetcher:
            async def one(url: str) -> Page | FetchError:
                try:
                    return await fetcher.fetch(url)
                except FetchError as error:
                    return error

            return await asyncio.gather(*(one(u) for u in urls))

    return asyncio.run(run())


def failure(result: Page | FetchError) -> tuple[str, str, str | None, int | None]:
    assert isinstance(result, FetchError), f"expected a failure, got {result!r}"
    return result.kind, result.message, result.final_url, result.status


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the fetcher, one behaviour at a time ----------------------------------------------------


def test_a_page_comes_back_with_its_final_url_status_headers_and_body(server: FaultServer) -> None:
    page = fetch(server.url + "/page/one")
    assert isinstance(page, Page)
    assert (page.source, page.final_url, page.status) == (server.url + "/page/one", server.url + "/page/one", 200)
    assert page.content_type == "text/html; charset=utf-8"
    assert page.body == article_html("one").encode()
    assert server.state.user_agents[-1].startswith("declutter/")


def test_the_user_agent_can_be_overridden(server: FaultServer) -> None:
    fetch(server.url + "/page/one", user_agent="my-bot/1.0")
    assert server.state.user_agents == ["my-bot/1.0"]


def test_a_gzip_encoded_page_is_decoded(server: FaultServer) -> None:
    page = fetch(server.url + "/gzip-page/g")
    assert isinstance(page, Page) and page.body == article_html("g").encode()


def test_a_404_fails_at_once_without_retries(server: FaultServer) -> None:
    url = server.url + "/status/404"
    assert failure(fetch(url)) == ("http_404", "the server answered 404 Not Found", url, 404)
    assert server.state.counts["/status/404"] == 1


def test_a_500_is_retried_then_reported(server: FaultServer) -> None:
    url = server.url + "/status/500"
    assert failure(fetch(url, retries=2)) == ("http_500", "the server answered 500 Internal Server Error", url, 500)
    assert server.state.counts["/status/500"] == 3


def test_500_then_200_succeeds_after_retries(server: FaultServer) -> None:
    page = fetch(server.url + "/flaky/a?fail=2&status=500", retries=2)
    assert isinstance(page, Page) and page.status == 200
    assert server.state.counts["/flaky/a"] == 3


def test_429_waits_for_retry_after_then_succeeds(server: FaultServer) -> None:
    page = fetch(server.url + "/retry-after/a?seconds=1")
    assert isinstance(page, Page) and page.status == 200
    first, second = server.state.times["/retry-after/a"]
    assert second - first >= 1.0  # honoured Retry-After (a lower bound, not a speed test)


def test_429_with_a_retry_after_past_the_deadline_fails_at_once(server: FaultServer) -> None:
    url = server.url + "/retry-after/b?seconds=30"
    kind, message, final_url, status = failure(fetch(url, deadline=5))
    assert (kind, final_url, status) == ("http_429", url, 429)
    assert message == "the server answered 429 Too Many Requests (Retry-After 30 s is past the deadline)"
    assert server.state.counts["/retry-after/b"] == 1


def test_redirects_are_followed_to_the_final_url(server: FaultServer) -> None:
    page = fetch(server.url + "/redirect/3")
    assert isinstance(page, Page)
    assert (page.source, page.final_url, page.status) == (server.url + "/redirect/3", server.url + "/redirect/0", 200)


def test_more_than_max_redirects_fails(server: FaultServer) -> None:
    result = fetch(server.url + "/redirect/4", max_redirects=2)
    assert failure(result) == ("too_many_redirects", "more than 2 redirects", server.url + "/redirect/2", 302)


def test_a_redirect_loop_is_detected(server: FaultServer) -> None:
    result = fetch(server.url + "/loop/a")
    assert failure(result) == ("redirect_loop", f"redirect loop back to {server.url}/loop/a", server.url + "/loop/b", 302)


def test_a_cookie_then_redirect_to_itself_is_not_a_loop(server: FaultServer) -> None:
    page = fetch(server.url + "/cookie-redirect")
    assert isinstance(page, Page) and b"with a cookie" in page.body


def test_cookies_never_leak_from_one_url_to_the_next(server: FaultServer) -> None:
    # Same client, two URLs: the second must not carry the first one's cookie.
    results = asyncio.run(_fetch_in_sequence([server.url + "/cookie-redirect", server.url + "/cookie-redirect"]))
    assert all(isinstance(r, Page) for r in results)
    assert server.state.counts["/cookie-redirect"] == 4  # each URL needed its own Set-Cookie round trip


async def _fetch_in_sequence(urls: list[str]) -> list[Page]:
    async with Fetcher(FetchOptions(**FAST)) as fetcher:
        return [await fetcher.fetch(u) for u in urls]


def test_a_chunked_body_over_the_cap_fails_while_streaming(server: FaultServer) -> None:
    url = server.url + "/huge?mb=5"
    assert failure(fetch(url, max_bytes=1_000_000)) == ("too_large", "the body is larger than the 1,000,000-byte limit (--max-fetch-bytes)", url, 200)


def test_a_declared_length_over_the_cap_fails_before_reading(server: FaultServer) -> None:
    url = server.url + "/huge-declared?mb=50"
    expected = "the body is larger than the 1,000,000-byte limit (--max-fetch-bytes): 50,000,000 bytes declared"
    assert failure(fetch(url, max_bytes=1_000_000)) == ("too_large", expected, url, 200)


def test_a_gzip_bomb_stops_at_the_cap_on_decoded_bytes(server: FaultServer) -> None:
    url = server.url + "/gzip-bomb?mb=50"  # ~50 KB on the wire, 50 MB decoded
    assert failure(fetch(url, max_bytes=1_000_000)) == ("too_large", "the body is larger than the 1,000,000-byte limit (--max-fetch-bytes)", url, 200)


@pytest.mark.parametrize("media_type", ["application/pdf", "application/json"])
def test_a_non_html_content_type_is_refused(server: FaultServer, media_type: str) -> None:
    url = f"{server.url}/type/{media_type}"
    assert failure(fetch(url)) == ("not_html", f"the server sent {media_type}, not HTML", url, 200)


def test_a_connection_reset_is_retried_then_reported(server: FaultServer) -> None:
    url = server.url + "/reset"
    kind, message, final_url, status = failure(fetch(url, retries=1))
    assert (kind, final_url, status) == ("network", url, None)
    assert message.startswith("connection broken: ")
    assert server.state.counts["/reset"] == 2


def test_a_reset_once_then_ok_succeeds(server: FaultServer) -> None:
    page = fetch(server.url + "/reset-once/a")
    assert isinstance(page, Page) and page.status == 200


def test_a_reset_in_the_middle_of_the_body_is_a_network_error(server: FaultServer) -> None:
    kind, _, final_url, _ = failure(fetch(server.url + "/reset-body", retries=0))
    assert (kind, final_url) == ("network", server.url + "/reset-body")


def test_a_server_that_never_answers_costs_one_deadline(server: FaultServer) -> None:
    url = server.url + "/never"
    result = fetch(url, read_timeout=5, deadline=0.5)
    assert failure(result) == ("timeout", "no complete response within the 0.5 s deadline (--deadline)", url, None)


def test_a_read_timeout_is_retried_within_the_deadline(server: FaultServer) -> None:
    url = server.url + "/never"
    result = fetch(url, read_timeout=0.2, deadline=10, retries=1)
    assert failure(result) == ("timeout", "read timed out after 0.2 s", url, None)
    assert server.state.counts["/never"] == 2


def test_a_body_that_trickles_forever_hits_the_deadline(server: FaultServer) -> None:
    url = server.url + "/slow-body"
    result = fetch(url, read_timeout=5, deadline=0.5)
    assert failure(result) == ("timeout", "no complete response within the 0.5 s deadline (--deadline)", url, None)


def test_a_refused_connection_is_a_connect_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/page/x"
    kind, message, final_url, _ = failure(fetch(url, retries=1))
    assert (kind, final_url) == ("connect", url)
    assert message.startswith("cannot connect to 127.0.0.1: ")


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://example.com/a", "only http and https URLs are fetched, not ftp"),
        ("file:///etc/passwd", "only http and https URLs are fetched, not file"),
        ("http:///nohost", "the URL has no host"),
    ],
)
def test_bad_urls_are_refused_without_a_request(url: str, message: str) -> None:
    assert failure(fetch(url)) == ("bad_url", message, None, None)


def test_robots_txt_is_read_once_per_host_and_obeyed(server: FaultServer) -> None:
    private = [f"{server.url}/private/{n}" for n in range(3)]
    public = [f"{server.url}/page/{n}" for n in range(3)]
    results = fetch_many(private + public, respect_robots=True)
    for url, result in zip(private, results[:3]):
        assert failure(result) == ("robots", "disallowed by robots.txt (--respect-robots)", url, None)
    assert all(isinstance(r, Page) for r in results[3:])
    assert server.state.counts["/robots.txt"] == 1
    assert not any(key.startswith("/private/") for key in server.state.counts)


def test_robots_txt_is_ignored_unless_asked(server: FaultServer) -> None:
    assert isinstance(fetch(server.url + "/private/x"), Page)
    assert server.state.counts["/robots.txt"] == 0


def test_deny_private_refuses_loopback_before_any_request(server: FaultServer) -> None:
    url = server.url + "/page/x"
    assert failure(fetch(url, deny_private=True)) == ("private_address", "127.0.0.1 is 127.0.0.1, a private address (--deny-private)", url, None)
    assert server.state.counts["/page/x"] == 0


def test_deny_private_resolves_names_first() -> None:
    url = f"http://localhost:{free_port()}/page/x"
    kind, message, _, _ = failure(fetch(url, deny_private=True))
    assert kind == "private_address" and message.startswith("localhost is ")


def test_denied_addresses_are_checked_on_every_redirect_hop() -> None:
    with FaultServer(hosts=("127.0.0.1", "127.0.0.2")) as servers:
        allowed, denied = servers.urls
        target = denied + "/page/x"
        result = fetch(f"{allowed}/to?url={target}", denied_networks=("127.0.0.2/32",))
        assert failure(result) == ("private_address", "127.0.0.2 is 127.0.0.2, a private address (--deny-private)", target, None)
        assert servers.state.counts["/page/x"] == 0


def test_per_host_concurrency_is_never_exceeded(server: FaultServer) -> None:
    urls = [f"{server.url}/concurrency/one?delay=0.1&n={n}" for n in range(8)]
    results = fetch_many(urls, per_host=2, concurrency=8)
    assert all(isinstance(r, Page) for r in results)
    assert server.state.max_active["one"] == 2


def test_global_concurrency_is_never_exceeded() -> None:
    with FaultServer(hosts=("127.0.0.1", "127.0.0.2", "127.0.0.3")) as servers:
        urls = [f"{base}/concurrency/all?delay=0.1&n={n}" for n in range(4) for base in servers.urls]
        results = fetch_many(urls, per_host=4, concurrency=3)
        assert all(isinstance(r, Page) for r in results)
        assert servers.state.max_active["all"] == 3


def test_host_delay_spaces_requests_to_one_host(server: FaultServer) -> None:
    fetch_many([f"{server.url}/page/d?n={n}" for n in range(3)], host_delay=0.3)
    times = server.state.times["/page/d"]
    assert len(times) == 3
    assert all(later - earlier >= 0.25 for earlier, later in itertools.pairwise(times))


# -- the driver: every fault gives its exact record, and the run goes on ----------------------

FAULTS = {
    # path: (error, final_url path or None, status)
    "/status/404": ("http_404: the server answered 404 Not Found", "/status/404", 404),
    "/status/503": ("http_503: the server answered 503 Service Unavailable", "/status/503", 503),
    "/loop/a": ("redirect_loop: redirect loop back to {base}/loop/a", "/loop/b", 302),
    "/redirect/20": ("too_many_redirects: more than 10 redirects", "/redirect/10", 302),
    "/huge?mb=3": ("too_large: the body is larger than the 1,000,000-byte limit (--max-fetch-bytes)", "/huge?mb=3", 200),
    "/gzip-bomb?mb=50": ("too_large: the body is larger than the 1,000,000-byte limit (--max-fetch-bytes)", "/gzip-bomb?mb=50", 200),
    "/type/application/pdf": ("not_html: the server sent application/pdf, not HTML", "/type/application/pdf", 200),
    "/never": ("timeout: no complete response within the 2 s deadline (--deadline)", "/never", None),
    "/slow-body": ("timeout: no complete response within the 2 s deadline (--deadline)", "/slow-body", None),
    "/private/p": ("robots: disallowed by robots.txt (--respect-robots)", "/private/p", None),
    "/retry-after/x?seconds=60": (
        "http_429: the server answered 429 Too Many Requests (Retry-After 60 s is past the deadline)", "/retry-after/x?seconds=60", 429,
    ),
}
OTHER_INPUTS = {
    "ftp://example.com/file": "bad_url: only http and https URLs are fetched, not ftp",
    "no such thing": "bad_url: neither an http(s) URL nor an existing file",
}
RECOVERIES = ["/flaky/r?fail=1&status=500", "/retry-after/y?seconds=0", "/reset-once/r", "/cookie-redirect", "/gzip-page/z"]
CHARSETS = {
    "/charset/header-only": "Городская библиотека открылась после ремонта",
    "/charset/wrong-header": "Cafés, crèmes brûlées et pâtisseries",
    "/charset/missing": "Cafés, crèmes brûlées et pâtisseries",
    "/charset/bogus": "Cafés, crèmes brûlées et pâtisseries",
}


@pytest.fixture(scope="module")
def mixed_run() -> Iterator[tuple[str, dict[str, dict[str, Any]], list[str]]]:
    """One driver run over every fault, recoveries, charsets and good pages, interleaved."""
    with FaultServer() as server:
        base = server.url
        good = [f"{base}/page/good{n}" for n in range(len(FAULTS))]
        lines: list[str] = []
        for fault, page in zip(FAULTS, good):
            lines += [base + fault, page]
        lines += list(OTHER_INPUTS) + [base + p for p in RECOVERIES] + [base + p for p in CHARSETS] + ["", "   "]
        settings = RunSettings(
            options=Options(),
            fetch=FetchOptions(**{**FAST, "deadline": 2.0, "read_timeout": 5.0, "max_bytes": 1_000_000, "respect_robots": True}),
            jobs=1,
        )
        stdin_lines = [(line + "\n").encode() for line in lines]
        records = [record for _, record, _ in iter_records(list_inputs(stdin_lines), settings)]
        yield base, {r["source"]: r for r in records}, [r["source"] for r in records]


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_fault_gives_its_exact_record(mixed_run: tuple[str, dict[str, dict[str, Any]], list[str]], fault: str) -> None:
    base, records, _ = mixed_run
    error, final_path, status = FAULTS[fault]
    expected = {"source": base + fault, "final_url": base + final_path, "status": status, "error": error.format(base=base)}
    assert records[base + fault] == expected


@pytest.mark.parametrize("given", list(OTHER_INPUTS))
def test_bad_lines_give_error_records(mixed_run: tuple[str, dict[str, dict[str, Any]], list[str]], given: str) -> None:
    _, records, _ = mixed_run
    assert records[given] == {"source": given, "final_url": None, "status": None, "error": OTHER_INPUTS[given]}


def test_the_run_goes_on_one_record_per_input(mixed_run: tuple[str, dict[str, dict[str, Any]], list[str]]) -> None:
    base, records, sources = mixed_run
    expected_count = 2 * len(FAULTS) + len(OTHER_INPUTS) + len(RECOVERIES) + len(CHARSETS)  # blank lines give none
    assert len(sources) == len(set(sources)) == expected_count
    for n in range(len(FAULTS)):
        record = records[f"{base}/page/good{n}"]
        assert "error" not in record and record["title"] == f"Article good{n}"
        assert record["status"] == 200 and record["final_url"] == f"{base}/page/good{n}"


@pytest.mark.parametrize("path", RECOVERIES)
def test_transient_faults_recover(mixed_run: tuple[str, dict[str, dict[str, Any]], list[str]], path: str) -> None:
    base, records, _ = mixed_run
    record = records[base + path]
    assert "error" not in record, record
    assert record["status"] == 200 and record["text"].startswith("The river rose three metres overnight")


@pytest.mark.parametrize("path", list(CHARSETS))
def test_the_charset_reaches_the_decoder(mixed_run: tuple[str, dict[str, dict[str, Any]], list[str]], path: str) -> None:
    base, records, _ = mixed_run
    record = records[base + path]
    assert "error" not in record, record
    assert record["title"] == "Article charset"
    assert record["text"].startswith(CHARSETS[path])


def test_keep_order_writes_records_in_input_order(server: FaultServer) -> None:
    # Slow first, fast after: completion order differs from input order.
    urls = [f"{server.url}/delay/0.{9 - n}/p{n}" for n in range(6)] + [server.url + "/status/404"]
    settings = RunSettings(fetch=FetchOptions(**FAST), jobs=1, ordered=True, window=3)
    sources = [record["source"] for _, record, _ in iter_records([Input(u, url=u) for u in urls], settings)]
    assert sources == urls


def test_completion_order_without_keep_order(server: FaultServer) -> None:
    urls = [server.url + "/delay/1.5/slow", server.url + "/page/fast"]
    settings = RunSettings(fetch=FetchOptions(**FAST), jobs=1)
    sources = [record["source"] for _, record, _ in iter_records([Input(u, url=u) for u in urls], settings)]
    assert sources == urls[::-1]


def test_the_first_record_comes_before_the_last_input_is_read(server: FaultServer) -> None:
    first_record_seen = threading.Event()
    saw_record_before_second_input: list[bool] = []

    def inputs() -> Iterator[Input]:
        yield Input(server.url + "/page/first", url=server.url + "/page/first")
        # A lazy driver hands out the first record while this generator still waits here.
        saw_record_before_second_input.append(first_record_seen.wait(timeout=20))
        yield Input(server.url + "/page/second", url=server.url + "/page/second")

    settings = RunSettings(fetch=FetchOptions(**FAST), jobs=1)
    sources = []
    for _, record, _ in iter_records(inputs(), settings):
        sources.append(record["source"])
        first_record_seen.set()
    assert saw_record_before_second_input == [True]
    assert sources == [server.url + "/page/first", server.url + "/page/second"]


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"\xef\xbb\xbf\n\n  <html>", "html"),
        (b"https://example.com/a\nhttps://example.com/b\n", "list"),
        (b"\n\npages/a.html\n", "list"),
        (b"", "html"),
    ],
)
def test_stdin_is_sniffed_by_its_first_non_blank_line_and_kept_whole(data: bytes, kind: str) -> None:
    import io

    found, stream = sniff_stdin(io.BytesIO(data))
    assert found == kind
    assert stream.read() == data


def test_a_page_that_cannot_be_saved_gives_a_save_raw_error_record(server: FaultServer, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("in the way")
    url = server.url + "/page/s"
    settings = RunSettings(fetch=FetchOptions(**FAST), jobs=1, save_raw=not_a_folder)
    ((_, record, _),) = list(iter_records([Input(url, url=url)], settings))
    assert (record["source"], record["final_url"], record["status"]) == (url, url, 200)
    assert record["error"].startswith("save_raw: cannot save the page: ")


def test_the_tally_counts_every_record_and_summarises_failures_by_kind() -> None:
    from declutter.io.report import RunReport, progress_display

    records = [{"source": str(n)} for n in range(3)] + [{"source": "x", "error": "http_404: gone"}, {"source": "y", "error": "timeout: slow"}]
    report = RunReport()
    with progress_display(True) as show:  # drawing never drops a record from the count
        for record in records:
            report.add(record)
            show.update(report)
    assert (report.ok, report.failed) == (3, 2)
    assert report.summary_line().startswith("3 ok, 2 failed (http_404 1, timeout 1), 0 skipped; ")
