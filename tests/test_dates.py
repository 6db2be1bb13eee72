"""Dates (core/dates.py): ISO 8601, the page's own timestamp when it gives one, else the day."""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import lxml.html
import pytest
from htmldate import find_date
from htmldate.core import TIMESTAMP_LOOSE_PATTERN, date_candidates

import declutter
from declutter.core.dates import _date_candidates, normalize_date, published_date
from declutter.core.dom import parse_html

STORY = "".join(f"<p>Paragraph {i} of the story about the harbour bridge repairs, long enough to be the article body.</p>" for i in range(5))


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2019-04-28T23:30:00-07:00", "2019-04-28T23:30:00-07:00"),  # the page's own day, no shift to UTC
        ("2024-03-04 09:30", "2024-03-04T09:30"),
        ("20200924T15:04:34Z", "2020-09-24T15:04:34Z"),  # compact ISO
        ("Tue, 13 Dec 2016 23:50:00 +0100", "2016-12-13T23:50:00+01:00"),  # RFC 2822
        ("Fri Feb 18 10:27:24 2022", "2022-02-18T10:27:24"),  # asctime (a Last-Modified meta tag)
        ("Fri Feb  8 10:27:24 2022", "2022-02-08T10:27:24"),
        ("1481641200000", "2016-12-13T15:00:00Z"),  # epoch milliseconds
        ("1481641200", "2016-12-13T15:00:00Z"),  # epoch seconds
        ("3. März 2021", "2021-03-03"),  # in words, German
        ("5 juin 2019", "2019-06-05"),  # in words, French
        ("3. 12. 2021", "2021-12-03"),  # day and month with a dot and a space (cs, sk, pl, de): day first
        ("Aktualisiert 3. 12. 2021, 10:15", "2021-12-03"),
        ("not a date", None),
        ("9999-01-01", None),  # in the future
    ],
)
def test_dates_as_pages_write_them(written: str, iso: str | None) -> None:
    assert normalize_date(written) == iso


def test_meta_dates_published_and_modified() -> None:
    head = '<meta property="article:published_time" content="1481641200000"><meta property="article:modified_time" content="Wed, 14 Dec 2016 08:00:00 +0100">'
    record = declutter.clean_html(f"<html><head>{head}</head><body><article><h1>Bridge</h1>{STORY}</article></body></html>")
    assert (record.date, record.date_modified) == ("2016-12-13T15:00:00Z", "2016-12-14T08:00:00+01:00")
    assert record.sources["date"] == "meta"


def test_a_date_shown_in_the_page_is_found_when_no_meta_gives_one() -> None:
    body = f"<article><h1>Bridge</h1><p class='date'>Veröffentlicht am 3. März 2021</p>{STORY}</article>"
    record = declutter.clean_html(f"<html lang='de'><head><title>Bridge</title></head><body>{body}</body></html>")
    assert record.date == "2021-03-03"
    assert record.sources["date"] == "htmldate"
    assert record.date_modified is None


def test_dates_are_read_without_loading_dateparser() -> None:
    """htmldate's last resort, dateparser over all its locales, costs seconds in each new
    process (a CLI run, a worker): dates htmldate's own patterns cannot read stay unread."""
    script = (
        "import sys\n"
        "from declutter.core.dates import normalize_date\n"
        "assert normalize_date('2 de mayo de 2019') is None  # dateparser reads it; htmldate's patterns do not\n"
        "assert normalize_date('3. März 2021') == '2021-03-03'\n"
        "print('dateparser' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("body", "date"),
    [
        ("<p><span>Pictures</span><svg><text>2001-01-01</text></svg> tail <iframe></iframe>after<video><svg></svg></video></p>"
         "<footer>Posted 2021-03-04 09:30 <label>2002-02-02</label> by Jane</footer>", "2021-03-04"),  # a date-like element
        ("<div id='wm-ipp'>2003-03-03T10:00:00</div><p>Updated <svg></svg>2018-05-06T07:08:09</p>", "2018-05-06"),  # the page's markup
        ("<p>On <picture></picture>2019-07-08 <script>var d = '2004-04-04';</script>it opened.</p><style>p {}</style>", "2019-07-08"),  # its text
    ],
)
def test_htmldate_finds_a_date_past_what_it_leaves_out_and_leaves_the_tree_as_it_was(body: str, date: str) -> None:
    root = parse_html(f"<html><head><title>Bridge</title></head><body>{body}{STORY}</body></html>")
    before = lxml.html.tostring(root)
    elements = list(root.iter())
    assert published_date(root, None, None) == (date, "htmldate")
    assert lxml.html.tostring(root) == before
    assert list(root.iter()) == elements


