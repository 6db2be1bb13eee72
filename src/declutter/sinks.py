"""Records to outputs: one stream (stdout or a file) or a folder of one file per input."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

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
        name = Path(relative or "stdin")
        return self.folder / name.with_suffix(SUFFIXES[self.format])

    def write(self, record: dict[str, Any], relative: str | None = None) -> None:
        if "error" in record and self.format in ("text", "markdown"):
            return  # reported on stderr; no empty file pretends to be an output
        write_atomically(self.path_for(relative), render_record(record, self.format))


def stderr_line(message: str) -> None:
    print(f"declutter: {message}", file=sys.stderr, flush=True)
