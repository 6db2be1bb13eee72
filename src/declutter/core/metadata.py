"""Metadata: title, author, date, site name, language, canonical URL and description.

Read from <meta> tags, OpenGraph, JSON-LD and <html lang>, before any filter touches the tree.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator
from urllib.parse import urljoin, urlsplit

from lxml.etree import ParserError, XPath
from lxml.html import HtmlElement, fragment_fromstring

from .blocks import node_blocks
from .byline import choose_author, is_url, squeezed, strip_byword, visible_bylines
from .dates import normalize_date, published_date
from .dom import normalize_space, text_of

_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")  # JSON-LD written as XHTML wraps it
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—:·»«/]|::)\s+")
_JSONLD_ARTICLE_TYPES = ("article", "newsarticle", "blogposting", "reportagenewsarticle", "webpage", "report", "analysisnewsarticle", "opinionnewsarticle", "scholarlyarticle", "techarticle", "liveblogposting")

# JSON-LD types whose text is in steps, not in an articleBody: a how-to, a recipe.
_JSONLD_STEPS_TYPES = ("howto", "recipe")


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    date: str | None = None
    date_modified: str | None = None
    sitename: str | None = None
    language: str | None = None
    url: str | None = None  # where the page came from (given by the caller)
    canonical_url: str | None = None  # the page's declared canonical (or og:url)
    description: str | None = None
    title_variants: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)  # field -> where its value was read (for the explain view)
    article_body: str | None = None  # JSON-LD articleBody (or a how-to's steps): the publisher's own text of the article
    bad_urls: tuple[str, ...] = ()  # URLs that do not parse, left out of the record

    def as_fields(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "date_modified": self.date_modified,
            "sitename": self.sitename,
            "language": self.language,
            "url": self.url,
            "canonical_url": self.canonical_url,
            "description": self.description,
        }


def _meta_values(root: HtmlElement) -> dict[str, list[str]]:
    """Each meta tag's key (lowercased) -> its contents, in page order. A `property` may
    list several keys (RDFa: "dc:creator twitter:site_name"); each gets the content."""
    values: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        content = normalize_space(meta.get("content"))
        if not content:
            continue
        keys = (meta.get("property") or "").lower().split() or [(meta.get("name") or meta.get("itemprop") or "").strip().lower()]
        for key in keys:
            if key:
                values.setdefault(key, []).append(content)
    return values


def _jsonld_objects(root: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(_CDATA.sub("", script.text))
        except (ValueError, RecursionError):
            continue  # broken or absurdly nested JSON-LD is ignored, not fatal to the page
        pending = [data]
        while pending:  # iterative: @graph and lists nest
            item = pending.pop()
            if isinstance(item, list):
                pending.extend(reversed(item))
            elif isinstance(item, dict):
                if "@graph" in item:
                    pending.append(item["@graph"])
                yield item


def _types(item: dict[str, Any]) -> list[str]:
    value = item.get("@type", [])
    return [str(t).lower() for t in (value if isinstance(value, list) else [value])]


def _name_of(value: Any) -> str | None:
    """A person or organisation's name from JSON-LD (a string, a dict or a list of them)."""
    if isinstance(value, str):
        return normalize_space(value) or None
    if isinstance(value, dict):
        return _name_of(value.get("name"))
    if isinstance(value, list):
        names = [name for name in (_name_of(v) for v in value) if name]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _first(*candidates: tuple[str, str | None]) -> tuple[str | None, str | None]:
    """(value, source) of the first candidate with a value; (None, None) when none has one."""
    return next(((value, source) for source, value in candidates if value), (None, None))


def _said_in(text: str, others: tuple[str, ...]) -> bool:
    """Whether one of `others` contains `text` (or is contained in it), squeezed."""
    key = squeezed(text)
    squeezed_others = (squeezed(other) for other in others)
    return any(key in other or other in key for other in squeezed_others if other)


