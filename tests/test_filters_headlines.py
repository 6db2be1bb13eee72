"""The headlines filter: the headline (from <title>, og:title, h1, JSON-LD) is the title, and
appears in the body neither verbatim nor as a near-duplicate SEO variant near the top."""
from __future__ import annotations

import json

import declutter
from conftest import ARTICLE_PARAGRAPHS, HEADLINE, article_page, assert_filter_removes, clean_with, normalized

SEO_VARIANT = "Harbour Swing Bridge 2024: Bridge Stays Closed to Cars Until End of Year"


def test_the_h1_becomes_the_title_and_leaves_the_body() -> None:
    result = clean_with(article_page(), "headlines")
    assert result.title == HEADLINE
    assert HEADLINE not in result.text
    assert [b.filter for b in result.removed] == ["headlines"]


def test_the_h1_is_in_the_body_when_the_filter_does_not_run() -> None:
    assert HEADLINE in clean_with(article_page()).text  # control for the test above


def test_a_seo_variant_near_the_top_is_removed() -> None:
    html = article_page().replace("</h1>", f"</h1><h2>{SEO_VARIANT}</h2>")
    assert_filter_removes(html, "headlines", [SEO_VARIANT], control=True)


def test_a_verbatim_repeat_further_down_is_removed() -> None:
    assert_filter_removes(article_page(inside=f"<p><strong>{HEADLINE}</strong></p>"), "headlines", [HEADLINE], control=True)


STANDFIRST = "Engineers found cracks in the counterweight during the spring inspection."


def test_the_headline_as_the_first_line_of_a_paragraph_goes_and_the_rest_stays() -> None:
    html = article_page(inside=f"<p><b>{HEADLINE}</b><br>{STANDFIRST}</p>")
    assert_filter_removes(html, "headlines", [HEADLINE], control=True, article=(*ARTICLE_PARAGRAPHS, STANDFIRST))


def test_the_headline_in_a_table_cell_above_the_standfirst_goes_and_the_standfirst_stays() -> None:
    html = article_page(inside=f"<table><tr><td><strong>{HEADLINE}<br></strong><br>{STANDFIRST}<br></td></tr></table>")
    assert_filter_removes(html, "headlines", [HEADLINE], control=True, article=(*ARTICLE_PARAGRAPHS, STANDFIRST))


def test_the_headline_as_a_later_line_of_a_paragraph_goes_and_the_other_lines_stay() -> None:
    # "Reviews of" over the product's name; a "previous" arrow over the headline.
    reviews = "Readers' reviews of"
    html = article_page(inside=f"<p>{reviews}<br>{HEADLINE}</p>")
    assert_filter_removes(html, "headlines", [HEADLINE], control=True, article=(*ARTICLE_PARAGRAPHS, reviews))


def test_og_title_and_title_tag_variants() -> None:
    head = f'<meta property="og:title" content="{HEADLINE}"><meta property="og:site_name" content="Harbour Gazette">'
    html = article_page(head=head, title=f"{HEADLINE} | Harbour Gazette").replace(f"<h1>{HEADLINE} | Harbour Gazette</h1>", f"<h1>{HEADLINE}</h1>")
    article = declutter.clean_html(html)
    assert article.title == HEADLINE
    assert article.sitename == "Harbour Gazette"
    assert HEADLINE not in article.text and "Harbour Gazette" not in article.text


def test_json_ld_headline_is_the_title_when_the_page_has_no_h1() -> None:
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": HEADLINE})
    html = article_page(head=f'<script type="application/ld+json">{ld}</script>', title="Harbour Gazette").replace("<h1>Harbour Gazette</h1>", f"<div class='hx'>{HEADLINE}</div>")
    article = declutter.clean_html(html)
    assert article.title == HEADLINE
    assert HEADLINE not in article.text


def test_a_sentence_that_shares_words_with_the_headline_is_kept() -> None:
    sentence = ("Whether the bridge stays closed to cars beyond the end of the year depends on the steel, "
                "which has to be rolled to order in a mill abroad, the harbour master warned.")
    result = clean_with(article_page(inside=f"<p>{sentence}</p>"), "headlines")
    assert sentence in normalized(result.text)
    assert all(p in normalized(result.text) for p in ARTICLE_PARAGRAPHS)


def test_text_mode_finds_the_repeated_headline_and_drops_its_copies() -> None:
    dump = f"{HEADLINE}\n{HEADLINE}\n\n{SEO_VARIANT}\n\n" + "\n\n".join(ARTICLE_PARAGRAPHS)
    article = declutter.clean_text(dump, filters=("headlines",), explain=True)
    assert article.title == HEADLINE
    assert HEADLINE not in article.text and SEO_VARIANT not in article.text
    assert article.text.split("\n\n")[0] == ARTICLE_PARAGRAPHS[0]
    assert {b.filter for b in article.removed} == {"headlines"}


def test_a_section_heading_that_rewords_the_headline_below_the_story_start_is_kept() -> None:
    section_heading = "Harbour bridge closed to cars: what the repair involves"
    html = article_page(inside=f"<h2>{section_heading}</h2><p>{ARTICLE_PARAGRAPHS[0]}</p>")
    result = clean_with(html, "headlines")
    assert section_heading in normalized(result.text)
    near_top = clean_with(article_page().replace("</h1>", f"</h1><h2>{section_heading}</h2>"), "headlines")
    assert section_heading not in normalized(near_top.text)  # the same words right under the h1 are a variant


def test_a_section_heading_after_the_first_paragraphs_is_kept_even_among_the_first_blocks() -> None:
    section_heading = "Harbour bridge closed to cars: what the repair involves"
    paragraphs = ARTICLE_PARAGRAPHS[:2]
    html = article_page(paragraphs=paragraphs, inside=f"<h2>{section_heading}</h2><p>{ARTICLE_PARAGRAPHS[2]}</p>")
    result = clean_with(html, "headlines")
    assert section_heading in normalized(result.text), result.removed
