"""Inputs to items: files, folders, gzip-compressed pages, WARC archives and `-` (stdin).

Items are produced lazily, so a huge folder starts cleaning at once, and they are small and
picklable (a path, or a WARC file and a record offset; never the page itself, except for
stdin), so a process pool or a Dask cluster can ship them cheaply and read the bytes where
the cleaning happens (`read_item`). An input that cannot become an item (a missing path, a
broken WARC file) becomes an error item: every input yields at least one record.

What a folder contributes: `.html`, `.htm`, `.xhtml`, `.shtml` files, the same gzipped
(`.html.gz`, ...), extension-less files whose first bytes look like HTML, and the HTML
responses inside `.warc` / `.warc.gz` files. A file named on the command line is taken
whatever its name (a `.gz` one is decompressed, a WARC one is read as an archive).
"""
from __future__ import annotations

import gzip
import os
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol

from ..core.errors import DeclutterError, DecodeError, EmptyInputError, InputNotFoundError, TooLargeError
from .rawstore import read_sidecar

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord


class Readable(Protocol):
    """What is read from: a binary file, stdin, a gzip stream, a WARC record's payload."""

    def read(self, size: int = -1, /) -> bytes: ...

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
GZIP_SUFFIX = ".gz"
WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
STDIN = "-"

_SNIFF_BYTES = 1024
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<title")


@dataclass(frozen=True)
class Item:
    """One document to clean.

    `source` names it in records and messages; `relative` is its path inside the input folder
    (for mirrored output trees); `data` holds the page when it is already in memory (stdin,
    pages given to the library); `fields` are keys the caller adds to its record; `error` is set
    when the input could not be turned into a document. A WARC record is `path` (the archive)
    plus `warc_offset` (where its record starts), with the URL, HTTP Content-Type and record id
    the archive gave it. A page saved by --save-raw brings `url` and `content_type` from its
    sidecar.
    """

    source: str
    path: Path | None = None
    data: bytes | str | None = None
    relative: str | None = None
    error: DeclutterError | None = None
    url: str | None = None
    content_type: str | None = None
    warc_offset: int | None = None
    warc_record_id: str | None = None
    fields: tuple[tuple[str, Any], ...] = ()

    def extra(self) -> dict[str, Any]:
        """Keys this item adds to its record (the WARC record id, the caller's fields)."""
        keys = dict(self.fields)
        if self.warc_record_id is not None:
            keys["warc_record_id"] = self.warc_record_id
        return keys


SkipCallback = Callable[[str], None]
"""Told the reason each time a WARC record is passed over (not a response, not HTML, ...)."""


def is_warc_path(path: Path | str) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def is_html_path(path: Path) -> bool:
    """An HTML file by its name: `.html` and friends, optionally gzipped."""
    name = path.name.lower()
    if name.endswith(GZIP_SUFFIX):
        name = name[: -len(GZIP_SUFFIX)]
    return name.endswith(HTML_SUFFIXES)


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a file are HTML markup (for files without an extension)."""
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(b"<"):
        return False
    return any(marker in head for marker in _HTML_MARKERS)


def _sniffs_as_html(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return looks_like_html(file.read(_SNIFF_BYTES))
    except OSError:
        return False  # unreadable here: not something a folder walk should report as a page


def _is_folder_input(path: Path) -> bool:
    """Whether a file found in a folder is an input: HTML by name, WARC, or extension-less HTML."""
    if is_html_path(path) or is_warc_path(path):
        return True
    return not path.suffix and not path.name.startswith(".") and _sniffs_as_html(path)


def folder_files(folder: Path) -> Iterator[Path]:
    """The input files under `folder` (HTML and WARC), recursively, in a stable (sorted) order."""
    for directory, subdirectories, files in os.walk(folder):
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if _is_folder_input(path):
                yield path


def file_item(source: str, path: Path, relative: str) -> Item:
    """An item for an HTML file, with the URL and Content-Type of its --save-raw sidecar, if any."""
    sidecar = read_sidecar(path)
    if sidecar is None:
        return Item(source, path=path, relative=relative)
    headers = sidecar.get("headers")
    if not isinstance(headers, dict):
        headers = {}
    url = sidecar.get("final_url") or sidecar.get("url")
    return Item(source, path=path, relative=relative, url=url if isinstance(url, str) else None, content_type=headers.get("content-type"))


def _strip_warc_suffix(relative: str) -> str:
    lowered = relative.lower()
    for suffix in sorted(WARC_SUFFIXES, key=len, reverse=True):
        if lowered.endswith(suffix):
            return relative[: -len(suffix)]
    return relative


def _safe_name(record_id: str) -> str:
    """A record id as a file name: `<urn:uuid:1-2>` becomes `urn_uuid_1-2`."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", record_id.strip("<>")).strip("._") or "record"


def _is_html_content_type(content_type: str | None) -> bool:
    media_type = (content_type or "").split(";")[0].strip().lower()
    return media_type in HTML_CONTENT_TYPES


