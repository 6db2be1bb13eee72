"""Bytes to text: the HTTP charset, a BOM or a <meta> declaration, then detection.

Declared encodings come first (bs4's EncodingDetector finds them); undeclared pages are
tried as UTF-8, the web's default, before charset detection (charset-normalizer, through
bs4's UnicodeDammit), which is slow on large pages and so only sees their first bytes.
"""
from __future__ import annotations

import codecs

from bs4.dammit import EncodingDetector, UnicodeDammit

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
_DETECTION_SAMPLE = 64 * 1024


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
        return codecs.lookup(name).name
    except LookupError:
        return None  # a bogus charset is ignored, not trusted


def _looks_binary(data: bytes, source: str | None) -> None:
    for magic, what in _BINARY_SIGNATURES.items():
        if data.startswith(magic):
            raise NotHTMLError(f"this is {what}, not HTML", source)
    head = data[:4096]
    if b"\x00\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1:2] == b"\x00" or head[:1] == b"\x00"):
        # runs of NUL bytes in a non-UTF-16 head: a binary file, not a page with a stray NUL
        control = sum(byte < 9 or 13 < byte < 32 for byte in head)
        if control > len(head) // 10:
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
    for encoding in [e for e in declared if e] + ["utf-8"]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    detected = UnicodeDammit(data[:_DETECTION_SAMPLE], is_html=True).original_encoding
    encoding = _known_codec(detected) or next((e for e in declared if e), None)
    if encoding is None:
        raise DecodeError("could not tell the text encoding of these bytes", source)
    return data.decode(encoding, errors="replace")
