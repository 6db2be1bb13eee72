"""Inputs to items: files, folders (their HTML files, recursively) and `-` (stdin).

Items are produced lazily, so a huge folder starts cleaning at once. An input that cannot
become an item (a missing path) becomes an error item: every input yields one record.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from .errors import DeclutterError, EmptyInputError, InputNotFoundError, TooLargeError
from .rawstore import read_sidecar

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
STDIN = "-"


@dataclass(frozen=True)
class Item:
    """One document to clean: `source` is the input as given; `relative` its path inside
    the input folder (for mirrored output trees); `data` holds bytes already read (stdin);
    `error` is set when the input could not be turned into a document. `url` and
    `content_type` come from the sidecar of a page saved by --save-raw, when it has one."""

    source: str
    path: Path | None = None
    data: bytes | None = None
    relative: str | None = None
    error: DeclutterError | None = None
    url: str | None = None
    content_type: str | None = None


def is_html_path(path: Path) -> bool:
    return path.name.lower().endswith(HTML_SUFFIXES)


def folder_files(folder: Path) -> Iterator[Path]:
    """The HTML files under `folder`, recursively, in a stable (sorted) order."""
    for directory, subdirectories, files in os.walk(folder):
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if is_html_path(path):
                yield path


def file_item(source: str, path: Path, relative: str) -> Item:
    """An item for an HTML file, with the URL and Content-Type of its --save-raw sidecar, if any."""
    sidecar = read_sidecar(path)
    if sidecar is None:
        return Item(source, path=path, relative=relative)
    headers = sidecar.get("headers") if isinstance(sidecar.get("headers"), dict) else {}
    url = sidecar.get("final_url") or sidecar.get("url")
    return Item(source, path=path, relative=relative, url=url if isinstance(url, str) else None, content_type=headers.get("content-type"))


def iter_items(inputs: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Expand CLI inputs into items, lazily."""
    for given in inputs:
        if given == STDIN:
            yield Item(STDIN, data=stdin.read() if stdin is not None else b"")
            continue
        path = Path(given)
        if path.is_dir():
            for file in folder_files(path):
                yield file_item(str(file), file, str(file.relative_to(path)))
        elif path.exists():
            yield file_item(given, path, path.name)
        else:
            yield Item(given, error=InputNotFoundError("no such file or folder", given))


def read_item(item: Item, max_bytes: int) -> bytes:
    """The bytes of an item, with clear errors for missing, unreadable, empty or huge files."""
    if item.error is not None:
        raise item.error
    if item.data is not None:
        data = item.data
    else:
        assert item.path is not None
        try:
            size = item.path.stat().st_size
            if size > max_bytes:
                raise TooLargeError(f"{size:,} bytes is over the {max_bytes:,}-byte limit (--max-bytes)", item.source)
            data = item.path.read_bytes()
        except FileNotFoundError:
            raise InputNotFoundError("no such file", item.source) from None
        except IsADirectoryError:
            raise DeclutterError("is a folder, not a file", item.source) from None
        except OSError as error:
            raise DeclutterError(f"cannot read: {error.strerror or error}", item.source) from None
    if not data.strip():
        raise EmptyInputError("the input is empty", item.source)
    return data
