"""Authors from the page's visible by-lines (core/byline.py), and their choice over the
meta tags' author."""
from __future__ import annotations

import json
from typing import Iterator

import lxml.html
import pytest

import declutter
from declutter.core.byline import Byline, choose_author, names_in, strip_byword, visible_bylines

STORY = "".join(f"<p>Paragraph {i} of the story about the harbour bridge repairs, long enough to be the article body.</p>" for i in range(5))


def article(byline: str, head: str = "") -> declutter.Article:
    return declutter.clean_html(f"<html lang='en'><head><title>Bridge repairs begin</title>{head}</head><body><article><h1>Bridge repairs begin</h1>{byline}{STORY}</article></body></html>")


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By Nathan Willis", "Nathan Willis"),
        ("by  Jane Doe", "Jane Doe"),
        ("Written by Rob Ewaschuk", "Rob Ewaschuk"),
        ("Par Sébastien Farcis", "Sébastien Farcis"),
        ("Von Jana Wolters", "Jana Wolters"),
        ("Por Lucía Sanz", "Lucía Sanz"),
        ("Door Pieter de Vries", "Pieter de Vries"),
        ("Av Kari Nordmann", "Kari Nordmann"),
        ("Autor: Jan Novák", "Jan Novák"),
        ("作者：肖春芳", "肖春芳"),
        ("Jane Doe", "Jane Doe"),
    ],
)
def test_the_by_word_is_stripped_in_every_language(line: str, name: str) -> None:
    assert strip_byword(line) == name
    assert names_in(line) == [name]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Nathan Willis March 25, 2015", ["Nathan Willis"]),
        ("Dan Goodin - Apr 16, 2015 8:02 pm UTC", ["Dan Goodin"]),
        ("By Daniel Kahn Gillmor, Senior Staff Technologist, ACLU Speech, Privacy, and Technology Project", ["Daniel Kahn Gillmor"]),
        ("By Stella Kim and Jennifer Jett", ["Stella Kim", "Jennifer Jett"]),
        ("Par Alexandre Hervaud, Jérémy Piette et Anne Martin", ["Alexandre Hervaud", "Jérémy Piette", "Anne Martin"]),
        ("Richard (R.J.) Eskow", ["Richard Eskow"]),
        ("By", []),
        ("https://example.com/profile/jane", []),
    ],
)
def test_names_in_a_by_line(line: str, names: list[str]) -> None:
    assert names_in(line) == names


@pytest.mark.parametrize(
    "byline",
    [
        '<a rel="author" href="/u/nw">Nathan Willis</a>',
        '<span itemprop="author" itemscope><span itemprop="name">Nathan Willis</span></span>',
        '<div class="byline">By Nathan Willis | 3 min read</div>',
        '<p class="article__author">By Nathan Willis</p>',
        "<div><span>By</span> Nathan Willis</div>",
    ],
)
def test_a_visible_by_line_gives_the_author(byline: str) -> None:
    record = article(byline)
    assert record.author == "Nathan Willis"
    assert record.sources["author"] == "by-line"


def test_several_authors_are_kept_in_order() -> None:
    record = article('<p class="byline">By <a rel="author" href="/a">Ana Pereira</a>, <a rel="author" href="/t">Tom Hale</a></p>')
    assert record.author == "Ana Pereira, Tom Hale"


def test_by_in_code_is_no_by_line() -> None:
    assert article("<pre><code>SELECT * FROM logs <span class='k'>ORDER</span> <span class='k'>BY</span> Period DESC</code></pre>").author is None


def test_a_comment_authors_name_is_no_by_line() -> None:
    page = f"<html><body><article><h1>Bridge repairs</h1>{STORY}</article><div class='comments'><span class='comment-author'>Troll Person</span><p>First!</p></div></body></html>"
    assert declutter.clean_html(page).author is None


def test_a_meta_author_that_is_not_in_the_by_line_loses_to_it() -> None:
    record = article('<div class="byline">By Jane Doe</div>', '<meta name="author" content="Harbour Gazette Staff">')
    assert record.author == "Jane Doe"


def test_a_meta_author_the_by_line_says_too_keeps_its_fuller_form() -> None:
    record = article('<div class="byline">By Devindra Hardawar</div>', '<meta name="author" content="devindra">')
    assert record.author == "Devindra Hardawar"


