"""decode_page: the page's own bytes go to the parser only when they are its text's UTF-8."""
from __future__ import annotations

import pytest

from declutter.core.decode import decode_html, decode_page

STORY = "<html><head>{meta}</head><body><p>Caf\u00e9 cr\u00e8me on the quay, said the owner \u2014 again.</p></body></html>"


@pytest.mark.parametrize(
    ("data", "content_type", "same_bytes"),
    [
        (STORY.format(meta="").encode("utf-8"), None, True),  # undeclared UTF-8
        (STORY.format(meta='<meta charset="utf-8">').encode("utf-8"), None, True),
        (b"\xef\xbb\xbf" + STORY.format(meta="").encode("utf-8"), None, True),  # the BOM is no part of the text
        (STORY.format(meta="").encode("utf-8"), "text/html; charset=utf-8-sig", False),
        (STORY.format(meta='<meta charset="windows-1252">').encode("cp1252"), None, False),
        (STORY.format(meta="").encode("utf-16"), None, False),
        (STORY.format(meta="").encode("utf-8") * 20 + b"\xe9 stray", None, False),  # mostly UTF-8, one stray byte
    ],
)
def test_the_bytes_given_are_the_texts_utf8(data: bytes, content_type: str | None, same_bytes: bool) -> None:
    text, utf8 = decode_page(data, content_type)
    assert text == decode_html(data, content_type) and "Caf\u00e9 cr\u00e8me" in text
    assert (utf8 is not None) == same_bytes
    if utf8 is not None:
        assert utf8 == text.encode("utf-8")
