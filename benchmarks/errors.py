"""Error analysis: which pages an extractor gets most wrong, what it missed and what leaked.

    python benchmarks/errors.py                              # declutter, every corpus, worst 10
    python benchmarks/errors.py --corpus trafilatura-eval --worst 20 --explain
    python benchmarks/errors.py --id 2c1f41b0c9f4dd38 --explain   # just these pages
    python benchmarks/errors.py --extractor trafilatura --json errors.json

Per corpus it prints the score (the corpus's score.py), then the kinds of failure that
dominate (every page falls in exactly one kind, so the shares of lost recall and precision
add up to 100%), then the worst pages: for with/without truth, the "with" segments missed
and the "without" segments leaked; for full-text truth, the longest runs of truth text
missing from the output and of output text absent from the truth.

--explain (declutter only) runs clean_html(..., explain=True) and shows, under each missed
piece of text, the removed blocks that overlap it (filter, reason, line, snippet), plus a
corpus-wide count of missed content by filter: which filter eats the most content.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, run as a script

from corpus_io import Corpus, default_corpora_dir, find_corpora, load_corpus, load_scorer, score_outputs
from extractors import EXTRACTORS

SNIPPET_CHARS = 100
TOP_RUNS = 3  # missed/leaked runs shown per page (text truth)
MIN_EXPLAINED_WORDS = 4  # shorter missed runs are too short to find in the page reliably
NO_FILTER = "(no filter: outside readability's choice, or dropped when rendering)"
NOT_LOCATED = "(not located in the page's text)"


@dataclass
class Piece:
    """A piece of text that was missed or leaked, and what --explain says about it."""

    text: str
    words: int
    removed_by: list[dict[str, Any]] = field(default_factory=list)  # RemovedBlock dicts
    verdict: str | None = None  # NO_FILTER or NOT_LOCATED when no removed block overlaps


@dataclass
class PageReport:
    """How one page went: per-page precision/recall and the pieces missed and leaked."""

    id: str
    url: str | None
    precision: float | None
    recall: float | None
    output_words: int
    error: str | None = None
    missed: list[Piece] = field(default_factory=list)
    leaked: list[Piece] = field(default_factory=list)
    missed_total: int = 0  # segments (segment truth) or words (text truth)
    leaked_total: int = 0
    recall_loss: float = 0.0  # this page's share in the corpus's lost recall / precision
    precision_loss: float = 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision or 0.0, self.recall or 0.0
        if self.precision is None and self.recall is None:
            return 1.0  # nothing to find and nothing output: score.py leaves the page out
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def kind(self) -> str:
        """The one kind of failure this page falls in (checked in this order)."""
        if self.error:
            return "extractor error"
        if self.output_words == 0:
            return "empty output"
        if self.recall is not None and self.recall < 0.5:
            return "recall < 0.5"
        if self.precision is not None and self.precision < 0.5:
            return "precision < 0.5"
        if self.recall_loss or self.precision_loss:
            return "partial loss (P and R >= 0.5)"
        return "perfect"


KIND_ORDER = ["extractor error", "empty output", "recall < 0.5", "precision < 0.5", "partial loss (P and R >= 0.5)", "perfect"]


def short(text: str, width: int = SNIPPET_CHARS) -> str:
    """One line of at most `width` characters: the start and the end of the text."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    head = width * 2 // 3
    return f"{text[:head].rstrip()} … {text[-(width - head - 3):].lstrip()}"


# Per-page figures use score.py's own helpers (_norm, _page_pr, _WORD), so that they add up
# to the figures score.score() gives for the whole corpus.

def segment_report(row: dict[str, Any], output: str, scorer: ModuleType) -> PageReport:
    """Per-page figures for with/without truth, exactly as score.py counts segments."""
    text = scorer._norm(output)
    missed = [w for w in row["with"] if scorer._norm(w) not in text]
    leaked = [w for w in row["without"] if scorer._norm(w) in text]
    found = len(row["with"]) - len(missed)
    return PageReport(
        row["id"], row.get("url"),
        precision=found / (found + len(leaked)) if found + len(leaked) else None,
        recall=found / len(row["with"]) if row["with"] else None,
        output_words=len(text.split()),
        missed=[Piece(w, len(w.split())) for w in missed],
        leaked=[Piece(w, len(w.split())) for w in leaked],
        missed_total=len(missed), leaked_total=len(leaked),
        recall_loss=len(missed), precision_loss=len(leaked),
    )