def warc_items(path: Path, relative: str, on_skip: SkipCallback | None = None, name: str | None = None) -> Iterator[Item]:
    """The HTML responses of a WARC file, as items that point back into the file; their
    sources are `name` (default: the path) + "#" + the record id.

    Kept: `response` records with an HTTP 2xx status and an HTML Content-Type (or none, when the
    payload starts like HTML). Everything else (requests, metadata, images, redirects) is
    passed over and told to `on_skip`. A file that stops being a valid WARC gives one error item
    after the records read before the damage.
    """
    from warcio.archiveiterator import ArchiveIterator  # warcio only when there is a WARC file: a faster start
    from warcio.exceptions import ArchiveLoadFailed

    folder = _strip_warc_suffix(relative)
    name = name or str(path)
    try:
        with path.open("rb") as file:
            archive = ArchiveIterator(file)
            for record in archive:
                if record.format != "warc":
                    # warcio also reads ARC files, and reads text that is neither as ARC
                    raise ArchiveLoadFailed(f"no WARC record at offset {archive.offset}")
                reason = _skip_reason(record)
                if reason is not None:
                    if on_skip is not None:
                        on_skip(reason)
                    continue
                record_id = record.rec_headers.get_header("WARC-Record-ID")
                content_type = record.http_headers.get_header("Content-Type")
                url = record.rec_headers.get_header("WARC-Target-URI")
                offset = archive.get_record_offset()  # after the peek: it reads to the record's end
                yield Item(
                    source=f"{name}#{record_id.strip('<>') if record_id else offset}",
                    path=path,
                    relative=f"{folder}/{_safe_name(record_id) if record_id else f'offset-{offset}'}",
                    url=url,
                    content_type=content_type,
                    warc_offset=offset,
                    warc_record_id=record_id,
                )
            if archive.offset < path.stat().st_size:
                # a gzip member cut short ends warcio's iteration without an error: say so
                raise ArchiveLoadFailed(f"the file ends inside the record at offset {archive.offset} (truncated)")
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as error:
        yield Item(name, relative=folder, error=DecodeError(f"not a valid WARC file: {_one_line(error)}", name))


def _skip_reason(record: ArcWarcRecord) -> str | None:
    """Why a WARC record is not a page to clean, or None when it is one."""
    if record.rec_type != "response":
        return f"{record.rec_type} record"
    headers = record.http_headers
    if headers is None:
        return "response without HTTP headers"
    status = headers.get_statuscode() or ""
    if not status.startswith("2"):
        return f"HTTP status {status or 'unknown'}"
    content_type = headers.get_header("Content-Type")
    if content_type is None:
        # No declared type: look at the payload (a peek; the reader keeps its place)
        if looks_like_html(record.content_stream().read(_SNIFF_BYTES)):
            return None
        return "not HTML (no Content-Type)"
    if not _is_html_content_type(content_type):
        return f"not HTML ({content_type.split(';')[0].strip()})"
    return None


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def iter_items(inputs: Iterable[str], stdin: Readable | None = None, on_skip: SkipCallback | None = None) -> Iterator[Item]:
    """Expand CLI inputs into items, lazily: folders into their files, WARC files into records."""
    for given in inputs:
        if given == STDIN:
            yield Item(STDIN, data=stdin.read() if stdin is not None else b"")
            continue
        path = Path(given)
        if path.is_dir():
            for file in folder_files(path):
                relative = str(file.relative_to(path))
                if is_warc_path(file):
                    yield from warc_items(file, relative, on_skip)
                else:
                    yield file_item(str(file), file, relative)
        elif path.exists() and is_warc_path(path):
            yield from warc_items(path, path.name, on_skip)
        elif path.exists():
            yield file_item(given, path, path.name)
        else:
            yield Item(given, error=InputNotFoundError("no such file or folder", given))


def read_item(item: Item, max_bytes: int) -> bytes | str:
    """The bytes of an item, with clear errors for missing, unreadable, empty or huge inputs.

    `.gz` files are decompressed and WARC records decoded (chunked or compressed HTTP bodies);
    the size cap applies to the decompressed page, read no further than the cap.
    """
    if item.error is not None:
        raise item.error
    if item.data is not None:
        data = item.data  # (text given to the library stays text: it is not decoded again)
    else:
        assert item.path is not None
        try:
            if item.warc_offset is not None:
                data = _read_warc_record(item.path, item.warc_offset, max_bytes, item.source)
            elif item.path.name.lower().endswith(GZIP_SUFFIX):
                with gzip.open(item.path, "rb") as file:
                    data = _read_capped(file, max_bytes, item.source)
            else:
                size = item.path.stat().st_size
                if size > max_bytes:
                    raise _too_large(size, max_bytes, item.source)
                data = item.path.read_bytes()
        except FileNotFoundError:
            raise InputNotFoundError("no such file", item.source) from None
        except IsADirectoryError:
            raise DeclutterError("is a folder, not a file", item.source) from None
        except (gzip.BadGzipFile, zlib.error, EOFError) as error:
            raise DecodeError(f"cannot decompress: {_one_line(error)}", item.source) from None
        except OSError as error:
            raise DeclutterError(f"cannot read: {error.strerror or error}", item.source) from None
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes, item.source)
    if not data.strip():
        raise EmptyInputError("the input is empty", item.source)
    return data


def _too_large(size: int, max_bytes: int, source: str) -> TooLargeError:
    return TooLargeError(f"{size:,} bytes is over the {max_bytes:,}-byte limit (--max-bytes)", source)


def _read_capped(stream: Readable, max_bytes: int, source: str) -> bytes:
    """Read at most `max_bytes` (one more tells that there was more: then it is too large)."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLargeError(f"over the {max_bytes:,}-byte limit (--max-bytes) once decompressed", source)
    return data


def _read_warc_record(path: Path, offset: int, max_bytes: int, source: str) -> bytes:
    """The HTTP body of the WARC record that starts at `offset` (each gzip member is one record)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with path.open("rb") as file:
        file.seek(offset)
        try:
            record = next(iter(ArchiveIterator(file)))
        except (StopIteration, ArchiveLoadFailed) as error:
            raise DecodeError(f"no WARC record at offset {offset}: {_one_line(error)}", source) from None
        data = _read_capped(record.content_stream(), max_bytes, source)
        if getattr(record.raw_stream, "limit", 0) > 0:
            # the record's Content-Length promised more than the file holds (a cut-off download)
            raise DecodeError("the WARC record is truncated (the file ends inside it)", source)
        return data
