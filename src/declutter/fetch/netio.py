"""httpcore's network layer on plain asyncio protocols, for the fetcher's connection pools.

httpcore's default backend goes through anyio: every read and write opens a cancel scope,
and every reuse of a keep-alive connection builds a dict of socket attributes and polls the
socket to see whether the server closed it. On the fetch benchmark that was about a third of
the parent process's CPU per page, CPU taken from cleaning when fetching and cleaning share
the cores. Here a read waits on one future, a timeout is one timer, and "has the server closed
this idle connection" is a look at what the protocol has already been told.
"""
from __future__ import annotations

import asyncio
import collections
import socket
import ssl
from typing import Any, Iterable

import httpcore
import httpx

_PAUSE_AT = 1024 * 1024  # bytes received and not yet read before the socket is left unread


class _Connection(asyncio.Protocol):
    """What the event loop has delivered for one connection, waiting to be read."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.chunks: collections.deque[bytes] = collections.deque()
        self.buffered = 0
        self.ended = False  # the peer closed its side, or the connection is gone
        self.error: Exception | None = None
        self.paused_reading = False
        self.paused_writing = False
        # A reader and a writer may wait at once (HTTP/2 reads and writes concurrently).
        self.waiters: dict[str, asyncio.Future[None]] = {}

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)
        self.buffered += len(data)
        if self.buffered > _PAUSE_AT and not self.paused_reading and self.transport is not None:
            self.paused_reading = True
            self.transport.pause_reading()
        self._wake()

    def eof_received(self) -> None:
        self.ended = True
        self._wake()

    def connection_lost(self, error: Exception | None) -> None:
        self.ended = True
        self.error = error
        self.paused_writing = False
        self._wake()

    def pause_writing(self) -> None:
        self.paused_writing = True

    def resume_writing(self) -> None:
        self.paused_writing = False
        self._wake()

    def _wake(self) -> None:
        for waiter in self.waiters.values():
            if not waiter.done():
                waiter.set_result(None)

    async def wait(self, who: str, timeout: float | None) -> None:
        """Until something happens on the connection; TimeoutError after `timeout` seconds.
        `who` ("read" or "write") keeps a reader's and a writer's waits apart."""
        loop = asyncio.get_running_loop()
        waiter = self.waiters[who] = loop.create_future()
        timer = loop.call_later(timeout, _time_out, waiter) if timeout is not None else None
        try:
            await waiter
        finally:
            del self.waiters[who]
            if timer is not None:
                timer.cancel()

    def take(self, max_bytes: int) -> bytes:
        chunk = self.chunks.popleft()
        if len(chunk) > max_bytes:
            self.chunks.appendleft(chunk[max_bytes:])
            chunk = chunk[:max_bytes]
        self.buffered -= len(chunk)
        if self.paused_reading and self.buffered <= _PAUSE_AT // 2 and self.transport is not None:
            self.paused_reading = False
            self.transport.resume_reading()
        return chunk


def _time_out(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


class AsyncioStream(httpcore.AsyncNetworkStream):
    """One connection (plain or TLS) as httpcore sees it."""

    def __init__(self, transport: asyncio.Transport, connection: _Connection) -> None:
        self.transport = transport
        self.connection = connection

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        connection = self.connection
        while not connection.chunks and not connection.ended:
            try:
                await connection.wait("read", timeout)
            except TimeoutError:
                raise httpcore.ReadTimeout(f"no data within {timeout:g} s") from None
        if connection.chunks:
            return connection.take(max_bytes)
        if connection.error is not None:
            raise httpcore.ReadError(str(connection.error) or type(connection.error).__name__)
        return b""  # the server closed the connection

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        connection = self.connection
        if connection.ended or self.transport.is_closing():
            raise httpcore.WriteError(str(connection.error or "the connection is closed"))
        self.transport.write(buffer)
        while connection.paused_writing and not connection.ended:
            try:
                await connection.wait("write", timeout)
            except TimeoutError:
                raise httpcore.WriteTimeout(f"could not send within {timeout:g} s") from None

    async def aclose(self) -> None:
        self.transport.close()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None) -> AsyncioStream:
        loop = asyncio.get_running_loop()
        try:
            transport = await asyncio.wait_for(
                loop.start_tls(self.transport, self.connection, ssl_context, server_hostname=server_hostname), timeout
            )
        except asyncio.TimeoutError:
            self.transport.abort()
            raise httpcore.ConnectTimeout(f"no TLS handshake within {timeout:g} s") from None
        except (OSError, ssl.SSLError, ConnectionError) as error:
            self.transport.abort()
            raise httpcore.ConnectError(str(error) or type(error).__name__) from None
        if transport is None:  # the loop closed the connection during the handshake
            raise httpcore.ConnectError("the connection closed during the TLS handshake")
        self.connection.transport = transport
        return AsyncioStream(transport, self.connection)

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":  # asked of an idle keep-alive connection: is it closed or dirty?
            return bool(self.connection.chunks) or self.connection.ended
        name = {"ssl_object": "ssl_object", "client_addr": "sockname", "server_addr": "peername", "socket": "socket"}.get(info)
        return self.transport.get_extra_info(name) if name else None


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Connections for httpcore made straight on the running asyncio loop."""

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> AsyncioStream:
        loop = asyncio.get_running_loop()
        local = (local_address, 0) if local_address else None
        return await self._connect(loop.create_connection(_Connection, host, port, local_addr=local), timeout, socket_options)

    async def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None) -> AsyncioStream:
        loop = asyncio.get_running_loop()
        return await self._connect(loop.create_unix_connection(_Connection, path), timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    @staticmethod
    async def _connect(connecting: Any, timeout: float | None, socket_options: Iterable[Any] | None) -> AsyncioStream:
        try:
            transport, connection = await asyncio.wait_for(connecting, timeout)
        except asyncio.TimeoutError:
            raise httpcore.ConnectTimeout(f"no connection within {timeout:g} s") from None
        except (OSError, socket.gaierror) as error:
            raise httpcore.ConnectError(str(error) or type(error).__name__) from None
        raw = transport.get_extra_info("socket")
        for option in socket_options or ():
            raw.setsockopt(*option)
        return AsyncioStream(transport, connection)


def connection_pool(ssl_context: ssl.SSLContext, http2: bool, limits: httpx.Limits) -> httpcore.AsyncConnectionPool:
    """httpcore's connection pool (HTTP/1.1, and HTTP/2 if asked) over AsyncioBackend."""
    return httpcore.AsyncConnectionPool(
        ssl_context=ssl_context, max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections, keepalive_expiry=limits.keepalive_expiry,
        http1=True, http2=http2, network_backend=AsyncioBackend(),
    )
