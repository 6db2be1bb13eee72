"""Bytes to text: the HTTP charset, a BOM or a <meta> declaration, then detection.

Declared encodings come first; undeclared pages are tried as UTF-8, the web's default,
before charset detection. The detector is chosen, not found installed: chardetng (Firefox's
detector for legacy web pages, in Rust), on the page's first 64 KB, so its cost is bounded
(benchmarks/charsets.py measures it against the others). A declared or detected charset is
used only when it names a text encoding that reads the page's ASCII markup as ASCII (no
punycode, UTF-7 or EBCDIC), and only when it decodes.
"""
from __future__ import annotations

import codecs
import re
import warnings
from functools import lru_cache

import chardetng_py

from .errors import DecodeError, NotHTMLError

# Magic numbers of common non-HTML files people point a cleaner at by mistake.
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x7fELF": "an executable",
    b"RIFF": "a RIFF media file",
}
_STRAY_BYTES_SHARE = 0.001
_DETECTION_SAMPLE = 64 * 1024
# Control bytes never appear in text, except whitespace; compressed, encrypted or media data
# is full of them (about 11% of random bytes).
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b >= 32 or b in b"\t\n\r\f\x1b")  # ESC: ISO-2022
_MAX_CONTROL_SHARE = 0.05
# Past this share of U+FFFD after the best decoding, the bytes are not text in any encoding.
_MAX_REPLACEMENT_SHARE = 0.1


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("'\"") or None
    return None


# Every printable ASCII character and the whitespace: markup reads the same in any
# encoding a page can declare in its own markup.
# Twice over, as a text longer than a domain label (the idna codec decodes short ASCII).
_ASCII_PROBE = (bytes(range(0x20, 0x7F)) + b"\t\n\r") * 2
# The WHATWG names chardetng gives that Python spells otherwise.
_WHATWG_NAMES = {"windows-874": "cp874"}
# The declarations bs4's EncodingDetector looked for, searched as it did.
_XML_DECLARATION = re.compile(rb"^\s*<\?.*encoding=['\"](.*?)['\"].*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<\s*meta[^>]+charset\s*=\s*[\"']?([^>]*?)[ /;'\">]", re.IGNORECASE)
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))


@lru_cache(maxsize=256)
def _text_codec(name: str | None, ascii_compatible: bool = True) -> str | None:
    """Python's codec for a charset name, when it is a text encoding (rot13, zlib, base64,
    punycode and UTF-7 are not: they do not read ASCII as ASCII); else None, so that a bogus
    charset is ignored, not trusted."""
    if not name:
        return None
    try:
        encoding = codecs.lookup(_WHATWG_NAMES.get(name.lower(), name)).name
        if not codecs.lookup(encoding)._is_text_encoding:
            return None
        # errors="replace": text is decoded so when nothing decodes it all (idna cannot)
        with warnings.catch_warnings():  # unicode_escape warns of the probe's "\\]"
            warnings.simplefilter("ignore")
            if ascii_compatible and _ASCII_PROBE.decode(encoding, errors="replace") != _ASCII_PROBE.decode("ascii"):
                return None
    except (LookupError, ValueError, UnicodeError):  # ValueError: a NUL byte in the name
        return None
    return encoding


def _http_codec(name: str | None) -> str | None:
    """The codec of an HTTP charset, which may name UTF-16 or UTF-32: the header is no
    part of the bytes it describes."""
    encoding = _text_codec(name, ascii_compatible=False)
    return encoding if encoding and (_text_codec(name) or encoding.startswith(("utf-16", "utf-32"))) else None


def _declared_in_markup(sample: bytes) -> str | None:
    """The charset of the XML declaration or a <meta>, near the start of the page."""
    match = _XML_DECLARATION.search(sample, endpos=1024) or _META_CHARSET.search(sample, endpos=max(2048, len(sample) // 20))
    return match.group(1).decode("ascii", "replace").lower() if match and match.group(1) else None


def _decodes(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeError:  # UnicodeDecodeError, and the errors of codecs such as punycode
        return None


def _looks_binary(data: bytes, source: str | None) -> None:
    for magic, what in _BINARY_SIGNATURES.items():
        if data.startswith(magic):
            raise NotHTMLError(f"this is {what}, not HTML", source)
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1:2] == b"\x00" or head[:1] == b"\x00":
        return  # UTF-16/32: NUL bytes are part of the text
    # Many control bytes in the head: a binary file, not a page with a stray NUL.
    control = len(head.translate(None, _NOT_CONTROL_BYTES))
    if control > _MAX_CONTROL_SHARE * len(head):
        raise NotHTMLError("binary data, not HTML", source)


def _detected(sample: bytes) -> str | None:
    """The encoding chardetng finds for a sample that is not UTF-8."""
    guess: str = chardetng_py.detect(sample, allow_utf8=False)
    return _text_codec(guess)


def _mostly_utf8(text: str) -> bool:
    """UTF-8 with a few stray bytes (a latin-1 "ü" pasted into a UTF-8 page): few U+FFFD and
    more characters that were well-formed UTF-8 than stray ones (a page in a legacy encoding
    has none, or a few by chance)."""
    stray = text.count("\ufffd")
    if stray > _STRAY_BYTES_SHARE * len(text):
        return False
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii - stray > stray


def decode_html(data: bytes, content_type: str | None = None, source: str | None = None) -> str:
    """Decode a page's bytes to text; `content_type` is the HTTP header, if there was one."""
    return decode_page(data, content_type, source)[0]


def decode_page(data: bytes, content_type: str | None = None, source: str | None = None) -> tuple[str, bytes | None]:
    """decode_html, and the bytes that are the text's UTF-8 when the page's own are (a UTF-8
    page, nearly all): the parser reads them as they are, where encoding the text again
    would cost a pass over the page."""
    _looks_binary(data, source)
    sample = data[:_DETECTION_SAMPLE]
    declared = [_http_codec(charset_from_content_type(content_type)), _text_codec(_declared_in_markup(sample))]
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom) and (bom_encoding == "utf-8" or (len(data) >= 4 and data[2:4] != b"\x00\x00")):
            declared.insert(0, bom_encoding)
            data = data[len(bom):]
            break
    tried = [e for e in declared if e]
    for declared_encoding in [*tried, "utf-8"]:
        strict = _decodes(data, declared_encoding)
        if strict is not None:
            return strict, data if declared_encoding == "utf-8" and isinstance(data, bytes) else None
    mostly_utf8 = data.decode("utf-8", errors="replace")
    if _mostly_utf8(mostly_utf8):
        return mostly_utf8, None
    # A declared encoding that reads the page's start; else what the detector finds there:
    # on an undeclared page its best guess, against a declaration only if it decodes it all.
    encoding = next((e for e in tried if _decodes(sample, e) is not None), None)
    if encoding is None and (detected := _detected(sample)):
        if not tried:
            encoding = detected
        elif (all_decoded := _decodes(data, detected)) is not None:
            return all_decoded, None
    encoding = encoding or next(iter(tried), None)
    if encoding is None:
        raise DecodeError("could not tell the text encoding of these bytes", source)
    try:
        text = data.decode(encoding, errors="replace")
    except UnicodeError as error:  # a codec that fails whatever the error handler
        raise DecodeError(f"the bytes are not text in {encoding} ({error})", source) from None
    if text.count("\ufffd") > _MAX_REPLACEMENT_SHARE * len(text):
        raise DecodeError(f"the bytes are not text in any encoding tried (best guess {encoding})", source)
    return text, None