def without_site_suffix(title: str, site_names: tuple[str | None, ...]) -> str:
    """'Story | Site' -> 'Story' when one end of the title, set apart by a separator, is
    one of the site's names (its og:site_name, the <title>'s suffix)."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p]
    if len(parts) < 2:
        return title
    names = {squeezed(name) for name in site_names if name}
    names.discard("")
    separators = list(_TITLE_SEPARATORS.finditer(title))
    if squeezed(parts[-1]) in names:
        return title[: separators[-1].start()]
    if squeezed(parts[0]) in names:
        return title[separators[0].end() :]
    return title


def split_site_name(title: str) -> tuple[str, str | None]:
    """'Headline | Site' -> ('Headline', 'Site'): the longest part is taken as the headline."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p]
    if len(parts) < 2:
        return title, None
    headline = max(parts, key=len)
    site = parts[-1] if parts[-1] != headline else parts[0]
    return headline, site


_HEADLINE_TAGS = ("h1", "h2", "h3")


def _headline_beside_site_name(root: HtmlElement, html_title: str, title: str) -> tuple[str, str] | None:
    """(headline, site name) of a page whose title as chosen (its <h1>, the longest part of
    its <title>) is the site's name: when it is one end of the <title> ("Story - Site",
    "Site: Story") and the rest has more words, the rest as a heading of the page says it
    ("Story" in the <h2> above the post), a heading that does not link to a home page as a
    logo does. None when no heading says it: the title chosen may be the headline after all."""
    separators = list(_TITLE_SEPARATORS.finditer(html_title))
    if not separators:
        return None
    site = squeezed(title)
    last, first = html_title[separators[-1].end() :], html_title[: separators[0].start()]
    if squeezed(last) == site:
        rest, site_name = html_title[: separators[-1].start()], last
    elif squeezed(first) == site:
        rest, site_name = html_title[separators[0].end() :], first
    else:
        return None
    if len(rest.split()) <= len(title.split()):
        return None  # a site's name is the shorter end: this is "Story - Site" with the story's <h1>
    wanted = squeezed(rest)
    shown = next(
        (text for heading in root.iter(*_HEADLINE_TAGS) if squeezed(text := text_of(heading)) == wanted and not _links_home(heading)), None
    )
    return (shown, site_name) if shown else None


def _links_home(heading: HtmlElement) -> bool:
    """The heading links to a site's home page: a logo, saying the site's name."""
    return any(_is_home_page(link.get("href") or "") for link in heading.iter("a"))


def _is_home_page(href: str) -> bool:
    href = href.strip()
    if not href or href.startswith("#"):
        return False
    try:
        parts = urlsplit(href)
    except ValueError:  # not a URL at all
        return False
    return parts.path in ("", "/") and not parts.query


