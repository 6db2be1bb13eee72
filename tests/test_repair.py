"""Parser repair: a raw-text element left unclosed (<title>, <textarea>, <style>, <script>)
swallows the rest of the page as its text; the page is repaired and parsed once more, and
--explain says so. A healthy page is parsed once and left as it is."""
from __future__ import annotations

import json

import pytest

import declutter
from conftest import ARTICLE_PARAGRAPHS, HEADLINE, article_page, normalized, run_declutter
from declutter.core.dom import parse_html
from declutter.core.repair import close_swallowing_elements, swallowed_the_page

# Broken end tags as the bytes of real pages have them: cut off, run into the next tag,
# or missing altogether.
BROKEN_TITLES = {
    "cut off": f"<title>{HEADLINE}</titavaScript\" src=\"/general.js\"></script>",
    "run on": f"<title id=\"t\">{HEADLINE}</titlevalue=\"true\" -->",
    "missing": f"<title>{HEADLINE}\n<script src=\"/site.js\"></script>",
}


def _page_with(head_markup: str) -> str:
    page = article_page()
    start, end = page.index("<title>"), page.index("</title>") + len("</title>")
    return page[:start] + head_markup + page[end:]


@pytest.mark.parametrize("broken", BROKEN_TITLES.values(), ids=BROKEN_TITLES.keys())
def test_unclosed_title_swallows_the_page_and_is_repaired(broken: str) -> None:
    page = _page_with(broken)
    assert swallowed_the_page(parse_html(page)), "the parser should read the page into the title"
    article = declutter.clean_html(page, explain=True)
    text = normalized(article.text)
    lost = [p[:40] for p in ARTICLE_PARAGRAPHS if p not in text]
    assert not lost, f"the article was lost: {lost}"
    assert article.title == HEADLINE
    repairs = [r for r in article.removed if r.filter == "parser"]
    assert len(repairs) == 1 and "unclosed <title>" in repairs[0].reason


@pytest.mark.parametrize("tag", ["textarea", "style"])
def test_unclosed_element_in_body_is_repaired(tag: str) -> None:
    page = article_page(before=f"<form><{tag}>\n")  # never closed: the story becomes its text
    assert swallowed_the_page(parse_html(page))
    article = declutter.clean_html(page, explain=True)
    assert all(p in normalized(article.text) for p in ARTICLE_PARAGRAPHS)
    assert any(r.filter == "parser" and f"<{tag}>" in r.reason for r in article.removed)


def test_unclosed_script_ends_at_the_first_line_opening_with_a_tag() -> None:
    page = article_page(before="<script>\nvar ready = 1;\nif (ready < 2) { start(); }\n")
    repaired, repairs = close_swallowing_elements(page)
    assert [r.tag for r in repairs] == ["script"]
    assert "if (ready < 2) { start(); }\n</script>" in repaired  # the code stays inside
    assert all(p in normalized(declutter.clean_html(page).text) for p in ARTICLE_PARAGRAPHS)


def test_healthy_pages_are_not_repaired() -> None:
    # a script that writes markup and a style sheet are last in the page, closed
    page = article_page(after="<script>document.write('<div>' + '</div>');</script><style>p { color: red }</style>")
    assert not swallowed_the_page(parse_html(page))
    assert close_swallowing_elements(page) == (page, [])
    assert not [r for r in declutter.clean_html(page, explain=True).removed if r.filter == "parser"]


def test_a_long_script_closed_at_the_page_end_is_left_alone() -> None:
    # the last element holds the page's end in a string, and it is closed: nothing was swallowed
    code = "var s = '</body></html>';\n" + "x = 1;\n" * 300
    page = article_page(after=f"<script>{code}</script>")
    repaired, repairs = close_swallowing_elements(page)
    assert repairs == [] and repaired == page


def test_the_repairs_snippet_holds_no_characters_that_are_not_text() -> None:
    """Found by fuzzing: the snippet of the markup after an unclosed <style> kept a lone
    surrogate, which no JSON writer can encode in UTF-8."""
    article = declutter.clean_html('<body><div><style><div>\ud800\x0b</div><div class="' + "a" * 3000 + '">', explain=True)
    (repair,) = [r for r in article.removed if r.filter == "parser"]
    assert repair.snippet.startswith("<div></div><div class=")
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


def test_cli_explain_reports_the_repair(tmp_path) -> None:
    page = tmp_path / "page.html"
    page.write_text(_page_with(BROKEN_TITLES["missing"]), encoding="utf-8")
    result = run_declutter("clean", "--explain", str(page))
    assert result.returncode == 0, result.stderr
    assert ARTICLE_PARAGRAPHS[0] in result.stdout
    assert "unclosed <title>" in result.stdout + result.stderr
