"""A real HTTP server on loopback that serves article pages and misbehaves on demand.

The fetcher's tests and benchmark talk to it over real sockets. Each fault is a path:

    /page/NAME                  an article page titled "Article NAME" (UTF-8, charset in the header)
    /tiny/NAME                  a small article page (the memory benchmark's page)
    /corpus/N                   page N of the --corpus folder (cycled), for the benchmark
    /gzip-page/NAME             the article, gzip-encoded
    /delay/SECONDS/NAME         the article, after a delay
    /never                      reads the request, never answers
    /slow-body                  headers, then a byte every 0.1 s, forever
    /status/CODE                that HTTP status
    /flaky/KEY?fail=N&status=S  status S for the first N requests of KEY, then the article
    /retry-after/KEY?seconds=S  429 with Retry-After: S for the first request of KEY, then the article
    /redirect/N                 N redirects, then the article
    /loop/a, /loop/b            redirect to each other
    /cookie-redirect            sets a cookie and redirects to itself; with the cookie, the article
    /to?url=URL                 redirects to URL
    /huge?mb=N                  N MB of HTML, chunked (no Content-Length)
    /huge-declared?mb=N         Content-Length of N MB, then the body
    /gzip-bomb?mb=N             gzip of N MB of zeros inside an HTML page
    /type/MAIN/SUB              a body served as MAIN/SUB (e.g. /type/application/pdf)
    /charset/CASE               header-only (cp1251, declared only in the header), wrong-header,
                                missing, bogus
    /reset                      resets the connection (RST) without answering
    /reset-once/KEY             resets the first request of KEY, then the article
    /reset-body                 sends half the body, then resets
    /concurrency/KEY?delay=S    the article after S seconds; counts requests of KEY in flight
    /robots.txt                 disallows /private/ for every user agent
    /private/NAME               an article that robots.txt disallows

Run it alone for the benchmark or by hand:
    python tests/fault_server.py --host 127.0.0.1 --host 127.0.0.2 --port 0 --delay-ms 100 --corpus DIR
It prints one line "listening http://HOST:PORT" per host, then serves until killed.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import socket
import ssl
import struct
import sys
import threading
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

PARAGRAPHS = (
    "The river rose three metres overnight, and by morning the old stone bridge in the town centre "
    "had closed to traffic for the first time since it was rebuilt after the floods of the last century.",
    "Engineers from the regional authority spent the day measuring the flow beneath the arches, and "
    "said the structure itself was sound, although the approach roads on both banks were under water.",
    "Shopkeepers along the quay moved their stock to upper floors before dawn; several said they had "
    "learned from earlier floods to keep sandbags ready through the whole of the rainy season.",
    "The authority expects the water to fall slowly over the next two days, and will reopen the bridge "
    "to pedestrians first, once the roads on either side have been cleared of mud and debris.",
)
ROBOTS_TXT = b"User-agent: *\nDisallow: /private/\n"


def article_html(name: str, paragraphs: tuple[str, ...] = PARAGRAPHS, charset_meta: str | None = "utf-8") -> str:
    """A small article page with a little clutter around it."""
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang=\"en\"><head>{meta}<title>Article {name}</title></head><body>"
        "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/sport\">Sport</a></nav>"
        f"<article><h1>Article {name}</h1>\n{body}\n</article>"
        "<footer><p>Copyright Example News. All rights reserved.</p></footer></body></html>"
    )


TINY_PARAGRAPHS = (
    "A tiny page for measuring memory: one paragraph of plain text that is long enough to count as the article body.",
)
CHARSET_TEXT = (
    "Cafés, crèmes brûlées et pâtisseries: la boulangerie du quartier a rouvert ses portes ce matin après des mois de travaux.",
    "Les habitués étaient déjà là à l'ouverture, et la file d'attente s'étirait jusqu'au coin de la rue à huit heures.",
)
CYRILLIC_TEXT = (
    "Городская библиотека открылась после ремонта, и в первый же день её посетили сотни читателей.",
    "Новый читальный зал рассчитан на сто мест, а фонд пополнился тысячами книг на разных языках.",
)


@functools.lru_cache(maxsize=4)
def gzip_bomb(megabytes: int) -> bytes:
    """An HTML page holding `megabytes` MB of zeros, gzip-compressed to about 1/1000 of that."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)  # gzip framing
    pieces = [compressor.compress(b"<html><body><p>")]
    zeros = b"\0" * 1_000_000
    pieces += [compressor.compress(zeros) for _ in range(megabytes)]
    pieces.append(compressor.compress(b"</p></body></html>") + compressor.flush())
    return b"".join(pieces)