def extract_metadata(root: HtmlElement, url: str | None = None, search: bool = True) -> Metadata:
    """The page's metadata. With `search` False, the author and date are those its markup
    declares: its by-lines and dates are not searched (Options.search_metadata)."""
    meta_lists = _meta_values(root)
    meta = {key: values[0] for key, values in meta_lists.items()}
    article_ld: dict[str, Any] = {}
    author_ld: dict[str, Any] = {}
    site_ld: dict[str, Any] = {}
    steps_ld: dict[str, Any] = {}
    for item in _jsonld_objects(root):
        types = _types(item)
        if not author_ld and item.get("author") and any(t in _JSONLD_ARTICLE_TYPES for t in types):
            author_ld = item
        if not article_ld and any(t in _JSONLD_ARTICLE_TYPES for t in types) and (item.get("headline") or item.get("articleBody")):
            article_ld = item
        elif not steps_ld and any(t in _JSONLD_STEPS_TYPES for t in types):
            steps_ld = item
        elif not site_ld and ("website" in types or "organization" in types or "newsmediaorganization" in types):
            site_ld = item

    title_element = root.find(".//title")
    html_title = text_of(title_element) if title_element is not None else ""
    h1s = [text_of(h) for h in root.iter("h1")]
    h1s = [h for h in h1s if h]
    og_title = meta.get("og:title") or meta.get("twitter:title")
    ld_title = _name_of(article_ld.get("headline"))
    # On a page with a headline (<h1>), a JSON-LD headline that neither the <title> nor an
    # <h1> says is a description ("matrix equal to its conjugate-transpose").
    ld_headline = ld_title if ld_title and (not h1s or _said_in(ld_title, (html_title, *h1s))) else None
    headline_from_title, site_from_title = split_site_name(html_title) if html_title else ("", None)

    title, title_source = _first(
        ("og:title", og_title), ("JSON-LD headline", ld_headline), ("parsely-title", meta.get("parsely-title")),
        ("the page's one <h1>", h1s[0] if len(h1s) == 1 else None),
        ("<title>", headline_from_title), ("the first <h1>", h1s[0] if h1s else None),
    )
    if title and title_source in ("the page's one <h1>", "<title>", "the first <h1>"):
        beside_site_name = _headline_beside_site_name(root, html_title, title)
        if beside_site_name:
            (title, site_from_title), title_source = beside_site_name, "<title> less its site's name, shown as a heading"
    sitename, sitename_source = _first(
        ("og:site_name", meta.get("og:site_name")), ("application-name", meta.get("application-name")),
        ("JSON-LD WebSite", _name_of(site_ld.get("name"))), ("JSON-LD publisher", _name_of(article_ld.get("publisher"))),
        ("<title> suffix", site_from_title),
    )
    # The headline filters drop the text's repeats of these; a shorter form of the title
    # (without its site name) would take lines that only look like it ("... - November 8").
    site_name = meta.get("og:site_name")
    filter_title = split_site_name(title)[0] if title and site_name and site_name in title and title != site_name else title
    variants = tuple(dict.fromkeys(v for v in (filter_title, og_title, ld_title, html_title, headline_from_title, *h1s[:3]) if v))
    if title:
        title = without_site_suffix(title, (sitename, site_from_title))  # "Headline | Site" in og:title too

    canonical = next((link.get("href") for link in root.iter("link") if (link.get("rel") or "").lower() == "canonical" and link.get("href")), None)
    declared_url = canonical or meta.get("og:url")
    bad_urls = tuple(u for u in (url, declared_url) if u and not _parses(u))
    url = None if url in bad_urls else url  # (before htmldate reads the URL's date)
    canonical_url = None if declared_url in bad_urls else declared_url
    if canonical_url and url and not re.match(r"^[a-z][a-z0-9+.-]*://", canonical_url, re.I):
        canonical_url = urljoin(url, canonical_url)
    ld_person = _person_name(author_ld.get("author"))
    bylines = visible_bylines(root) if search else []
    author, author_source = choose_author(_meta_authors(meta_lists, author_ld), bylines, lambda name: name == ld_person and _shown(root, name))
    if search:
        date, date_source = published_date(root, url, _meta_date(root, meta, article_ld))
    else:
        date = normalize_date(_meta_date(root, meta, article_ld))
        date_source = "meta" if date else None
    date_modified = normalize_date(
        meta.get("article:modified_time") or _name_of(article_ld.get("dateModified")) or meta.get("og:updated_time") or meta.get("datemodified") or meta.get("last-modified")
    )
    language, language_source = _first(
        ("<html lang>", root.get("lang") or root.get("xml:lang")), ("content-language", meta.get("content-language")),
        ("og:locale", meta.get("og:locale")), ("meta language", meta.get("language")),
    )
    description, description_source = _first(
        ("meta description", meta.get("description")), ("og:description", meta.get("og:description")),
        ("twitter:description", meta.get("twitter:description")), ("JSON-LD description", _name_of(article_ld.get("description"))),
    )
    sources = {
        "title": title_source, "author": author_source, "date": date_source, "date_modified": "meta" if date_modified else None,
        "sitename": sitename_source, "language": language_source, "description": description_source,
    }
    return Metadata(
        title=title or None,
        author=author or None,
        date=date,
        date_modified=date_modified,
        sitename=sitename or None,
        language=normalize_space(language).replace("_", "-") or None,
        url=url,
        canonical_url=canonical_url or None,
        description=description or None,
        title_variants=variants,
        sources={name: source for name, source in sources.items() if source},
        article_body=_article_body(article_ld.get("articleBody")) or _steps_text(steps_ld),
        bad_urls=bad_urls,
    )


