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
