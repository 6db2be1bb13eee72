"""Issue #13's reproducers, by kind: characters that are not text, URLs that do not parse,
codecs that are not text encodings, charset detection, and other libraries' loggers.
Each input yields a record that serialises to UTF-8 JSON, and --explain says what was left out."""
from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

import declutter
from conftest import assert_no_traceback, run_declutter

STORY = "<p>" + "The council voted on Tuesday to keep the library open on Sundays through the winter. " * 3 + "</p>"


def record_of(data: bytes, **kwargs: object) -> dict:
    record = declutter.clean_to_record("page", data, options=declutter.Options(explain=True), **kwargs)
    json.dumps(record, ensure_ascii=False).encode("utf-8")  # strict: a lone surrogate fails here
    assert not (record.get("error") or "").startswith("internal:"), record
    return record


def explained(record: dict, stage: str) -> list[dict]:
    return [removed for removed in record.get("removed", []) if removed["filter"] == stage]


@pytest.mark.parametrize("escape", ["\\ud800", "\\udc80", "\\udfff", "\\u0000", "\\ufffe"])
def test_json_ld_escapes_of_characters_that_are_not_text_are_dropped(escape: str) -> None:
    page = f'<script type="application/ld+json">{{"@type":"Article","headline":"Vote{escape}","author":{{"name":"Ann{escape}"}}}}</script>{STORY}'
    record = record_of(page.encode())
    assert record["title"] == "Vote" and record["author"] == "Ann", record
    assert explained(record, "sanitise"), record


def test_a_lone_surrogate_in_json_ld_costs_no_record_of_a_folder(tmp_path: Path) -> None:
    for name in "abc":
        (tmp_path / f"{name}.html").write_text(f"<title>{name}</title>{STORY}")
    (tmp_path / "d.html").write_bytes(b'<script type="application/ld+json">{"@type":"Article","headline":"\\ud800"}</script>' + STORY.encode())
    out = tmp_path / "out.jsonl"
    done = run_declutter("clean", tmp_path, "-o", out)
    assert_no_traceback(done.stderr)
    records = [json.loads(line) for line in out.read_bytes().decode("utf-8").splitlines()]
    assert len(records) == 4 and not any("error" in r for r in records), records


@pytest.mark.parametrize("character", [b"\x0c", b"\x01", b"\x1f", b"\xef\xbf\xbe", b"\xef\xbf\xbf", b"\xef\xb7\x90", b"&#12;", b"&#x1;", b"&#xFFFE;", b"&#65535;"])
def test_characters_that_are_not_text_in_a_removed_elements_tail(character: bytes) -> None:
    record = record_of(b"<nav>menu</nav>" + character + b"tail" + STORY.encode())
    assert "error" not in record and "library open" in record["text"], record
    assert explained(record, "sanitise"), record


def test_the_smallest_form_feed_page_gives_a_record() -> None:
    record = record_of(b"<nav></nav>\x0c")
    assert record.get("error", "").startswith("empty") or "text" in record, record


def test_a_form_feed_is_whitespace_not_dropped() -> None:
    assert "open on\x0cSundays" not in record_of(STORY.replace("on Sundays", "on\x0cSundays").encode())["text"]
    assert "open on Sundays" in record_of(STORY.replace("on Sundays", "on\x0cSundays").encode())["text"]


def test_a_page_without_such_characters_notes_nothing() -> None:
    assert not explained(record_of(STORY.encode()), "sanitise")


@pytest.mark.parametrize(
    ("page", "url"),
    [
        (b'<link rel=canonical href="//[">', "http://a/"),
        (b'<link rel=canonical href="/">', "http://["),
        (b'<meta property="og:url" content="//[">', "http://a/"),
        (b'<meta property="og:url" content="http://[::1">', None),
        (b'<link rel=canonical href="http://a:99999/">', None),
    ],
)
def test_a_url_that_does_not_parse_is_left_out_and_explained(page: bytes, url: str | None) -> None:
    record = record_of(page + STORY.encode(), url=url)
    assert "error" not in record and "library open" in record["text"], record
    assert record["url"] in (None, "http://a/", "/"), record
    assert explained(record, "metadata"), record


def test_a_given_url_that_does_not_parse_is_left_out() -> None:
    record = record_of(STORY.encode(), url="http://[")
    assert record["url"] is None and explained(record, "metadata"), record


@pytest.mark.parametrize("charset", ["punycode", "idna", "utf-7", "unicode_escape", "raw_unicode_escape", "cp037", "undefined"])
def test_a_codec_that_is_no_text_encoding_is_not_trusted(charset: str) -> None:
    for record in (record_of(f"<meta charset={charset}>{STORY}".encode()), record_of(STORY.encode(), content_type=f"text/html; charset={charset}")):
        assert "library open" in record["text"], record


def test_an_http_charset_may_name_utf16() -> None:
    record = record_of(f"<p>Привет, {STORY}".encode("utf-16-le"), content_type="text/html; charset=utf-16le")
    assert "Привет" in record["text"], record


@pytest.mark.parametrize(("encoding", "words"), [("cp1252", "Grüße aus München, schöne Straße"), ("koi8-r", "Городской совет проголосовал за библиотеку"), ("shift_jis", "図書館は冬の間も日曜日に開館します")])
def test_an_undeclared_legacy_page_is_detected(encoding: str, words: str) -> None:
    record = record_of(f"<html><body><p>{words}. {words}. {words}.</p>{STORY}</body></html>".encode(encoding))
    assert words in record["text"], record


def test_the_slow_detection_case_decodes_as_latin() -> None:
    # 38 s in chardet when bs4 picked it; the time is measured in benchmarks/complexity.py.
    record = record_of(b"<p>" + b"\xe9 " * 40 + b"a" * 16000 + b"</p>")
    assert record["text"].startswith("é é"), record["text"][:20]


def test_detection_is_chosen_not_found_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    # chardet is installed (readability-lxml imports it): decoding must not reach it.
    chardet = pytest.importorskip("chardet")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("chardet was called")

    monkeypatch.setattr(chardet, "detect", refuse)
    monkeypatch.setattr(chardet, "detect_all", refuse)
    monkeypatch.setattr(chardet.UniversalDetector, "feed", refuse)
    record = record_of(("<p>" + "Grüße aus München, schöne Straße. " * 20 + "</p>").encode("cp1252"))
    assert "schöne Straße" in record["text"], record


def test_importing_declutter_leaves_other_loggers_alone() -> None:
    code = "import logging, declutter; print([logging.getLogger(n).level for n in ('readability.readability', 'bs4.dammit')])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[0, 0]", done.stdout


def test_readabilitys_records_reach_the_application_outside_our_calls(caplog: pytest.LogCaptureFixture) -> None:
    declutter.clean_html(b"<html><body></body></html><p>x</p>")
    with caplog.at_level(logging.INFO, logger="readability.readability"):
        logging.getLogger("readability.readability").warning("the application's own call")
        declutter.clean_html(b"<html><body><div></div></body></html>")
    assert [r.getMessage() for r in caplog.records if r.name == "readability.readability"] == ["the application's own call"]
