"""The core: one page (bytes or text) in, one Article out. Pure: no I/O, no changing globals.

decode -> parse (once) -> metadata -> DOM filters -> content selection (readability-lxml and
semantic containers, reconciled) -> blocks -> text filters -> render
"""
from __future__ import annotations

from typing import Any

from .article import Article, error_record, ok_record
from .blocks import Block
from .content import note_left_out, select_content
from .decode import decode_html
from .dom import MAX_CLASS_CHARS, MAX_DEPTH, cut_long_class_names, flatten_deep_elements, parse_html
from .errors import DeclutterError, EmptyInputError, NotHTMLError, TooLargeError
from .filters import Context, Removals
from .filters.registry import run_dom_filters, run_text_filters
from .metadata import extract_metadata
from .options import Options
from .render import render_markdown, render_text
from .sanitise import Dropped, sanitise_fields, sanitise_text
from .textmode import clean_text_blocks, split_dump


def _options(options: Options | None, option_kwargs: dict[str, Any]) -> Options:
    return Options.from_kwargs(options, **option_kwargs) if option_kwargs else (options or Options())


def clean_html(
    html: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    source: str | None = None,
    options: Options | None = None,
    **option_kwargs: Any,
) -> Article:
    """Clean one HTML page.

    `html` is the page as bytes (decoded here: `content_type`, the HTTP header, names the
    charset when there is one) or as text. `url` is where the page came from; `source`
    names the input in error messages. Keyword options override fields of `options`
    (see declutter.Options), e.g. ``clean_html(page, explain=True)``.
    Raises a DeclutterError kind on bad input.
    """
    opts = _options(options, option_kwargs)
    size = len(html)
    if size > opts.max_bytes:
        raise TooLargeError(f"{size:,} bytes is over the {opts.max_bytes:,}-byte limit (max_bytes)", source)
    text = decode_html(html, content_type, source) if isinstance(html, (bytes, bytearray)) else html
    if not text.strip():
        raise EmptyInputError("the input is empty", source)
    if "<" not in text[:100_000]:
        raise NotHTMLError("no HTML markup found (for a text dump, use `declutter text`)", source)
    dropped = Dropped()
    root = parse_html(text, source, dropped)
    metadata = extract_metadata(root, url)
    fields = sanitise_fields(metadata.as_fields(), dropped)  # JSON-LD escapes, the url given
    article_body = sanitise_text(metadata.article_body, dropped) if metadata.article_body else None
    context = Context(Removals(opts.explain), metadata.title, metadata.title_variants, opts.languages)
    for bad_url in metadata.bad_urls:
        context.removals.note("metadata", "a URL that does not parse, left out of the record", bad_url)
    if cut := flatten_deep_elements(root):
        context.removals.note("structure", f"{cut:,} elements nested {MAX_DEPTH} levels deep: only their text is kept, one paragraph a block")
    if cut := cut_long_class_names(root):
        context.removals.note("structure", f"{cut:,} class or id attributes over {MAX_CLASS_CHARS:,} characters: only their start is read")
    if dropped:
        context.removals.note("sanitise", f"characters that are not text: {dropped.describe()}")
    run_dom_filters(root, context, opts)
    blocks = select_content(root, url, article_body)
    if opts.explain:
        note_left_out(root, blocks, context.removals)
    blocks = run_text_filters(blocks, context, opts)
    return _article(blocks, fields, context, opts)


def clean_text(text: str, *, options: Options | None = None, **option_kwargs: Any) -> Article:
    """Clean an already-extracted text dump (one paragraph per line, as extractors print them)."""
    opts = _options(options, option_kwargs)
    dropped = Dropped()
    blocks = split_dump(sanitise_text(text, dropped))
    title, blocks, context = clean_text_blocks(blocks, opts)
    return _article(blocks, {"title": title}, context, opts)


def _article(blocks: list[Block], fields: dict[str, Any], context: Context, opts: Options) -> Article:
    if opts.min_paragraph_chars:
        blocks = [b for b in blocks if b.kind != "p" or len(b.text) >= opts.min_paragraph_chars]
    title = fields.get("title")
    text = render_text(blocks)
    markdown = render_markdown(blocks)
    if opts.include_title_in_text and title:
        text = f"{title}\n\n{text}" if text else title
    return Article(
        **fields,
        text=text,
        markdown=markdown,
        removed=context.removals.in_page_order(),
    )


def clean_to_record(
    source: str,
    data: bytes | str,
    url: str | None = None,
    content_type: str | None = None,
    options: Options | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Clean one input into its JSON record; a bad input gives an error record, never raises.

    A top-level function of picklable arguments, so process pools and Dask can call it.
    """
    try:
        article = clean_html(data, url, content_type=content_type, source=source, options=options)
    except DeclutterError as error:
        return error_record(source, error.record_error(), **extra)
    except RecursionError:
        return error_record(source, "too_complex: the page is nested too deeply to process", **extra)
    except MemoryError:
        return error_record(source, "too_large: ran out of memory cleaning this page", **extra)
    except Exception as error:  # a bug must not end a batch run: report it in the record
        return error_record(source, f"internal: {type(error).__name__}: {error}", **extra)
    record = ok_record(source, article, **extra)
    if options is not None and options.markdown:
        record["markdown"] = article.markdown
    return record