def uncovered_runs(text: str, other: str, word: re.Pattern[str], n: int = 4) -> list[tuple[int, str]]:
    """Runs of `text` whose words are in no n-word shingle shared with `other`, longest first:
    (words, text). Shingles are counted as score.py counts them (a multiset), so a paragraph
    the truth holds twice and the output once leaves its second copy uncovered."""
    matches = list(word.finditer(text))
    tokens = [m.group() for m in matches]
    other_tokens = word.findall(other)
    available = Counter(tuple(other_tokens[i:i + n]) for i in range(max(1, len(other_tokens) - n + 1)))
    covered = [False] * len(tokens)
    for i in range(max(0, len(tokens) - n + 1)):
        shingle = tuple(tokens[i:i + n])
        if available[shingle] > 0:
            available[shingle] -= 1
            covered[i:i + n] = [True] * n
    runs: list[tuple[int, str]] = []
    start = None
    for i, is_covered in enumerate([*covered, True]):
        if not is_covered and start is None:
            start = i
        elif is_covered and start is not None:
            runs.append((i - start, text[matches[start].start():matches[i - 1].end()]))
            start = None
    return sorted(runs, key=lambda run: -run[0])


def text_report(row: dict[str, Any], output: str, scorer: ModuleType) -> PageReport:
    """Per-page figures for full-text truth (score.py's shingle P/R) and the largest gaps."""
    precision, recall = scorer._page_pr(row["text"], output)
    word = getattr(scorer, "_WORD", re.compile(r"\w+"))
    missed = uncovered_runs(row["text"], output, word)
    leaked = uncovered_runs(output, row["text"], word)
    return PageReport(
        row["id"], row.get("url"), precision, recall,
        output_words=len(word.findall(output)),
        missed=[Piece(text, words) for words, text in missed],
        leaked=[Piece(text, words) for words, text in leaked],
        missed_total=sum(words for words, _ in missed), leaked_total=sum(words for words, _ in leaked),
        recall_loss=1 - recall if recall is not None else 0.0,
        precision_loss=1 - precision if precision is not None else 0.0,
    )


# --- --explain: which removed blocks overlap a missed piece of text -------------------------

