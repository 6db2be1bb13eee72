"""Hostile pages: each run finishes (the subprocess timeout is a guard against hangs, not a
speed assertion), prints no traceback, never reads a local file named by the page, and gives
one record: a result or a clear error."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import declutter
from conftest import assert_no_traceback, run_declutter

PARAGRAPH = "<p>" + "The harbour authority confirmed on Monday that the old swing bridge will stay closed to cars until the end of the year. " * 3 + "</p>"
ARTICLE_TEXT = "The harbour authority confirmed on Monday that the old swing bridge"


def page(body: str = "", head: str = "", before: str = "") -> str:
    return f"{before}<html><head>{head}<title>Bridge closed</title></head><body><article><h1>Bridge closed</h1>{PARAGRAPH * 4}{body}</article></body></html>"


def one_record(*args: object, stdin: bytes | None = None) -> tuple[int, dict]:
    done = run_declutter("clean", "--format", "json", *args, stdin=stdin)
    assert_no_traceback(done.stderr)
    assert done.returncode in (0, 1), done.stderr
    record = json.loads(done.stdout)
    if done.returncode == 1:
        assert set(record) == {"source", "error"} and record["error"], record
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    else:
        assert "error" not in record
    return done.returncode, record


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize("tag", ["div", "span", "b"])
def test_100000_levels_of_nesting_finish(tmp_path: Path, tag: str) -> None:
    html = f"<html><body>{PARAGRAPH}" + f"<{tag}>" * 100_000 + PARAGRAPH + f"</{tag}>" * 100_000 + "</body></html>"
    one_record(write(tmp_path, "deep.html", html))


def test_text_1000_levels_deep_is_read(tmp_path: Path) -> None:
    # Unclosed tags nest: libxml2 alone would stop at 256 levels and drop the rest unnoticed.
    html = "<html><body>" + "<div>" * 1_000 + PARAGRAPH * 4 + "</div>" * 1_000 + "</body></html>"
    status, record = one_record(write(tmp_path, "deep.html", html))
    assert status == 0 and ARTICLE_TEXT in record["text"], record


def test_text_below_the_parsers_depth_cap_is_an_error_not_a_silent_loss(tmp_path: Path) -> None:
    html = "<html><body>" + "<div>" * 3_000 + PARAGRAPH * 4 + "</div>" * 3_000 + "</body></html>"
    status, record = one_record(write(tmp_path, "deep.html", html))
    assert status == 1 and "deep.html" in record["source"] and "2048 levels" in record["error"], record


def test_a_50_mb_page_is_refused_by_the_default_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with big.open("w", encoding="utf-8") as file:
        file.write("<html><body><article><h1>Big</h1>")
        for _ in range(50_000_000 // len(PARAGRAPH) + 1):
            file.write(PARAGRAPH)
        file.write("</article></body></html>")
    assert big.stat().st_size > 50_000_000
    status, record = one_record(big)
    assert status == 1 and record["error"].startswith("too_large: ")
    status, record = one_record("-", stdin=big.read_bytes())
    assert status == 1 and record["error"].startswith("too_large: ") and record["source"] == "-"


def test_the_size_cap_is_an_option(tmp_path: Path) -> None:
    small = write(tmp_path, "page.html", page())
    status, record = one_record("--max-bytes", "1000", small)
    assert status == 1 and record["error"].startswith("too_large: ")
    status, record = one_record("--max-bytes", str(small.stat().st_size), small)
    assert status == 0 and ARTICLE_TEXT in record["text"]
    with pytest.raises(declutter.TooLargeError):
        declutter.clean_html(small.read_bytes(), max_bytes=1000)


def test_nul_bytes(tmp_path: Path) -> None:
    html = page(body="<p>Str\x00ay NUL bytes in a paragraph that is still part of the story, the harbour master said.</p>" + PARAGRAPH * 8)
    # stray NULs in the text, and a run of them at the end (as a truncated download leaves)
    html = html.replace("Bridge closed</h1>", "Bridge\x00 closed</h1>") + "\x00" * 5000
    status, record = one_record(write(tmp_path, "nul.html", html))
    assert status == 0
    assert "\x00" not in json.dumps(record) and "\\u0000" not in json.dumps(record)
    assert ARTICLE_TEXT in record["text"]
    assert "Stray NUL bytes in a paragraph" in record["text"]


def test_a_page_of_nul_bytes_finishes(tmp_path: Path) -> None:
    one_record(write(tmp_path, "nuls.html", b"<html>" + b"\x00" * 100_000 + b"</html>"))


BILLION_LAUGHS = '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefgh", "bcdefghi")
) + "]>"


def test_entity_bomb_in_the_doctype(tmp_path: Path) -> None:
    status, record = one_record(write(tmp_path, "bomb.html", page(body="<p>&i;&i;&i;</p>", before=BILLION_LAUGHS)))
    assert len(json.dumps(record)) < 100_000  # never expanded into a billion a's
    assert status == 1 or ARTICLE_TEXT in record["text"]


def test_entity_bomb_via_the_api() -> None:
    article = declutter.clean_html(page(body="<p>&i;</p>", before=BILLION_LAUGHS))
    assert len(article.text) < 100_000


@pytest.mark.parametrize("variant", ["entity", "parameter-entity", "xhtml"])
def test_external_entities_never_read_local_files(tmp_path: Path, variant: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7d1f", encoding="utf-8")
    uri = secret.as_uri()
    if variant == "entity":
        html = page(body="<p>&xxe;</p>", before=f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "{uri}">]>')
    elif variant == "parameter-entity":
        html = page(body="<p>x</p>", before=f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY % xxe SYSTEM "{uri}"> %xxe;]>')
    else:
        html = (f'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "{uri}">]>'
                f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Bridge closed</title></head>'
                f"<body><article><h1>Bridge closed</h1>{PARAGRAPH * 4}<p>&xxe;</p></article></body></html>")
    path = write(tmp_path, "xxe.xhtml" if variant == "xhtml" else "xxe.html", html)
    done = run_declutter("clean", "--format", "json", "--explain", path)
    assert_no_traceback(done.stderr)
    assert "TOP-SECRET" not in done.stdout + done.stderr
    assert "TOP-SECRET" not in declutter.clean_html(html).text


@pytest.mark.parametrize("charset", ["x-bogus", "rot13", "zlib", "base64", "", "utf-8\x00", "../../etc/passwd"])
def test_bogus_meta_charset(tmp_path: Path, charset: str) -> None:
    html = page(head=f'<meta charset="{charset}">', body="<p>Café crème and brûlée on the quay, said the owner of the place, were the best sellers.</p>")
    status, record = one_record(write(tmp_path, "bogus.html", html))
    assert status == 0
    assert "Café crème and brûlée" in record["text"]


@pytest.mark.parametrize("content_type", ["text/html; charset=x-bogus", "text/html; charset=rot13", "text/html; charset=", "text/html; charset=\x00", ";;;", "text/html; charset=utf-16"])
def test_bogus_http_charset_via_the_api(content_type: str) -> None:
    html = page(body="<p>Café crème and brûlée on the quay, said the owner of the place, were the best sellers.</p>").encode("utf-8")
    record = declutter.clean_to_record("page", html, content_type=content_type)
    assert "error" not in record, record
    assert "Café crème and brûlée" in record["text"]


def test_a_right_http_charset_beats_a_wrong_meta_charset() -> None:
    html = page(head='<meta charset="utf-8">', body="<p>Café crème and brûlée on the quay, said the owner of the place.</p>").encode("cp1252")
    article = declutter.clean_html(html, content_type="text/html; charset=windows-1252")
    assert "Café crème and brûlée" in article.text


def test_deeply_nested_json_ld_is_ignored_not_fatal() -> None:
    hostile = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    record = declutter.clean_to_record("page", page(head=hostile))
    assert "error" not in record and ARTICLE_TEXT in record["text"], record


def test_unclosed_script_and_comment(tmp_path: Path) -> None:
    for name, tail in [("script.html", "<script>var x = '" + "x" * 1_000_000), ("comment.html", "<!-- " + "y" * 1_000_000)]:
        one_record(write(tmp_path, name, page().replace("</article>", tail)))


def test_hundreds_of_thousands_of_empty_elements(tmp_path: Path) -> None:
    status, record = one_record(write(tmp_path, "many.html", page(body="<span></span>" * 100_000)))
    assert status == 0 and ARTICLE_TEXT in record["text"]


def test_a_class_or_id_over_the_cap_is_cut_and_noted_between_the_other_bounds() -> None:
    # the candidates walk finds such names (no other walk looks for them): the --explain
    # notes still come in the order the bounds apply, depth before class names before characters
    from declutter.core.dom import MAX_CLASS_CHARS, MAX_DEPTH

    deep = "<div>" * (MAX_DEPTH + 5) + "Deep text." + "</div>" * (MAX_DEPTH + 5)
    long_class = f'<div class="sidebar {"x" * MAX_CLASS_CHARS}"><p>A box.</p></div><p id="{"y" * (MAX_CLASS_CHARS + 1)}">An id.</p>'
    record = declutter.clean_to_record("page", page(body=long_class + deep + "\x01"), options=declutter.Options(explain=True))
    notes = [(removed["filter"], removed["reason"]) for removed in record["removed"] if removed["filter"] in ("structure", "sanitise")]
    assert [stage for stage, _ in notes] == ["structure", "structure", "sanitise"], notes
    assert "nested" in notes[0][1] and notes[1][1].startswith("2 class or id attributes over"), notes
    assert ARTICLE_TEXT in record["text"] and "An id." in record["text"], record
