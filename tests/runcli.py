"""Shared test helpers: where the samples and fixtures are, and running the real console script.

CLI tests run the installed `declutter` script (the one beside the interpreter running the
tests, i.e. the venv's) in a subprocess, with no terminal and no stdin unless given.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = SAMPLES / "seed-dump.txt"

# A guard against hangs, not a speed assertion: every run here takes well under a second.
GUARD_SECONDS = 60


def declutter_script() -> str:
    """The installed console script: the one in the running interpreter's bin folder first."""
    beside = Path(sys.executable).parent / ("declutter.exe" if os.name == "nt" else "declutter")
    if beside.exists():
        return str(beside)
    found = shutil.which("declutter")
    assert found, "the declutter console script is not installed (pip install -e '.[test]')"
    return found


def run_declutter(*args: str | os.PathLike[str], stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `declutter ARGS...`; stdout/stderr decoded as UTF-8. No stdin unless given."""
    return _run([declutter_script(), *map(str, args)], stdin, cwd)


def run_module(*args: str | os.PathLike[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m declutter ARGS...` with the test interpreter."""
    return _run([sys.executable, "-m", "declutter", *map(str, args)], stdin, None)


def _run(command: list[str], stdin: bytes | None, cwd: Path | None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        cwd=cwd,
        timeout=GUARD_SECONDS,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "120", "NO_COLOR": "1"},
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    )


def normalize(text: str) -> str:
    """Whitespace collapsed to single spaces: how paragraphs are compared."""
    return re.sub(r"\s+", " ", text).strip()


def paragraphs(text: str) -> list[str]:
    """The paragraphs of an Article.text (blank-line separated), whitespace-normalised."""
    return [normalize(p) for p in re.split(r"\n\s*\n", text) if p.strip()]


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback (most recent call last)" not in stderr, stderr
