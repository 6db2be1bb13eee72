"""Find, load and score the development corpora (the shared `corpora/` folder).

A corpus is a folder with `truth.jsonl` (one JSON object a line: `id`, `url`, and either
`text` or `with`/`without`) and `pages/<id>.html.gz`. Scoring always goes through the
corpus's own reference `score.py`, imported from the corpora folder, so that every figure
the benchmarks print agrees with the reference.
"""
from __future__ import annotations

import gzip
import importlib.util
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]


def default_corpora_dir() -> Path:
    """$DECLUTTER_CORPORA, else `../shared/corpora` next to the repository root."""
    configured = os.environ.get("DECLUTTER_CORPORA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "corpora"


def find_corpora(corpora_dir: Path, names: list[str] | None = None) -> list[Path]:
    """The corpus folders (those holding a truth.jsonl) in `corpora_dir`, sorted by name.

    `names` keeps only the folders named there; a name that is not a corpus is an error.
    """
    found = sorted(p for p in corpora_dir.iterdir() if (p / "truth.jsonl").is_file()) if corpora_dir.is_dir() else []
    if names is None:
        return found
    by_name = {p.name: p for p in found}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise SystemExit(f"no corpus named {', '.join(unknown)} in {corpora_dir} (found: {', '.join(by_name) or 'none'})")
    return [by_name[n] for n in names]


@dataclass
class Corpus:
    """A corpus loaded in memory: truth rows (sorted by id) and the decompressed pages."""

    name: str
    path: Path
    rows: list[dict[str, Any]]
    pages: dict[str, bytes] = field(repr=False)
    complete: bool  # every row of truth.jsonl is here (no --limit slice)

    @property
    def truth_kind(self) -> str:
        """'segments' (with/without truth) or 'text' (full-text truth)."""
        return "segments" if "with" in self.rows[0] else "text"

    def items(self) -> list[tuple[str, bytes, str | None]]:
        """(id, raw page bytes, truth url) for every page, in id order."""
        return [(row["id"], self.pages[row["id"]], row.get("url")) for row in self.rows]


def load_corpus(path: Path, limit: int | None = None) -> Corpus:
    """Read truth.jsonl and decompress every page into memory (the first `limit` ids only)."""
    lines = (path / "truth.jsonl").read_text(encoding="utf8").splitlines()
    all_rows = sorted((json.loads(line) for line in lines if line.strip()), key=lambda row: row["id"])
    rows = all_rows[:limit] if limit else all_rows
    pages = {row["id"]: gzip.decompress((path / "pages" / f"{row['id']}.html.gz").read_bytes()) for row in rows}
    return Corpus(path.name, path, rows, pages, complete=len(rows) == len(all_rows))


def load_scorer(corpus_path: Path) -> ModuleType:
    """The reference score.py for a corpus: in the corpus folder, else in the corpora folder."""
    for candidate in (corpus_path / "score.py", corpus_path.parent / "score.py"):
        if candidate.is_file():
            spec = importlib.util.spec_from_file_location(f"corpus_score_{abs(hash(candidate))}", candidate)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    raise SystemExit(f"no score.py in {corpus_path} or {corpus_path.parent}")


def score_outputs(corpus: Corpus, outputs: dict[str, str], scorer: ModuleType | None = None) -> dict[str, float]:
    """Score {id: text} with the corpus's score.py: {"f1", "precision", "recall", "pages"}.

    score.py scores every row of the truth.jsonl it is given, so a sliced corpus (--limit)
    is scored against a temporary truth.jsonl holding just its rows.
    """
    scorer = scorer or load_scorer(corpus.path)
    if corpus.complete:
        return scorer.score(corpus.path, outputs)
    with tempfile.TemporaryDirectory(prefix=f"{corpus.name}-slice-") as folder:
        Path(folder, "truth.jsonl").write_text("".join(json.dumps(row) + "\n" for row in corpus.rows), encoding="utf8")
        return scorer.score(folder, outputs)
