"""Site templates through the console script and Dask: learn, save, reuse, auto; folders,
WARC files, URL lists (a real loopback server) and a Dask cluster."""
from __future__ import annotations

import functools
import http.server
import json
import threading
from io import BytesIO
from pathlib import Path
from typing import Iterator

import dask.bag
import distributed
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import read_jsonl, run_declutter
from declutter.core.sitetemplates import SiteTemplates
from declutter.run.dask import templates_of_bag
from test_site_templates import ABOUT, FUNDING, story_page

REASON = "site template: on 5 of 5 pages of harbour-courier.example"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    for number in range(5):
        (folder / f"page{number}.html").write_text(story_page(number), encoding="utf-8")
    return folder


def _texts(path: Path) -> dict[str, str]:
    return {record["source"]: record["text"] for record in read_jsonl(path)}


def test_learn_then_clean_with_the_file(site: Path, tmp_path: Path) -> None:
    learned = run_declutter("learn", site, "-o", tmp_path / "templates.json")
    assert learned.returncode == 0, learned.stderr
    assert "1 with 3+ pages" in learned.stderr
    cleaned = run_declutter("clean", site, "-o", tmp_path / "out.jsonl", "--site-templates", tmp_path / "templates.json", "--explain")
    assert cleaned.returncode == 0, cleaned.stderr
    records = read_jsonl(tmp_path / "out.jsonl")
    assert len(records) == 5
    for record in records:
        assert ABOUT not in record["text"] and FUNDING in record["text"]
        assert REASON in [removed["reason"] for removed in record["removed"]]
    plain = run_declutter("clean", site, "-o", tmp_path / "plain.jsonl")
    assert plain.returncode == 0
    assert all(ABOUT in text for text in _texts(tmp_path / "plain.jsonl").values())


def test_auto_learns_and_cleans_in_one_command_and_resumes(site: Path, tmp_path: Path) -> None:
    run_declutter("learn", site, "-o", tmp_path / "templates.json")
    with_file = run_declutter("clean", site, "-o", tmp_path / "file.jsonl", "--site-templates", tmp_path / "templates.json")
    auto = run_declutter("clean", site, "-o", tmp_path / "auto.jsonl", "--site-templates", "auto")
    assert with_file.returncode == auto.returncode == 0, auto.stderr
    assert _texts(tmp_path / "auto.jsonl") == _texts(tmp_path / "file.jsonl")
    again = run_declutter("clean", site, "-o", tmp_path / "auto.jsonl", "--site-templates", "auto")
    assert again.returncode == 0 and "0 ok, 0 failed, 5 skipped" in again.stderr


def test_a_file_learned_yesterday_cleans_todays_pages(site: Path, tmp_path: Path) -> None:
    run_declutter("learn", site, "-o", tmp_path / "templates.json")
    today = tmp_path / "today.html"
    today.write_text(story_page(5), encoding="utf-8")
    result = run_declutter("clean", today, "--format", "json", "--site-templates", tmp_path / "templates.json")
    assert result.returncode == 0, result.stderr
    assert ABOUT not in json.loads(result.stdout)["text"]


def test_warc_files(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    with crawl.open("wb") as file:
        writer = WARCWriter(file, gzip=True)
        for number in range(5):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            body = BytesIO(story_page(number).encode())
            writer.write_record(writer.create_warc_record(f"https://www.harbour-courier.example/news/{number}", "response", payload=body, http_headers=headers))
    assert run_declutter("learn", crawl, "-o", tmp_path / "templates.json").returncode == 0
    result = run_declutter("clean", crawl, "-o", tmp_path / "out.jsonl", "--site-templates", tmp_path / "templates.json")
    assert result.returncode == 0, result.stderr
    texts = _texts(tmp_path / "out.jsonl")
    assert len(texts) == 5 and not any(ABOUT in text for text in texts.values())


@pytest.fixture
def site_server(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()


def test_url_lists(site_server: str, tmp_path: Path) -> None:
    urls = "".join(f"{site_server}/page{number}.html\n" for number in range(5))
    learned = run_declutter("learn", "-", "-o", tmp_path / "templates.json", stdin=urls)
    assert learned.returncode == 0, learned.stderr
    cleaned = run_declutter("clean", "-", "-o", tmp_path / "out.jsonl", "--site-templates", tmp_path / "templates.json", "--explain", stdin=urls)
    assert cleaned.returncode == 0, cleaned.stderr
    records = read_jsonl(tmp_path / "out.jsonl")
    assert len(records) == 5
    for record in records:
        assert ABOUT not in record["text"] and FUNDING in record["text"]
        assert any(removed["reason"].startswith("site template: on 5 of 5 pages of 127.0.0.1") for removed in record["removed"])


def test_bad_uses_are_one_line_errors(site: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"sites": {}}')
    result = run_declutter("clean", site, "-o", tmp_path / "out.jsonl", "--site-templates", tmp_path / "bad.json")
    assert result.returncode == 2 and "not a site-templates file" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    missing = run_declutter("clean", site, "--site-templates", tmp_path / "missing.json")
    assert missing.returncode == 2 and "cannot read the site templates" in missing.stderr
    stdin = run_declutter("clean", "-", "--site-templates", "auto", stdin="<p>x</p>")
    assert stdin.returncode == 2 and "reads the inputs twice" in stdin.stderr


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.Client]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1") as local:
        with distributed.Client(local) as client:
            yield client


def test_dask_learning_is_a_reduction_equal_to_a_local_learn(site: Path, tmp_path: Path, cluster: distributed.Client) -> None:
    assert run_declutter("learn", site, "-o", tmp_path / "local.json").returncode == 0
    paths = [str(path) for path in sorted(site.glob("*.html"))]
    on_cluster = templates_of_bag(dask.bag.from_sequence(paths, npartitions=3)).compute(scheduler=cluster.get)
    assert isinstance(on_cluster, SiteTemplates)
    assert on_cluster.to_json() == json.loads((tmp_path / "local.json").read_text())
    address = cluster.scheduler.address
    result = run_declutter("clean", site, "-o", tmp_path / "out.jsonl", "--scheduler", address, "--site-templates", "auto")
    assert result.returncode == 0, result.stderr
    assert not any(ABOUT in text for text in _texts(tmp_path / "out.jsonl").values())
