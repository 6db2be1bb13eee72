"""Boilerplate lines after content selection: "Read more: <title>" labels, calls to action."""
from __future__ import annotations

import pytest

from htmlpages import article_page, assert_filter_keeps, assert_filter_removes, clean_with


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Ferry timetable changes for the winter season",
        "Lire aussi : Le pont tournant restera fermé jusqu'en décembre",
        "Lesen Sie auch: Die Brücke bleibt bis Dezember gesperrt",
        "LEA TAMBIÉN: El puente seguirá cerrado hasta diciembre",
        "Mire: El puente seguirá cerrado hasta diciembre",
        "Auch lesen: Die Brücke bleibt bis Dezember gesperrt",
        "Lesen Sie hier: Die Fähre fährt im Winter seltener",
    ],
)
def test_labelled_teaser_lines_are_removed(line: str) -> None:
    assert_filter_removes(article_page(inside=f"<p>{line}</p>"), "boilerplate", [line])


@pytest.mark.parametrize(
    "line",
    [
        "To view the full story, please subscribe to The Harbour Gazette.",
        "Jetzt den Newsletter abonnieren und nichts verpassen!",
        "¡Suscríbete para leer sin límites!",
        "For the latest stories download the Harbour Gazette apps for iOS and Android.",
        "Síguenos en Telegram, Instagram y Twitter para recibir todas nuestras noticias",
        "Jede kleine Spende hilft unserer Redaktion!",
        "We want to hear what you think about this article. Submit a letter to the editor.",
        "(Alle Angaben ohne Gewähr)",
        "Zurück zur Startseite",
        "Diesen Artikel teilen",
        "Harbour photographer and ferry enthusiast. View all posts by Jane Doe",
    ],
)
def test_calls_to_action_are_removed(line: str) -> None:
    assert_filter_removes(article_page(inside=f"<p>{line}</p>"), "boilerplate", [line])


def test_a_long_paragraph_about_subscriptions_stays() -> None:
    paragraph = (
        "The number of households that subscribe to a local newspaper fell again last year, the survey found, "
        "although readers under thirty were more likely to pay for a digital edition than five years ago, "
        "which the publishers' association called the first good news in a decade."
    )
    assert_filter_keeps(article_page(inside=f"<p>{paragraph}</p>"), "boilerplate", [paragraph])


@pytest.mark.parametrize(
    "line",
    [
        "Aktualisiert: 11.04.2020, 10:27",
        "Tags: harbour, bridges, ferries",
        "Von: Jane Doe",
        "Pubblicato il 19 Febbraio 2020 Ultima modifica 19 Febbraio 2020 12:02",
        "Veröffentlicht am Dienstag, 6. Mai 2014 um 23:30",
        "This entry was posted in Harbour news. Bookmark the permalink.",
        "Last updated:",
        # by-lines of parts set apart by dots or bars, one of them a date or a label
        "Von Jana Wolters · 19. Februar 2024 · Kategorie: Mobilität",
        "Harbour Gazette | 04.05.2015 à 13h36 | Par Jane Doe",
        "Por Jane Doe | 03/05/2022 20:36",
    ],
)
def test_post_metadata_lines_are_removed(line: str) -> None:
    assert_filter_removes(article_page(inside=f"<p>{line}</p>"), "boilerplate", [line])


@pytest.mark.parametrize(
    "line",
    [
        "By mid 2019, the ferry company had already cut its winter timetable twice.",
        "Von den 16 Brücken im Hafen ist nur noch eine für Autos gesperrt.",
        "Der Beitrag wurde am Montag im Regionalfernsehen gezeigt.",
        "Posted in 2019 the first timetable already showed fewer winter ferries.",
        # a blog post's own opening line, which Readability keeps as the post's text
        "Posted on Tuesday 15 October 2019 at 09:11 by Jane Doe.",
        # parts set apart by dots that hold no date: a formula, a table's figures
        "The volume is V = h · r · r · π · 0,5 for the half cylinder of the old tank.",
        "Depth 12.5 · 14.0 · 9.75",
    ],
)
def test_sentences_opening_like_post_metadata_are_kept(line: str) -> None:
    assert_filter_keeps(article_page(inside=f"<p>{line}</p>"), "boilerplate", [line])


def test_php_error_messages_are_cut_out_of_the_text() -> None:
    warning = "Warning: Creating default object from empty value in /www/htdocs/site/wp-includes/classes.php on line 407"
    inline = "Strict Standards: Only variables should be passed by reference in /www/htdocs/site/wp-includes/wp-db.php on line 785"
    sentence = "The ferry will run every hour until the bridge reopens."
    html = article_page(inside=f"<p>{warning}</p><p>{inline} {sentence}</p>")
    assert_filter_removes(html, "boilerplate", [warning, inline])
    assert sentence in clean_with(html, "boilerplate").text
