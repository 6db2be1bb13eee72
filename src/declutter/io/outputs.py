"""Batch outputs that a re-run can resume: a mirrored folder, a JSONL file, or a stream.

Each output answers `previous(item)` — None when the item still has to be done, else whether
it had failed — and `write(item, record)`, returning the bytes written. They are written so
that a run killed at any point (even with kill -9) leaves only whole records behind:

- folder: one file per input, written atomically (temporary file + rename); an input that
  failed leaves `NAME.error.json` instead, so it too counts as done on a re-run. Temporary
  files a killed run left behind are removed when the next run opens the folder.
- JSONL: whole lines appended, flushed and fsynced per batch of lines; on a re-run the
  sources already present are done, and a torn last line (a kill mid-write) is cut away.
- stream (stdout): whole lines, flushed per record; nothing to resume.

`force=True` redoes everything: the JSONL file is emptied, folder files are overwritten.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import IO, Any, Protocol, TextIO

from .sinks import SUFFIXES, output_name, render_record, stderr_line, write_atomically
from .sources import Item

ERROR_SUFFIX = ".error.json"


class Output(Protocol):
    def previous(self, item: Item) -> bool | None: ...

    def write(self, item: Item, record: dict[str, Any]) -> int: ...

    def close(self) -> None: ...


class FolderOutput:
    """One file per input under `folder`, at the input's relative path (see the module doc)."""

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

    def paths(self, item: Item) -> tuple[Path, Path]:
        """Where the item's output goes, and where its error record goes if it failed."""
        return self.folder / output_name(item.relative, self.suffix), self.folder / output_name(item.relative, ERROR_SUFFIX)

    def previous(self, item: Item) -> bool | None:
        if self.force:
            return None
        done, failed = self.paths(item)
        if done.exists():
            return False
        if failed.exists():
            return True
        return None

    def write(self, item: Item, record: dict[str, Any]) -> int:
        done, failed = self.paths(item)
        if "error" in record:
            content = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
            write_atomically(failed, content)
            done.unlink(missing_ok=True)  # --force: exactly one file per input
        else:
            content = render_record(record, self.format)
            write_atomically(done, content)
            failed.unlink(missing_ok=True)
        return len(content.encode("utf-8"))

    def close(self) -> None:
        pass


class JsonlOutput:
    """Records appended to a JSONL file in whole lines, fsynced every `batch_lines` lines or
    `batch_seconds` seconds, whichever comes first (see the module doc)."""

    def __init__(self, path: Path, force: bool = False, batch_lines: int = 64, batch_seconds: float = 1.0) -> None:
        self.path = path
        self.batch_lines = batch_lines
        self.batch_seconds = batch_seconds
        path.parent.mkdir(parents=True, exist_ok=True)
        self.done: dict[str, bool] = {} if force else _resume_jsonl(path)
        self.file: IO[bytes] = path.open("wb" if force else "ab")
        self.buffer: list[bytes] = []
        self.last_flush = time.monotonic()

    def previous(self, item: Item) -> bool | None:
        return self.done.get(item.source)

    def write(self, item: Item, record: dict[str, Any]) -> int:
        line = render_record(record, "jsonl").encode("utf-8")
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
    """JSONL records to a text stream (stdout), each flushed at once; nothing to resume."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def previous(self, item: Item) -> bool | None:
        return None

    def write(self, item: Item, record: dict[str, Any]) -> int:
        line = render_record(record, "jsonl")
        self.stream.write(line)
        self.stream.flush()
        return len(line.encode("utf-8"))

    def close(self) -> None:
        self.stream.flush()
