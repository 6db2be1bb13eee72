"""Bad inputs: a clear one-line error naming the input (no traceback), a non-zero exit status,
and in a run of several inputs one record per input: an error record for each bad one while
the good ones are cleaned."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import declutter
from conftest import FIXTURES, assert_no_traceback, run_declutter

GOOD = FIXTURES / "structured.html"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa" + bytes(range(256))
BAD_INPUTS = {
    # name: (file content or None for a missing file, expected error kind)
    "missing.html": (None, "not_found"),
    "empty.html": (b"", "empty"),
    "blank.html": (b"  \n\t\n ", "empty"),
    "image.html": (PNG, "not_html"),
    "random.html": (bytes((i * 197 + 89) % 256 for i in range(3000)), "not_html"),
    "undecodable.html": (b'<html><head><meta charset="utf-8"></head><body><p>' + bytes(range(128, 256)) * 20 + b"</p></body></html>", "decode"),
    "notes.html": (b"Just a few words in a plain text file.\nNo markup at all.\n", "not_html"),
}


def make(tmp_path: Path, name: str) -> Path:
    content, _ = BAD_INPUTS[name]
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    return path


def assert_one_line_error(stderr: str, source: Path | str, kind: str) -> None:
    assert_no_traceback(stderr)
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert str(source) in lines[0] and f"{kind}:" in lines[0], lines[0]


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_alone(tmp_path: Path, name: str) -> None:
    path = make(tmp_path, name)
    done = run_declutter("clean", path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert_one_line_error(done.stderr, path, BAD_INPUTS[name][1])


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_as_json_gives_an_error_record(tmp_path: Path, name: str) -> None:
    path = make(tmp_path, name)
    done = run_declutter("clean", "--format", "json", path)
    assert done.returncode == 1
    record = json.loads(done.stdout)
    assert record == {"source": str(path), "error": record["error"]}
    assert record["error"].startswith(f"{BAD_INPUTS[name][1]}: ")


def test_a_multi_input_run_cleans_the_good_ones_and_records_each_bad_one(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in BAD_INPUTS:
        if BAD_INPUTS[name][0] is not None:
            make(folder, name)
    (folder / "good.html").write_bytes(GOOD.read_bytes())
    missing = tmp_path / "missing.html"
    done = run_declutter("clean", GOOD, folder, missing)
    assert done.returncode == 1
    assert_no_traceback(done.stderr)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    sources = [r["source"] for r in records]
    expected = [str(GOOD), *sorted(str(folder / n) for n in [*BAD_INPUTS, "good.html"] if n != "missing.html"), str(missing)]
    assert sources == expected  # one record per input, in input order
    for record in records:
        name = Path(record["source"]).name
        if name in BAD_INPUTS:
            assert set(record) == {"source", "error"} and record["error"].startswith(BAD_INPUTS[name][1] + ": "), record
        else:
            assert "error" not in record and record["title"] == "How the harbour bridge will be repaired"
    *error_lines, summary = done.stderr.strip().splitlines()
    assert len(error_lines) == len(BAD_INPUTS)  # one line per bad input, naming it
    assert all(line.startswith("declutter: ") and any(name in line for name in BAD_INPUTS) for line in error_lines)
    assert f"{len(BAD_INPUTS)} failed" in summary  # then the run's summary line


def test_a_bad_input_into_an_output_folder_leaves_its_error_record_not_an_output(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    make(folder, "empty.html")
    (folder / "good.html").write_bytes(GOOD.read_bytes())
    done = run_declutter("clean", folder, "-o", f"{tmp_path / 'out'}/")
    assert done.returncode == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["empty.error.json", "good.txt"]
    record = json.loads((tmp_path / "out" / "empty.error.json").read_text(encoding="utf-8"))
    assert record["error"].startswith("empty: ") and record["source"].endswith("empty.html")


@pytest.mark.parametrize("name", ["missing.html", "empty.html"])
def test_text_command_bad_input(tmp_path: Path, name: str) -> None:
    path = make(tmp_path, name)
    done = run_declutter("text", path)
    assert done.returncode == 1
    assert_one_line_error(done.stderr, path, BAD_INPUTS[name][1])


def test_text_command_on_a_folder(tmp_path: Path) -> None:
    done = run_declutter("text", tmp_path)
    assert done.returncode == 1
    assert_no_traceback(done.stderr)
    assert str(tmp_path) in done.stderr


def test_empty_stdin() -> None:
    done = run_declutter("clean", "-", stdin=b"")
    assert done.returncode == 1
    assert_one_line_error(done.stderr, "-", "empty")


@pytest.mark.parametrize("name", sorted(n for n in BAD_INPUTS if BAD_INPUTS[n][0] is not None))
def test_api_raises_the_error_kind_and_clean_to_record_never_raises(name: str) -> None:
    content, kind = BAD_INPUTS[name]
    with pytest.raises(declutter.DeclutterError) as raised:
        declutter.clean_html(content, source=name)
    assert raised.value.kind == kind
    assert name in str(raised.value)
    assert declutter.clean_to_record(name, content) == {"source": name, "error": raised.value.record_error()}