def _probes(text: str) -> list[str]:
    """Pieces of a (normalised) text to look for in the page: all of it, or its start, middle, end."""
    if len(text) <= 120:
        return [text]
    cut = 60
    middle = len(text) // 2
    return [text[:cut], text[middle - cut // 2:middle + cut // 2], text[-cut:]]


def _overlaps(snippet: str, probe: str) -> bool:
    return len(snippet) >= 15 and (snippet[:40] in probe or probe[:40] in snippet)


_TAG_HINT = re.compile(r"<(\w+)>")
_CLASS_HINT = re.compile(r"class/id ['\"]([^'\"]+)")
_ROLE_HINT = re.compile(r"role=(\S+)")


def _fits_reason(element: Any, reason: str) -> bool | None:
    """Whether the element fits what a filter's reason names (<tag>, class/id, role); None: names none."""
    if found := _TAG_HINT.search(reason):
        return element.tag == found.group(1)
    if found := _CLASS_HINT.search(reason):
        return any((element.get(name) or "").strip().startswith(found.group(1)) for name in ("class", "id"))
    if found := _ROLE_HINT.search(reason):
        return (element.get("role") or "").lower() == found.group(1)
    return None


class _PageTree:
    """The page parsed the way declutter parses it, so source lines match the removal log."""

    def __init__(self, html: bytes) -> None:
        from declutter.core.decode import decode_html
        from declutter.core.dom import parse_html, text_of

        self._text_of = text_of
        self._texts: dict[Any, str] = {}
        root = parse_html(decode_html(html, None, None))
        self.body = root.find("body") if root.find("body") is not None else root
        self.by_line: dict[int, list[Any]] = {}
        for element in root.iter():
            if isinstance(element.tag, str) and element.sourceline:
                self.by_line.setdefault(element.sourceline, []).append(element)

    def text(self, element: Any) -> str:
        if element not in self._texts:
            self._texts[element] = self._text_of(element)
        return self._texts[element]

    def removed_element(self, block: dict[str, Any]) -> Any:
        """The element a removed block most likely was: on its line, its text starting with the
        snippet, fitting the reason; the smallest such (its ancestors share its start only by
        containing it). None when nothing fits."""
        snippet = block["snippet"].rstrip(" …")
        on_line = self.by_line.get(block.get("line") or -1, [])
        candidates = [e for e in on_line if snippet and self.text(e).startswith(snippet)]
        fitting = [e for e in candidates if _fits_reason(e, block["reason"])]
        candidates = fitting or candidates
        return min(candidates, key=lambda e: len(self.text(e)), default=None)

    def deepest_containing(self, needle: str) -> Any:
        """The deepest element whose text contains `needle` (None when the page text lacks it)."""
        from lxml import etree

        if needle not in self.text(self.body):
            return None
        node = self.body
        while True:
            for child in node.iterchildren(tag=etree.Element):
                if needle in self.text(child):
                    node = child
                    break
            else:
                return node


def explain_pieces(html: bytes, pieces: Iterable[Piece], removed: list[dict[str, Any]]) -> None:
    """Fill each piece's `removed_by` with the removed blocks that held it (or a verdict).

    A removed block held a piece when the element it most likely was (see
    _PageTree.removed_element) contains the piece, or sits inside the smallest element
    containing it and shares text with it; a block with no element found is matched on
    its text alone.
    """
    tree = _PageTree(html)
    removed_elements = [tree.removed_element(block) for block in removed]
    for piece in pieces:
        matched: set[int] = set()
        located = False
        for probe in _probes(" ".join(piece.text.split())):
            deepest = tree.deepest_containing(probe)
            if deepest is None:
                deepest = tree.deepest_containing(probe[:30])
            if deepest is None:
                continue
            located = True
            chain = {deepest, *deepest.iterancestors()}
            for index, (block, element) in enumerate(zip(removed, removed_elements)):
                snippet = block["snippet"].rstrip(" …")
                if element is None:
                    held = _overlaps(snippet, probe)
                else:
                    held = element in chain or (deepest in element.iterancestors() and _overlaps(snippet, probe))
                if held:
                    matched.add(index)
        piece.removed_by = [removed[i] for i in sorted(matched)]
        if not piece.removed_by:
            piece.verdict = NO_FILTER if located else NOT_LOCATED


# --- running and reporting -----------------------------------------------------------------

def run_extractor(corpus: Corpus, name: str, explain: bool) -> tuple[dict[str, str], dict[str, str], dict[str, list[dict[str, Any]]]]:
    """Outputs, errors and (with explain) the removed blocks of every page."""
    if explain:
        import declutter

        def extract(html: bytes, url: str | None) -> tuple[str, list[dict[str, Any]] | None]:
            article = declutter.clean_html(html, url=url, explain=True)
            return article.text, [block.to_dict() for block in article.removed]
    else:
        plain = EXTRACTORS[name].build()

        def extract(html: bytes, url: str | None) -> tuple[str, list[dict[str, Any]] | None]:
            return plain(html, url) or "", None

    outputs: dict[str, str] = {}
    errors: dict[str, str] = {}
    removed: dict[str, list[dict[str, Any]]] = {}
    for page_id, html, url in corpus.items():
        try:
            outputs[page_id], log = extract(html, url)
            if log is not None:
                removed[page_id] = log
        except Exception as error:  # counted as empty output, reported as its own kind of failure
            outputs[page_id] = ""
            errors[page_id] = f"{type(error).__name__}: {error}"[:200]
    return outputs, errors, removed


def analyse(corpus: Corpus, name: str, worst: int, explain: bool, ids: list[str] | None) -> dict[str, Any]:
    """The whole analysis of one corpus, JSON-ready."""
    scorer = load_scorer(corpus.path)
    outputs, errors, removed = run_extractor(corpus, name, explain)
    report_page = segment_report if corpus.truth_kind == "segments" else text_report
    pages = []
    for row in corpus.rows:
        page = report_page(row, outputs[row["id"]], scorer)
        page.error = errors.get(row["id"])
        pages.append(page)

    kinds = []
    total_recall_loss = sum(p.recall_loss for p in pages) or 1.0
    total_precision_loss = sum(p.precision_loss for p in pages) or 1.0
    for kind in KIND_ORDER:
        members = [p for p in pages if p.kind == kind]
        kinds.append({
            "kind": kind, "pages": len(members),
            "recall_loss_share": sum(p.recall_loss for p in members) / total_recall_loss,
            "precision_loss_share": sum(p.precision_loss for p in members) / total_precision_loss,
        })

    if ids:
        chosen = [p for p in pages if p.id in ids]
    elif corpus.truth_kind == "segments":
        chosen = sorted(pages, key=lambda p: (-(p.missed_total + p.leaked_total), p.f1, p.id))[:worst]
    else:
        chosen = sorted(pages, key=lambda p: (p.f1, p.id))[:worst]

    missed_by_filter: Counter[str] = Counter()
    if explain:
        # Over every page, not just the worst: the corpus-wide picture of what eats content.
        for page in pages:
            pieces = page.missed if corpus.truth_kind == "segments" else [p for p in page.missed[:TOP_RUNS] if p.words >= MIN_EXPLAINED_WORDS]
            if pieces and removed.get(page.id) is not None:
                explain_pieces(corpus.pages[page.id], pieces, removed[page.id])
                for piece in pieces:
                    for who in {block["filter"] for block in piece.removed_by} or {piece.verdict or NO_FILTER}:
                        missed_by_filter[who] += 1

    return {
        "corpus": corpus.name, "extractor": name, "truth": corpus.truth_kind, "pages": len(pages),
        "score": score_outputs(corpus, outputs, scorer),
        "kinds": kinds,
        "missed_by_filter": dict(missed_by_filter.most_common()),
        "worst": [page_dict(p, corpus.truth_kind) for p in chosen],
    }


def page_dict(page: PageReport, truth: str) -> dict[str, Any]:
    shown = TOP_RUNS if truth == "text" else None
    data = asdict(page)
    data.update(f1=page.f1, kind=page.kind, missed=[asdict(p) for p in page.missed[:shown]], leaked=[asdict(p) for p in page.leaked[:shown]])
    return data


def _figure(value: float | None) -> str:
    return "  — " if value is None else f"{value:.2f}"


def render(result: dict[str, Any]) -> str:
    """The analysis of one corpus as terminal text."""
    score = result["score"]
    unit = "segments" if result["truth"] == "segments" else "words"
    out = [
        f"== {result['corpus']}: {result['extractor']} on {result['pages']} pages ({result['truth']} truth) ==",
        f"score.py: F1 {score['f1']:.3f}  P {score['precision']:.3f}  R {score['recall']:.3f}",
        "",
        "kinds of failure (each page in exactly one; share of the corpus's lost recall / precision):",
    ]
    for kind in result["kinds"]:
        out.append(f"  {kind['kind']:<31} {kind['pages']:>5} pages   recall loss {kind['recall_loss_share']:>6.1%}   precision loss {kind['precision_loss_share']:>6.1%}")
    if result["missed_by_filter"]:
        out += ["", f"missed {'segments' if unit == 'segments' else 'runs of text'} by who removed them (--explain, all pages):"]
        out += [f"  {count:>5}  {who}" for who, count in result["missed_by_filter"].items()]
    out += ["", f"worst {len(result['worst'])} pages:"]
    for number, page in enumerate(result["worst"], 1):
        out.append(f"{number:>3}. {page['id']}  {page['url'] or ''}")
        detail = f"     P {_figure(page['precision'])}  R {_figure(page['recall'])}  F1 {page['f1']:.2f}  [{page['kind']}]  missed {page['missed_total']} {unit}, leaked {page['leaked_total']} {unit}"
        out.append(detail + (f"  error: {page['error']}" if page["error"] else ""))
        for sign, pieces in (("- missed", page["missed"]), ("+ leaked", page["leaked"])):
            for piece in pieces:
                size = f"[{piece['words']} words] " if unit == "words" else ""
                out.append(f"     {sign} {size}\"{short(piece['text'])}\"")
                for block in piece["removed_by"]:
                    where = f" line {block['line']}" if block.get("line") else ""
                    out.append("         " + textwrap.shorten(f"removed by {block['filter']} ({block['reason']}){where}: \"{block['snippet']}\"", 150))
                if piece["verdict"]:
                    out.append(f"         {piece['verdict']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=default_corpora_dir(), help="folder of corpora (default: %(default)s; env DECLUTTER_CORPORA)")
    parser.add_argument("--corpus", action="append", help="only this corpus (repeatable; default: every corpus)")
    parser.add_argument("--extractor", default="declutter", choices=[n for n, e in EXTRACTORS.items() if e.scored], help="default: %(default)s")
    parser.add_argument("--worst", type=int, default=10, help="how many of the worst pages to show per corpus (default: %(default)s)")
    parser.add_argument("--id", action="append", help="show this page (repeatable) instead of the worst ones")
    parser.add_argument("--limit", type=int, help="only the first N pages of each corpus, by id")
    parser.add_argument("--explain", action="store_true", help="show the removed blocks (declutter's --explain) overlapping what was missed")
    parser.add_argument("--json", type=Path, help="also write the analysis here as JSON")
    args = parser.parse_args(argv)
    if args.explain and args.extractor != "declutter":
        parser.error("--explain needs --extractor declutter (it reads declutter's removal log)")

    results = []
    for path in find_corpora(args.corpora, args.corpus):
        corpus = load_corpus(path, args.limit)
        if args.id:
            corpus.rows = [row for row in corpus.rows if row["id"] in args.id]
            corpus.complete = False
            if not corpus.rows:
                continue
        result = analyse(corpus, args.extractor, args.worst, args.explain, args.id)
        results.append(result)
        print(render(result) + "\n", flush=True)
    if args.id and not results:
        raise SystemExit(f"no page with id {', '.join(args.id)} in {args.corpora}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf8")
        print(f"analysis written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
