"""The readability stage's fast text measure agrees with readability-lxml's own."""
from __future__ import annotations

import itertools

import pytest
from readability.readability import clean

from declutter.readability import cleaned_length

WHITESPACE = [" ", "\t", "\n", "\r", "\xa0", "\u2009", "\x0b", "\u3000"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "word",
        "  two  words \n\n and\t\ttabs \t mixed\t \xa0 ",
        "a" + " " * 254 + "b",
        "a" + " " * 255 + "b",
        "a" + "\t" * 300 + "b" + "\n" * 400 + "c",
        "\n  indented\n    lines\n\n",
    ],
)
def test_cleaned_length_matches_readability(text: str) -> None:
    assert cleaned_length(text) == len(clean(text))


def test_cleaned_length_matches_readability_on_every_short_whitespace_mix() -> None:
    for size in range(1, 4):
        for run in itertools.product(WHITESPACE, repeat=size):
            text = "x" + "".join(run) + "y" + "".join(run)
            assert cleaned_length(text) == len(clean(text)), repr(text)
