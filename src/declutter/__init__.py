"""declutter: turn cluttered web pages into clean article text.

    >>> import declutter
    >>> article = declutter.clean_html(open("page.html", "rb").read(), url="https://example.com/a")
    >>> article.title, article.text

    >>> extractor = declutter.Extractor(explain=True)   # options compiled once, picklable
    >>> articles = [extractor.clean_html(page) for page in pages]

The public API is what this module exports (`__all__`); the modules below it are private.
Errors: every failure about one input is a DeclutterError; its kinds (``kind``, as in
JSON records' ``"error": "kind: message"``) are

    DeclutterError
     ├── DecodeError         the bytes cannot be decoded (text encoding, gzip, WARC)
     ├── EmptyInputError     nothing but whitespace
     ├── FetchError          a URL could not be fetched (kind: timeout, http_404, ...)
     ├── InputNotFoundError  no such file
     ├── NotHTMLError        no HTML markup (a text dump: use clean_text)
     ├── ParseError          the page cannot be parsed as HTML (nested past 2,048 levels)
     └── TooLargeError       over max_bytes
"""
from ._version import __version__
from .core.article import Article, Record, RemovedBlock
from .core.errors import (
    DeclutterError,
    DecodeError,
    EmptyInputError,
    ErrorKind,
    FetchError,
    InputNotFoundError,
    NotHTMLError,
    ParseError,
    TooLargeError,
)
from .core.options import Options
from .core.pipeline import Extractor, clean_html, clean_text, clean_to_record
from .run.many import clean_many, clean_urls

__all__ = [
    "Article",
    "DeclutterError",
    "DecodeError",
    "EmptyInputError",
    "ErrorKind",
    "Extractor",
    "FetchError",
    "InputNotFoundError",
    "NotHTMLError",
    "Options",
    "ParseError",
    "Record",
    "RemovedBlock",
    "TooLargeError",
    "__version__",
    "clean_html",
    "clean_many",
    "clean_text",
    "clean_to_record",
    "clean_urls",
]
