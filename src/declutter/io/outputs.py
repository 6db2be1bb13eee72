"""Records to outputs, for every route: a stream (stdout, one file), a resumable JSONL file,
or a resumable folder of one file per input.

Each output answers `previous(source, relative)` (None when the input still has to be done,
else whether it had failed) and `write(source, relative, record)` (the bytes written). They
are written so that a run killed at any point (even with kill -9) leaves only whole records:

- folder: one file per input, written atomically (temporary file + rename) and fsynced; an
  input that failed leaves `NAME.error.json` instead (in every format), so it too counts as
  done on a re-run. Temporaries a killed run left behind are removed when the next run opens
  the folder.
- JSONL file: whole lines appended, flushed and fsynced per batch of lines; on a re-run the
  sources already present are done, and a torn last line (a kill mid-write) is cut away.
- stream: one format (text, markdown, json, jsonl), flushed per record; nothing to resume.

`force=True` redoes everything: the JSONL file is emptied, folder files are overwritten.

No record can break a stream: a page's text may hold lone surrogates (from a JSON-LD escape
such as "\\ud800", or undecodable bytes); they are written as JSON escapes in JSON and as
U+FFFD in text, so every output is valid UTF-8 and the next record is written as usual.
"""
from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any, BinaryIO, Mapping, Protocol

from .sources import GZIP_SUFFIX, HTML_SUFFIXES

FORMATS = ("text", "markdown", "json", "jsonl")
SUFFIXES = {"text": ".txt", "markdown": ".md", "json": ".json", "jsonl": ".json"}
ERROR_SUFFIX = ".error.json"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def stderr_line(message: str) -> None:
    """One line for the user on stderr, prefixed `declutter: `."""
    print(f"declutter: {message}", file=sys.stderr, flush=True)


def render_record(record: Mapping[str, Any], output_format: str, explain: bool = False) -> bytes:
    """A record as the UTF-8 bytes of one output (errors render only in json/jsonl; `explain`
    adds the removed blocks after the text in text/markdown)."""
    if output_format in ("json", "jsonl"):
        text = json.dumps(record, ensure_ascii=False, indent=2 if output_format == "json" else None, default=str) + "\n"
        return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")
    if "error" in record:
        return b""
    title = record.get("title")
    if output_format == "markdown":
        body = record.get("markdown", record.get("text", ""))
        text = (f"# {title}\n\n" if title else "") + body + "\n"
    else:
        text = (f"{title}\n\n" if title else "") + record.get("text", "") + "\n"
    if explain:
        text += explain_text(record)
    return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def explain_text(record: Mapping[str, Any]) -> str:
    """The removed blocks of a record (--explain), one line each, in page order."""
    removed = record.get("removed", [])
    lines = [f"--- removed {len(removed)} block(s), in page order ---"]
    for block in removed:
        where = f"line {block['line']}: " if block.get("line") else ""
        lines.append(f"{where}[{block['filter']}] {block['reason']}: {block['snippet']}")
    return "\n".join(lines) + "\n"


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


def write_atomically(path: Path, content: bytes) -> None:
    """Write a whole file or nothing: a temporary file in the same folder, fsynced, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Output(Protocol):
    resumable: bool

    def previous(self, source: str, relative: str | None) -> bool | None: ...

    def write(self, source: str, relative: str | None, record: Mapping[str, Any]) -> int: ...

    def close(self) -> None: ...


class FolderOutput:
    """One file per input under `folder`, at the input's relative path (see the module doc)."""

    resumable = True

    def __init__(self, folder: Path, output_format: str, force: bool = False) -> None:
        self.folder = folder
        self.format = output_format
        self.force = force
        self.suffix = SUFFIXES[output_format]
        self._remove_stale_temporaries()

    def _remove_stale_temporaries(self) -> None:
        # write_atomically names its temporaries ".NAME.XXXX.tmp"; a killed run can leave one
        if not self.folder.is_dir():
            return
        for temporary in self.folder.rglob(".*.tmp"):
            temporary.unlink(missing_ok=True)

    def paths(self, relative: str | None) -> tuple[Path, Path]:
        """Where an input's output goes, and where its error record goes if it failed."""
        return self.folder / output_name(relative, self.suffix), self.folder / output_name(relative, ERROR_SUFFIX)

    def previous(self, source: str, relative: str | None) -> bool | None:
        if self.force:
            return None
        done, failed = self.paths(relative)
        if done.exists():
            return False
        if failed.exists():
            return True
        return None

    def write(self, source: str, relative: str | None, record: Mapping[str, Any]) -> int:
        done, failed = self.paths(relative)
        if "error" in record:
            content = render_record(record, "json")
            write_atomically(failed, content)
            done.unlink(missing_ok=True)  # --force: exactly one file per input
        else:
            content = render_record(record, self.format)
            write_atomically(done, content)
            failed.unlink(missing_ok=True)
        return len(content)

    def close(self) -> None:
        pass


