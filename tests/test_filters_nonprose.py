"""The nonprose filter: text known by its shape not to be prose (an image's bare address, a
keyword list, several date-and-time stamps below the story), in HTML and in dumps; and the
shapes it leaves alone (a sentence's list, the story's own date line, list items)."""
from __future__ import annotations

import lxml.html
import pytest

import declutter
from conftest import ARTICLE_PARAGRAPHS, article_page, assert_filter_keeps, assert_filter_removes, clean_with, normalized
from declutter.core.blocks import node_blocks
from declutter.core.filters import Context, Removals
from declutter.core.filters.nonprose import drop_nonprose


@pytest.mark.parametrize(
    "address",
    ["https://cdn.example.org/uploads/2022/12/harbour-bridge-scaled.jpg", "img.example.net/x7ab2.png", "/media/photos/quay.webp?w=640&h=480"],
)
def test_an_image_address_alone_goes(address: str) -> None:
    assert_filter_removes(article_page(inside=f"<p>{address}</p>"), "nonprose", [address], control=True)


@pytest.mark.parametrize(
    "keywords",
    [
        "android, banking, card reader, e-commerce, ios, mobile payments, retail",
        "Tags: harbour, bridge, corrosion, ferry, traffic, council",
        "Schlagworte: Hafen, Brücke, Korrosion, Fähre, Verkehr, Stadtrat",
        "Drohne, Luftbild, Flugzeugträger, Hafen, Marine, Übung",
    ],
)
def test_a_keyword_list_goes(keywords: str) -> None:
    assert_filter_removes(article_page(inside=f"<p>{keywords}</p>"), "nonprose", [keywords], control=True)


STAMPED_THREAD = "".join(
    f"<div class='entry'><p>{stamp}</p><p>{reply}</p></div>"
    for stamp, reply in [
        ("January 15, 2008 - 3:02 PM", "Good to hear the walkway stays open for us."),
        ("January 15, 2008 - 11:16 AM", "The traders deserve that parking trial."),
        ("14.01.2008, 22:14 Uhr", "Four million is a lot for one bridge."),
    ]
)


def test_date_and_time_stamps_below_the_story_go() -> None:
    stamps = ["January 15, 2008 - 3:02 PM", "January 15, 2008 - 11:16 AM", "14.01.2008, 22:14 Uhr"]
    assert_filter_removes(article_page(inside=STAMPED_THREAD), "nonprose", stamps, control=True)


def test_the_storys_own_date_line_stays() -> None:
    # above the story, and alone below it: the story's date and time, which the truth keeps
    page = article_page(paragraphs=("January 14, 2008 - 9:30 AM", *ARTICLE_PARAGRAPHS), inside="<p>01/09 18:48:47 ET</p>")
    assert_filter_keeps(page, "nonprose", ["January 14, 2008 - 9:30 AM", "01/09 18:48:47 ET"])


@pytest.mark.parametrize(
    "sentence_list",
    [
        "Monkeys, Flea Jars, Crab Buckets, and Educational Risk-Taking",  # four terms: a title's list
        "Cast: Jane Doe, John Roe, Mary Major, Richard Miles, Sam Sample",  # five: as often the story's
        "The walkway, the quay, the station, the ferry, the bridge and the market all reopen in May.",
        "Open daily 9, 10, 11, 12, 13 and 14 May",
    ],
)
def test_a_sentences_list_stays(sentence_list: str) -> None:
    assert_filter_keeps(article_page(inside=f"<p>{sentence_list}</p>"), "nonprose", [sentence_list])


def test_keywords_as_list_items_stay() -> None:
    items = "".join(f"<li>{term}, {term}s, {term}ing, {term}ed, {term}er, {term}est</li>" for term in ("walk", "cross"))
    result = clean_with(article_page(inside=f"<ul>{items}</ul>"), "nonprose")
    assert "walk, walks, walking" in normalized(result.text)


def test_tag_label_is_post_metadata() -> None:
    assert_filter_removes(article_page(inside="<p>Tag: Harbour bridge</p>"), "boilerplate", ["Tag: Harbour bridge"], control=True)


def test_in_a_dump() -> None:
    dump = "\n".join(
        [ARTICLE_PARAGRAPHS[0], ARTICLE_PARAGRAPHS[1], "https://cdn.example.org/a/harbour.jpg", ARTICLE_PARAGRAPHS[2],
         "politics, harbour, bridge, ferry, council, traffic", ARTICLE_PARAGRAPHS[3]]
    )
    article = declutter.clean_text(dump, explain=True)
    assert "harbour.jpg" not in article.text and "politics, harbour" not in article.text
    assert all(p in article.text for p in ARTICLE_PARAGRAPHS)
    assert {r.reason for r in article.removed if r.filter == "nonprose"} == {"an image's address alone", "a keyword list"}


