"""declutter: turn cluttered web pages into clean article text.

    >>> import declutter
    >>> article = declutter.clean_html(open("page.html", "rb").read(), url="https://example.com/a")
    >>> article.title, article.text

The public API: clean_html, clean_text, clean_to_record, Article, Options and the errors.
"""
from .core.article import Article, RemovedBlock, error_record, ok_record
from .core.errors import (
    BadURLError,
    DecodeError,
    DeclutterError,
    EmptyInputError,
    FetchError,
    InputNotFoundError,
    NotHTMLError,
    ParseError,
    TooLargeError,
)
from .core.options import Options
from .core.pipeline import clean_html, clean_text, clean_to_record

__version__ = "0.1.0"

__all__ = [
    "Article",
    "BadURLError",
    "DecodeError",
    "DeclutterError",
    "EmptyInputError",
    "FetchError",
    "InputNotFoundError",
    "NotHTMLError",
    "Options",
    "ParseError",
    "RemovedBlock",
    "TooLargeError",
    "clean_html",
    "clean_text",
    "clean_to_record",
    "error_record",
    "ok_record",
    "__version__",
]
