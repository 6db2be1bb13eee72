"""The fetcher: one URL in, the page's bytes and headers out, politely and concurrently.

httpcore connection pools (one per host) shared by every fetch, with a global and a per-host concurrency limit
(and an optional delay between requests to one host), connect/read timeouts plus a deadline
for the whole URL (retries included), retries with exponential backoff and jitter that honour
``Retry-After``, redirects followed by hand (so every hop is checked: loops, robots.txt,
private addresses), a size cap enforced while streaming on the decoded bytes (a gzip bomb
stops at the cap), and a content-type check. A failure raises ``FetchError`` with a short
``kind`` (``timeout``, ``http_404``, ``not_html``, ...) that becomes the record's ``error``.

    async with Fetcher(FetchOptions(concurrency=16)) as fetcher:
        page = await fetcher.fetch("https://example.com/a")
"""
from __future__ import annotations

import asyncio
import email.utils
import functools
import ipaddress
import random
import socket
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Awaitable, Callable
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from ..core.errors import FetchError
from .netio import connection_pool
from .options import FetchOptions

HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB
ROBOTS_CACHE_SIZE = 4096  # origins; bounded so a list of a million hosts keeps memory flat
_REQUEST_HEADERS = [
    (b"Accept", b"text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"),
    # Only encodings this module decodes itself, under the size cap (see _BodyDecoder).
    (b"Accept-Encoding", b"gzip, deflate"),
    (b"Connection", b"keep-alive"),
]
# What a request can raise (httpcore's errors have no common base class).
_TRANSPORT_ERRORS = (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol)


def http2_available() -> bool:
    """Whether the optional `h2` package (extra ``declutter[http2]``) is installed."""
    try:
        import h2  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class Page:
    """A fetched page: `source` as given, `final_url` after redirects, the last status and headers."""

    source: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


class _Retry(Exception):
    """A failure worth another try; `retry_after` is the server's wish, in seconds."""

    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        super().__init__(error.message)
        self.error = error
        self.retry_after = retry_after


@dataclass
class _Host:
    """Per-host politeness state: a concurrency limit and the earliest next start."""

    semaphore: asyncio.Semaphore
    next_start: float = 0.0
    users: int = 0


@dataclass
class _Hop:
    """One request of a redirect chain, and what it returned."""

    url: httpx.URL
    status: int
    headers: httpx.Headers
    body: bytes = b""
    location: httpx.URL | None = None


@dataclass
class _Chain:
    """State of one URL's fetch: where it is, what it has seen, how much time is left."""

    source: str
    deadline_at: float
    current_url: str | None = None  # the URL being asked for now: the final_url of a timeout
    cookies: httpx.Cookies = field(default_factory=httpx.Cookies)
    seen: set[tuple[str, str]] = field(default_factory=set)


def _is_denied_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


class _BodyDecoder:
    """Content-Encoding (gzip, deflate or none) decoded chunk by chunk, never past a limit.

    zlib is asked for at most `limit + 1` bytes per chunk, so a gzip bomb is stopped after
    `limit` decoded bytes instead of being inflated whole (httpx decodes whole chunks).
    """

    def __init__(self, encoding: str, source: str) -> None:
        self.encoding = encoding
        self.source = source
        self.started = False
        self.inflater = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding in ("gzip", "x-gzip", "deflate") else None

    def decode(self, chunk: bytes, limit: int) -> bytes:
        if self.inflater is None:
            return chunk[: limit + 1]
        output = b""
        data = chunk
        while data and len(output) <= limit:
            try:
                output += self.inflater.decompress(data, limit + 1 - len(output))
            except zlib.error:
                if self.encoding == "deflate" and not self.started:
                    # "deflate" is sometimes sent raw, without the zlib header.
                    self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                    self.started = True
                    continue
                raise FetchError(f"the {self.encoding}-compressed body is corrupt", self.source, kind="bad_encoding") from None
            self.started = True
            # A body may hold several gzip members one after the other.
            data = self.inflater.unused_data if self.inflater.eof else b""
            if data:
                self.inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)
        return output

    def flush(self) -> bytes:
        return self.inflater.flush() if self.inflater is not None else b""


