"""Site templates (core): learned over a generated multi-page site, applied page by page.

The site: every page has its own story; under it, inside the story's container, a box about
the site that repeats word for word (the template) and a box quoting the lead of the first
page (the site's pick, on every other page); and a funding note that each story carries among
its own paragraphs (it belongs to the story).
"""
from __future__ import annotations

import json
import pickle

import pytest

import declutter
from declutter.core.sitetemplates import MAX_FINGERPRINTS, MIN_PAGES, SiteCounts, SiteTemplates, site_of

ABOUT = "The Harbour Courier is an independent newsroom that has covered the waterfront since 1998, paid for by its readers and owned by nobody."
FUNDING = "This story was reported with support from the Coastal Journalism Fund, which has no say over what we publish."
TOPICS = ["ferry timetable", "fish market", "lighthouse repairs", "sailing school", "harbour wall", "tram extension"]


def _lead(topic: str) -> str:
    return f"Plans for the {topic} were presented to residents on Tuesday evening, and most of those who came said they had waited years for a decision."


def story_page(number: int) -> str:
    topic = TOPICS[number]
    paragraphs = [
        _lead(topic),
        f"The council said the {topic} would be paid for from the regional budget, with work starting in the spring if the last permits arrive on time.",
        f"Opponents of the {topic} plan argued that the money would be better spent on the schools of the old town, several of which still wait for new roofs.",
        f"A final vote on the {topic} is expected next month, after a second round of consultations in the districts along the quay.",
        FUNDING,
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>News about the {topic}</title><link rel="canonical" href="https://www.harbour-courier.example/news/{number}"></head>
<body><div id="main"><h1>News about the {topic}</h1>
<div class="article-body">{body}
<div class="box"><p>{ABOUT}</p></div>
{f'<div class="pick"><p>{_lead(TOPICS[0])}</p></div>' if number else ""}
</div></div></body></html>"""


def learned(pages: list[str]) -> SiteTemplates:
    templates = SiteTemplates()
    for page in pages:
        templates.learn(*declutter.Extractor().template_sample(page))
    return templates


def test_site_of_is_the_host_without_www() -> None:
    assert site_of("https://www.Example.com/a?b") == "example.com"
    assert site_of("http://news.example.com/") == "news.example.com"
    assert site_of("not a url") is None
    assert site_of("http://[") is None
    assert site_of(None) is None


def test_the_template_goes_and_the_story_stays() -> None:
    pages = [story_page(n) for n in range(5)]
    templates = learned(pages)
    without = declutter.clean_html(pages[0]).text
    article = declutter.clean_html(pages[0], site_templates=templates, explain=True)
    assert ABOUT in without, "the about box must be kept without templates, or this test shows nothing"
    assert ABOUT not in article.text
    assert [r.reason for r in article.removed if r.filter == "site-template"] == ["site template: on 5 of 5 pages of harbour-courier.example"]
    # the story's lead stays on its own page, though every other page quotes it in another place...
    assert _lead(TOPICS[0]) in article.text
    # ...where it is the template
    assert _lead(TOPICS[0]) in declutter.clean_html(pages[1]).text
    assert _lead(TOPICS[0]) not in declutter.clean_html(pages[1], site_templates=templates).text
    # the funding note repeats on every page, but it sits among the story's paragraphs
    assert FUNDING in article.text


def test_pages_of_a_site_seen_too_rarely_are_untouched() -> None:
    pages = [story_page(n) for n in range(MIN_PAGES - 1)]
    templates = learned(pages)
    for page in pages:
        assert declutter.clean_html(page, site_templates=templates).text == declutter.clean_html(page).text


def test_pages_of_other_sites_are_untouched() -> None:
    templates = learned([story_page(n) for n in range(5)])
    other = story_page(1).replace("www.harbour-courier.example", "elsewhere.example")
    assert declutter.clean_html(other, site_templates=templates).text == declutter.clean_html(other).text
    # the URL a page came from names its site before its canonical does
    assert ABOUT in declutter.clean_html(story_page(1), url="https://elsewhere.example/x", site_templates=templates).text


def test_a_block_on_few_of_many_pages_is_not_template() -> None:
    pages = [story_page(n) for n in range(6)]
    # the about box on only 3 of 6 pages: under the 60% share, so it stays
    pages = [page if n < 3 else page.replace(ABOUT, f"Page {n} of the archive holds the stories of week {n} and the letters our readers sent about them.") for n, page in enumerate(pages)]
    templates = learned(pages)
    assert ABOUT in declutter.clean_html(pages[0], site_templates=templates).text


def test_saved_templates_read_back_the_same_and_clean_the_same() -> None:
    pages = [story_page(n) for n in range(5)]
    templates = learned(pages)
    saved = json.loads(json.dumps(templates.to_json()))
    again = SiteTemplates.from_json(saved)
    assert declutter.clean_html(pages[2], site_templates=again).text == declutter.clean_html(pages[2], site_templates=templates).text
    assert pickle.loads(pickle.dumps(templates)).to_json() == templates.to_json()
    with pytest.raises(ValueError, match="not a declutter site-templates file"):
        SiteTemplates.from_json({"sites": {}})
    with pytest.raises(ValueError, match="version"):
        SiteTemplates.from_json({**saved, "version": 99})


def test_learning_in_parts_and_merging_equals_learning_at_once() -> None:
    pages = [story_page(n) for n in range(6)]
    whole = learned(pages)
    merged = learned(pages[:2]).merge(learned(pages[2:4])).merge(learned(pages[4:]))
    assert merged.to_json() == whole.to_json()


def test_a_site_table_stays_bounded() -> None:
    counts = SiteCounts()
    for page in range(30):
        counts.add_page(range(page * 10_000, page * 10_000 + 10_000))  # all distinct
        assert len(counts.blocks) <= MAX_FINGERPRINTS
    counts.add_page([7] * 1)
    counts.add_page([7] * 1)
    assert counts.blocks[7] >= 2  # what repeats survives the bound