@pytest.mark.parametrize(
    ("head", "body", "url"),
    [
        ("", "<p>Nothing dated here.</p>", None),
        ("", "<p>Text.</p>", "https://example.com/2020/05/06/story"),  # the URL's date
        ('<meta name="date" content="2017-08-09">', "<p>Text.</p>", None),  # the head's
        ('<link rel="canonical" href="https://example.com/2016/02/03/story">', "<p>Text.</p>", None),  # the canonical URL's
        ("", "<abbr class='published' title='2015-01-02'>Jan 2</abbr>", None),
        ("", "<time datetime='2014-03-04T05:06:07'>March 4</time><p>Text.</p>", None),
        ("", "<h1>Bridge 2012-11-12</h1>", None),
        ("", "<p>Updated <svg></svg>2018-05-06T07:08:09</p>", None),
        ("", "<p>Datum: 07.08.2019 <iframe></iframe></p>", None),
        ("", "<p>On <picture></picture>2019-07-08 <script>var d = '2004-04-04';</script>it opened.</p>", None),
        ("", "<p>On 2019-07-<script>var d;</script>08 it opened.</p>", None),  # a day its last search reads once the script is dropped
        ("", "<p>On 2019-<style>p {}</style>07-<script>var d;</script><script></script>08 it opened.</p>", None),
        ("<script>var d = '2004-04-04';</script>", "<p>Open 7-08.</p>", None),  # a day in a script only: none
    ],
)
def test_htmldate_step_by_step_finds_what_its_find_date_finds(head: str, body: str, url: str | None) -> None:
    """published_date calls htmldate's find_date step by step (to search the page's own tree,
    not a copy): on a new htmldate whose find_date changed its steps, this fails."""
    root = parse_html(f"<html><head><title>Bridge</title>{head}</head><body>{body}{STORY}</body></html>")
    expected = find_date(root, extensive_search=False, original_date=True, url=url, min_date=datetime(1995, 1, 1), max_date=datetime.now())
    assert published_date(root, url, None)[0] == expected


def test_the_date_candidates_are_htmldates() -> None:
    """_date_candidates, which rules most elements out by their class, id and itemprop
    first, keeps what htmldate's date_candidates keeps, in its order: each cue it reads,
    where it reads it (id or class, whichever comes first; itemprop; the class alone)."""
    kept = [
        "<div class='post-date'>", "<span id='Datum'>", "<p itemprop='datePublished'>", "<li class='entry-meta'>",
        "<div id='timestamp'>", "<span class='published'>", "<div class='x info'>", "<p class='byline'>",
        "<div id='footer-info-lastmod'>", "<h2 class='article-publication'>", "<ul id='Meta' class='nav'>",
        "<time class='fa-calendar'>", "<small>", "<footer>", "<div id='x' class='author'>",
    ]
    left = [
        "<div>", "<div class='story'>", "<span id='DATE'>", "<p title='date'>", "<div class='nav' id='Meta'>",
        "<div id='author'>", "<h1 class='date'>", "<div data-date='2020-01-02'>", "<li class='Posted'>",
    ]
    html = "".join(f"{tag}Jan 2, 2020</{tag[1:].split()[0].rstrip('>')}>" for tag in kept + left)
    root = parse_html(f"<html><body><div class='wrap'>{html}</div>{STORY}</body></html>")
    expected = date_candidates(root, False)
    assert len(expected) == len(kept)
    assert _date_candidates(root) == expected


def test_the_loose_days_pattern_is_htmldates() -> None:
    """The check that skips htmldate's last search looks for the day its pattern starts with."""
    assert TIMESTAMP_LOOSE_PATTERN.pattern.startswith("((?:199[0-9]|20[0-3][0-9])-[0-1]?[0-9]-[0-3]?[0-9])")