OTHER_TITLES = (
    "Ferry operator adds two late sailings on Fridays",
    "Council approves new cycle lane along the quay",
    "Fish market reopens after a month of repairs",
    "Lighthouse museum wins a regional heritage award",
)
SUMMARIES = (
    "The operator says demand grew all summer.",
    "Work on the lane starts in the spring.",
    "Traders return to the renovated hall on Monday.",
    "The prize money will restore the lamp room.",
)


def _cards() -> str:
    """Blocks each a linked title, a line break and a summary: no heading, no class, no
    related label."""
    return "".join(f'<div><a href="/news/{n}">{title}</a><br>{summary}</div>' for n, (title, summary) in enumerate(zip(OTHER_TITLES, SUMMARIES)))


def test_linked_titles_over_summaries_after_the_story_go() -> None:
    assert_filter_removes(article_page(inside=_cards()), "nonprose", [*OTHER_TITLES, *SUMMARIES], control=True)


def test_lines_of_links_after_the_story_go() -> None:
    links = "<br>".join(f'<span><a href="/news/{n}">{title}</a></span>' for n, title in enumerate(OTHER_TITLES))
    assert_filter_removes(article_page(inside=f"<p>{links}</p>"), "nonprose", list(OTHER_TITLES), control=True)


def test_a_page_that_opens_with_its_cards_is_a_list_and_stays() -> None:
    """A playlist or an index: one line of introduction, then the cards are the page."""
    page = article_page(paragraphs=(ARTICLE_PARAGRAPHS[0],), inside=_cards())
    text = normalized(clean_with(page, "nonprose").text)
    assert all(card in text for card in (*OTHER_TITLES, *SUMMARIES)), text


def test_the_storys_own_lists_of_links_stay() -> None:
    """Its list items (sources, contents) and numbered lines are the author's."""
    items = "".join(f'<li><a href="/news/{n}">{title}</a></li>' for n, title in enumerate(OTHER_TITLES))
    numbered = "<br>".join(f'<a href="/news/{n}">{n + 1}. {title}</a>' for n, title in enumerate(OTHER_TITLES))
    assert_filter_keeps(article_page(inside=f"<ul>{items}</ul><p>{numbered}</p>"), "nonprose", [*OTHER_TITLES])


ARCHIVE_TITLES = (
    *OTHER_TITLES,
    "Harbour master retires after thirty years",
    "New pontoon opens for visiting yachts",
    "Storm damages the north breakwater",
    "Ferry fares to rise in the new year",
)


def _story_then_list(href: str) -> list[str]:
    """The texts drop_nonprose keeps of the story's paragraphs followed by a list of eight
    items, each a link and nothing else (`href` with the item's number)."""
    items = "".join(f'<li><a href="{href}{n}">{title}</a></li>' for n, title in enumerate(ARCHIVE_TITLES))
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE_PARAGRAPHS)
    blocks = node_blocks(lxml.html.fromstring(f"<div>{paragraphs}<ul>{items}</ul></div>"))
    context = Context(Removals(enabled=True))
    kept = [block.text for block in drop_nonprose(blocks, context)]
    assert all(block.reason.startswith("a long list of links after the story") for block in context.removals.noted)
    return kept


def test_a_long_list_of_linked_items_after_the_story_goes() -> None:
    """A blog's archive or page list left in the story's box: many items, each a link to
    another page and nothing else."""
    assert _story_then_list("/archive/") == list(ARTICLE_PARAGRAPHS)


def test_a_long_table_of_contents_stays() -> None:
    """The story's own contents link to its sections on the page, however many."""
    assert _story_then_list("#section-") == [*ARTICLE_PARAGRAPHS, *ARCHIVE_TITLES]


CATEGORIES = ("Harbour news", "Ferries and boats", "Market days", "Council meetings")


def test_linked_categories_each_with_a_count_go() -> None:
    """A widget of categories with the number of posts in each, left in the story's box."""
    lines = "<br>".join(f'<a href="/category/{n}">{name}</a> ({17 * n + 3})' for n, name in enumerate(CATEGORIES))
    assert_filter_removes(article_page(inside=f"<div>{lines}</div>"), "nonprose", list(CATEGORIES), control=True)


def test_figures_in_parentheses_that_are_not_links_stay() -> None:
    """A results list: names and figures in parentheses, nothing linked."""
    lines = "<br>".join(f"{name} ({17 * n + 3})" for n, name in enumerate(CATEGORIES))
    assert_filter_keeps(article_page(inside=f"<div>{lines}</div>"), "nonprose", list(CATEGORIES))


def test_cards_after_a_story_printed_as_one_long_block_go() -> None:
    """The story is one cell of text between line breaks, no paragraph of its own: its length
    tells that the story came first."""
    story = "<br>".join((*ARTICLE_PARAGRAPHS, *ARTICLE_PARAGRAPHS, "(Harbour Desk)"))
    page = article_page(paragraphs=(), inside=f"<div>{story}</div>{_cards()}")
    assert_filter_removes(page, "nonprose", [*OTHER_TITLES, *SUMMARIES], control=True)
