"""Fetched pages kept on disk (--save-raw): ``HOST/NAME.html`` beside ``HOST/NAME.headers.json``.

The .html file holds the body exactly as fetched (Content-Encoding undone), so the folder is
an ordinary folder of pages that ``declutter clean DIR`` cleans offline; the sidecar keeps
the URL, final URL, status and response headers (the charset among them), which the folder
reader picks up (see ``read_sidecar``). File names come from URLs but are built only from
safe characters, plus a hash of the whole URL, so no URL (``../``, absolute paths, odd bytes,
very long paths) can name a file outside the folder or collide with another URL's file.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SIDECAR_SUFFIX = ".headers.json"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SLUG_CHARS = 80


def _safe_part(text: str, limit: int) -> str:
    # Only [A-Za-z0-9._-], no leading dots (no "..", no hidden files), bounded length.
    return _UNSAFE.sub("_", text)[:limit].strip("._-")


def relative_name(url: str) -> str:
    """The path, inside a save folder, of a URL's page: ``host[_port]/slug-hash.html``."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
    except ValueError:  # an unparsable URL still gets a safe, unique name
        parts, host, port = urlsplit(""), "", None
    folder = _safe_part(host.lower(), 100) or "no-host"
    if port:
        folder += f"_{port}"
    slug = _safe_part(parts.path + (f"_{parts.query}" if parts.query else ""), _SLUG_CHARS) or "index"
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{folder}/{slug}-{digest}.html"


def sidecar_path(html_path: Path) -> Path:
    """The headers file of a saved page: ``NAME.headers.json`` beside ``NAME.html``."""
    return html_path.with_name(html_path.name.rsplit(".", 1)[0] + SIDECAR_SUFFIX)


def _write_bytes_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_page(folder: Path, source: str, final_url: str, status: int, headers: dict[str, str], body: bytes) -> Path:
    """Save one fetched page and its sidecar; returns the .html path. Whole files or nothing."""
    root = folder.resolve()
    path = (root / relative_name(source)).resolve()
    if root not in path.parents:  # cannot happen with relative_name's characters; never trust it blindly
        raise ValueError(f"refusing to save {source!r} outside {folder}")
    path.parent.mkdir(parents=True, exist_ok=True)
    sidecar = {"url": source, "final_url": final_url, "status": status, "headers": headers}
    # The sidecar first: a saved .html always has its headers beside it.
    _write_bytes_atomically(sidecar_path(path), json.dumps(sidecar, ensure_ascii=False, indent=1).encode("utf-8"))
    _write_bytes_atomically(path, body)
    return path


def read_sidecar(html_path: Path) -> dict[str, Any] | None:
    """The sidecar of a saved page, or None when there is none (or it is unreadable)."""
    path = sidecar_path(html_path)
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