def test_a_meta_author_that_is_a_url_loses_to_the_by_line() -> None:
    record = article('<span class="author-name">Jane Doe</span>', '<meta name="author" content="https://social.example/janedoe">')
    assert record.author == "Jane Doe"


def test_a_json_ld_person_is_the_author_when_the_page_shows_no_by_line() -> None:
    data = {"@type": "NewsArticle", "headline": "Bridge repairs begin", "author": [{"@type": "Person", "name": "Ana Pereira"}, {"@type": "Person", "name": "Tom Hale"}]}
    record = article("", f'<script type="application/ld+json">{json.dumps(data)}</script>')
    assert record.author == "Ana Pereira, Tom Hale"
    assert record.sources["author"] == "meta"


def test_the_first_by_line_of_a_page_wins() -> None:
    root = lxml.html.document_fromstring(
        "<html><body><div class='byline'>By Jane Doe</div><p>Story.</p><div class='byline'>By John Roe</div></body></html>"
    )
    assert [b.names for b in visible_bylines(root)] == [("Jane Doe",), ("John Roe",)]
    assert article("<div class='byline'>By Jane Doe</div><div class='byline'>By John Roe</div>").author == "Jane Doe"


GERMAN_STORY = "".join(f"<p>Absatz {i} der Geschichte über die Reparatur der Hafenbrücke, lang genug für den Artikeltext.</p>" for i in range(5))


@pytest.mark.parametrize(
    ("line", "author", "date"),
    [
        ("Von Jana Wolters · 19. Februar 2024", "Jana Wolters", "2024-02-19"),
        ("Autor: Jan Novák | 3. 3. 2021", "Jan Novák", "2021-03-03"),
    ],
)
def test_a_by_line_gives_the_author_and_the_filter_that_drops_it_the_date(line: str, author: str, date: str) -> None:
    """A line a by-word opens is a by-line: the metadata reads its author; the filter that
    drops it as post metadata gives the record the date it still lacks, and --explain says
    where both went (the issue's "moved to author")."""
    record = declutter.clean_html(f"<html lang='de'><body><article><h1>Brücke</h1><p>{line}</p>{GERMAN_STORY}</article></body></html>", explain=True)
    assert (record.author, record.date) == (author, date)
    assert record.sources["author"] == "by-line"
    assert line not in record.text
    reasons = [r.reason for r in record.removed if r.snippet == line]
    assert len(reasons) == 1 and reasons[0].endswith("(moved to author and date)")


def test_a_by_line_too_plain_for_the_metadata_moves_to_author_when_dropped() -> None:
    """One word after a by-word ("Von Konstantin") is too little for the metadata to call an
    unmarked line a by-line; the filter that drops it as one gives the record its author."""
    line = "Von Konstantin · 19. Februar 2024"
    record = declutter.clean_html(f"<html lang='de'><body><article><h1>Brücke</h1><p>{line}</p>{GERMAN_STORY}</article></body></html>", explain=True)
    assert (record.author, record.date) == ("Konstantin", "2024-02-19")
    reasons = [r.reason for r in record.removed if r.snippet == line]
    assert len(reasons) == 1 and reasons[0].endswith("(moved to author and date)")


def test_a_dropped_by_line_naming_someone_else_is_not_said_to_be_the_author() -> None:
    """A reader's "Posted by" line in the story's container names a commenter, not the
    record's author (read from the page's own by-line): --explain moves nothing there."""
    line = "Posted by: Anna Berger | 19. Februar 2024"
    page = f"<html lang='de'><body><article><h1>Brücke</h1><p class='byline'>Von Jana Wolters</p>{GERMAN_STORY}<p>{line}</p></article></body></html>"
    record = declutter.clean_html(page, explain=True)
    assert record.author == "Jana Wolters"
    reasons = [r.reason for r in record.removed if r.snippet == line]
    assert len(reasons) == 1 and "moved to author" not in reasons[0]


