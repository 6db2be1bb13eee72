"""Language (core/language.py): the declaration when the text agrees, else identified."""
from __future__ import annotations

import json

import declutter
from conftest import SEED, run_declutter
from declutter.core.language import resolve_language

ENGLISH = "The council said the bridge would close on Monday for six weeks of repairs to its girders, and that the detour adds ten minutes to the journey."
GERMAN = "Der Stadtrat teilte mit, dass die Brücke ab Montag für sechs Wochen gesperrt wird, damit die Träger repariert werden können, und die Umleitung dauert länger."
RUSSIAN = "Городской совет сообщил, что мост будет закрыт в понедельник на шесть недель для ремонта балок, а объезд добавит десять минут к поездке."


def test_a_declaration_the_text_agrees_with_is_kept() -> None:
    assert resolve_language("en-GB", ENGLISH) == ("en-GB", "declared")
    assert resolve_language("de", GERMAN) == ("de", "declared")


def test_a_declaration_the_text_disagrees_with_gives_way() -> None:
    assert resolve_language("en-US", GERMAN) == ("de", "detected")  # a template's default "en"
    assert resolve_language("de", ENGLISH) == ("en", "detected")
    assert resolve_language("en", RUSSIAN) == ("ru", "detected")  # another script


def test_no_declaration_is_identified() -> None:
    assert resolve_language(None, GERMAN) == ("de", "detected")
    assert resolve_language(None, "Hi") == (None, None)  # too little text to tell


def test_a_page_declaring_nothing_gets_its_texts_language() -> None:
    paragraphs = "".join(f"<p>{GERMAN}</p>" for _ in range(4))
    record = declutter.clean_html(f"<html><head><title>Brücke</title></head><body><article><h1>Brücke gesperrt</h1>{paragraphs}</article></body></html>")
    assert (record.language, record.language_source) == ("de", "detected")


def test_a_text_dump_gets_a_language() -> None:
    result = run_declutter("text", "--format", "json", SEED)
    record = json.loads(result.stdout)
    assert record["language_source"] == "detected" and record["language"] == declutter.clean_text(SEED.read_text(encoding="utf-8")).language
    assert record["language"]
