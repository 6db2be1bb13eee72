"""The boilerplate filter: lines of chrome ("Connect with us"), and comment or related markers
("Click to comment", "You May Also Like") with the form notices and teasers that follow them,
in HTML that the DOM filters let through and in text dumps."""
from __future__ import annotations

import pytest

import declutter
from conftest import ARTICLE_PARAGRAPHS, article_page, assert_filter_removes
from declutter.core.blocks import Block
from declutter.core.filters import Context, Removals
from declutter.core.filters.lines import drop_boilerplate_lines

TEASERS = [
    "Pep Guardiola spoke about his team's lack of edge after the loss...",
    "If you're new to exercise you might be wondering what level of intensity is best for...",
]


@pytest.mark.parametrize("line", ["Connect with us", "Hi, what are you looking for?", "Share this article", "Follow us on Instagram"])
def test_chrome_line_in_html(line: str) -> None:
    assert_filter_removes(article_page(inside=f"<p>{line}</p>"), "boilerplate", [line], control=True)


# Widget leftovers and post-meta labels, in the languages of the phrase lists.
WIDGET_AND_META_LINES = [
    "Like this:", "Like Loading...", "Gefällt mir Wird geladen …", "Was this article helpful?", "War der Artikel nützlich?",
    "Cet article vous a-t-il été utile ?", "Bild anzeigen", "Zurück", "Posted on 21 April 2015", "Aktualisiert am 17.01.2021.",
    "opublikowano: 2021-04-29 17:13", "Publicado el 03/03/2022", "Views: 1120", "Nos siga no", "Themen:", "Categories", "Flattr this:",
    "Pressekontakt:", "Weitere Informationen", "Ansprechpartnerin zum Thema:", "Main article: Gecko (layout engine)", "Bewerten:", "Rate this article",
    "Further information: History of Mozilla",
]


@pytest.mark.parametrize("line", WIDGET_AND_META_LINES)
def test_widget_and_post_meta_line_in_html(line: str) -> None:
    assert_filter_removes(article_page(inside=f"<p>{line}</p>"), "boilerplate", [line], control=True)


@pytest.mark.parametrize(
    "line",
    [
        "Unless otherwise stated, the content of this page is licensed under Creative Commons Attribution-ShareAlike 3.0.",
        "This article is the copyrighted property of the Gazette. Written permission must be obtained before reprint.",
        "Materiał chroniony prawem autorskim - wszelkie prawa zastrzeżone.",
    ],
)
def test_licence_notice_in_html(line: str) -> None:
    assert_filter_removes(article_page(inside=f"<p>{line}</p>"), "boilerplate", [line], control=True)


@pytest.mark.parametrize(
    "line",
    ["Rating failed. Try again.", "There was a problem. Please try again.", "Unfortunately, this video is not available in your region.",
     "Ein Fehler ist aufgetreten. Bitte versuchen Sie es erneut.", "Une erreur est survenue, veuillez réessayer."],
)
def test_widget_status_message_in_html(line: str) -> None:
    assert_filter_removes(article_page(inside=f"<p>{line}</p>"), "boilerplate", [line], control=True)


def test_a_sentence_mentioning_a_licence_at_length_is_kept() -> None:
    sentence = (
        "The harbour authority published its survey photographs under a Creative Commons licence, so that local "
        "historians and schools can reuse them, and it asked engineers from other ports to compare the corrosion "
        "they found with what their own inspections show."
    )
    article = declutter.clean_text("\n\n".join([*ARTICLE_PARAGRAPHS, sentence]), filters=("boilerplate",))
    assert sentence in article.text


def test_comment_marker_and_form_notice_in_html() -> None:
    tail = "<p>Click to comment</p><p>Leave a Reply</p><p>Your email address will not be published.</p>"
    assert_filter_removes(
        article_page(inside=tail), "boilerplate",
        ["Click to comment", "Leave a Reply", "Your email address will not be published."], control=True,
    )


def test_related_marker_and_its_teasers_in_html() -> None:
    tail = "<p>You May Also Like</p>" + "".join(f"<p>{t}</p>" for t in TEASERS)
    assert_filter_removes(article_page(inside=tail), "boilerplate", ["You May Also Like", *TEASERS], control=True)