class _ReleasingStream:
    """A response body that tells its pool when it is closed."""

    def __init__(self, inner: Any, release: Callable[[], Awaitable[None]]) -> None:
        self.inner = inner
        self.release: Callable[[], Awaitable[None]] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for part in self.inner:
            yield part

    async def aclose(self) -> None:
        try:
            await self.inner.aclose()
        finally:
            release, self.release = self.release, None
            if release is not None:
                await release()


@dataclass
class _Response:
    """What one request returned: httpcore's response, its headers as httpx's case-insensitive
    Headers (repeated ones joined), its body still to be read. ``async with`` closes it."""

    status_code: int
    headers: httpx.Headers
    extensions: dict[str, Any]
    stream: _ReleasingStream

    def aiter_raw(self) -> AsyncIterator[bytes]:
        return self.stream.__aiter__()

    async def aclose(self) -> None:
        await self.stream.aclose()

    async def __aenter__(self) -> _Response:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class _PerHostPools:
    """One small connection pool per host instead of one big one.

    httpcore places every request by scanning every connection of its pool, so a single pool
    shared by 32 busy hosts spends more CPU placing requests than sending them. Pools of
    hosts with nothing in flight are kept for reuse, `max_idle` of them at most (the oldest
    are closed), so a list of a million hosts keeps memory flat.
    """

    def __init__(self, make_pool: Callable[[], httpcore.AsyncConnectionPool], max_idle: int) -> None:
        self.make_pool = make_pool
        self.max_idle = max_idle
        self.busy: dict[tuple[bytes, bytes, int | None], list[Any]] = {}  # origin -> [pool, requests open]
        self.idle: OrderedDict[tuple[bytes, bytes, int | None], httpcore.AsyncConnectionPool] = OrderedDict()

    async def request(self, request: httpcore.Request) -> httpcore.Response:
        """Send `request` on its host's pool; closing the response's stream releases the pool."""
        origin = (request.url.scheme, request.url.host, request.url.port)
        entry = self.busy.get(origin)
        if entry is None:
            entry = self.busy[origin] = [self.idle.pop(origin, None) or self.make_pool(), 0]
        entry[1] += 1
        try:
            response = await entry[0].handle_async_request(request)
        except BaseException:
            await self._release(origin)
            raise
        response.stream = _ReleasingStream(response.stream, functools.partial(self._release, origin))
        return response

    async def _release(self, origin: tuple[bytes, bytes, int | None]) -> None:
        entry = self.busy[origin]
        entry[1] -= 1
        if entry[1]:
            return
        del self.busy[origin]
        self.idle[origin] = entry[0]
        while len(self.idle) > self.max_idle:
            await self.idle.popitem(last=False)[1].aclose()

    async def aclose(self) -> None:
        pools = [entry[0] for entry in self.busy.values()] + list(self.idle.values())
        self.busy.clear()
        self.idle.clear()
        for pool in pools:
            await pool.aclose()


