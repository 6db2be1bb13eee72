"""Boilerplate lines after content selection: "Read more: <title>" labels, calls to action."""
from __future__ import annotations

import pytest

from htmlpages import article_page, assert_filter_keeps, assert_filter_removes


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Ferry timetable changes for the winter season",
        "Lire aussi : Le pont tournant restera fermé jusqu'en décembre",
        "Lesen Sie auch: Die Brücke bleibt bis Dezember gesperrt",
        "LEA TAMBIÉN: El puente seguirá cerrado hasta diciembre",
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
