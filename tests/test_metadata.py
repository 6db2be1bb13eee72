"""Metadata: title, author, date, site name, language, canonical URL and description, from
<meta> tags, OpenGraph, JSON-LD (also in an @graph) and <html lang>."""
from __future__ import annotations

import json

import pytest

import declutter
from conftest import SAMPLES

BODY = "<body><article><h1>{h}</h1>" + "".join(
    f"<p>Paragraph {i} of a story about the harbour bridge repairs, long enough to be the article body, with enough words to score.</p>"
    for i in range(5)
) + "</article></body>"


def page(head: str, *, html_attrs: str = "", headline: str = "Bridge repairs begin") -> str:
    return f"<!DOCTYPE html><html {html_attrs}><head><meta charset='utf-8'>{head}</head>{BODY.format(h=headline)}</html>"


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_plain_meta_tags_title_and_html_lang() -> None:
    article = declutter.clean_html(page(
        "<title>Bridge repairs begin | Harbour Gazette</title>"
        '<meta name="author" content="Ana Pereira">'
        '<meta name="description" content="Work on the swing bridge starts on Monday.">'
        '<meta name="date" content="2024-03-04">'
        '<link rel="canonical" href="https://gazette.example/bridge">',
        html_attrs='lang="en-GB"',
    ))
    assert article.title == "Bridge repairs begin"
    assert article.sitename == "Harbour Gazette"
    assert article.author == "Ana Pereira"
    assert article.description == "Work on the swing bridge starts on Monday."
    assert article.date == "2024-03-04"
    assert article.language == "en-GB"
    assert article.canonical_url == "https://gazette.example/bridge"
    assert article.url is None  # no URL given: where the page came from is unknown


def test_opengraph() -> None:
    article = declutter.clean_html(page(
        "<title>Gazette</title>"
        '<meta property="og:title" content="Bridge repairs begin">'
        '<meta property="og:site_name" content="Harbour Gazette">'
        '<meta property="og:description" content="OG description.">'
        '<meta property="og:url" content="https://gazette.example/og-url">'
        '<meta property="og:locale" content="fr_FR">'
        '<meta property="article:published_time" content="2024-03-04T08:00:00+01:00">'
        '<meta property="article:author" content="Ana Pereira">'
    ))
    assert article.title == "Bridge repairs begin"
    assert article.sitename == "Harbour Gazette"
    assert article.description == "OG description."
    assert article.canonical_url == "https://gazette.example/og-url"
    # og:locale says French; the text is English, so the language is the text's
    assert (article.language, article.language_source) == ("en", "detected")
    assert article.sources["language"].startswith("detected")
    assert article.date == "2024-03-04T08:00:00+01:00"  # the page's own time, no shift to UTC
    assert article.author == "Ana Pereira"


def test_an_author_profile_url_is_not_a_name() -> None:
    article = declutter.clean_html(page('<meta property="article:author" content="https://facebook.example/ana">'))
    assert article.author is None


def test_json_ld_article() -> None:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge repairs begin",
        "author": {"@type": "Person", "name": "Ana Pereira"}, "datePublished": "2024-03-04T08:00:00Z",
        "publisher": {"@type": "Organization", "name": "Harbour Gazette"}, "description": "LD description.",
    }
    article = declutter.clean_html(page(ld(data)))
    assert (article.title, article.author, article.date, article.sitename, article.description) == (
        "Bridge repairs begin", "Ana Pereira", "2024-03-04T08:00:00Z", "Harbour Gazette", "LD description.")


def test_json_ld_graph_with_several_authors() -> None:
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Harbour Gazette", "url": "https://gazette.example/"},
        {"@type": "BreadcrumbList", "itemListElement": []},
        {"@type": ["BlogPosting"], "headline": "Bridge repairs begin", "datePublished": "2024-03-04",
         "author": [{"@type": "Person", "name": "Ana Pereira"}, {"@type": "Person", "name": "Tom Hale"}]},
    ]}
    article = declutter.clean_html(page(ld(data)))
    assert article.title == "Bridge repairs begin"
    assert article.author == "Ana Pereira, Tom Hale"
    assert article.date == "2024-03-04"
    assert article.sitename == "Harbour Gazette"


def test_broken_json_ld_is_ignored() -> None:
    article = declutter.clean_html(page('<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script><title>Bridge repairs begin</title>'))
    assert article.title == "Bridge repairs begin"
    assert article.author is None


def test_time_element_gives_the_date_when_no_meta_does() -> None:
    html = page("<title>Bridge repairs begin</title>").replace("</h1>", '</h1><time datetime="2024-03-04T09:30">4 March</time>')
    assert declutter.clean_html(html).date == "2024-03-04T09:30"


def test_relative_canonical_is_resolved_against_the_page_url() -> None:
    article = declutter.clean_html(page('<link rel="canonical" href="/news/bridge">'), url="https://gazette.example/amp/bridge?x=1")
    assert article.canonical_url == "https://gazette.example/news/bridge"
    assert article.url == "https://gazette.example/amp/bridge?x=1"  # where it came from stays