class JsonlOutput:
    """Records appended to a JSONL file in whole lines, fsynced every `batch_lines` lines or
    `batch_seconds` seconds, whichever comes first (see the module doc)."""

    resumable = True

    def __init__(self, path: Path, force: bool = False, batch_lines: int = 64, batch_seconds: float = 1.0) -> None:
        self.path = path
        self.batch_lines = batch_lines
        self.batch_seconds = batch_seconds
        path.parent.mkdir(parents=True, exist_ok=True)
        self.done: dict[str, bool] = {} if force else _resume_jsonl(path)
        self.file: IO[bytes] = path.open("wb" if force else "ab")
        self.buffer: list[bytes] = []
        self.last_flush = time.monotonic()

    def previous(self, source: str, relative: str | None) -> bool | None:
        return self.done.get(source)

    def write(self, source: str, relative: str | None, record: Mapping[str, Any]) -> int:
        line = render_record(record, "jsonl")
        self.buffer.append(line)
        if len(self.buffer) >= self.batch_lines or time.monotonic() - self.last_flush >= self.batch_seconds:
            self.flush()
        return len(line)

    def flush(self) -> None:
        if self.buffer:
            self.file.write(b"".join(self.buffer))
            self.buffer = []
        self.file.flush()
        os.fsync(self.file.fileno())
        self.last_flush = time.monotonic()

    def close(self) -> None:
        if not self.file.closed:
            self.flush()
            self.file.close()


def _resume_jsonl(path: Path) -> dict[str, bool]:
    """The sources of the whole records in a JSONL file (source → it had failed), after
    cutting the file back to its last whole, valid line."""
    done: dict[str, bool] = {}
    if not path.exists():
        return done
    good_end = 0
    with path.open("rb") as file:
        for line in file:
            if not line.endswith(b"\n"):
                break  # torn: the run was killed while writing this line
            try:
                record = json.loads(line)
            except ValueError:
                break
            if isinstance(record, dict) and "source" in record:
                done[str(record["source"])] = "error" in record
            good_end += len(line)
    size = path.stat().st_size
    if size > good_end:
        with path.open("r+b") as file:
            file.truncate(good_end)
            os.fsync(file.fileno())
        stderr_line(f"{path}: cut {size - good_end} bytes of an incomplete last record left by an interrupted run")
    return done


class StreamOutput:
    """Records to a binary stream (stdout, or a file of one input's output) in one format,
    each flushed at once; nothing to resume."""

    resumable = False

    def __init__(self, stream: BinaryIO, output_format: str, explain: bool = False, owned: bool = False) -> None:
        self.stream = stream
        self.format = output_format
        self.explain = explain and output_format in ("text", "markdown")
        self.owned = owned  # a file this output opened (and closes)

    def previous(self, source: str, relative: str | None) -> bool | None:
        return None

    def write(self, source: str, relative: str | None, record: Mapping[str, Any]) -> int:
        content = render_record(record, self.format, self.explain)
        if content:
            self.stream.write(content)
            self.stream.flush()
        return len(content)

    def close(self) -> None:
        if self.owned:
            self.stream.close()
        else:
            self.stream.flush()


def is_folder_output(output: Path, many: bool) -> bool:
    """Whether `-o` names a folder: an existing one, a trailing slash, or (many inputs) no suffix."""
    if output.is_dir() or str(output).endswith(("/", "\\")):
        return True
    return many and not output.suffix


def open_output(output: Path | None, output_format: str, many: bool, force: bool = False, explain: bool = False) -> Output:
    """The output for `-o`: a folder (resumable), a JSONL file of many inputs (resumable), one
    input's file, or stdout. Many inputs in one stream are JSONL, one record per line."""
    if output is not None and is_folder_output(output, many):
        return FolderOutput(output, output_format, force)
    if many:
        output_format = "jsonl"
        if output is not None:
            return JsonlOutput(output, force)
    if output is None:
        return StreamOutput(sys.stdout.buffer, output_format, explain)
    output.parent.mkdir(parents=True, exist_ok=True)
    return StreamOutput(output.open("wb"), output_format, explain, owned=True)
