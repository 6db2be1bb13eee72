"""Small HTML pages for filter tests: a plain article with room for one block of clutter.

The article is long enough for the readability stage to pick it; the clutter goes before,
inside (after the last paragraph) or after it.
"""
from __future__ import annotations

ARTICLE_PARAGRAPHS = (
    "The harbour authority confirmed on Monday that the old swing bridge will stay closed to cars until the end of the year, after engineers found corrosion in two of its main girders during a routine inspection.",
    "Cyclists and pedestrians can still cross on a temporary walkway fixed to the northern side of the bridge, which the authority says is checked every morning before the first ferry arrives.",
    "Local traders, who depend on visitors crossing from the station, asked for free parking on the southern quay while the repairs last, and the council agreed to a trial that starts next week.",
    "The repair is expected to cost about four million euros and will be paid for largely from a regional fund for historic infrastructure, the authority said in a statement.",
)
HEADLINE = "Harbour swing bridge to stay closed to cars until the end of the year"


def article_page(
    *,
    before: str = "",
    inside: str = "",
    after: str = "",
    head: str = "",
    lang: str = "en",
    title: str = HEADLINE,
    paragraphs: tuple[str, ...] = ARTICLE_PARAGRAPHS,
) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body>
{before}
<div class="story">
<h1>{title}</h1>
{body}
{inside}
</div>
{after}
</body></html>"""


def normalized(text: str) -> str:
    return " ".join(text.split())


def clean_with(html: str, *filters: str):
    """clean_html running only the named filters (none when no name is given), explaining."""
    import declutter

    return declutter.clean_html(html, filters=tuple(filters), explain=True)


def assert_filter_removes(
    html: str, filter_name: str, clutter: list[str], *, control: bool = False, article: tuple[str, ...] = ARTICLE_PARAGRAPHS
) -> None:
    """`filter_name` alone removes all of `clutter`, says so in the explain log, and keeps
    every article paragraph. With `control`, first check that the page shows the clutter
    when no filter runs (not meaningful for DOM filters: the readability stage drops some
    clutter on its own, silently)."""
    if control:
        unfiltered = normalized(clean_with(html).text)
        for string in clutter:
            assert string in unfiltered, f"control: {string!r} should be in the text when no filter runs"
    result = clean_with(html, filter_name)
    text = normalized(result.text)
    leaked = [s for s in clutter if s in text]
    assert not leaked, f"{filter_name} kept {leaked}; removed: {result.removed}"
    lost = [p[:50] for p in article if p not in text]
    assert not lost, f"{filter_name} removed article text {lost}; removed: {result.removed}"
    mine = [block for block in result.removed if block.filter == filter_name]
    assert mine, f"no removed block is attributed to {filter_name}: {result.removed}"
    logged = normalized(" ".join(block.snippet for block in mine))
    assert any(normalized(s)[:20] in logged for s in clutter), f"explain log does not show the removed clutter: {mine}"


def assert_filter_keeps(html: str, filter_name: str, kept: list[str]) -> None:
    """`filter_name` alone keeps every string of `kept` (and every article paragraph)."""
    result = clean_with(html, filter_name)
    text = normalized(result.text)
    lost = [s[:50] for s in (*kept, *ARTICLE_PARAGRAPHS) if s not in text]
    assert not lost, f"{filter_name} removed {lost}; removed: {result.removed}"