def test_the_given_url_is_url_and_no_canonical_is_made_up() -> None:
    article = declutter.clean_html(page(""), url="https://gazette.example/a")
    assert (article.url, article.canonical_url) == ("https://gazette.example/a", None)


def test_rel_canonical_wins_over_og_url() -> None:
    head = '<meta property="og:url" content="https://gazette.example/og"><link rel="canonical" href="https://gazette.example/canon">'
    assert declutter.clean_html(page(head)).canonical_url == "https://gazette.example/canon"


def test_missing_metadata_is_none() -> None:
    article = declutter.clean_html(page(""))
    assert (article.author, article.date, article.date_modified, article.sitename, article.url, article.canonical_url, article.description) == (None,) * 7
    assert (article.language, article.language_source) == ("en", "detected")  # no declaration: the text's


SAMPLE_METADATA = {
    "en-wordpress-semantic": dict(author="Harriet Okafor", date="2024-08-14T07:30:00+01:00", sitename="The Allotment Ledger", language="en-GB", url="https://allotment-ledger.example/2024/08/rooftop-beehives-wexley/"),
    "fr-classic-news": dict(author="Claire Vidalenc", date="2024-11-05T06:00:00+01:00", sitename="Le Courrier du Val", language="fr", url="https://courrier-du-val.example/region/2024/11/05/ligne-clermont-ussel-reouverture"),
    "en-obfuscated-divsoup": dict(author="Tomasz Reyes", date="2024-03-02T10:15:00Z", sitename="Wayfarer Dispatch", language="en", url="https://wayfarer-dispatch.example/p/8f2k1q"),
    "de-details-comments": dict(author="Jana Wolters", date="2024-02-19T08:00:00+01:00", sitename="Stadtrand-Notizen", language="de-DE", url="https://stadtrand-notizen.example/2024/02/lastenrad-verkauft/"),
    "es-news-jsonld": dict(author="Lucía Sanz Ibarra", date="2024-08-22T07:45:00+02:00", sitename="Diario de la Ribera", language="es-ES", url="https://diario-ribera.example/economia/2024/08/22/vendimia-adelantada-ebro.html"),
    "pt-page-builder": dict(author="Rafael Monteiro", date="2024-05-11T09:00:00-03:00", sitename="Panela de Barro", language="pt-BR", url="https://paneladebarro.example/feira-organica-pinheiros/"),
}


@pytest.mark.parametrize("sample", sorted(SAMPLE_METADATA))
def test_sample_metadata(sample: str) -> None:
    article = declutter.clean_html((SAMPLES / f"{sample}.html").read_bytes())
    got = {field: getattr(article, "canonical_url" if field == "url" else field) for field in SAMPLE_METADATA[sample]}
    assert got == SAMPLE_METADATA[sample]
    assert article.description


def test_json_ld_in_cdata_is_read() -> None:
    """JSON-LD written as XHTML wraps its JSON in <![CDATA[ ... ]]>: read all the same."""
    data = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge repairs begin", "author": [{"@type": "Person", "name": "Ana Pereira "}]})
    article = declutter.clean_html(page(f'<script type="application/ld+json">\n<![CDATA[\n{data}\n]]>\n</script>'))
    assert article.author == "Ana Pereira"


def test_json_ld_author_of_an_article_without_headline_and_an_organisation_as_author() -> None:
    """No person named anywhere: the organisation JSON-LD gives as the author is the author."""
    article = declutter.clean_html(page(ld({"@type": "Article", "name": "Harbour", "author": {"@type": "Organization", "name": "Contributors to the Harbour Wiki"}})))
    assert article.author == "Contributors to the Harbour Wiki"


def test_rdfa_property_lists_and_repeated_author_tags() -> None:
    """A `property` may list several keys (RDFa); a meta tag repeated names several authors."""
    spaced = declutter.clean_html(page('<meta property="dc:creator twitter:site_name" content="Ana Pereira">'))
    assert spaced.author == "Ana Pereira"
    repeated = declutter.clean_html(page('<meta name="DC.Creator" content="Pereira, A."><meta name="DC.Creator" content="Jong, Michiel de">'))
    assert repeated.author == "Pereira, A., Jong, Michiel de"
    og_article = declutter.clean_html(page('<meta property="og:article:author" content="Harbour News">'))
    assert og_article.author == "Harbour News"


