"""kill -9 in the middle of a real run, then a re-run: the output is the uninterrupted run's,
with no partial, duplicate or missing record."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Callable

import pytest

from conftest import declutter_script, read_jsonl, run_cli, tree, write_pages

PAGES = 120


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "in"
    write_pages(folder, PAGES, gzipped_every=5, paragraphs=80)  # ~14 kB pages: a run of a second or more
    (folder / "broken.html").write_bytes(b"\x00\x01\x02 binary")
    return folder


def _kill_mid_run(args: list[str], started: Callable[[], int]) -> int:
    """Run the CLI, SIGKILL its whole process group (driver and workers) at a random moment
    after it has written something, and return how much `started()` counted then."""
    process = subprocess.Popen([declutter_script(), *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while started() == 0:
            assert process.poll() is None, "the run ended before anything was written"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(random.uniform(0, 0.1))
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    return started()


def test_kill_9_then_resume_gives_the_uninterrupted_jsonl(pages: Path, tmp_path: Path) -> None:
    whole, interrupted = tmp_path / "whole.jsonl", tmp_path / "interrupted.jsonl"
    run_cli("clean", str(pages), "-o", str(whole), "-j", "2")
    assert len(read_jsonl(whole)) == PAGES + 1

    def lines() -> int:
        return interrupted.read_bytes().count(b"\n") if interrupted.exists() else 0

    at_kill = _kill_mid_run(["clean", str(pages), "-o", str(interrupted), "-j", "2"], lines)
    assert 0 < at_kill < PAGES + 1, "the kill did not land mid-run"

    result = run_cli("clean", str(pages), "-o", str(interrupted), "-j", "2")
    assert result.returncode == 1  # broken.html
    assert interrupted.read_bytes() == whole.read_bytes()
    sources = [record["source"] for record in read_jsonl(interrupted)]
    assert len(sources) == len(set(sources)) == PAGES + 1


def test_kill_9_then_resume_gives_the_uninterrupted_tree(pages: Path, tmp_path: Path) -> None:
    whole, interrupted = tmp_path / "whole", tmp_path / "interrupted"
    run_cli("clean", str(pages), "-o", f"{whole}/", "--format", "json", "-j", "2")
    expected = tree(whole)
    assert len(expected) == PAGES + 1

    def files() -> int:
        return sum(1 for path in interrupted.rglob("*.json")) if interrupted.exists() else 0

    at_kill = _kill_mid_run(["clean", str(pages), "-o", f"{interrupted}/", "--format", "json", "-j", "2"], files)
    assert 0 < at_kill < PAGES + 1, "the kill did not land mid-run"

    run_cli("clean", str(pages), "-o", f"{interrupted}/", "--format", "json", "-j", "2")
    assert tree(interrupted) == expected  # every file whole, none missing, no temporary left