def test_a_dropped_meta_line_that_is_no_by_line_moves_nothing() -> None:
    record = declutter.clean_html(f"<html lang='de'><body><article><h1>Brücke</h1><p>Tags: Brücke, Hafen</p>{GERMAN_STORY}</article></body></html>", explain=True)
    assert record.author is None
    assert [r.reason for r in record.removed if r.snippet.startswith("Tags")] == ["post metadata 'tags'"]


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("<p>By JANE DOE<br>Staff Writer</p>", "JANE DOE"),  # no class: a by-word opens the line
        ("<div>Jan. 8, 2008<br>By <a href='/jane'>Jane Doe</a><br></div>", "Jane Doe"),
        ("<div>by <a href='/jane'>Jane Doe</a> on Wednesday, October 19, 2011</div>", "Jane Doe"),
        ("<p>By Patrick Nathanson and agencies</p>", "Patrick Nathanson"),
        ("<p class='byline author'>Written by Rob Ewaschuk<br>Edited by Betsy Beyer</p>", "Rob Ewaschuk"),  # its first line
    ],
)
def test_unmarked_by_lines_and_by_lines_of_several_lines(byline: str, author: str) -> None:
    assert article(byline).author == author


@pytest.mark.parametrize(
    "byline",
    [
        "<p>A portrait of the harbour master by <a href='/painter'>Jane Doe</a>, painted in 1890.</p>",  # in a sentence
        "<figure><img src='a.jpg'><figcaption>By John Smith</figcaption></figure>",  # a photo's credit
        "<div class='caption'><div class='credit'>By John Smith</div></div>",
        "<ul><li>By Course or Type</li><li>By Method</li></ul>",  # a recipe site's menu
        "<h2>Von der Wärmemessung zur Echtzeit-Energiedienstleistung</h2>",  # a heading "Von" opens
    ],
)
def test_lines_a_by_word_opens_that_name_nobody(byline: str) -> None:
    assert article(byline).author is None


def test_a_meta_author_a_by_line_says_without_naming_anybody_plainly() -> None:
    """The by-line's text says the meta author (but for its handle in parentheses) where no
    name can be read from it; its neighbour is a counter, marked alike: the meta author."""
    byline = "<p class='author'>史蒂文的家_藍天 發表在 <a href='/'>痞客邦</a> 留言(42) <span class='author-views'>人氣(23925)</span></p>"
    assert article(byline, head="<meta name='author' content='史蒂文的家_藍天 (stevenhgm)'>").author == "史蒂文的家_藍天 (stevenhgm)"


def test_the_json_ld_person_the_page_shows_outranks_other_stories_by_lines() -> None:
    ld = json.dumps({"@type": "NewsArticle", "headline": "Bridge repairs begin", "author": [{"@type": "Person", "name": "Jane Doe"}]})
    teasers = "".join(f"<li><a href='/s{i}'>Story {i}</a> <span class='byline'>By {name} , 2h ago</span></li>" for i, name in enumerate(("R. Roe", "M. Moe", "T. Toe")))
    html = (
        f"<html lang='en'><head><title>Bridge repairs begin</title><script type='application/ld+json'>{ld}</script></head><body>"
        f"<article><h1>Bridge repairs begin</h1><a href='/editors/jane-doe'>Jane Doe</a>{STORY}</article><ul>{teasers}</ul></body></html>"
    )
    assert declutter.clean_html(html).author == "Jane Doe"
    assert declutter.clean_html(html.replace("<a href='/editors/jane-doe'>Jane Doe</a>", "")).author == "R. Roe"  # not shown: the by-line


def test_a_double_slash_ends_the_name() -> None:
    assert names_in("By Ed Silverman // November 6th, 2012 // 9:05 am") == ["Ed Silverman"]


def test_the_author_is_settled_without_reading_the_by_lines_after_the_one_that_settles_it() -> None:
    def bylines(settling: Byline) -> Iterator[Byline]:
        yield Byline((), "Home")
        yield settling
        raise AssertionError("read past the by-line that settles the author")

    assert choose_author([], bylines(Byline(("Jane Doe",), "By Jane Doe"))) == ("Jane Doe", "by-line")
    assert choose_author(["jdoe", "Jane Doe"], bylines(Byline(("Jane Doe",), "By Jane Doe"))) == ("Jane Doe", "by-line")


def test_several_authors_marked_alike_side_by_side_are_one_by_line() -> None:
    root = lxml.html.document_fromstring(
        "<html><body><p><span class='author'>Jane Doe</span>, <span class='author'>John Roe</span></p>"
        "<p>Story.</p></body></html>"
    )
    assert [b.names for b in visible_bylines(root)] == [("Jane Doe", "John Roe")]
