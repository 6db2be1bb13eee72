"""declutter.Extractor: options compiled once, typed keyword options, pickling, and a Dask
bag of Extractor calls; the module-level shortcuts give the same articles."""
from __future__ import annotations

import dataclasses
import pickle
import typing
from pathlib import Path

import pytest

import declutter
from conftest import ARTICLE_PARAGRAPHS, article_page
from declutter.core.options import OptionValues

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SHARE_BAR = '<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>'


def sample_pages() -> list[bytes]:
    pages = [path.read_bytes() for path in sorted(SAMPLES.glob("*.html"))]
    assert len(pages) >= 5
    return pages


def test_extractor_gives_the_articles_of_the_shortcut() -> None:
    extractor = declutter.Extractor(explain=True)
    for page in sample_pages():
        article = extractor.clean_html(page, url="https://example.com/a")
        assert article == declutter.clean_html(page, url="https://example.com/a", explain=True)
        assert article.text and article.removed  # every sample carries clutter


def test_options_object_and_keywords_combine() -> None:
    base = declutter.Options(explain=True, include_title_in_text=True)
    extractor = declutter.Extractor(base, explain=False)
    assert extractor.options == dataclasses.replace(base, explain=False)
    article = extractor.clean_html(article_page())
    assert article.text.startswith(article.title + "\n\n")
    assert article.removed == ()


def test_filters_option_selects_the_filters_that_run() -> None:
    page = article_page(inside=SHARE_BAR)
    assert "Share on Facebook" not in declutter.Extractor().clean_html(page).text
    kept = declutter.Extractor(filters=("comments",)).clean_html(page).text
    assert "Share on Facebook" in kept
    assert ARTICLE_PARAGRAPHS[0] in kept


def test_an_unknown_option_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="explian"):
        declutter.Extractor(explian=True)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="explian"):
        declutter.clean_html(article_page(), explian=True)  # type: ignore[call-arg]


def test_an_unknown_filter_or_language_fails_when_the_extractor_is_made() -> None:
    with pytest.raises(declutter.DeclutterError, match=r"unknown filter.*bogus"):
        declutter.Extractor(filters=("bogus",))
    with pytest.raises(declutter.DeclutterError, match="no phrase list for language 'xx'"):
        declutter.Extractor(languages=("xx",))
    record = declutter.clean_to_record("page.html", article_page(), options=declutter.Options(filters=("bogus",)))
    assert record["source"] == "page.html"
    assert record["error"].startswith("error: unknown filter(s) bogus")


def test_option_keywords_are_the_fields_of_options() -> None:
    assert typing.get_type_hints(OptionValues) == typing.get_type_hints(declutter.Options)


def test_filters_as_a_list_still_work() -> None:
    article = declutter.clean_html(article_page(inside=SHARE_BAR), options=declutter.Options(filters=["comments"]))  # type: ignore[arg-type]
    assert "Share on Facebook" in article.text


def test_clean_text_and_records() -> None:
    extractor = declutter.Extractor(languages=("en",))
    dump = "\n".join([article_page().split("<title>")[1].split("</title>")[0], *ARTICLE_PARAGRAPHS, "Share on Facebook"])
    assert extractor.clean_text(dump) == declutter.clean_text(dump, languages=("en",))
    record = extractor.clean_to_record("a.html", article_page(), url="https://example.com/a", status=200)
    assert record["source"] == "a.html" and record["status"] == 200 and record["url"] == "https://example.com/a"
    assert record["text"] == extractor.clean_html(article_page(), url="https://example.com/a").text
    assert extractor.clean_to_record("empty.html", b"  ") == {"source": "empty.html", "error": "empty: the input is empty"}


def test_extractor_pickles_as_its_options() -> None:
    extractor = declutter.Extractor(explain=True, languages=("en", "de"), filters=("chrome", "comments", "boilerplate"))
    data = pickle.dumps(extractor)
    assert b"PhraseSet" not in data  # compiled state is rebuilt where it is unpickled
    copy = pickle.loads(data)
    assert copy.options == extractor.options
    page = sample_pages()[0]
    assert copy.clean_html(page) == extractor.clean_html(page)


def test_a_dask_bag_of_extractor_calls() -> None:
    dask_bag = pytest.importorskip("dask.bag")
    pages = sample_pages()
    extractor = declutter.Extractor(explain=True, include_title_in_text=True)
    bag = dask_bag.from_sequence(pages, npartitions=2).map(extractor.clean_html)
    # the process scheduler pickles the Extractor (with the bound method) into other processes
    articles = bag.compute(scheduler="processes", num_workers=2)
    assert articles == [extractor.clean_html(page) for page in pages]
    assert all(article.text.startswith(article.title) for article in articles)


def test_list_options_are_taken_as_tuples() -> None:
    """A list of languages or filters (natural to pass) works like the tuple (it used to
    fail unhashable, from the Extractor cache)."""
    html = "<html><body><article><p>" + "A paragraph of the story, long enough to be kept as its text. " * 4 + "</p></article></body></html>"
    listed = declutter.clean_html(html, languages=["en"], filters=["lorem", "chrome"])
    assert listed.text == declutter.clean_html(html, languages=("en",), filters=("lorem", "chrome")).text
    assert declutter.Options(languages=["de", "en"]).languages == ("de", "en")  # type: ignore[arg-type]