@dataclass
class ServerState:
    """What the server saw, shared by its threads (and read by tests)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    active: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    max_active: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    user_agents: list[str] = field(default_factory=list)
    delay: float = 0.0
    corpus: list[bytes] = field(default_factory=list)

    def hit(self, key: str) -> int:
        """Count a request of `key`; returns how many came before it."""
        with self.lock:
            before = self.counts[key]
            self.counts[key] += 1
            self.times[key].append(time.monotonic())
            return before


class FaultHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    state: ServerState  # set on the subclass made per server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    # -- helpers -----------------------------------------------------------------------

    def send_body(self, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def send_article(self, name: str) -> None:
        self.send_body(article_html(name).encode("utf-8"))

    def redirect(self, location: str, headers: dict[str, str] | None = None) -> None:
        self.send_body(b"", "text/html", 302, {"Location": location, **(headers or {})})

    def reset(self) -> None:
        """Close with a TCP RST (SO_LINGER 0), as a crashed server or a middlebox does."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def send_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")

    # -- routing -------------------------------------------------------------------------

    def do_GET(self) -> None:  # http.server's naming
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        parts = [p for p in url.path.split("/") if p]
        head = parts[0] if parts else ""
        with self.state.lock:
            self.state.user_agents.append(self.headers.get("User-Agent", ""))
        if self.state.delay:
            time.sleep(self.state.delay)
        route: Callable[[list[str], dict[str, str]], None] | None = getattr(self, "route_" + head.replace("-", "_").replace(".", "_"), None)
        if route is None:
            self.send_body(b"<html><body><p>Not here.</p></body></html>", status=404)
            return
        try:
            route(parts[1:], query)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def route_page(self, parts: list[str], query: dict[str, str]) -> None:
        self.state.hit("/page/" + "/".join(parts))
        self.send_article("/".join(parts) or "index")

    def route_then_close(self, parts: list[str], query: dict[str, str]) -> None:
        """A keep-alive response, then the connection closed anyway (as servers do to idle ones)."""
        self.send_article("/".join(parts) or "then-close")
        self.wfile.flush()
        self.close_connection = True

    def route_long(self, parts: list[str], query: dict[str, str]) -> None:
        """An article of N paragraphs (/long/N): slow to clean when N is large."""
        paragraphs = "".join(f"<p>Paragraph {n} of a long article about the harbour bridge, which stays closed.</p>" for n in range(int(parts[0])))
        self.send_body(f"<html><head><title>Long</title></head><body><article><h1>Long</h1>{paragraphs}</article></body></html>".encode())

    def route_tiny(self, parts: list[str], query: dict[str, str]) -> None:
        name = "/".join(parts) or "tiny"
        self.send_body(article_html(name, TINY_PARAGRAPHS).encode("utf-8"))

    def route_corpus(self, parts: list[str], query: dict[str, str]) -> None:
        pages = self.state.corpus
        if not pages:
            self.send_body(b"no --corpus", "text/plain", 404)
            return
        self.send_body(pages[int(parts[0]) % len(pages)], "text/html")

    def route_gzip_page(self, parts: list[str], query: dict[str, str]) -> None:
        body = gzip.compress(article_html("/".join(parts)).encode("utf-8"))
        self.send_body(body, headers={"Content-Encoding": "gzip"})

    def route_delay(self, parts: list[str], query: dict[str, str]) -> None:
        time.sleep(float(parts[0]))
        self.send_article("/".join(parts[1:]) or "delayed")

    def route_never(self, parts: list[str], query: dict[str, str]) -> None:
        self.state.hit("/never")
        time.sleep(3600)

    def route_slow_body(self, parts: list[str], query: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        for _ in range(36000):
            self.wfile.write(b"<")
            time.sleep(0.1)

    def route_status(self, parts: list[str], query: dict[str, str]) -> None:
        code = int(parts[0])
        self.state.hit(f"/status/{code}")
        self.send_body(f"<html><body><p>Status {code}</p></body></html>".encode(), status=code)

    def route_flaky(self, parts: list[str], query: dict[str, str]) -> None:
        key = "/flaky/" + "/".join(parts)
        if self.state.hit(key) < int(query.get("fail", "1")):
            self.send_body(b"<html><body><p>Try again.</p></body></html>", status=int(query.get("status", "500")))
        else:
            self.send_article("flaky")

    def route_retry_after(self, parts: list[str], query: dict[str, str]) -> None:
        key = "/retry-after/" + "/".join(parts)
        if self.state.hit(key) == 0:
            self.send_body(b"<html><body><p>Slow down.</p></body></html>", status=429, headers={"Retry-After": query.get("seconds", "1")})
        else:
            self.send_article("patient")

    def route_redirect(self, parts: list[str], query: dict[str, str]) -> None:
        left = int(parts[0])
        self.state.hit(f"/redirect/{left}")
        if left <= 0:
            self.send_article("redirected")
        else:
            self.redirect(f"/redirect/{left - 1}")

    def route_loop(self, parts: list[str], query: dict[str, str]) -> None:
        self.redirect("/loop/b" if parts == ["a"] else "/loop/a")

    def route_cookie_redirect(self, parts: list[str], query: dict[str, str]) -> None:
        self.state.hit("/cookie-redirect")
        if "visited=yes" in self.headers.get("Cookie", ""):
            self.send_article("with a cookie")
        else:
            self.redirect("/cookie-redirect", {"Set-Cookie": "visited=yes; Path=/"})

    def route_to(self, parts: list[str], query: dict[str, str]) -> None:
        self.redirect(query["url"])

    def route_huge(self, parts: list[str], query: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.send_chunk(b"<html><body>")
        chunk = b"<p>" + b"x" * 65_000 + b"</p>"
        for _ in range(int(float(query.get("mb", "20")) * 1_000_000) // len(chunk)):
            self.send_chunk(chunk)
        self.send_chunk(b"</body></html>")
        self.wfile.write(b"0\r\n\r\n")

    def route_huge_declared(self, parts: list[str], query: dict[str, str]) -> None:
        size = int(float(query.get("mb", "20")) * 1_000_000)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        self.wfile.write(b"<html><body>" + b" " * 1000)
        self.close_connection = True  # the client is expected to hang up

    def route_gzip_bomb(self, parts: list[str], query: dict[str, str]) -> None:
        self.send_body(gzip_bomb(int(query.get("mb", "100"))), headers={"Content-Encoding": "gzip"})

    def route_type(self, parts: list[str], query: dict[str, str]) -> None:
        media_type = "/".join(parts)
        body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" if media_type == "application/pdf" else b'{"not": "html"}'
        self.send_body(body, media_type)

    def route_charset(self, parts: list[str], query: dict[str, str]) -> None:
        case = parts[0]
        if case == "header-only":  # cp1251 bytes, declared only by the HTTP header
            body = article_html("charset", CYRILLIC_TEXT, charset_meta=None).encode("cp1251")
            self.send_body(body, "text/html; charset=windows-1251")
        elif case == "wrong-header":  # the header says UTF-8, the bytes (and the meta) are Latin-1
            body = article_html("charset", CHARSET_TEXT, charset_meta="iso-8859-1").encode("latin-1")
            self.send_body(body, "text/html; charset=utf-8")
        elif case == "missing":  # no charset anywhere; Latin-1 bytes
            body = article_html("charset", CHARSET_TEXT, charset_meta=None).encode("latin-1")
            self.send_body(body, "text/html")
        elif case == "bogus":  # a charset that does not exist; UTF-8 bytes
            body = article_html("charset", CHARSET_TEXT, charset_meta=None).encode("utf-8")
            self.send_body(body, "text/html; charset=x-no-such-charset")
        else:
            self.send_body(b"unknown case", "text/plain", 404)

    def route_reset(self, parts: list[str], query: dict[str, str]) -> None:
        self.state.hit("/reset")
        self.reset()

    def route_reset_once(self, parts: list[str], query: dict[str, str]) -> None:
        if self.state.hit("/reset-once/" + "/".join(parts)) == 0:
            self.reset()
        else:
            self.send_article("after a reset")

    def route_reset_body(self, parts: list[str], query: dict[str, str]) -> None:
        self.state.hit("/reset-body")
        body = article_html("cut").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        time.sleep(0.05)
        self.reset()

    def route_concurrency(self, parts: list[str], query: dict[str, str]) -> None:
        key = "/".join(parts)
        state = self.state
        with state.lock:
            state.active[key] += 1
            state.max_active[key] = max(state.max_active[key], state.active[key])
        try:
            time.sleep(float(query.get("delay", "0.2")))
        finally:
            with state.lock:
                state.active[key] -= 1
        self.send_article(key)

    def route_robots_txt(self, parts: list[str], query: dict[str, str]) -> None:
        self.state.hit("/robots.txt")
        self.send_body(ROBOTS_TXT, "text/plain")

    def route_private(self, parts: list[str], query: dict[str, str]) -> None:
        self.state.hit("/private/" + "/".join(parts))
        self.send_article("private")


class QuietServer(ThreadingHTTPServer):
    """Clients hanging up mid-response (the fetcher does, at its size cap) are not errors here."""

    daemon_threads = True  # /never and /slow-body threads must not block shutdown
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class FaultServer:
    """One or more ThreadingHTTPServers (one per host address), run in background threads."""

    def __init__(
        self, hosts: tuple[str, ...] = ("127.0.0.1",), port: int = 0, state: ServerState | None = None, tls: ssl.SSLContext | None = None
    ) -> None:
        self.state = state or ServerState()
        handler = type("Handler", (FaultHandler,), {"state": self.state})
        self.servers: list[QuietServer] = []
        for host in hosts:
            server = QuietServer((host, port), handler)
            if tls is not None:  # https: every connection is TLS, handshake in the handler's thread
                server.socket = tls.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
            self.servers.append(server)
        self.scheme = "https" if tls is not None else "http"
        self.threads: list[threading.Thread] = []

    @property
    def urls(self) -> list[str]:
        return [f"{self.scheme}://{s.server_address[0]}:{s.server_address[1]}" for s in self.servers]

    @property
    def url(self) -> str:
        return self.urls[0]

    def start(self) -> FaultServer:
        for server in self.servers:
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def load_corpus(folder: Path, limit: int | None = None) -> list[bytes]:
    """The pages of a corpus folder (*.html.gz or *.html), decompressed, in name order."""
    files = sorted(folder.glob("*.html.gz")) + sorted(folder.glob("*.html"))
    files = files[:limit] if limit else files
    return [gzip.decompress(f.read_bytes()) if f.suffix == ".gz" else f.read_bytes() for f in files]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", action="append", help="address to listen on (repeatable; default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (0: any free port, per host)")
    parser.add_argument("--delay-ms", type=float, default=0.0, help="delay every response by this much")
    parser.add_argument("--corpus", type=Path, help="a folder of pages served at /corpus/N")
    args = parser.parse_args()
    state = ServerState(delay=args.delay_ms / 1000, corpus=load_corpus(args.corpus) if args.corpus else [])
    server = FaultServer(tuple(args.host or ["127.0.0.1"]), args.port, state).start()
    for url in server.urls:
        print(f"listening {url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
