"""The language of a cleaned text: the page's declaration when the text agrees with it,
else the language py3langid identifies in the text (its model ships in the package;
nothing is downloaded).

Identifying costs a model load once per process (about 0.7 s of CPU: numpy's import, then
the model's lzma decompression) and about 0.5 ms a page, so a declaration is checked
cheaply first: by the text's script (a page declared "en" written in Cyrillic), and, for
Latin scripts, by its share of English function words, since "en" is the declaration web
templates ship by default and English the language most often mislabelled. Only a text
that fails the check, or a page declaring nothing, is identified. (That share alone does
not tell English from other languages well enough to skip the model on undeclared pages:
with their declaration hidden, 10 German pages of the dev corpora pass it.)
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

DECLARED = "declared"
DETECTED = "detected"
MIN_CHARS = 40  # shorter: too little text to identify
SAMPLE_CHARS = 1200  # the cheap check reads the text's start: enough, and the cost stays flat
# py3langid reads less: its cost grows with the text, its accuracy does not (on the dev
# corpora's 1,720 declaring pages: 1,675 right on 1,200 characters, 1,676 on 600, 1,675 on 300).
IDENTIFY_CHARS = 600
MIN_CONFIDENCE = 0.5  # below this, py3langid's guess is no better than the declaration
# Latin on a web page is lorem ipsum, a template's filler, not the page's language.
_NEVER_OVER_A_DECLARATION = frozenset(("la",))
_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH_FUNCTION_WORDS = frozenset("the of and to in is that for it with as was on are be this by from at".split())
_ENGLISH_SHARE = 0.08  # English prose: about a quarter of its words are these; other languages: under 2%
# The script each declared language is written in, for those not written in Latin letters.
_SCRIPT_OF_LANGUAGE = {
    **dict.fromkeys(("ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "mn", "tg"), "CYRILLIC"),
    **dict.fromkeys(("ar", "fa", "ur", "ps"), "ARABIC"),
    **dict.fromkeys(("zh", "ja"), "CJK"),
    "ko": "HANGUL", "el": "GREEK", "he": "HEBREW", "yi": "HEBREW", "th": "THAI", "hi": "DEVANAGARI",
    "mr": "DEVANAGARI", "ne": "DEVANAGARI", "bn": "BENGALI", "ta": "TAMIL", "ka": "GEORGIAN", "hy": "ARMENIAN",
}


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float] | None:
    """(ISO 639-1 code, probability) of the text's language; None for too little text."""
    sample = text[:IDENTIFY_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    language, probability = _identifier().classify(sample)
    return str(language), float(probability)


def primary_subtag(tag: str) -> str:
    return re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]


# Letters whose Unicode names start with LATIN (not ª, º, µ): Basic Latin, Latin-1, Latin Extended-A and -B.
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


def _script(text: str) -> str:
    """The script most letters of the text's start are written in (LATIN, CYRILLIC, CJK...)."""
    sample = text[:SAMPLE_CHARS]
    if 2 * len(_LATIN_LETTER.findall(sample)) > sum(map(str.isalpha, sample)):
        return "LATIN"  # most pages: a majority of Latin letters, counted in C rather than named one by one
    counts: dict[str, int] = {}
    for char in sample:
        if char.isalpha():
            name = unicodedata.name(char, "")
            script = "CJK" if name.startswith(("CJK", "HIRAGANA", "KATAKANA")) else name.split(" ", 1)[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else ""


def _agrees(declared: str, text: str) -> bool:
    """The cheap check: the text is written as the declared language would be."""
    language = primary_subtag(declared)
    script = _script(text)
    if script != _SCRIPT_OF_LANGUAGE.get(language, "LATIN"):
        return False
    if script != "LATIN":
        return True
    words = [word.lower() for word in _WORD.findall(text[:SAMPLE_CHARS])]
    english = sum(word in _ENGLISH_FUNCTION_WORDS for word in words) >= _ENGLISH_SHARE * len(words)
    return english == (language == "en")


def declared_language(declared: str | None) -> tuple[str | None, str | None]:
    """(language, source) as the page declares it, unchecked against its text."""
    return (declared, DECLARED) if declared else (None, None)


def resolve_language(declared: str | None, text: str) -> tuple[str | None, str | None]:
    """(language, source): the declaration ("declared") unless the text disagrees with it or
    there is none, then the language identified in the text ("detected")."""
    if declared and (len(text.strip()) < MIN_CHARS or _agrees(declared, text)):
        return declared, DECLARED
    found = identify(text)
    if found is None or found[1] < MIN_CONFIDENCE:
        return declared_language(declared)
    language = found[0]
    if declared and language in _NEVER_OVER_A_DECLARATION:
        return declared, DECLARED
    if declared and primary_subtag(declared) == language:
        return declared, DECLARED  # "en-GB": the declaration says more than the identifier
    return language, DETECTED
