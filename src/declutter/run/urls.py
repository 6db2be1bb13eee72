"""The inputs of a URL run: URLs, paths and URL lists (stdin), read lazily, as driver Inputs.

Every record of a URL run has ``source`` (the input exactly as given), ``final_url`` and
``status`` (None for local files), then the article fields or ``error`` ("kind: message").
The run itself is the driver's (`driver.iter_records`), as for any other input.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from ..core.errors import ErrorKind
from ..io.sources import STDIN, Item, file_item, iter_items
from .driver import Input

# A URL run's records all carry these, None for what was not fetched.
NOT_FETCHED: tuple[tuple[str, Any], ...] = (("final_url", None), ("status", None))

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(text: str) -> bool:
    """Whether an input is meant as a URL (any scheme; only http(s) will be fetched)."""
    return bool(_SCHEME.match(text))


# -- inputs ------------------------------------------------------------------------------


class ReplayStream:
    """A binary stream with some bytes already read from it put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head = head
        self.rest = rest

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            head, self.head = self.head, b""
            return head + self.rest.read()
        if self.head:
            head, self.head = self.head[:size], self.head[size:]
            return head
        return self.rest.read(size)

    def __iter__(self) -> Iterator[bytes]:
        if self.head:
            yield from self.head.splitlines(keepends=True)
            self.head = b""
        yield from self.rest


def sniff_stdin(stream: BinaryIO, mode: str = "auto") -> tuple[str, ReplayStream]:
    """Tell whether stdin carries one HTML document or a list of URLs/paths, one per line.

    `mode` "html" or "list" decides; "auto" looks at the first non-blank line: a document
    starts with "<" (after a BOM); anything else is a list (bad lines become error records).
    Returns the kind and a stream that still holds every byte.
    """
    if mode in ("html", "list"):
        return mode, ReplayStream(b"", stream)
    consumed: list[bytes] = []
    for line in stream:
        consumed.append(line)
        stripped = line.strip().lstrip(b"\xef\xbb\xbf").strip()
        if stripped:
            kind = "html" if stripped.startswith(b"<") else "list"
            return kind, ReplayStream(b"".join(consumed), stream)
    return "html", ReplayStream(b"".join(consumed), stream)  # empty: the HTML path reports it


def line_input(line: str) -> Input | None:
    """One line of a list: a URL, an existing file, or an error; None for a blank line."""
    text = line.strip()
    if not text:
        return None
    if is_url(text):
        return Input(text, url=text, extra=NOT_FETCHED)
    path = Path(text)
    try:
        if path.is_file():
            return Input(text, item=file_item(text, path, path.name), extra=NOT_FETCHED)
        if path.is_dir():
            return Input(text, error=f"{ErrorKind.BAD_URL}: a folder; pass folders as arguments, not in a list", extra=NOT_FETCHED)
    except (OSError, ValueError):  # names too long, NUL bytes, ...
        pass
    return Input(text, error=f"{ErrorKind.BAD_URL}: neither an http(s) URL nor an existing file", extra=NOT_FETCHED)


def list_inputs(lines: Iterable[bytes]) -> Iterator[Input]:
    """The inputs of a list (stdin), one per non-blank line, read lazily."""
    for number, raw in enumerate(lines, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            shown = raw.decode("utf-8", "replace").strip()
            yield Input(shown or f"line {number}", error=f"{ErrorKind.BAD_URL}: line {number} is not UTF-8 text", extra=NOT_FETCHED)
            continue
        found = line_input(line.lstrip("\ufeff") if number == 1 else line)
        if found is not None:
            yield found


def argument_inputs(arguments: Iterable[str], stdin_kind: str | None = None, stdin: ReplayStream | BinaryIO | None = None) -> Iterator[Input]:
    """The inputs of a command line: URLs, files, folders (their files), and `-` (a list or one page)."""
    for given in arguments:
        if given == STDIN:
            if stdin_kind == "list":
                yield from list_inputs(stdin or ())
            else:
                yield Input(STDIN, item=Item(STDIN, data=stdin.read() if stdin is not None else b""), extra=NOT_FETCHED)
        elif is_url(given):
            yield Input(given, url=given, extra=NOT_FETCHED)
        else:
            for item in iter_items([given]):
                yield Input(item.source, item=item, extra=NOT_FETCHED)


