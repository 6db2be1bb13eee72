"""The errors declutter raises: one base class, one subclass per kind of failure.

Every error carries a short `kind` (used in JSON records as ``"error": "kind: message"``)
and a one-line message a user can act on.
"""
from __future__ import annotations

from typing import Callable


class DeclutterError(Exception):
    """Base class: something about one input went wrong; the run can go on."""

    kind = "error"

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
    kind = "not_found"


class EmptyInputError(DeclutterError):
    kind = "empty"


class NotHTMLError(DeclutterError):
    kind = "not_html"


class DecodeError(DeclutterError):
    kind = "decode"


class TooLargeError(DeclutterError):
    kind = "too_large"


class ParseError(DeclutterError):
    kind = "parse"


class FetchError(DeclutterError):
    """A URL could not be fetched; `kind` is set per failure (timeout, http_404, ...).

    `final_url` and `status` say how far the fetch got (the last URL asked for and its
    HTTP status), when it got that far; they go into the error record.
    """

    def __init__(
        self,
        message: str,
        source: str | None = None,
        kind: str = "fetch",
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

