"""Bytes to text: the HTTP charset, a BOM or a <meta> declaration, then detection.

Declared encodings come first (bs4's EncodingDetector finds them); undeclared pages are
tried as UTF-8, the web's default, before charset detection (charset-normalizer, through
bs4's UnicodeDammit), which is slow on large pages and so only sees their first bytes.
"""
from __future__ import annotations

import codecs
import logging

from bs4.dammit import EncodingDetector, UnicodeDammit

from .errors import DecodeError, NotHTMLError

# UnicodeDammit logs a warning when it falls back to U+FFFD; with no logging configured that
# lands on stderr as a stray line. Undecodable input is reported here, as a DecodeError.
logging.getLogger("bs4.dammit").setLevel(logging.ERROR)

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


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        encoding = codecs.lookup(name).name
        b"".decode(encoding)  # rot13, zlib, base64... are codecs but not text encodings
    except (LookupError, ValueError):  # ValueError: a NUL byte in the name
        return None  # a bogus charset is ignored, not trusted
    return encoding


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


def decode_html(data: bytes, content_type: str | None = None, source: str | None = None) -> str:
    """Decode a page's bytes to text; `content_type` is the HTTP header, if there was one."""
    _looks_binary(data, source)
    declared = [_known_codec(charset_from_content_type(content_type))]
    declared.append(_known_codec(EncodingDetector.find_declared_encoding(data[:_DETECTION_SAMPLE], is_html=True)))
    bom_stripped, bom_encoding = EncodingDetector.strip_byte_order_mark(data)
    if bom_encoding:
        declared.insert(0, _known_codec(bom_encoding))
        data = bom_stripped
    for declared_encoding in [e for e in declared if e] + ["utf-8"]:
        try:
            return data.decode(declared_encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    # UTF-8 with a few stray bytes (a latin-1 "ü" pasted into a UTF-8 page) is still UTF-8,
    # and far cheaper to recognise than to detect.
    mostly_utf8 = data.decode("utf-8", errors="replace")
    if mostly_utf8.count("\ufffd") <= _STRAY_BYTES_SHARE * len(mostly_utf8):
        return mostly_utf8
    detected = UnicodeDammit(data[:_DETECTION_SAMPLE], is_html=True).original_encoding
    encoding = _known_codec(detected) or next((e for e in declared if e), None)
    if encoding is None:
        raise DecodeError("could not tell the text encoding of these bytes", source)
    text = data.decode(encoding, errors="replace")
    if text.count("\ufffd") > _MAX_REPLACEMENT_SHARE * len(text):
        raise DecodeError(f"the bytes are not text in any encoding tried (best guess {encoding})", source)
    return text
