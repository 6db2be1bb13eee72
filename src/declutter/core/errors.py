"""The errors declutter raises: one base class, one subclass per kind of failure.

Every error carries a short `kind` (used in JSON records as ``"error": "kind: message"``)
and a one-line message a user can act on.
"""
from __future__ import annotations

from enum import Enum
from typing import Callable


class ErrorKind(str, Enum):
    """The kinds of failure a record's ``error`` names ("kind: message"): one list, not
    strings scattered over modules. A member is its string (``ErrorKind.EMPTY == "empty"``).
    HTTP failures are ``http_<status>`` (``ErrorKind.http(404)``), all of kind HTTP."""

    # the input itself
    NOT_FOUND = "not_found"
    EMPTY = "empty"
    NOT_HTML = "not_html"
    DECODE = "decode"
    TOO_LARGE = "too_large"
    PARSE = "parse"
    TOO_COMPLEX = "too_complex"
    BAD_INPUT = "bad_input"
    BAD_URL = "bad_url"
    # fetching a URL
    CONNECT = "connect"
    NETWORK = "network"
    HTTP = "http"
    BAD_ENCODING = "bad_encoding"
    REDIRECT_LOOP = "redirect_loop"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    PRIVATE_ADDRESS = "private_address"
    ROBOTS = "robots"
    UNREACHABLE = "unreachable"
    SAVE_RAW = "save_raw"
    FETCH = "fetch"
    # the run: a page past --timeout-per-doc (fetch or clean), a worker that died, a bug
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    INTERNAL = "internal"
    ERROR = "error"

    __str__ = str.__str__  # f"{kind}" is its value on every Python version
    __format__ = str.__format__  # type: ignore[assignment]

    @staticmethod
    def http(status: int) -> str:
        """The kind a record carries for an HTTP error status: ``http_404``."""
        return f"{ErrorKind.HTTP.value}_{status}"

    @classmethod
    def of(cls, error: str) -> ErrorKind:
        """The kind of a record's ``error`` ("http_404: ..." is HTTP; an unknown kind is ERROR)."""
        name = error.split(":", 1)[0].strip()
        if name.startswith("http_"):
            return cls.HTTP
        try:
            return cls(name)
        except ValueError:
            return cls.ERROR


class DeclutterError(Exception):
    """Base class: something about one input went wrong; the run can go on."""

    kind: str = ErrorKind.ERROR

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message

    def record_error(self) -> str:
        """The value of the ``error`` field of a JSON record."""
        return f"{self.kind}: {self.message}"


class InputNotFoundError(DeclutterError):
    kind: str = ErrorKind.NOT_FOUND


class EmptyInputError(DeclutterError):
    kind: str = ErrorKind.EMPTY


class NotHTMLError(DeclutterError):
    kind: str = ErrorKind.NOT_HTML


class DecodeError(DeclutterError):
    kind: str = ErrorKind.DECODE


class TooLargeError(DeclutterError):
    kind: str = ErrorKind.TOO_LARGE


class ParseError(DeclutterError):
    kind: str = ErrorKind.PARSE


class FetchError(DeclutterError):
    """A URL could not be fetched; `kind` is set per failure (timeout, http_404, ...).

    `final_url` and `status` say how far the fetch got (the last URL asked for and its
    HTTP status), when it got that far; they go into the error record.
    """

    def __init__(
        self,
        message: str,
        source: str | None = None,
        kind: str = ErrorKind.FETCH,
        *,
        final_url: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message, source)
        self.kind = kind
        self.final_url = final_url
        self.status = status

    def __reduce__(self) -> tuple[Callable[..., FetchError], tuple[str, str | None, str, str | None, int | None]]:  # keep kind and the keyword fields through pickling
        return (_rebuild_fetch_error, (self.message, self.source, self.kind, self.final_url, self.status))


def _rebuild_fetch_error(message: str, source: str | None, kind: str, final_url: str | None, status: int | None) -> FetchError:
    return FetchError(message, source, kind, final_url=final_url, status=status)

