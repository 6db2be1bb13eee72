"""declutter: turn cluttered web pages into clean article text.

    >>> import declutter
    >>> article = declutter.clean_html(open("page.html", "rb").read(), url="https://example.com/a")
    >>> article.title, article.text

The public API: clean_html, clean_text, clean_to_record, Article, Options and the errors.
"""
from ._version import __version__
from .core.article import Article, RemovedBlock, error_record, ok_record
from .core.errors import (
    BadURLError,
    DeclutterError,
    DecodeError,
    EmptyInputError,
    FetchError,
    InputNotFoundError,
    NotHTMLError,
    ParseError,
    TooLargeError,
)
from .core.options import Options
from .core.pipeline import clean_html, clean_text, clean_to_record

__all__ = [
    "Article",
    "BadURLError",
    "DeclutterError",
    "DecodeError",
    "EmptyInputError",
    "FetchError",
    "InputNotFoundError",
    "NotHTMLError",
    "Options",
    "ParseError",
    "RemovedBlock",
    "TooLargeError",
    "__version__",
    "clean_html",
    "clean_text",
    "clean_to_record",
    "error_record",
    "ok_record",
]
