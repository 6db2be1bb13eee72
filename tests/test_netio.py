"""The fetcher's network layer (declutter.fetch.netio) on real loopback connections: TLS, keep-alive."""
from __future__ import annotations

import asyncio
import ssl
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest
import trustme

from declutter.fetch.client import Fetcher, FetchError, FetchOptions, Page
from declutter.fetch.netio import AsyncioStream, connection_pool
from fault_server import FaultServer

OPTIONS = dict(backoff=0.01, connect_timeout=2.0, read_timeout=2.0, deadline=5.0, retries=0)


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(authority: trustme.CA) -> Iterator[FaultServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    with FaultServer(tls=context) as running:
        yield running


@pytest.fixture
def trusted(authority: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))  # httpx reads it when the fetcher builds its context


def fetch_all(*urls: str, pause: float = 0.0) -> list[Page | FetchError]:
    async def run() -> list[Page | FetchError]:
        results: list[Page | FetchError] = []
        async with Fetcher(FetchOptions(**OPTIONS)) as fetcher:  # type: ignore[arg-type]
            for url in urls:
                try:
                    results.append(await fetcher.fetch(url))
                except FetchError as error:
                    results.append(error)
                await asyncio.sleep(pause)
        return results

    return asyncio.run(run())


def test_https_pages_from_a_trusted_server_are_fetched(tls_server: FaultServer, trusted: None) -> None:
    results = fetch_all(*(f"{tls_server.url}/page/{n}" for n in range(5)))
    for n, page in enumerate(results):
        assert isinstance(page, Page), page
        assert page.status == 200 and f"Article {n}".encode() in page.body
    assert tls_server.url.startswith("https://")


def test_a_certificate_from_an_unknown_authority_is_a_connect_error(tls_server: FaultServer) -> None:
    (result,) = fetch_all(tls_server.url + "/page/a")
    assert isinstance(result, FetchError)
    assert result.kind == "connect"
    assert "CERTIFICATE_VERIFY_FAILED" in result.message


def test_the_stream_is_ours_and_reports_tls_and_addresses(tls_server: FaultServer, authority: trustme.CA) -> None:
    async def run() -> dict[str, Any]:
        context = ssl.create_default_context()
        authority.configure_trust(context)
        async with connection_pool(context, http2=False, limits=httpx.Limits(max_connections=2)) as pool:
            response = await pool.request("GET", tls_server.url + "/page/a")
            stream = response.extensions["network_stream"]
            return {
                "status": response.status,
                "ours": isinstance(stream, AsyncioStream),
                "tls": stream.get_extra_info("ssl_object") is not None,
                "peer": stream.get_extra_info("server_addr")[0],
                "idle and open": stream.get_extra_info("is_readable") is False,
            }

    assert asyncio.run(run()) == {"status": 200, "ours": True, "tls": True, "peer": "127.0.0.1", "idle and open": True}


def test_a_kept_alive_connection_the_server_closed_is_not_reused() -> None:
    # No retries: reusing the closed connection would fail the second fetch.
    with FaultServer() as server:
        first, second = fetch_all(server.url + "/then-close/a", server.url + "/page/b", pause=0.3)
    assert isinstance(first, Page) and b"Article a" in first.body
    assert isinstance(second, Page) and b"Article b" in second.body


def test_plain_and_tls_pages_mix_in_one_run(tls_server: FaultServer, trusted: None) -> None:
    with FaultServer() as plain:
        results = fetch_all(plain.url + "/page/p", tls_server.url + "/page/t", plain.url + "/gzip-page/g")
    assert [isinstance(r, Page) for r in results] == [True, True, True], results
