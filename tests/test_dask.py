"""declutter on Dask: a real LocalCluster (two worker processes) gives the local run's records."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from conftest import read_jsonl, run_cli, story_page, write_pages  # noqa: E402
from declutter import Options  # noqa: E402
from declutter.run.dask import clean_bag, inputs_bag  # noqa: E402
from test_warc import write_crawl  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1") as local:
        with distributed.Client(local) as client:
            yield local, client


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    write_pages(folder, 10, gzipped_every=3)
    write_crawl(folder / "crawl.warc.gz", first=20)
    (folder / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


def _by_source(records: list[dict]) -> dict[str, dict]:
    return {record["source"]: record for record in records}


def test_clean_bag_gives_the_local_records(cluster, inputs: Path, tmp_path: Path) -> None:
    local = tmp_path / "local.jsonl"
    run_cli("clean", str(inputs), "-o", str(local), "-j", "2")
    expected = read_jsonl(local)
    assert len(expected) == 15  # 10 pages, 4 WARC pages, 1 broken file

    records = clean_bag(inputs_bag([str(inputs)], partition_size=4), Options()).compute()
    assert len(records) == len(expected)
    assert _by_source(records) == _by_source(expected)


def test_clean_bag_of_pages_in_memory(cluster) -> None:
    import dask.bag

    pages = dask.bag.from_sequence(
        [
            {"source": "a", "html": story_page(1), "url": "https://example.org/a", "crawl": "2024-05"},
            {"source": "b", "html": b"%PDF-1.7 not a page"},
            {"source": "c"},
            42,
        ],
        npartitions=2,
    )
    a, b, c, bad = clean_bag(pages, Options(markdown=True)).compute()
    assert a["title"] == "Story 1: the garden reopens" and a["url"] == "https://example.org/a" and a["crawl"] == "2024-05"
    assert a["markdown"].startswith("Paragraph 0 of story 1")
    assert b["error"].startswith("not_html:") and b["source"] == "b"
    assert c["error"].startswith("empty:")
    assert bad["error"].startswith("bad_input:")


def test_cli_on_a_scheduler_writes_what_a_local_run_writes(cluster, inputs: Path, tmp_path: Path) -> None:
    local_cluster, _ = cluster
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl"
    run_cli("clean", str(inputs), "-o", str(local), "-j", "2")
    report = tmp_path / "report.json"
    result = run_cli("clean", str(inputs), "-o", str(remote), "--scheduler", local_cluster.scheduler_address, "--report", str(report))
    assert result.returncode == 1  # broken.html failed, on the cluster as locally
    assert remote.read_bytes() == local.read_bytes()
    counts = json.loads(report.read_text())
    assert (counts["ok"], counts["failed"], counts["scheduler"]) == (14, 1, local_cluster.scheduler_address)

    again = run_cli("clean", str(inputs), "-o", str(remote), "--scheduler", local_cluster.scheduler_address, "--report", str(report))
    assert json.loads(report.read_text())["skipped"] == 15 and again.returncode == 1
    assert remote.read_bytes() == local.read_bytes()


def test_cli_on_a_scheduler_into_a_folder(cluster, inputs: Path, tmp_path: Path) -> None:
    local_cluster, _ = cluster
    local, remote = tmp_path / "local", tmp_path / "remote"
    run_cli("clean", str(inputs), "-o", f"{local}/", "-j", "2")
    run_cli("clean", str(inputs), "-o", f"{remote}/", "--scheduler", local_cluster.scheduler_address)
    files = sorted(path.relative_to(local) for path in local.rglob("*") if path.is_file())
    assert len(files) == 15
    assert files == sorted(path.relative_to(remote) for path in remote.rglob("*") if path.is_file())
    assert all((local / name).read_bytes() == (remote / name).read_bytes() for name in files)


def test_an_unreachable_scheduler_is_one_clear_line(tmp_path: Path) -> None:
    write_pages(tmp_path / "in", 2)
    result = run_cli(
        "clean", str(tmp_path / "in"), "-o", str(tmp_path / "out.jsonl"), "--scheduler", "tcp://127.0.0.1:9",
        env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"},  # Dask's own setting; 30 s by default
    )
    assert result.returncode == 2
    assert result.stderr.startswith("declutter: tcp://127.0.0.1:9: cannot reach the Dask scheduler")
    assert not (tmp_path / "out.jsonl").exists()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def workers_elsewhere(tmp_path_factory: pytest.TempPathFactory):
    """A real `dask scheduler` and `dask worker`, started in a folder of their own: their
    working directory is not the one the command runs in."""
    import os
    import subprocess
    import sys
    import time

    elsewhere = tmp_path_factory.mktemp("elsewhere")
    dask_script = str(Path(sys.executable).parent / "dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": elsewhere}
    scheduler = subprocess.Popen([dask_script, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"], **quiet)
    worker = subprocess.Popen([dask_script, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"], **quiet)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with distributed.Client(address, timeout=5) as client:
                    if client.nthreads():
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the Dask scheduler and worker did not start"
            time.sleep(0.5)
        yield address
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        assert os.path.isdir(elsewhere)


def test_relative_paths_reach_workers_whose_working_directory_differs(workers_elsewhere: str, tmp_path: Path) -> None:
    project = tmp_path / "project"
    write_pages(project / "samples", 4)
    write_crawl(project / "samples" / "crawl.warc.gz", first=20)
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl"
    run_cli("clean", "samples/", "-o", str(local), "-j", "1", cwd=project)
    result = run_cli("clean", "samples/", "-o", str(remote), "--scheduler", workers_elsewhere, cwd=project)
    assert result.returncode == 0, result.stderr
    records = read_jsonl(remote)
    assert len(records) == 8 and all("error" not in record for record in records)
    assert records[0]["source"].startswith("samples/")  # as the user typed it
    assert remote.read_bytes() == local.read_bytes()


def test_a_bag_of_relative_paths_on_workers_elsewhere(workers_elsewhere: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    write_pages(project / "samples", 3)
    write_crawl(project / "crawl.warc", compress=False)
    monkeypatch.chdir(project)
    with distributed.Client(workers_elsewhere) as client:
        records = clean_bag(inputs_bag(["samples", "crawl.warc"], partition_size=2), Options()).compute(scheduler=client.get)
    assert len(records) == 3 + 4
    assert all("error" not in record for record in records), [r.get("error") for r in records]
    assert {record["source"].split("#")[0] for record in records} == {"samples/page0001.html", "samples/page0002.html", "samples/section/page0000.html", "crawl.warc"}
