"""The failures benchmarks/fuzz.py found and shrank, kept as regression fixtures: each one
now gives a record (ok or a named error kind) that serialises to UTF-8 JSON. Their time
and memory limits are checked by `python benchmarks/fuzz.py --replay`, not here."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import declutter

FUZZ = Path(__file__).resolve().parent / "fixtures" / "fuzz"
CASES = sorted(FUZZ.glob("*.json"))


@pytest.mark.parametrize("meta_path", CASES, ids=[p.stem for p in CASES])
def test_a_kept_fuzz_case_gives_a_named_record(meta_path: Path) -> None:
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    data = gzip.decompress(meta_path.with_suffix(".html.gz").read_bytes())
    options = declutter.Options(explain=True, markdown=True)
    record = declutter.clean_to_record("fuzz", data, url=meta["url"], content_type=meta["content_type"], options=options)
    assert not record.get("error", "").startswith("internal:"), (meta["signature"], record["error"])
    json.dumps(record, ensure_ascii=False).encode("utf-8")


def test_the_fixtures_are_there() -> None:
    assert len(CASES) >= 4, "benchmarks/fuzz.py keeps its failures in tests/fixtures/fuzz/"
