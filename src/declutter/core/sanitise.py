"""Characters that are not text, dropped where text enters the tree and the record.

C0 controls other than tab, newline and carriage return, lone surrogates and Unicode
noncharacters (U+FDD0-U+FDEF, U+FFFE and U+FFFF in every plane) are no text anyone wrote.
lxml refuses them in any string set on the tree (a removed element's tail among them) and
JSON writers cannot encode surrogates, so one page holding them could fail, or break the
stream it is written to. A form feed is whitespace in HTML and becomes a space.
Numeric character references to them (`&#12;`, `&#xFFFE;`) are dropped before parsing,
since libxml2 turns them into the characters. One regex search per page; pages without
any of them (nearly all) cost that search only.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
_NOT_TEXT = f"\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff{_NONCHARACTERS}"
_CHARACTERS = re.compile(f"[{_NOT_TEXT}]")
# References to the same (decimal references to the supplementary planes' noncharacters
# aside, which lxml and JSON accept); `&#0;` and surrogates libxml2 turns into U+FFFD itself.
_REFERENCES = (
    r"&#[xX]0*(?:[1-8bBcCeEfF]|1[0-9a-fA-F]|[fF][dD][dDeE][0-9a-fA-F]|(?:10|[1-9a-fA-F])?[fF]{3}[eEfF])(?![0-9a-fA-F]);?"
    r"|&#0*(?:[1-8]|1[124-9]|2[0-9]|3[01]|6497[6-9]|649[89][0-9]|6500[0-7]|6553[45])(?![0-9]);?"
)
_IN_MARKUP = re.compile(f"[{_NOT_TEXT}]|{_REFERENCES}")


def _kind(found: str) -> str:
    code = ord(found) if len(found) == 1 else int(found[3:].rstrip(";"), 16) if found[2] in "xX" else int(found[2:].rstrip(";"))
    if code < 0x20:
        return f"U+{code:04X}"
    return "surrogate" if 0xD800 <= code <= 0xDFFF else "noncharacter"


class Dropped(Counter):
    """What was dropped, by kind ('U+000C', 'surrogate', 'noncharacter'): for --explain."""

    def describe(self) -> str:
        return ", ".join(f"{kind} x{count}" for kind, count in sorted(self.items()))


def _sanitise(pattern: re.Pattern[str], text: str, dropped: Dropped) -> str:
    if pattern.search(text) is None:
        return text

    def replace(match: re.Match[str]) -> str:
        kind = _kind(match.group())
        dropped[kind] += 1
        return " " if kind == "U+000C" else ""

    return pattern.sub(replace, text)


def sanitise_markup(html: str, dropped: Dropped) -> str:
    """The page's text without characters (or references to characters) that are not text."""
    return _sanitise(_IN_MARKUP, html, dropped)


def sanitise_text(text: str, dropped: Dropped) -> str:
    """A string without characters that are not text (metadata read from JSON-LD, a URL given)."""
    return _sanitise(_CHARACTERS, text, dropped)


def sanitise_fields(fields: dict[str, Any], dropped: Dropped) -> dict[str, Any]:
    """The string values of a record's fields, sanitised (None when nothing is left)."""
    return {name: (sanitise_text(value, dropped) or None) if isinstance(value, str) else value for name, value in fields.items()}