class Fetcher:
    """Fetches URLs with shared connection pools; use as ``async with Fetcher(options) as f``."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self._pools: _PerHostPools | None = None
        self._headers = [*_REQUEST_HEADERS, (b"User-Agent", self.options.user_agent.encode("ascii"))]
        # httpcore's per-request timeouts: no limit on waiting for a pool slot (the per-host
        # semaphore already bounds it; the deadline covers the rest).
        self._timeouts = {"connect": self.options.connect_timeout, "read": self.options.read_timeout, "write": self.options.read_timeout, "pool": None}
        self._slots = asyncio.Semaphore(self.options.concurrency)
        self._hosts: dict[str, _Host] = {}
        self._recent_starts: OrderedDict[str, float] = OrderedDict()  # hosts idle but still inside their delay
        self._robots: OrderedDict[str, RobotFileParser | str] = OrderedDict()
        self._robots_loading: dict[str, asyncio.Future[RobotFileParser | str]] = {}
        self._denied_networks = tuple(ipaddress.ip_network(n, strict=False) for n in self.options.denied_networks)

    async def __aenter__(self) -> Fetcher:
        options = self.options
        http2 = http2_available() if options.http2 is None else options.http2
        ssl_context = httpx.create_ssl_context()  # built once: loading the CA bundle is slow
        # Per host: its slots, plus one for a robots.txt or a redirect back to it.
        per_host_limits = httpx.Limits(max_connections=options.per_host + 1, max_keepalive_connections=options.per_host, keepalive_expiry=5.0)
        self._pools = _PerHostPools(lambda: connection_pool(ssl_context, http2, per_host_limits), max_idle=options.concurrency)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._pools is not None:
            await self._pools.aclose()
            self._pools = None

    # -- the public entry point ------------------------------------------------------------

    async def fetch(self, url: str) -> Page:
        """Fetch one URL (following redirects); raise FetchError with a kind on failure."""
        start_url = self._parse_url(url, url)
        host = start_url.netloc.decode("ascii", "replace").lower()
        async with self._host_slot(host):
            async with self._slots:
                chain = _Chain(url, asyncio.get_running_loop().time() + self.options.deadline)
                try:
                    return await asyncio.wait_for(self._follow(start_url, chain), self.options.deadline)
                except asyncio.TimeoutError:
                    raise FetchError(
                        f"no complete response within the {self.options.deadline:g} s deadline (--deadline)",
                        url, kind="timeout", final_url=chain.current_url,
                    ) from None

    # -- politeness ------------------------------------------------------------------------

    @staticmethod
    def _parse_url(url: str, source: str) -> httpx.URL:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError, TypeError) as error:
            raise FetchError(f"not a valid URL ({error})", source, kind="bad_url") from None
        if parsed.scheme not in ("http", "https"):
            raise FetchError(f"only http and https URLs are fetched, not {parsed.scheme or 'a URL without a scheme'}", source, kind="bad_url")
        if not parsed.host:
            raise FetchError("the URL has no host", source, kind="bad_url")
        return parsed

    def _host_slot(self, host: str) -> _HostSlot:
        return _HostSlot(self, host)

    # -- one URL: hops, retries ------------------------------------------------------------

    async def _follow(self, url: httpx.URL, chain: _Chain) -> Page:
        """Follow redirects from `url`; every hop gets the checks and its own retries."""
        hop: _Hop | None = None
        for _ in range(self.options.max_redirects + 1):
            # The same URL with the same cookies again is a loop; with a new cookie it is
            # the "set a cookie and come back" pattern, which is not.
            key = (str(url), "; ".join(f"{cookie.name}={cookie.value}" for cookie in chain.cookies.jar))
            if key in chain.seen:
                assert hop is not None
                raise FetchError(f"redirect loop back to {url}", chain.source, kind="redirect_loop", final_url=str(hop.url), status=hop.status)
            chain.seen.add(key)
            chain.current_url = str(url)
            hop = await self._with_retries(url, chain)
            if hop.location is None:
                return Page(chain.source, str(hop.url), hop.status, {k.lower(): v for k, v in hop.headers.items() if k.lower() != "set-cookie"}, hop.body)
            url = hop.location
        assert hop is not None
        raise FetchError(
            f"more than {self.options.max_redirects} redirects", chain.source, kind="too_many_redirects", final_url=str(hop.url), status=hop.status
        )

    async def _with_retries(self, url: httpx.URL, chain: _Chain) -> _Hop:
        loop = asyncio.get_running_loop()
        for attempt in range(self.options.retries + 1):
            try:
                return await self._request(url, chain)
            except _Retry as retry:
                if attempt == self.options.retries:
                    raise retry.error from None
                if retry.retry_after is not None:
                    delay = retry.retry_after
                else:  # exponential backoff with jitter, so retries from many tasks spread out
                    delay = self.options.backoff * (2**attempt) * (0.5 + random.random() / 2)
                if loop.time() + delay >= chain.deadline_at:
                    if retry.retry_after is not None:
                        retry.error.message += f" (Retry-After {retry.retry_after:g} s is past the deadline)"
                    raise retry.error from None
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    async def _open(self, url: httpx.URL, cookies: httpx.Cookies | None = None) -> _Response:
        """One GET sent straight to the host's pool, its body not read yet.

        Not through httpx's client: redirects, cookies and errors are handled here anyway, and
        the client's per-request machinery (a Request model, URL and header models merged and
        parsed again, auth/redirect/event-hook plumbing, a Response model) costs the fetching
        process CPU taken from cleaning: 1.98 against 1.63 ms per page (medians, the A/B in
        benchmarks/bench_fetch.py)."""
        assert self._pools is not None, "use `async with Fetcher(...)`"
        headers = [(b"Host", url.netloc), *self._headers]
        if cookies is not None and cookies.jar:
            headers += _cookie_header(cookies, url)
        target = httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path)
        response = await self._pools.request(httpcore.Request(b"GET", target, headers=headers, extensions={"timeout": self._timeouts}))
        return _Response(response.status, httpx.Headers(response.headers), response.extensions, response.stream)  # type: ignore[arg-type]

    async def _request(self, url: httpx.URL, chain: _Chain) -> _Hop:
        """One GET; raise _Retry for transient failures, FetchError for final ones."""
        source = chain.source
        await self._check_address(url, source)
        if self.options.respect_robots:
            await self._check_robots(url, source)
        try:
            response = await self._open(url, chain.cookies)
        except httpcore.TimeoutException as error:
            what = "connect" if isinstance(error, httpcore.ConnectTimeout) else "read"
            seconds = self.options.connect_timeout if what == "connect" else self.options.read_timeout
            raise _Retry(FetchError(f"{what} timed out after {seconds:g} s", source, kind="timeout", final_url=str(url))) from None
        except httpcore.ConnectError as error:
            raise _Retry(FetchError(f"cannot connect to {url.host}: {_reason(error)}", source, kind="connect", final_url=str(url))) from None
        except (httpcore.ReadError, httpcore.WriteError, httpcore.RemoteProtocolError) as error:
            raise _Retry(FetchError(f"connection broken: {_reason(error)}", source, kind="network", final_url=str(url))) from None
        except (httpcore.UnsupportedProtocol, httpcore.LocalProtocolError) as error:
            raise FetchError(f"cannot request this URL: {error}", source, kind="bad_url", final_url=str(url)) from None
        try:
            return await self._read_response(url, response, chain)
        except httpcore.TimeoutException:
            raise _Retry(FetchError(f"read timed out after {self.options.read_timeout:g} s", source, kind="timeout", final_url=str(url))) from None
        except (httpcore.ReadError, httpcore.RemoteProtocolError) as error:
            raise _Retry(FetchError(f"connection broken: {_reason(error)}", source, kind="network", final_url=str(url))) from None
        finally:
            await response.aclose()

    async def _read_response(self, url: httpx.URL, response: _Response, chain: _Chain) -> _Hop:
        source, status, final = chain.source, response.status_code, str(url)
        self._check_peer(response, url, source)
        if "set-cookie" in response.headers:
            chain.cookies.extract_cookies(httpx.Response(status, headers=response.headers, request=httpx.Request("GET", url)))
        if status in REDIRECT_STATUSES and "location" in response.headers:
            try:
                location = url.join(response.headers["location"])
            except (httpx.InvalidURL, ValueError) as error:
                raise FetchError(f"bad redirect location ({error})", source, kind="bad_url", final_url=final, status=status) from None
            if location.scheme not in ("http", "https"):
                raise FetchError(f"redirect to a {location.scheme or 'scheme-less'} URL", source, kind="bad_url", final_url=final, status=status)
            return _Hop(url, status, response.headers, location=location)
        if status == 429 or status >= 500:
            failure = FetchError(_status_message(response), source, kind=f"http_{status}", final_url=final, status=status)
            raise _Retry(failure, _retry_after_seconds(response.headers.get("retry-after")))
        if not 200 <= status < 300:
            raise FetchError(_status_message(response), source, kind=f"http_{status}", final_url=final, status=status)
        media_type = _media_type(response.headers.get("content-type"))
        if media_type and media_type not in HTML_TYPES:
            raise FetchError(f"the server sent {media_type}, not HTML", source, kind="not_html", final_url=final, status=status)
        body = await self._read_body(response, self.options.max_bytes, source, final)
        return _Hop(url, status, response.headers, body=body)

    async def _read_body(self, response: _Response, limit: int, source: str, final_url: str) -> bytes:
        def too_large(size: str) -> FetchError:
            return FetchError(
                f"the body is larger than the {limit:,}-byte limit (--max-fetch-bytes){size}",
                source, kind="too_large", final_url=final_url, status=response.status_code,
            )

        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large(f": {int(declared):,} bytes declared")
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
            raise FetchError(f"unsupported Content-Encoding {encoding!r}", source, kind="bad_encoding", final_url=final_url, status=response.status_code)
        decoder = _BodyDecoder(encoding, source)
        parts: list[bytes] = []
        size = 0
        async for chunk in response.aiter_raw():
            decoded = decoder.decode(chunk, limit - size)
            size += len(decoded)
            if size > limit:
                raise too_large("")
            parts.append(decoded)
        tail = decoder.flush()
        if size + len(tail) > limit:
            raise too_large("")
        parts.append(tail)
        return b"".join(parts)

    # -- safety checks: private addresses and robots.txt -----------------------------------

    def _denied(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        if self.options.deny_private and _is_denied_address(address):
            return True
        return any(address in network for network in self._denied_networks)

    async def _check_address(self, url: httpx.URL, source: str) -> None:
        """Refuse a host that resolves to a denied address (before any byte is sent)."""
        if not (self.options.deny_private or self._denied_networks):
            return
        host = url.host
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                port = url.port or (443 if url.scheme == "https" else 80)
                infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as error:
                raise FetchError(f"cannot resolve {host}: {_reason(error)}", source, kind="connect", final_url=str(url)) from None
            addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
        for address in addresses:
            if self._denied(address):
                raise FetchError(f"{host} is {address}, a private address (--deny-private)", source, kind="private_address", final_url=str(url))

    def _check_peer(self, response: _Response, url: httpx.URL, source: str) -> None:
        """Check the address actually connected to: DNS may answer differently the second time."""
        if not (self.options.deny_private or self._denied_networks):
            return
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if peer:
            address = ipaddress.ip_address(str(peer[0]).split("%", 1)[0])
            if self._denied(address):
                raise FetchError(f"{url.host} connected to {address}, a private address (--deny-private)", source, kind="private_address", final_url=str(url))

    async def _check_robots(self, url: httpx.URL, source: str) -> None:
        origin = f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}"
        rules = await self._robots_for(origin)
        if isinstance(rules, str):
            raise FetchError(rules, source, kind="robots", final_url=str(url))
        if not rules.can_fetch(self.options.user_agent, str(url)):
            raise FetchError("disallowed by robots.txt (--respect-robots)", source, kind="robots", final_url=str(url))

    async def _robots_for(self, origin: str) -> RobotFileParser | str:
        """The parsed robots.txt of an origin (or why every URL there is refused), fetched once."""
        if origin in self._robots:
            self._robots.move_to_end(origin)
            return self._robots[origin]
        if origin in self._robots_loading:  # another task is fetching it: wait for that one
            return await asyncio.shield(self._robots_loading[origin])
        future: asyncio.Future[RobotFileParser | str] = asyncio.get_running_loop().create_future()
        self._robots_loading[origin] = future
        try:
            rules = await self._load_robots(origin)
            future.set_result(rules)
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # mark retrieved: waiting tasks re-raise it themselves
            raise
        finally:
            del self._robots_loading[origin]
        self._robots[origin] = rules
        if len(self._robots) > ROBOTS_CACHE_SIZE:
            self._robots.popitem(last=False)
        return rules

    async def _load_robots(self, origin: str) -> RobotFileParser | str:
        # RFC 9309: 4xx means no rules; a server error or no answer means "disallow all".
        url = httpx.URL(origin + "/robots.txt")
        chain = _Chain(origin + "/robots.txt", asyncio.get_running_loop().time() + self.options.deadline)
        parser = RobotFileParser()
        for _ in range(5):  # RFC 9309: follow at least five redirects
            try:
                await self._check_address(url, chain.source)
                async with await self._open(url) as response:
                    status = response.status_code
                    if status in REDIRECT_STATUSES and "location" in response.headers:
                        url = url.join(response.headers["location"])
                        continue
                    if 400 <= status < 500:
                        parser.parse([])
                        return parser
                    if status >= 300:
                        return f"robots.txt answered {status}, so the site is treated as disallowed (RFC 9309)"
                    body = await self._read_body(response, ROBOTS_MAX_BYTES, chain.source, str(url))
            except FetchError as error:
                if error.kind == "too_large":  # a robots.txt too large to be real: no rules
                    parser.parse([])
                    return parser
                return f"robots.txt unavailable ({error.message}), so the site is treated as disallowed"
            except _TRANSPORT_ERRORS as error:
                return f"robots.txt unavailable ({_reason(error)}), so the site is treated as disallowed"
            parser.parse(body.decode("utf-8", "replace").splitlines())
            return parser
        return "robots.txt redirects too often, so the site is treated as disallowed"


class _HostSlot:
    """``async with``: a per-host concurrency slot, started no sooner than the host delay allows."""

    def __init__(self, fetcher: Fetcher, host: str) -> None:
        self.fetcher = fetcher
        self.host = host

    async def __aenter__(self) -> None:
        fetcher, host = self.fetcher, self.host
        state = fetcher._hosts.get(host)
        if state is None:
            state = fetcher._hosts[host] = _Host(asyncio.Semaphore(fetcher.options.per_host), fetcher._recent_starts.pop(host, 0.0))
        state.users += 1
        try:
            await state.semaphore.acquire()
        except BaseException:
            self._leave(state)
            raise
        delay = fetcher.options.host_delay
        if delay:
            loop = asyncio.get_running_loop()
            start = max(loop.time(), state.next_start)
            state.next_start = start + delay  # reserve the start before sleeping: others queue behind
            await asyncio.sleep(start - loop.time())

    async def __aexit__(self, *exc_info: object) -> None:
        state = self.fetcher._hosts[self.host]
        state.semaphore.release()
        self._leave(state)

    def _leave(self, state: _Host) -> None:
        fetcher = self.fetcher
        state.users -= 1
        if state.users:
            return
        # Forget idle hosts so a list of a million hosts keeps memory flat; remember the next
        # allowed start only while it is in the future.
        del fetcher._hosts[self.host]
        if fetcher.options.host_delay:
            now = asyncio.get_running_loop().time()
            recent = fetcher._recent_starts
            while recent and next(iter(recent.values())) <= now:
                recent.popitem(last=False)
            if state.next_start > now:
                recent[self.host] = state.next_start


def _reason(error: BaseException) -> str:
    """The most specific message of an exception chain (httpx wraps OSError messages)."""
    text = str(error).strip()
    cause = error.__cause__ or error.__context__
    while not text and cause is not None:
        text, cause = str(cause).strip(), cause.__cause__ or cause.__context__
    return text or type(error).__name__


def _cookie_header(cookies: httpx.Cookies, url: httpx.URL) -> list[tuple[bytes, bytes]]:
    """The Cookie header (none or one) a chain's cookies give for `url`, by httpx's own rules."""
    probe = httpx.Request("GET", url)
    cookies.set_cookie_header(probe)
    return [(name, value) for name, value in probe.headers.raw if name.lower() == b"cookie"]


def _status_message(response: _Response) -> str:
    # As httpx's Response.reason_phrase: HTTP/2 has no reason phrase, the standard one stands in.
    phrase = response.extensions["reason_phrase"].decode("ascii", "ignore") if "reason_phrase" in response.extensions else httpx.codes.get_reason_phrase(response.status_code)
    return f"the server answered {response.status_code}{' ' + phrase if phrase else ''}"
