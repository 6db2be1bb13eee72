"""Smoke check on the development corpora: a broken pipeline shows up as an F1 collapse.

Runs declutter on a fixed slice (the first 40 pages by id) of every corpus in the shared
corpora folder ($DECLUTTER_CORPORA, else ../shared/corpora next to the repository), scores
it with the corpus's own score.py and asserts F1 above a floor. The floors sit about 0.05
under the F1 measured on these slices when the floors were last raised (readability-testpages
0.955, trafilatura-eval 0.886): they catch a pipeline that breaks or a filter that starts
eating articles, not a small regression, which is what benchmarks/quality.py measures. Skipped when the corpora
folder is absent (e.g. on a fresh clone without it).
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

import declutter

SLICE_PAGES = 40
FLOORS = {"readability-testpages": 0.90, "trafilatura-eval": 0.83}
# A corpus added later has no measured floor yet: 0.5 still tells text from no text.
DEFAULT_FLOOR = 0.5

_CORPUS_IO_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus_io.py"


def _corpus_io():
    """benchmarks/corpus_io.py, the loader and scorer the benchmarks use (not a package)."""
    spec = importlib.util.spec_from_file_location("declutter_bench_corpus_io", _CORPUS_IO_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building the class
    spec.loader.exec_module(module)
    return module


corpus_io = _corpus_io()
CORPORA_DIR = corpus_io.default_corpora_dir()
CORPUS_PATHS = corpus_io.find_corpora(CORPORA_DIR)


@pytest.mark.parametrize(
    "corpus_path",
    CORPUS_PATHS or [pytest.param(None, marks=pytest.mark.skip(reason=f"no corpora folder with truth.jsonl at {CORPORA_DIR} (set DECLUTTER_CORPORA)"))],
    ids=[path.name for path in CORPUS_PATHS] or ["no-corpora"],
)
def test_declutter_f1_on_corpus_slice_stays_above_floor(corpus_path: Path) -> None:
    corpus = corpus_io.load_corpus(corpus_path, limit=SLICE_PAGES)
    outputs = {}
    failures = {}
    for page_id, html, url in corpus.items():
        try:
            outputs[page_id] = declutter.clean_html(html, url=url).text
        except declutter.DeclutterError as error:  # a real page rejected: counts as empty, listed below
            outputs[page_id] = ""
            failures[page_id] = str(error)

    score = corpus_io.score_outputs(corpus, outputs)

    floor = FLOORS.get(corpus.name, DEFAULT_FLOOR)
    assert score["pages"] == len(corpus.rows)  # the slice was scored, not the whole corpus
    assert score["f1"] >= floor, (
        f"{corpus.name}: F1 {score['f1']:.3f} (P {score['precision']:.3f}, R {score['recall']:.3f}) "
        f"on the first {len(corpus.rows)} pages is under the floor {floor}; rejected pages: {failures or 'none'}"
    )
