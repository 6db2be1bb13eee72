"""Each sample page through declutter.clean_html: every article paragraph kept (in order),
the headline as the title and never in the text, none of the page's clutter.

The expectations are written from what each article is (tests/fixtures/samples/), not from
the program's output. A failing check prints what the filters removed (explain=True).
"""
from __future__ import annotations

from functools import cache

import pytest

import declutter
from conftest import FIXTURES, SAMPLES, normalize, paragraphs

HEADLINES = {
    "en-wordpress-semantic": "Rooftop Beehives Give a Struggling Market Town Its Sweetest Summer in Years",
    "fr-classic-news": "La ligne ferroviaire entre Clermont et Ussel rouvrira au printemps après six ans de travaux",
    "en-obfuscated-divsoup": "Why Night Trains Are Quietly Making a Comeback Across Europe",
    "de-details-comments": "Warum wir unser Lastenrad nach drei Wintern wieder verkauft haben",
    "es-news-jsonld": "Los agricultores del Ebro adelantan la vendimia por tercer año consecutivo",
    "pt-page-builder": "Como a feira orgânica de Pinheiros mudou a rotina de quem cozinha em casa",
}
CLUTTER_KINDS = ("chrome", "comments", "related", "lorem", "headline")

KNOWN_FAILURES: dict[tuple[str, str], object] = {}  # known failures of the filters: none today


def _params(test: str, ids: list[str], values: list[tuple[str, ...]] | None = None) -> list[object]:
    rows = values if values is not None else [(i,) for i in ids]
    return [pytest.param(*row, id=i, marks=KNOWN_FAILURES.get((test, i), ())) for i, row in zip(ids, rows)]


@cache
def cleaned(sample: str) -> declutter.Article:
    return declutter.clean_html((SAMPLES / f"{sample}.html").read_bytes(), explain=True)


def expected_paragraphs(sample: str) -> list[str]:
    return paragraphs((FIXTURES / "samples" / f"{sample}.expected.txt").read_text(encoding="utf-8"))


def clutter_strings(sample: str) -> dict[str, list[str]]:
    """The sample's clutter file: `[kind]` headers, then one string per line."""
    kinds: dict[str, list[str]] = {kind: [] for kind in CLUTTER_KINDS}
    kind = None
    for line in (FIXTURES / "samples" / f"{sample}.clutter.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1]
            assert kind in kinds, f"unknown clutter kind [{kind}] in {sample}.clutter.txt"
        else:
            assert kind, f"{sample}.clutter.txt: a string before any [kind] header"
            kinds[kind].append(line)
    return kinds


def explain(article: declutter.Article) -> str:
    removed = "\n".join(f"  [{b.filter}] line {b.line}: {b.reason}: {b.snippet}" for b in article.removed)
    return f"\n--- text ---\n{article.text}\n--- removed ---\n{removed}"


SAMPLE_NAMES = sorted(HEADLINES)


def test_every_sample_has_fixtures() -> None:
    pages = sorted(p.stem for p in SAMPLES.glob("*.html"))
    assert pages == SAMPLE_NAMES
    for sample in SAMPLE_NAMES:
        assert len(expected_paragraphs(sample)) >= 5
        assert all(clutter_strings(sample)[kind] for kind in CLUTTER_KINDS), sample


@pytest.mark.parametrize("sample", _params("test_keeps_every_article_paragraph", SAMPLE_NAMES))
def test_keeps_every_article_paragraph(sample: str) -> None:
    article = cleaned(sample)
    kept = paragraphs(article.text)
    missing = [p for p in expected_paragraphs(sample) if p not in kept]
    assert not missing, f"{sample} lost {len(missing)} paragraph(s): {[m[:60] for m in missing]}{explain(article)}"


@pytest.mark.parametrize("sample", _params("test_article_paragraphs_in_page_order", SAMPLE_NAMES))
def test_article_paragraphs_in_page_order(sample: str) -> None:
    kept = paragraphs(cleaned(sample).text)
    expected = expected_paragraphs(sample)
    positions = [kept.index(p) for p in expected if p in kept]
    assert len(positions) == len(expected), f"{sample}: paragraphs missing (see test_keeps_every_article_paragraph)"
    assert positions == sorted(positions), f"{sample}: article paragraphs out of order"


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_headline_is_the_title_and_never_in_the_text(sample: str) -> None:
    article = cleaned(sample)
    headline = HEADLINES[sample]
    assert article.title == headline
    assert normalize(article.text).count(headline) == 0, f"{sample}: headline in the body{explain(article)}"


_CLUTTER_IDS = [f"{s}-{k}" for s in SAMPLE_NAMES for k in CLUTTER_KINDS]


@pytest.mark.parametrize(
    "sample, kind", _params("test_no_clutter", _CLUTTER_IDS, [(s, k) for s in SAMPLE_NAMES for k in CLUTTER_KINDS])
)
def test_no_clutter(sample: str, kind: str) -> None:
    article = cleaned(sample)
    text = normalize(article.text)
    leaked = [s for s in clutter_strings(sample)[kind] if s in text]
    assert not leaked, f"{sample}: {kind} clutter kept: {leaked}{explain(article)}"


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_expected_text_and_clutter_are_really_on_the_page(sample: str) -> None:
    """Guards the fixtures themselves: a clutter string not on the page could never fail."""
    import lxml.html

    root = lxml.html.fromstring((SAMPLES / f"{sample}.html").read_bytes())
    page = normalize(root.text_content())
    for kind, strings in clutter_strings(sample).items():
        for string in strings:
            assert string in page, f"{sample}.clutter.txt [{kind}] {string!r} is not on the page"
    for paragraph in expected_paragraphs(sample):
        assert paragraph in page, f"{sample}.expected.txt paragraph not on the page: {paragraph[:60]}"
        assert not any(s in paragraph for kind in CLUTTER_KINDS for s in clutter_strings(sample)[kind])
