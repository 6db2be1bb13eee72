"""declutter: turn cluttered web pages into clean article text.

    >>> import declutter
    >>> article = declutter.clean_html(open("page.html", "rb").read(), url="https://example.com/a")
    >>> article.title, article.text

Many pages at once, in worker processes, one record each:

    >>> for record in declutter.clean_many(["saved/", "crawl.warc.gz"], jobs=4):
    ...     print(record["source"], record.get("title") or record["error"])

The public API: clean_html, clean_text, clean_to_record, clean_many, clean_urls, Article,
Record, Options, ErrorKind and the errors.
"""
from .core.article import Article, Record, RemovedBlock, error_record, ok_record
from .core.errors import (
    BadURLError,
    DecodeError,
    DeclutterError,
    EmptyInputError,
    ErrorKind,
    FetchError,
    InputNotFoundError,
    NotHTMLError,
    ParseError,
    TooLargeError,
)
from .core.options import Options
from .core.pipeline import clean_html, clean_text, clean_to_record
from .run.many import clean_many, clean_urls

__version__ = "0.1.0"

__all__ = [
    "Article",
    "BadURLError",
    "DecodeError",
    "DeclutterError",
    "EmptyInputError",
    "ErrorKind",
    "FetchError",
    "InputNotFoundError",
    "NotHTMLError",
    "Options",
    "ParseError",
    "Record",
    "RemovedBlock",
    "TooLargeError",
    "clean_html",
    "clean_many",
    "clean_text",
    "clean_to_record",
    "clean_urls",
    "error_record",
    "ok_record",
    "__version__",
]
