"""Property-based tests (Hypothesis) of declutter's promises on generated input: HTML trees
with hostile attributes and text, in many encodings (some declared wrongly), JSON-LD, and
text dumps. clean_html raises only DeclutterError; clean_to_record never raises and never
gives an `internal:` error; every record serialises to UTF-8 JSON. Kept to about a minute
in all; benchmarks/fuzz.py runs the long campaign on mutated corpus pages."""
from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import declutter
from declutter.core.errors import DeclutterError

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Any code point, lone surrogates and controls included, with markup characters and
# references that stress the parser and the sanitiser weighted in.
ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
PIECES = st.one_of(ANY_CHARACTER, st.sampled_from(["<", ">", "&", '"', "'", " ", "\n", "\x0c", "\x00", "\ufffe", "&#12;", "&#xFFFF;", "&#0;", "é", "—"]))
TEXT = st.lists(PIECES, max_size=30).map("".join)
WORDS = st.sampled_from(["The council voted to keep the library open on Sundays.", "Read more", "Share this", "Comments (3)", "Menu", "© 2024"])
TAGS = st.sampled_from("div p span a article main nav aside footer header section table tr td ul li h1 h2 blockquote figure figcaption form script style noscript title meta link br img".split())
ATTRIBUTE_NAMES = st.sampled_from(["class", "id", "href", "style", "lang", "rel", "property", "content", "name", "charset", "hidden", "role", "itemprop"])
ATTRIBUTE_VALUES = st.one_of(TEXT, st.sampled_from(["canonical", "og:url", "//[", "http://[", "comments", "related", "display:none", "a" * 3000, "article"]))


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def build(tag: str, attributes: list[tuple[str, str]], inner: list[str], closed: bool) -> str:
        attrs = "".join(f' {name}="{value}"' for name, value in attributes)
        return f"<{tag}{attrs}>{''.join(inner)}" + (f"</{tag}>" if closed else "")

    return st.builds(build, TAGS, st.lists(st.tuples(ATTRIBUTE_NAMES, ATTRIBUTE_VALUES), max_size=3), st.lists(children, max_size=4), st.booleans())


HTML = st.recursive(st.one_of(TEXT, WORDS), _element, max_leaves=40)


def _json_value() -> st.SearchStrategy[Any]:
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), TEXT)
    return st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["@type", "headline", "author", "name", "articleBody", "datePublished", "@graph", "step", "text", "publisher"]), inner, max_size=4)), max_leaves=12)


JSON_LD = st.builds(lambda value: f'<script type="application/ld+json">{json.dumps(value)}</script>', _json_value())
CHARSETS = st.sampled_from(["utf-8", "utf-16", "cp1252", "shift_jis", "koi8-r", "gb18030", "punycode", "utf-7", "idna", "rot13", "bogus", "x-user-defined", ""])
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "cp1252", "shift_jis", "koi8-r", "gb18030", "latin-1"])


@st.composite
def pages(draw: st.DrawFn) -> tuple[bytes | str, str | None, str | None]:
    """(page as bytes or text, url, content type)."""
    head = draw(st.lists(st.one_of(JSON_LD, st.builds(lambda c: f'<meta charset="{c}">', CHARSETS)), max_size=2))
    body = draw(st.lists(HTML, min_size=1, max_size=4))
    text = "".join(head) + "<body>" + "".join(body)
    url = draw(st.one_of(st.none(), st.sampled_from(["http://example.com/a", "http://[", "//[", "http://a:99999/"])))
    content_type = draw(st.one_of(st.none(), st.builds(lambda c: f"text/html; charset={c}", CHARSETS)))
    if draw(st.booleans()):
        return text, url, content_type
    encoding = draw(ENCODINGS)
    return text.encode(encoding, errors="surrogatepass" if encoding == "utf-8" else "replace"), url, content_type


def _serialises(record: dict[str, Any]) -> None:
    json.dumps(record, ensure_ascii=False).encode("utf-8")


@SETTINGS
@given(pages())
def test_clean_html_raises_only_declutter_errors(page: tuple[bytes | str, str | None, str | None]) -> None:
    data, url, content_type = page
    try:
        article = declutter.clean_html(data, url, content_type=content_type, explain=True)
    except DeclutterError:
        return
    _serialises(article.to_dict())


@SETTINGS
@given(pages())
def test_clean_to_record_never_raises_nor_gives_internal(page: tuple[bytes | str, str | None, str | None]) -> None:
    data, url, content_type = page
    record = declutter.clean_to_record("page", data, url=url, content_type=content_type, options=declutter.Options(explain=True, markdown=True))
    assert not record.get("error", "").startswith("internal:"), record["error"]
    _serialises(record)


@SETTINGS
@given(st.binary(max_size=400), st.one_of(st.none(), st.builds(lambda c: f"text/html; charset={c}", CHARSETS)))
def test_any_bytes_give_a_named_record(data: bytes, content_type: str | None) -> None:
    record = declutter.clean_to_record("bytes", b"<p>" + data, content_type=content_type)
    assert not record.get("error", "").startswith("internal:"), record["error"]
    _serialises(record)


@SETTINGS
@given(st.lists(st.one_of(TEXT, WORDS), max_size=12))
def test_a_text_dump_gives_a_serialisable_article(lines: list[str]) -> None:
    try:
        article = declutter.clean_text("\n".join(lines))
    except DeclutterError:
        return
    _serialises(article.to_dict())
