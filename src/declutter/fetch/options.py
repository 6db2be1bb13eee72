"""The fetcher's options, apart from the fetcher: the command line needs their defaults
without importing the HTTP stack (httpx, httpcore: a fifth of a second at every start)."""
from __future__ import annotations

from dataclasses import dataclass

from .._version import __version__

USER_AGENT = f"declutter/{__version__} (article text extractor; python-httpx)"


@dataclass(frozen=True)
class FetchOptions:
    """Every knob of the fetcher, with its default."""

    concurrency: int = 32
    """Requests in flight at once, over all hosts."""

    per_host: int = 4
    """Requests in flight at once to one host."""

    host_delay: float = 0.0
    """Seconds between the starts of two requests to one host (0: no delay)."""

    connect_timeout: float = 10.0
    """Seconds to wait for a connection."""

    read_timeout: float = 30.0
    """Seconds to wait for the next bytes of a response."""

    deadline: float = 60.0
    """Seconds for a whole URL (redirects and retries included); a server that never answers costs this much."""

    retries: int = 3
    """Retries after a connect error, a timeout, a broken connection, a 429 or a 5xx."""

    backoff: float = 1.0
    """First retry delay in seconds; doubled at each retry, with jitter (Retry-After wins)."""

    max_redirects: int = 10
    """Redirects followed for one URL."""

    max_bytes: int = 10_000_000
    """Largest body accepted, counted on the decoded bytes while they stream in."""

    user_agent: str = USER_AGENT
    """The User-Agent header (and the name matched in robots.txt)."""

    respect_robots: bool = False
    """Read robots.txt (once per host) and refuse the URLs it disallows."""

    deny_private: bool = False
    """Refuse loopback, private, link-local and other non-public addresses (after DNS, on every hop)."""

    denied_networks: tuple[str, ...] = ()
    """More networks to refuse (CIDR strings), whether or not deny_private is set."""

    http2: bool | None = None
    """Use HTTP/2 where the server offers it; None: when the `h2` package is installed."""