def _meta_date(root: HtmlElement, meta: dict[str, str], article_ld: dict[str, Any]) -> str | None:
    """The publication date as the meta tags, JSON-LD or the first <time> write it."""
    date = (
        meta.get("article:published_time")
        or _name_of(article_ld.get("datePublished"))
        or meta.get("datepublished")
        or meta.get("date")
        or meta.get("dc.date")
        or meta.get("dc.date.issued")
        or meta.get("pubdate")
        or meta.get("publish-date")
        or meta.get("sailthru.date")
        or meta.get("parsely-pub-date")
    )
    if date is None:
        time_element = next((t for t in root.iter("time") if t.get("datetime")), None)
        date = time_element.get("datetime") if time_element is not None else None
    return date


# Where the author is named, in the order trusted: meta keys, "JSON-LD" (its article's
# `author`), more meta keys. A key's repeats are several authors (one DC.Creator each).
_AUTHOR_SOURCES = ("author", "article:author", "JSON-LD", "og:article:author", "byl", "dc.creator", "dc:creator", "dcterms.creator", "parsely-author", "sailthru.author")


def _meta_authors(meta: dict[str, list[str]], author_ld: dict[str, Any]) -> list[str]:
    """The authors the meta tags and JSON-LD name, in the order trusted, without a by-word
    ("By Jane Doe" in `byl`); profile URLs left out."""
    found = [_name_of(author_ld.get("author")) if source == "JSON-LD" else ", ".join(dict.fromkeys(meta.get(source, ()))) for source in _AUTHOR_SOURCES]
    return list(dict.fromkeys(strip_byword(name) for name in found if name and not is_url(name)))


def _person_name(value: Any) -> str | None:
    """The name of a JSON-LD author that is one Person ({"@type": "Person", "name": ...}, alone or in a list)."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return _name_of(value) if isinstance(value, dict) and "person" in _types(value) else None


_ELEMENT_WITH_TEXT = XPath("//body//*[normalize-space(.) = $name]")


def _shown(root: HtmlElement, name: str) -> bool:
    """Whether the page shows `name` as the whole text of an element."""
    return bool(_ELEMENT_WITH_TEXT(root, name=name))


def _parses(url: str) -> bool:
    """Whether `url` parses as a URL ("http://[" or a port past 65535 does not)."""
    try:
        return urlsplit(url).port is not None or True  # .port raises on a bad port
    except ValueError:
        return False


def _article_body(value: Any) -> str | None:
    """JSON-LD articleBody when it is plain text (some CMSs put markup there: left out)."""
    if not isinstance(value, str) or not value.strip() or re.search(r"<[a-zA-Z/]", value):
        return None
    return value


def _steps_text(item: dict[str, Any]) -> str | None:
    """A how-to's or a recipe's description and steps, one paragraph a line (their markup,
    which these fields often hold, read as HTML)."""
    texts: list[str] = []
    pending: list[Any] = [item.get("description"), item.get("step"), item.get("recipeInstructions")]
    while pending:  # steps nest: HowToSection -> itemListElement -> HowToStep -> HowToDirection
        value = pending.pop(0)
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list):
            pending[:0] = value
        elif isinstance(value, dict):
            pending[:0] = [value.get("text"), value.get("itemListElement")]
    paragraphs = [paragraph for text in texts for paragraph in _paragraphs(text)]
    return "\n".join(paragraphs) or None


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of one JSON-LD text field, plain or HTML."""
    if not re.search(r"<[a-zA-Z/]", text):
        return [normalize_space(text)] if text.strip() else []
    try:
        fragment = fragment_fromstring(text, create_parent="div")
    except (ValueError, ParserError):
        return []
    return [block.text.replace("\n", " ") for block in node_blocks(fragment)]
