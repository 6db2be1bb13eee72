"""Records to outputs: one stream (stdout or a file) or a folder of one file per input."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from .sources import GZIP_SUFFIX, HTML_SUFFIXES

FORMATS = ("text", "markdown", "json", "jsonl")
SUFFIXES = {"text": ".txt", "markdown": ".md", "json": ".json", "jsonl": ".json"}


def render_record(record: dict[str, Any], output_format: str) -> str:
    """A record as the text of one output (errors render only in json/jsonl)."""
    if output_format == "jsonl":
        return json.dumps(record, ensure_ascii=False) + "\n"
    if output_format == "json":
        return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if "error" in record:
        return ""
    title = record.get("title")
    if output_format == "markdown":
        body = record.get("markdown", record.get("text", ""))
        return (f"# {title}\n\n" if title else "") + body + "\n"
    return (f"{title}\n\n" if title else "") + record.get("text", "") + "\n"


def output_name(relative: str | None, suffix: str) -> str:
    """The output's path for an input's relative path: `a/b.html.gz` → `a/b` + suffix.

    Only the suffixes that say "HTML" (and `.gz`) are replaced, so `v1.2` stays whole."""
    name = relative or "stdin"
    if name.lower().endswith(GZIP_SUFFIX):
        name = name[: -len(GZIP_SUFFIX)]
    for html_suffix in HTML_SUFFIXES:
        if name.lower().endswith(html_suffix):
            name = name[: -len(html_suffix)]
            break
    return name + suffix


def write_atomically(path: Path, content: str) -> None:
    """Write a whole file or nothing: a temporary file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class StreamSink:
    """All records to one stream, in one format."""

    def __init__(self, stream: TextIO, output_format: str) -> None:
        self.stream = stream
        self.format = output_format

    def write(self, record: dict[str, Any], relative: str | None = None) -> None:
        text = render_record(record, self.format)
        if text:
            self.stream.write(text)
            self.stream.flush()


class FolderSink:
    """One file per input, at the input's relative path with the format's suffix."""

    def __init__(self, folder: Path, output_format: str) -> None:
        self.folder = folder
        self.format = output_format

    def path_for(self, relative: str | None) -> Path:
        return self.folder / output_name(relative, SUFFIXES[self.format])

    def write(self, record: dict[str, Any], relative: str | None = None) -> None:
        if "error" in record and self.format in ("text", "markdown"):
            return  # reported on stderr; no empty file pretends to be an output
        write_atomically(self.path_for(relative), render_record(record, self.format))


def stderr_line(message: str) -> None:
    print(f"declutter: {message}", file=sys.stderr, flush=True)
