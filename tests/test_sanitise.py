"""The quick test for characters that are not text: it may send a clean page down the slow
path, never a page holding one past it."""
from __future__ import annotations

import pytest

from declutter.core.sanitise import _CHARACTERS, Dropped, _may_hold_non_text, sanitised_utf8

HOLDING = ["\ufdd0", "a\ufdefb", "\ufffe", "x\uffff", "\x01", "tab\x0bbed", "\u00b7\uff0c\ufdd0\u00bf"]
# characters whose UTF-8 shares bytes with the noncharacters' (middle dot C2 B7, "¿" C2 BF,
# a fullwidth comma EF BC 8C, a private-use icon EF A3 BF, U+1FFFE F0 9F BF BE)
CLEAN = ["plain", "caf\u00e9 \u00b7 bar \u00bf\u00be", "\uff0c\u3002 \uf8ff\u00b7", "\U0001fffe", "\uffef\u00bf"]


@pytest.mark.parametrize("text", HOLDING + CLEAN)
def test_the_quick_test_misses_no_character_that_is_not_text(text: str) -> None:
    holds = _CHARACTERS.search(text) is not None
    assert holds == (text in HOLDING)
    if holds:
        assert _may_hold_non_text(text.encode("utf-8"))


@pytest.mark.parametrize("text", ["plain", "caf\u00e9 \u00b7 bar \u00bf\u00be", "\uff0c\u3002 \uf8ff\u00b7"])
def test_common_characters_take_the_quick_path(text: str) -> None:
    assert not _may_hold_non_text(text.encode("utf-8"))


def test_the_given_utf8_is_what_the_parser_reads() -> None:
    page = "<p>caf\u00e9 \u00b7 \ufdd0 end</p>"
    dropped = Dropped()
    assert sanitised_utf8(page, dropped, page.encode("utf-8")) == "<p>caf\u00e9 \u00b7  end</p>".encode("utf-8")
    assert dropped == {"noncharacter": 1}
    clean = "<p>caf\u00e9</p>"
    assert sanitised_utf8(clean, Dropped(), clean.encode("utf-8")) == clean.encode("utf-8")
