"""A language added as data only: the Polish phrase list finds a related block by its heading."""
from __future__ import annotations

from conftest import article_page, assert_filter_removes

TEASERS = ("Nowy most w Gdańsku otwarty dla pieszych", "Rozkład promów zmienia się od listopada")


def test_polish_related_heading() -> None:
    block = "<div><h3>Zobacz także</h3>" + "".join(f'<div><a href="/p{i}">{t}</a></div>' for i, t in enumerate(TEASERS)) + "</div>"
    assert_filter_removes(article_page(inside=block, lang="pl"), "related", ["Zobacz także", *TEASERS])
