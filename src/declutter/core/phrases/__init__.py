"""Load the per-language phrase lists (the .txt files beside this module) and match blocks.

The lists are data; see README.md here for the format.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

SECTIONS = ("chrome", "comments", "related", "captions", "cta", "meta", "dates", "share", "byline")
_MAX_LABEL_CHARS = 40  # "Read more:", "Foto:" — the label before a colon is short
_MAX_NAMES_CHARS = 80  # a share bar's names on one line: "Facebook Twitter WhatsApp E-mail"
_NOT_LETTERS = re.compile(r"[\W\d_]+")
# Chinese and Japanese write no spaces between words: each ideograph or kana counts as a
# word of its own, so a phrase ("分享到", "相关文章") is found inside a block and may be
# continued a little, as a phrase of several words in a spaced language is.
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
# the words of a normalised text (letters and single spaces) with each such character one
_UNSPACED_WORD = re.compile(f"[{_UNSPACED}]|[^ {_UNSPACED}]+")


def _first_colon(text: str) -> int:
    """Where the first colon is, if the label before it is short, else -1. "分類：" — Chinese
    and Japanese labels end in a full-width colon."""
    colon = text.find(":", 0, _MAX_LABEL_CHARS + 1)
    wide = text.find("\uff1a", 0, _MAX_LABEL_CHARS + 1 if colon < 0 else colon)
    return wide if wide >= 0 else colon


# The filters ask several phrase sets about the same block or label, one after the other.
@lru_cache(maxsize=4096)
def normalize_phrase(text: str) -> str:
    """Lower-case letters only, single-spaced, each Chinese or Japanese character a word:
    how blocks and phrases are compared."""
    normalized = _NOT_LETTERS.sub(" ", text.lower())
    if not normalized.isascii() and _UNSPACED_CHAR.search(normalized):  # (most non-ASCII text has none)
        return " ".join(_UNSPACED_WORD.findall(normalized))
    return normalized.strip()


def available_languages() -> tuple[str, ...]:
    folder = resources.files(__package__)
    return tuple(sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt")))


@dataclass(frozen=True)
class PhraseSet:
    """The phrases of one section, normalised, grouped by first word for quick lookup."""

    by_first_word: dict[str, tuple[str, ...]]

    def match(self, text: str) -> str | None:
        """The phrase a short block is (or starts with, continuing a little), else None."""
        if len(text) > 160:
            return None
        normalized = normalize_phrase(text)
        if not normalized:
            return None
        for phrase in self.by_first_word.get(normalized.split(" ", 1)[0], ()):
            if normalized == phrase:
                return phrase
            words = phrase.count(" ") + 1
            slack = min(40, 10 * (words - 1))  # one-word phrases match only exactly
            if slack and normalized.startswith(phrase + " ") and len(normalized) <= len(phrase) + slack:
                return phrase
        return None

    def opens(self, text: str) -> str | None:
        """The phrase of two words or more a short label opens with, however it goes on
        ("Mehr aus der Sendung", "Top Themen der Redaktion"): a weaker sign than match(),
        for callers that also check what the label heads."""
        if len(text) > 160:
            return None
        normalized = normalize_phrase(text)
        for phrase in self.by_first_word.get(normalized.split(" ", 1)[0], ()):
            if " " in phrase and (normalized == phrase or normalized.startswith(phrase + " ")):
                return phrase
        return None

    def find_in(self, text: str) -> str | None:
        """A phrase that occurs anywhere in the block, as whole words."""
        words = normalize_phrase(text).split()
        if self.by_first_word.keys().isdisjoint(words):
            return None  # most blocks: no phrase starts at any of their words
        for index, word in enumerate(words):
            for phrase in self.by_first_word.get(word, ()):
                if " ".join(words[index : index + phrase.count(" ") + 1]) == phrase:
                    return phrase
        return None

    def names_in(self, text: str) -> int:
        """How many phrases a short block is made of, end to end and nothing else
        ("Facebook", "Twitter WhatsApp E-mail"); 0 when anything else is in it."""
        if len(text) > _MAX_NAMES_CHARS:
            return 0
        words = normalize_phrase(text).split()
        names = index = 0
        while index < len(words):
            for phrase in self.by_first_word.get(words[index], ()):  # the longest first
                size = phrase.count(" ") + 1
                if " ".join(words[index : index + size]) == phrase:
                    names, index = names + 1, index + size
                    break
            else:
                return 0
        return names

    def match_label(self, text: str) -> str | None:
        """The phrase a block opens with as a label, as in "Read more: <title>" or "Foto: AFP"."""
        colon = _first_colon(text)
        if colon < 0 or not text[colon + 1 :].strip():
            return None
        normalized = normalize_phrase(text[:colon])
        return normalized if normalized in self.by_first_word.get(normalized.split(" ", 1)[0], ()) else None


@lru_cache(maxsize=16)
def phrase_sets(languages: tuple[str, ...] | None = None) -> dict[str, PhraseSet]:
    """Section name -> PhraseSet over the given languages (all shipped ones by default)."""
    grouped: dict[str, dict[str, set[str]]] = {section: {} for section in SECTIONS}
    folder = resources.files(__package__)
    for language in languages or available_languages():
        resource = folder / f"{language}.txt"
        if not resource.is_file():
            raise ValueError(f"no phrase list for language {language!r}; shipped: {', '.join(available_languages())}")
        section = None
        for line in resource.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1]
                if section not in grouped:
                    raise ValueError(f"{language}.txt: unknown section [{section}]")
                continue
            phrase = normalize_phrase(line)
            if section and phrase:
                grouped[section].setdefault(phrase.split(" ", 1)[0], set()).add(phrase)
    return {
        section: PhraseSet({first: tuple(sorted(p, key=len, reverse=True)) for first, p in by_word.items()})
        for section, by_word in grouped.items()
    }
