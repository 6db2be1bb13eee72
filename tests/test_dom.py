"""The tree helpers agree with the lxml calls they stand for."""
from __future__ import annotations

from pathlib import Path

import pytest

from declutter.core.dom import parse_html, text_content

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
