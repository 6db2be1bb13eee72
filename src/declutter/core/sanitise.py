"""Characters that are not text, dropped where text enters the tree and the record.

C0 controls other than tab, newline and carriage return, lone surrogates and Unicode
noncharacters (U+FDD0-U+FDEF, U+FFFE and U+FFFF) are no text anyone wrote.
lxml refuses them in any string set on the tree (a removed element's tail among them) and
JSON writers cannot encode surrogates, so one page holding them could fail, or break the
stream it is written to. A form feed is whitespace in HTML and becomes a space.
Numeric character references to them (`&#12;`, `&#xFFFE;`) are dropped before parsing,
since libxml2 turns them into the characters. A page without any (nearly all) costs a
few scans of its UTF-8 bytes, which the parser needs anyway.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

# The noncharacters of the Basic Multilingual Plane; those of the other planes lxml and
# JSON accept, and a class holding them slows the regex engine tenfold.
_NOT_TEXT = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
_CHARACTERS = re.compile(f"[{_NOT_TEXT}]")
# References to the same; `&#0;` and surrogates libxml2 turns into U+FFFD itself.
_REFERENCES = (
    r"&#(?:[xX]0*(?:[1-8bBcCeEfF]|1[0-9a-fA-F]|[fF][dD][dDeE][0-9a-fA-F]|[fF]{3}[eEfF])(?![0-9a-fA-F])"
    r"|0*(?:[1-8]|1[124-9]|2[0-9]|3[01]|6497[6-9]|649[89][0-9]|6500[0-7]|6553[45])(?![0-9]));?"
)
_REFERENCE = re.compile(_REFERENCES)
# The quick test, on the UTF-8 bytes (a regex over the text costs 17 ns a character, a
# page's parse a few times that): the C0 control bytes; the UTF-8 of the noncharacters,
# U+FDD0-U+FDEF (EF B7 ..) and U+FFFE/U+FFFF (EF BF BE, EF BF BF); and the references,
# whose "&#" the regex engine finds fast.
_TEXT_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in b"\t\n\r")
_NONCHARACTER_BYTES = (b"\xef\xb7", b"\xef\xbf\xbe", b"\xef\xbf\xbf")
# Every byte but the C0 controls and those of the noncharacters: deleting them leaves the
# suspects, few, in one pass over the page. A noncharacter's bytes stand next to each other
# among them too, so they are looked for there, not in the page (a rare other character
# whose bytes end up side by side only costs the slow path).
_UNSUSPECTED_BYTES = bytes(b for b in _TEXT_BYTES if b not in b"\xef\xb7\xbe\xbf")
_REFERENCE_BYTES = re.compile(_REFERENCES.encode("ascii"))


def _kind(found: str) -> str:
    code = ord(found) if len(found) == 1 else int(found[3:].rstrip(";"), 16) if found[2] in "xX" else int(found[2:].rstrip(";"))
    if code < 0x20:
        return f"U+{code:04X}"
    return "surrogate" if 0xD800 <= code <= 0xDFFF else "noncharacter"


class Dropped(Counter[str]):
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


def _may_hold_non_text(data: bytes) -> bool:
    """The UTF-8 bytes hold a C0 control, or perhaps a noncharacter."""
    suspects = data.translate(None, _UNSUSPECTED_BYTES)
    if not suspects:
        return False
    return bool(suspects.translate(None, _TEXT_BYTES)) or any(sequence in suspects for sequence in _NONCHARACTER_BYTES)


def sanitised_utf8(html: str, dropped: Dropped, utf8: bytes | None = None) -> bytes:
    """The page as UTF-8, without characters (or references to characters) that are not text.
    `utf8` is `html` in UTF-8 when the caller has it (the bytes it was decoded from)."""
    data = utf8
    if data is None:
        try:
            data = html.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates
            pass
    if data is not None and not (_may_hold_non_text(data) or _REFERENCE_BYTES.search(data)):
        return data
    return _sanitise(_REFERENCE, _sanitise(_CHARACTERS, html, dropped), dropped).encode("utf-8")


def sanitise_text(text: str, dropped: Dropped) -> str:
    """A string without characters that are not text (metadata read from JSON-LD, a URL given)."""
    return _sanitise(_CHARACTERS, text, dropped)


def sanitise_fields(fields: dict[str, Any], dropped: Dropped) -> dict[str, Any]:
    """The string values of a record's fields, sanitised (None when nothing is left)."""
    return {name: (sanitise_text(value, dropped) or None) if isinstance(value, str) else value for name, value in fields.items()}