def test_text_dump() -> None:
    dump = "\n\n".join(
        ["Connect with us", "Hi, what are you looking for?", *ARTICLE_PARAGRAPHS, "Click to comment", "Leave a Reply",
         "Votre adresse e-mail ne sera pas publiée.", "You May Also Like", *TEASERS]
    )
    article = declutter.clean_text(dump, filters=("boilerplate",), explain=True)
    assert article.text == "\n\n".join(ARTICLE_PARAGRAPHS)
    assert {b.filter for b in article.removed} == {"boilerplate"}
    assert len(article.removed) == 6 + len(TEASERS)  # two chrome lines, four comment/related lines, the teasers


def test_an_article_sentence_starting_like_a_phrase_is_kept() -> None:
    sentence = "Share prices of the ferry operator fell by a tenth after the closure was announced on Monday morning."
    article = declutter.clean_text("\n\n".join([*ARTICLE_PARAGRAPHS, sentence]), filters=("boilerplate",))
    assert sentence in article.text


@pytest.mark.parametrize(
    "items",
    [
        ["Facebook", "Whatsapp", "Twitter", "Messenger", "Linkedin", "E-mail", "Copiar link"],
        ["Facebook Twitter", "Pinterest"],
        ["Teilen", "Link kopieren", "Drucken"],
    ],
)
def test_share_bar_printed_as_a_list_of_names(items: list[str]) -> None:
    """A share bar whose class said nothing: a run of blocks that are only network names."""
    bar = "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    assert_filter_removes(article_page(inside=bar), "boilerplate", items, control=True)


def test_two_network_names_or_a_table_of_marks_are_no_share_bar() -> None:
    blocks = [Block("li", "Facebook"), Block("li", "Instagram"), Block("p", ARTICLE_PARAGRAPHS[0])]
    blocks += [Block("row", "X")] * 4 + [Block("li", "2 (1x)")] * 3
    assert drop_boilerplate_lines(blocks, Context(Removals())) == blocks


def test_a_title_line_repeated_right_after_itself() -> None:
    """A chart's title printed once per screen size, a caption once per line width: the
    second copy goes. A short value repeated (a list's, a table's) and a repeated paragraph
    of prose stay."""
    chart = "<h3>Interest payments on the national debt</h3><p>Interest payments on\nthe national debt</p>"
    result = declutter.clean_html(article_page(inside=chart), filters=("boilerplate",), explain=True)
    assert result.text.count("Interest payments on the national debt") == 1
    assert any(block.reason == "repeats the block before it" for block in result.removed)
    kept = [Block("p", "Deutschland"), Block("p", "Deutschland"), Block("li", "Add the salt and stir"), Block("li", "Add the salt and stir")]
    kept += [Block("p", ARTICLE_PARAGRAPHS[0]), Block("p", ARTICLE_PARAGRAPHS[0])]
    assert drop_boilerplate_lines(kept, Context(Removals())) == kept


def test_report_abuse_dialog_after_the_article() -> None:
    """A comment platform's moderation dialog: its heading starts the comment section, and the
    dialog's messages after it go too."""
    dialog = (
        '<div class="x1"><div class="x2"><h2>Report inappropriate content</h2></div><div class="x3">Sorry!</div>'
        "<p>Help us maintain a healthy and vibrant community by reporting any illegal or inappropriate behavior.</p></div>"
    )
    assert_filter_removes(article_page(inside=dialog), "boilerplate", ["Report inappropriate content", "Sorry!", "Help us maintain"], control=True)


@pytest.mark.parametrize("heading", ["About the Author", "Über die Autorin:", "Sobre el autor"])
def test_an_author_bio_under_its_heading(heading: str) -> None:
    bio = "Jane Doe is a former editor of the Harbour Gazette and co-author of a book on ferries."
    article = declutter.clean_html(article_page(inside=f'<div class="q1"><h4>{heading}</h4><p>{bio}</p></div>'), explain=True)
    assert heading not in article.text and bio not in article.text, article.removed
    assert all(paragraph in article.text for paragraph in ARTICLE_PARAGRAPHS)
