"""The tree helpers agree with the lxml calls they stand for."""
from __future__ import annotations

from pathlib import Path

import pytest

from declutter.core.dom import BLOCK_TAGS, MAX_CLASS_CHARS, block_holders, cut_long_class_names, parse_html, tag_of, text_content

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.html"))
MIXED = (
    "<html><body><div>Caf&eacute; &amp; bar<br>line<b>bold</b>tail <script>var x = '<p>';</script>"
    "<pre>  kept\n  spaces </pre><p>a<i>b</i>c</p>&#x1F600; \u00a0end</div>after</body></html>"
)


@pytest.mark.parametrize("page", [*SAMPLES, MIXED], ids=lambda page: page.name if isinstance(page, Path) else "mixed")
def test_text_content_is_lxml_text_content(page: Path | str) -> None:
    root = parse_html(page.read_text(encoding="utf-8") if isinstance(page, Path) else page)
    for element in root.iter():
        assert text_content(element) == element.text_content()
        assert type(text_content(element)) is str  # a plain string: it keeps no element alive


def test_class_and_id_names_over_the_cap_are_cut_to_it() -> None:
    long_name = "x" * (MAX_CLASS_CHARS + 10)
    root = parse_html(
        f'<html><body><div class="{long_name}" id="{long_name}">both</div><p id="{long_name}">id</p>'
        f'<p class="{"y" * MAX_CLASS_CHARS}">at the cap</p><p class="short">short</p></body></html>'
    )
    assert cut_long_class_names(root) == 2  # elements, not attributes
    div, id_only, at_cap, short = root.iter("div", "p")
    assert div.get("class") == div.get("id") == id_only.get("id") == "x" * MAX_CLASS_CHARS
    assert at_cap.get("class") == "y" * MAX_CLASS_CHARS and short.get("class") == "short"
    assert cut_long_class_names(root) == 0


@pytest.mark.parametrize("page", [*SAMPLES, MIXED], ids=lambda page: page.name if isinstance(page, Path) else "mixed")
def test_block_holders_are_the_elements_with_a_block_child(page: Path | str) -> None:
    root = parse_html(page.read_text(encoding="utf-8") if isinstance(page, Path) else page)
    with_a_block_child = {element for element in root.iter() if any(tag_of(child) in BLOCK_TAGS for child in element)}
    assert block_holders(root) - {None} == with_a_block_child