def test_a_json_ld_headline_neither_title_nor_h1_says_is_no_title() -> None:
    """Some JSON-LD "headline"s are a one-line description of the page's subject: on a page
    with an <h1>, a JSON-LD headline neither the <h1> nor the <title> says."""
    head = "<title>Bridge repairs begin - Harbour Wiki</title>" + ld({"@type": "Article", "headline": "swing bridge in the old harbour", "name": "Bridge"})
    assert declutter.clean_html(page(head)).title == "Bridge repairs begin"
    said = "<title>Bridge repairs begin - Harbour Wiki</title>" + ld({"@type": "Article", "headline": "Bridge repairs begin"})
    assert declutter.clean_html(page(said)).title == "Bridge repairs begin"
    no_h1 = ld({"@type": "Article", "headline": "Bridge repairs begin"})  # no <h1>: the <title> may be the site's name alone
    body = f"<body><div>Bridge repairs begin</div><p>{'Work on the bridge starts on Monday. ' * 8}</p></body>"
    assert declutter.clean_html(f"<html><head><title>Harbour Wiki</title>{no_h1}</head>{body}</html>").title == "Bridge repairs begin"


def _blog_page(title: str, logo: str, headline_tag: str = "h2") -> str:
    story = "".join(f"<p>Paragraph {i} of a post about the harbour bridge repairs and the ferry that stands in meanwhile.</p>" for i in range(4))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        f"<h1 id='logo'>{logo}</h1><div class='post'><{headline_tag}>Bridge repairs begin on Monday</{headline_tag}>{story}</div></body></html>"
    )


def test_a_site_name_in_the_h1_is_no_title_when_a_heading_says_the_rest_of_the_title() -> None:
    """A blog's logo is its one <h1>; the post's headline is an <h2> saying the <title>
    less the site's name, at either end of it."""
    article = declutter.clean_html(_blog_page("Bridge repairs begin on Monday - Harbour Notes", "Harbour Notes"))
    assert (article.title, article.sitename) == ("Bridge repairs begin on Monday", "Harbour Notes")
    site_first = declutter.clean_html(_blog_page("Harbour Notes | Bridge repairs begin on Monday", "<a href='/'>Harbour Notes</a>"))
    assert site_first.title == "Bridge repairs begin on Monday"
    # the <title>'s longest part is the site's name ("Monday" alone is shorter): the rest all the same
    longest = declutter.clean_html(_blog_page("Bridge repairs – Monday – Harbour Notes Weekly", "Harbour Notes Weekly").replace(
        "Bridge repairs begin on Monday</h2>", "Bridge repairs – Monday</h2>"))
    assert longest.title == "Bridge repairs – Monday"


def test_a_story_h1_stays_the_title_beside_a_logo_saying_the_longer_site_name() -> None:
    """The site's name has more words than the story's at the other end of the <title>,
    and is a heading too: a logo linking home is no headline, the story's <h1> stays the title."""
    story = "".join(f"<p>Paragraph {i} of a comic strip's notes on sheep, their habits and their wool.</p>" for i in range(4))
    html = (
        "<html><head><title>Sheep facts galore | Mascot the ram – webcomic</title></head><body>"
        f"<h1><a href='https://mascot.example/'>Mascot the ram – webcomic</a></h1><div><h1>Sheep facts galore</h1>{story}</div></body></html>"
    )
    assert declutter.clean_html(html).title == "Sheep facts galore"


# Options.search_metadata=False: the author, date and language the page declares, nothing searched.
SEARCHED = page("<title>Bridge repairs begin</title>", html_attrs='lang="de"').replace(
    "</h1>", '</h1><p class="byline">By Ana Pereira</p><p class="date">Published on 2024-03-04</p>'
)


def test_searching_finds_a_shown_byline_a_shown_date_and_a_wrong_declared_language() -> None:
    article = declutter.clean_html(SEARCHED)
    assert (article.author, article.date) == ("Ana Pereira", "2024-03-04")
    assert (article.language, article.language_source) == ("en", "detected")


def test_without_search_only_what_the_page_declares_and_the_same_text() -> None:
    searched = declutter.clean_html(SEARCHED)
    declared = declutter.clean_html(SEARCHED, search_metadata=False)
    assert (declared.author, declared.date) == (None, None)
    assert (declared.language, declared.language_source) == ("de", "declared")
    assert (declared.text, declared.title) == (searched.text, searched.title)


def test_without_search_declared_author_and_date_still_come() -> None:
    html = SEARCHED.replace("<title>", '<meta name="author" content="Rui Costa"><meta property="article:published_time" content="2024-03-01"><title>')
    article = declutter.clean_html(html, search_metadata=False)
    assert (article.author, article.date) == ("Rui Costa", "2024-03-01")
    assert article.sources["date"] == "meta"
    with_time = SEARCHED.replace("</h1>", '</h1><time datetime="2024-03-02T09:30">2 March</time>')
    assert declutter.clean_html(with_time, search_metadata=False).date == "2024-03-02T09:30"  # markup declares it


def test_cli_no_metadata_search(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import run_declutter

    path = tmp_path / "page.html"
    path.write_text(SEARCHED, encoding="utf-8")
    searched = json.loads(run_declutter("clean", path, "--format", "json").stdout)
    declared = json.loads(run_declutter("clean", path, "--format", "json", "--no-metadata-search").stdout)
    assert searched["author"] == "Ana Pereira" and declared["author"] is None
    assert declared["text"] == searched["text"]
