"""The core: one page (bytes or text) in, one Article out. Pure: no I/O, no changing globals.

decode -> parse (once) -> metadata -> DOM filters -> content selection (readability-lxml and
semantic containers, reconciled) -> blocks -> text filters -> render

An Extractor holds what does not change from page to page (the options, the filters they
select, the phrase sets of their languages); clean_html() and clean_text() are one-call
shortcuts that share an Extractor per distinct Options.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .article import Article, error_record, ok_record
from .blocks import Block
from .content import note_left_out, select_content
from .decode import decode_page
from .dom import MAX_CLASS_CHARS, MAX_DEPTH, cut_long_class_names, flatten_deep_elements
from .errors import DeclutterError, EmptyInputError, NotHTMLError, TooLargeError
from .filters import Context, Removals
from .filters.patterns import CandidateFinder, LongClassName
from .filters.registry import plan_filters, run_dom_filters, run_text_filters
from .language import declared_language, resolve_language
from .metadata import Metadata, extract_metadata
from .options import Options
from .phrases import phrase_sets
from .render import render_markdown, render_text
from .repair import parse_repaired
from .sanitise import Dropped, sanitise_fields, sanitise_text
from .sitetemplates import drop_template_blocks, page_fingerprints
from .textmode import clean_text_blocks, split_dump

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from typing_extensions import Unpack

    from .options import OptionValues


def _bound_and_find(
    root: HtmlElement, finder: CandidateFinder, metadata: Metadata, dropped: Dropped, removals: Removals
) -> dict[str, list[HtmlElement]]:
    """Bound the tree's cost (nesting depth, class names), find the DOM filters' candidates,
    and note, for --explain, what the page lost on the way in: URLs that do not parse,
    characters that are not text, structure. The candidates walk reads every class and id,
    so it is what finds one too long (no ordinary page has one): the names are then cut and
    the walk done again."""
    for bad_url in metadata.bad_urls:
        removals.note("metadata", "a URL that does not parse, left out of the record", bad_url)
    if cut := flatten_deep_elements(root):
        removals.note("structure", f"{cut:,} elements nested {MAX_DEPTH} levels deep: only their text is kept, one paragraph a block")
    try:
        candidates = finder.find(root, MAX_CLASS_CHARS)
    except LongClassName:
        cut = cut_long_class_names(root)
        removals.note("structure", f"{cut:,} class or id attributes over {MAX_CLASS_CHARS:,} characters: only their start is read")
        candidates = finder.find(root)
    if dropped:
        removals.note("sanitise", f"characters that are not text: {dropped.describe()}")
    return candidates


class Extractor:
    """Cleans pages with one set of options, compiled once.

        >>> extractor = declutter.Extractor(explain=True, languages=("en", "de"))
        >>> article = extractor.clean_html(page_bytes, url="https://example.com/a")

    Options come as `options` (an Options) and/or as keyword arguments overriding its
    fields; an unknown keyword is a TypeError, an unknown filter name or language a
    DeclutterError raised here rather than on the first page. An Extractor keeps no page
    state between calls. It pickles as its options and compiles again where it is
    unpickled, so process pools and Dask workers receive it cheaply.
    """

    def __init__(self, options: Options | None = None, **option_values: Unpack[OptionValues]) -> None:
        self._compile(Options.from_kwargs(options, **option_values))

    def _compile(self, options: Options) -> None:
        self.options = options
        self._plan = plan_filters(options)
        try:
            self._phrases = phrase_sets(options.languages)
        except ValueError as error:  # an unknown language
            raise DeclutterError(str(error)) from None

    def __getstate__(self) -> dict[str, Any]:
        return {"options": self.options}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._compile(state["options"])

    def __repr__(self) -> str:
        return f"Extractor({self.options!r})"

    def clean_html(self, html: bytes | str, url: str | None = None, *, content_type: str | None = None, source: str | None = None) -> Article:
        """Clean one HTML page.

        `html` is the page as bytes (decoded here: `content_type`, the HTTP header, names the
        charset when there is one) or as text. `url` is where the page came from; `source`
        names the input in error messages. Raises a DeclutterError kind on bad input.
        """
        blocks, metadata, context = self._clean_blocks(html, url, content_type, source)
        if self.options.site_templates is not None:
            blocks = drop_template_blocks(blocks, self.options.site_templates, url or metadata.canonical_url, context.removals)
        moved = dict.fromkeys(context.moved, "by-line the boilerplate filter dropped")
        return self._article(blocks, {**metadata.as_fields(), **context.moved}, context, {**metadata.sources, **moved})

    def template_sample(
        self, html: bytes | str, url: str | None = None, *, content_type: str | None = None, source: str | None = None
    ) -> tuple[str | None, frozenset[int]]:
        """What learning site templates counts of one page: the URL that names its site
        (`url`, else the page's canonical) and the fingerprints of the blocks cleaning keeps.
        Raises a DeclutterError kind on bad input, as clean_html does."""
        blocks, metadata, _ = self._clean_blocks(html, url, content_type, source)
        return url or metadata.canonical_url, page_fingerprints(blocks)

    def _clean_blocks(
        self, html: bytes | str, url: str | None, content_type: str | None, source: str | None
    ) -> tuple[list[Block], Metadata, Context]:
        """The page's kept blocks after every filter, its metadata, and the filters' context."""
        opts = self.options
        size = len(html)
        if size > opts.max_bytes:
            raise TooLargeError(f"{size:,} bytes is over the {opts.max_bytes:,}-byte limit (max_bytes)", source)
        text, utf8 = decode_page(html, content_type, source) if isinstance(html, (bytes, bytearray)) else (html, None)
        if not text or text.isspace():  # not text.strip(), which copies the page
            raise EmptyInputError("the input is empty", source)
        if text.find("<", 0, 100_000) < 0:
            raise NotHTMLError("no HTML markup found (for a text dump, use `declutter text`)", source)
        dropped = Dropped()
        root, repairs = parse_repaired(text, source, dropped, utf8)
        # Held until the page is done: lxml gives an element a Python proxy each time a walk
        # reaches it while nothing holds one, and frees it after; the stages walk the tree
        # a dozen times, so they share one proxy an element instead (a few % of a page).
        _proxies = list(root.iter())
        metadata = extract_metadata(root, url, search=opts.search_metadata)
        metadata = replace(  # JSON-LD escapes and the url given enter the record here
            metadata,
            **sanitise_fields(metadata.as_fields(), dropped),
            article_body=sanitise_text(metadata.article_body, dropped) if metadata.article_body else None,
        )
        removals = Removals(opts.explain, ablated=frozenset(opts._ablate))
        context = Context(removals, metadata.title, metadata.title_variants, site_name=metadata.sitename, languages=opts.languages, phrases=self._phrases)
        context.missing = {name for name in ("author", "date") if not getattr(metadata, name)}
        context.author = metadata.author
        for repair in repairs:
            removals.note("parser", f"an unclosed <{repair.tag}> held the page's markup as its text: closed it, parsed again", repair.swallowed, repair.line)
        candidates = _bound_and_find(root, self._plan.candidates, metadata, dropped, removals)
        run_dom_filters(root, context, self._plan, candidates)
        left_out: dict[str, str] = {}
        blocks = select_content(root, url, metadata.article_body, left_out, context.story_headlines(), context.content_markers)
        if opts.explain:
            note_left_out(root, blocks, context.removals, left_out)
        return run_text_filters(blocks, context, self._plan), metadata, context

    def clean_text(self, text: str) -> Article:
        """Clean an already-extracted text dump (one paragraph per line, as extractors print them)."""
        blocks = split_dump(sanitise_text(text, Dropped()))
        title, blocks, context = clean_text_blocks(blocks, self.options, self._plan, self._phrases)
        return self._article(blocks, {"title": title}, context)

    def clean_to_record(
        self, source: str, data: bytes | str, url: str | None = None, content_type: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        """Clean one input into its JSON record; a bad input gives an error record, never raises."""
        try:
            article = self.clean_html(data, url, content_type=content_type, source=source)
        except DeclutterError as error:
            return error_record(source, error.record_error(), **extra)
        except RecursionError:
            return error_record(source, "too_complex: the page is nested too deeply to process", **extra)
        except MemoryError:
            return error_record(source, "too_large: ran out of memory cleaning this page", **extra)
        except Exception as error:  # a bug must not end a batch run: report it in the record
            return error_record(source, f"internal: {type(error).__name__}: {error}", **extra)
        record = ok_record(source, article, **extra)
        if self.options.markdown:
            record["markdown"] = article.markdown
        return record

    def _article(self, blocks: list[Block], fields: dict[str, Any], context: Context, sources: dict[str, str] | None = None) -> Article:
        opts = self.options
        if opts.min_paragraph_chars:
            blocks = [b for b in blocks if b.kind != "p" or len(b.text) >= opts.min_paragraph_chars]
        title = fields.get("title")
        text = render_text(blocks)
        markdown = render_markdown(blocks)
        if opts.search_metadata:
            language, language_source = resolve_language(fields.get("language"), f"{title}\n{text}" if title else text)
        else:
            language, language_source = declared_language(fields.get("language"))
        fields = {**fields, "language": language, "language_source": language_source}
        sources = {**(sources or {}), **({"title": "inferred from the dump"} if title and not sources else {})}
        if language_source == "detected":
            sources["language"] = "detected in the text (py3langid)"
        if opts.include_title_in_text and title:
            text = f"{title}\n\n{text}" if text else title
        return Article(
            **fields,
            text=text,
            markdown=markdown,
            removed=context.removals.in_page_order(),
            blocks=tuple(replace(block, element=None) for block in blocks) if opts.explain else (),  # no tree in an Article: it pickles
            sources=sources,
        )


@lru_cache(maxsize=16)
def _shared_extractor(options: Options) -> Extractor:
    """The shortcuts' Extractor for `options`: compiled once per distinct Options."""
    return Extractor(options)


def _extractor(options: Options | None, option_values: OptionValues | None = None) -> Extractor:
    merged = Options.from_kwargs(options, **(option_values or {}))
    try:
        return _shared_extractor(merged)
    except TypeError:  # an unhashable field (filters given as a list): compiled for this call
        return Extractor(merged)


def clean_html(
    html: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    source: str | None = None,
    options: Options | None = None,
    **option_values: Unpack[OptionValues],
) -> Article:
    """Clean one HTML page: Extractor(options, **option_values).clean_html(...) in one call.

    Keyword options override fields of `options` (see declutter.Options), e.g.
    ``clean_html(page, explain=True)``. Raises a DeclutterError kind on bad input.
    """
    return _extractor(options, option_values).clean_html(html, url, content_type=content_type, source=source)


def template_sample(
    html: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    source: str | None = None,
    options: Options | None = None,
) -> tuple[str | None, frozenset[int]]:
    """Extractor(options).template_sample(...) in one call: what learning site templates counts of one page."""
    return _extractor(options).template_sample(html, url, content_type=content_type, source=source)


def clean_text(text: str, *, options: Options | None = None, **option_values: Unpack[OptionValues]) -> Article:
    """Clean an already-extracted text dump (one paragraph per line, as extractors print them)."""
    return _extractor(options, option_values).clean_text(text)


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
        extractor = _extractor(options)
    except DeclutterError as error:  # options naming an unknown filter or language
        return error_record(source, error.record_error(), **extra)
    return extractor.clean_to_record(source, data, url, content_type, **extra)
