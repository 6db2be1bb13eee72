"""The explain view (`--format html`): rendered in a real browser, Debian's chromium in
headless mode, whose DOM after rendering is read back (--dump-dom)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import lxml.html
import pytest

import declutter
from conftest import SAMPLES, SEED, run_declutter
from declutter.core.explainview import render_explain_view

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it with apt-get)")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--mute-audio",
)


def rendered_dom(view: Path) -> lxml.html.HtmlElement:
    """The view's DOM after chromium loaded it (and ran whatever it would run)."""
    with tempfile.TemporaryDirectory(prefix="declutter-chromium-") as profile:
        result = subprocess.run(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=2000", "--dump-dom", view.resolve().as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )
    assert result.returncode == 0 and "<html" in result.stdout, result.stderr[-2000:]
    return lxml.html.document_fromstring(result.stdout)


def view_of(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "view.html"
    result = run_declutter(*args, "-o", out)
    assert result.returncode == 0, result.stderr
    return out


@needs_chromium
@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.html")))
def test_every_removed_block_shows_with_its_filter_and_reason(tmp_path: Path, sample: str) -> None:
    article = declutter.clean_html((SAMPLES / sample).read_bytes(), explain=True)
    dom = rendered_dom(view_of(tmp_path, "clean", "--explain", "--format", "html", str(SAMPLES / sample)))
    shown = dom.xpath("//main/div[contains(@class, 'removed')]")
    assert [(div.get("data-filter"), div.get("title")) for div in shown] == [(r.filter, f"{r.filter}: {r.reason}") for r in article.removed]
    assert all("line-through" in (div.get("class") or "") or div.find("del") is not None for div in shown)
    kept = dom.xpath("//main/div[contains(@class, 'kept')]")
    assert "\n\n".join(div.text_content() for div in kept) == article.text
    legend = {li.get("data-filter"): li.text_content() for li in dom.xpath("//ul[@class='legend']/li[@data-filter]")}
    for name in {r.filter for r in article.removed}:
        assert legend[name] == f"{name}: {sum(r.filter == name for r in article.removed)} removed"
    assert dom.findtext(".//h1") == article.title


@needs_chromium
def test_the_view_of_a_text_dump(tmp_path: Path) -> None:
    article = declutter.clean_text(SEED.read_text(encoding="utf-8"), explain=True)
    dom = rendered_dom(view_of(tmp_path, "text", "--format", "html", str(SEED)))
    shown = dom.xpath("//main/div[contains(@class, 'removed')]")
    assert len(shown) == len(article.removed) > 0
    assert {div.get("data-filter") for div in shown} == {r.filter for r in article.removed}
    language_row = dom.xpath("//table[@class='metadata']//tr[th='language']/td")
    assert language_row[0].text_content() == article.language and language_row[1].text_content().startswith("detected")


HOSTILE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Harbour news &lt;script&gt;document.title='PWNED-TITLE'&lt;/script&gt;</title>
<meta property="og:title" content="Bridge &quot;&gt;&lt;img src=x onerror=&quot;document.body.setAttribute('data-pwned','og')&quot;&gt;">
<meta name="author" content="Ana &lt;/td&gt;&lt;script&gt;document.body.setAttribute('data-pwned','author')&lt;/script&gt;">
<meta name="description" content="&lt;svg onload=&quot;document.body.setAttribute('data-pwned','svg')&quot;&gt;">
</head><body>
<div class="cookie-banner" role="dialog" data-x="&quot;&gt;&lt;script&gt;document.body.setAttribute('data-pwned','attr')&lt;/script&gt;">We use cookies &lt;img src=x onerror="document.body.setAttribute('data-pwned','banner')"&gt; Accept all</div>
<article><h1>Bridge repairs begin</h1>
<p>The council said the bridge &lt;script&gt;document.body.setAttribute('data-pwned','text')&lt;/script&gt; would close on Monday for six weeks of repairs to its girders.</p>
<p>Work starts at dawn &lt;img src=x onerror="document.body.setAttribute('data-pwned','img')"&gt; and the detour adds ten minutes to the journey for most drivers.</p>
<p>Residents &lt;/div&gt;&lt;/main&gt;&lt;script&gt;document.title='PWNED'&lt;/script&gt; were told in a letter that the footpath stays open throughout the works.</p>
<script>document.body.setAttribute('data-pwned','page-script')</script>
</article>
<div class="comments"><h3>3 Comments</h3><p onclick="x()">Great post &lt;iframe src="javascript:parent.document.body.setAttribute('data-pwned','iframe')"&gt;&lt;/iframe&gt;</p></div>
</body></html>"""


@needs_chromium
def test_the_browser_here_runs_the_payloads_when_they_are_not_escaped(tmp_path: Path) -> None:
    """The control: the same payloads in a page of their own do run, so their not running
    in the view is the view's doing."""
    control = tmp_path / "control.html"
    control.write_text("<html><head><title>t</title></head><body><p>x</p><img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"><script>document.title='PWNED'</script></body></html>")
    dom = rendered_dom(control)
    assert dom.find("body").get("data-pwned") == "img" and dom.findtext(".//title") == "PWNED"


@needs_chromium
def test_a_hostile_page_runs_nothing_in_the_view(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(HOSTILE, encoding="utf-8")
    view = view_of(tmp_path, "clean", "--format", "html", str(page))
    static = lxml.html.document_fromstring(view.read_text(encoding="utf-8"))
    # what the page said is text in the view: no element of the page's made it in
    assert static.xpath("//script|//img|//svg|//iframe|//*[@onerror or @onload or @onclick]") == []
    dom = rendered_dom(view)
    assert dom.find("body").get("data-pwned") is None
    assert "PWNED" not in dom.findtext(".//title")
    assert dom.xpath("//script|//img|//svg|//iframe|//*[@onerror or @onload or @onclick]") == []
    body_text = dom.find("body").text_content()
    assert "document.body.setAttribute('data-pwned','text')" in body_text  # shown, as text
    assert "data-pwned','banner'" in body_text  # a removed block's text too


def test_the_view_needs_nothing_from_the_network() -> None:
    html = render_explain_view(declutter.clean_html((SAMPLES / "en-wordpress-semantic.html").read_bytes(), explain=True), "sample")
    root = lxml.html.document_fromstring(html)
    assert root.xpath("//script|//link|//img|//iframe|//object|//embed|//*[@src]|//*[@href]") == []
    assert "url(" not in html and "@import" not in html
    csp = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0] and "script-src 'none'" in csp[0]


def test_html_format_takes_one_page() -> None:
    result = run_declutter("clean", "--format", "html", str(SAMPLES / "fr-classic-news.html"), str(SAMPLES / "pt-page-builder.html"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].endswith("--format html takes one HTML file or - (the explain view of one page)")


def test_html_format_of_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.html"
    result = run_declutter("clean", "--format", "html", str(missing))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and f"{missing}: not_found" in result.stderr
