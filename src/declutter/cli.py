"""The command line: arguments, routing inputs to a driver and records to a sink.

No extraction logic lives here; every input becomes one record through the same core.
"""
from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Iterator

import typer

from ._version import __version__
from .core.article import Article
from .core.errors import DeclutterError
from .core.options import Options
from .core.pipeline import clean_text
from .fetch.options import FetchOptions
from .io.progress import RunTally, track
from .io.rawstore import relative_name
from .io.sinks import FolderSink, StreamSink, stderr_line
from .io.sources import STDIN, is_warc_path, iter_items
from .run.batch import DEFAULT_TIMEOUT_PER_DOC, clean_items, run_batch
from .run.urls import Input, UrlRunSettings, argument_inputs, is_url, iter_url_records, sniff_stdin

_URLS = "Fetching URLs"
app = typer.Typer(
    name="declutter",
    help="Turn cluttered web pages into clean article text: title, body and metadata.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
    jsonl = "jsonl"


class StdinKind(str, Enum):
    auto = "auto"
    html = "html"
    list = "list"


def _version(value: bool) -> None:
    if value:
        print(f"declutter {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Turn cluttered web pages into clean article text: title, body and metadata."""


def _options(**kwargs: Any) -> Options:
    from .core.filters.registry import FILTER_NAMES

    unknown = sorted(set(kwargs.get("filters") or ()) - set(FILTER_NAMES))
    if unknown:
        raise typer.BadParameter(f"unknown filter(s) {', '.join(unknown)}; known: {', '.join(FILTER_NAMES)}", param_hint="--filter")
    return Options.from_kwargs(**{k: v for k, v in kwargs.items() if v is not None})


def _is_folder_output(output: Path, many: bool) -> bool:
    if output.is_dir() or str(output).endswith(("/", "\\")):
        return True
    return many and not output.suffix


def _explain_text(record: dict[str, Any]) -> str:
    removed = record.get("removed", [])
    lines = [f"--- removed {len(removed)} block(s), in page order ---"]
    for block in removed:
        where = f"line {block['line']}: " if block.get("line") else ""
        lines.append(f"{where}[{block['filter']}] {block['reason']}: {block['snippet']}")
    return "\n".join(lines) + "\n"


def _write_records(records: Iterator[tuple[str | None, dict[str, Any]]], output: Path | None, output_format: str, many: bool, explain: bool) -> int:
    """Send records to their sink; report failures on stderr; return the number that failed."""
    if output is not None and _is_folder_output(output, many):
        sink: Any = FolderSink(output, output_format)
        stream = None
    else:
        if many and output_format != "jsonl":
            output_format = "jsonl"  # many inputs in one stream: one JSON record per line
        stream = open(output, "w", encoding="utf-8") if output is not None else sys.stdout
        sink = StreamSink(stream, output_format)
    failed = 0
    try:
        for relative, record in records:
            if "error" in record:
                failed += 1
                stderr_line(f"{record['source']}: {record['error']}")
            sink.write(record, relative)
            if explain and stream is not None and output_format in ("text", "markdown") and "error" not in record:
                stream.write(_explain_text(record))
    finally:
        if stream is not None and stream is not sys.stdout:
            stream.close()
    return failed


@app.command(
    epilog=(
        "Examples:\n\n"
        "  declutter clean page.html                 # clean text on stdout\n\n"
        "  declutter clean --format json page.html   # one JSON record\n\n"
        "  declutter clean saved/ -o clean/          # a folder into a mirrored folder\n\n"
        "  declutter clean saved/ -o pages.jsonl     # a folder into one JSONL file\n\n"
        "  declutter clean crawl.warc.gz -o pages.jsonl -j 4 --report report.json\n\n"
        "  curl -s https://example.com/a | declutter clean -\n\n"
        "  declutter clean https://example.com/a     # fetch and clean a URL\n\n"
        "  cat urls.txt | declutter clean - -o out.jsonl --save-raw raw/\n\n"
        "  declutter clean raw/ -o again.jsonl        # clean saved pages again, offline\n\n"
        "  declutter clean --explain page.html       # what was removed, and why"
    )
)
def clean(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="URLs, HTML files, folders of them (searched recursively), or - for stdin (one HTML page, or a list of URLs/paths)."),
    output_format: Format = typer.Option(Format.text, "--format", "-f", help="text, markdown, json or jsonl. Many inputs to one stream give jsonl."),
    output: Path | None = typer.Option(None, "--output", "-o", help="A file, or a folder (one output per input, mirroring the input tree). Default: stdout."),
    explain: bool = typer.Option(False, "--explain", help="Report every removed block with the filter that removed it."),
    url: str | None = typer.Option(None, "--url", help="The page's URL, for metadata (single input)."),
    max_bytes: int = typer.Option(Options.max_bytes, "--max-bytes", help="Inputs larger than this fail with a too_large error."),
    include_title: bool = typer.Option(False, "--include-title", help="Start the text with the title."),
    only_filters: list[str] | None = typer.Option(None, "--filter", help="Run only this filter (repeatable); see `declutter filters`."),
    ok_on_errors: bool = typer.Option(False, "--ok-on-errors", help="Exit 0 even when some inputs failed (they still get error records)."),
    stdin_kind: StdinKind = typer.Option(StdinKind.auto, "--stdin", help="What - reads: one HTML page, or a list of URLs/paths one per line. auto: a list unless the first non-blank line starts with '<'.", rich_help_panel=_URLS),
    keep_order: bool = typer.Option(False, "--keep-order", help="Write records in input order (default: as they complete).", rich_help_panel=_URLS),
    concurrency: int = typer.Option(FetchOptions.concurrency, "--concurrency", min=1, help="Requests in flight at once.", rich_help_panel=_URLS),
    per_host: int = typer.Option(FetchOptions.per_host, "--per-host", min=1, help="Requests in flight at once to one host.", rich_help_panel=_URLS),
    host_delay: float = typer.Option(FetchOptions.host_delay, "--host-delay", min=0, help="Seconds between requests to one host.", rich_help_panel=_URLS),
    connect_timeout: float = typer.Option(FetchOptions.connect_timeout, "--connect-timeout", min=0.001, help="Seconds to wait for a connection.", rich_help_panel=_URLS),
    read_timeout: float = typer.Option(FetchOptions.read_timeout, "--timeout", min=0.001, help="Seconds to wait for the next bytes of a response.", rich_help_panel=_URLS),
    deadline: float = typer.Option(FetchOptions.deadline, "--deadline", min=0.001, help="Seconds for a whole URL, redirects and retries included.", rich_help_panel=_URLS),
    retries: int = typer.Option(FetchOptions.retries, "--retries", min=0, help="Retries after connect errors, timeouts, 429 and 5xx (backoff, Retry-After).", rich_help_panel=_URLS),
    max_fetch_bytes: int = typer.Option(FetchOptions.max_bytes, "--max-fetch-bytes", min=1, help="Largest body fetched (decoded bytes).", rich_help_panel=_URLS),
    user_agent: str = typer.Option(FetchOptions.user_agent, "--user-agent", help="The User-Agent header.", rich_help_panel=_URLS),
    respect_robots: bool = typer.Option(False, "--respect-robots", help="Obey robots.txt (read once per host).", rich_help_panel=_URLS),
    deny_private: bool = typer.Option(False, "--deny-private", help="Refuse loopback, private and link-local addresses (for untrusted URL lists).", rich_help_panel=_URLS),
    save_raw: Path | None = typer.Option(None, "--save-raw", metavar="DIR", help="Keep every fetched page (HTML + headers) here, to clean again offline.", rich_help_panel=_URLS),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes cleaning many inputs or fetched pages. Default: the machine's cores."),
    force: bool = typer.Option(False, "--force", help="Redo inputs an earlier run already wrote to -o (default: resume, skipping them)."),
    timeout_per_doc: float = typer.Option(DEFAULT_TIMEOUT_PER_DOC, "--timeout-per-doc", min=0, help="Seconds one page may take (many inputs) before it fails with a timeout error; 0: no limit."),
    report: Path | None = typer.Option(None, "--report", help="Write the run report (counts, failures by kind, pages/s, bytes) to this JSON file."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Run on a Dask cluster: its scheduler's address, e.g. tcp://scheduler-host:8786."),
    progress: bool | None = typer.Option(None, "--progress/--no-progress", help="A progress bar on stderr. Default: when stderr is a terminal."),
) -> None:
    """Clean HTML pages or URLs: the article's title, text and metadata, without the clutter.

    INPUT can be a URL; with -, stdin is one HTML page or a list of URLs/paths, one per line.
    """
    options = _options(
        explain=explain,
        max_bytes=max_bytes,
        include_title_in_text=include_title,
        filters=tuple(only_filters) if only_filters else None,
        markdown=output_format == Format.markdown,
    )
    stdin_is, stdin = sniff_stdin(sys.stdin.buffer, stdin_kind.value) if STDIN in inputs else (None, None)
    if stdin_is == "list" or any(is_url(i) for i in inputs):
        settings = UrlRunSettings(
            options=options, keep_order=keep_order, save_raw=save_raw,
            # One URL: cleaned in this process, sooner than worker processes could start.
            jobs=jobs or (0 if len(inputs) == 1 and stdin_is != "list" and is_url(inputs[0]) else os.cpu_count() or 1),
            timeout_per_doc=timeout_per_doc or None,
            fetch=FetchOptions(
                concurrency=concurrency, per_host=per_host, host_delay=host_delay, connect_timeout=connect_timeout,
                read_timeout=read_timeout, deadline=deadline, retries=retries, max_bytes=max_fetch_bytes,
                user_agent=user_agent, respect_robots=respect_robots, deny_private=deny_private,
            ),
        )
        _clean_urls(inputs, stdin_is, stdin, settings, output, output_format.value, explain, ok_on_errors)  # exits
    many = len(inputs) > 1 or any(Path(i).is_dir() or is_warc_path(i) for i in inputs if i != STDIN)
    if many or scheduler:
        # Many inputs: the parallel, resumable batch driver (one record per input, JSONL or a folder)
        folder_output = output is not None and _is_folder_output(output, True)
        try:
            run = run_batch(
                inputs, options, output, output_format.value, folder_output=folder_output, jobs=jobs,
                timeout_per_doc=timeout_per_doc, force=force, scheduler=scheduler, stdin=stdin or sys.stdin.buffer,
                progress=sys.stderr.isatty() if progress is None else progress, report_path=report,
            )
        except DeclutterError as error:
            stderr_line(str(error))
            raise typer.Exit(2) from None
        raise typer.Exit(1 if run.any_failed and not ok_on_errors else 0)

    def records() -> Iterator[tuple[str | None, dict[str, Any]]]:  # one input, in this process
        for item, record in clean_items(iter_items(inputs, stdin or sys.stdin.buffer), options):
            if url and "error" not in record:
                record["url"] = record.get("url") or url
            yield item.relative, record

    failed = _write_records(records(), output, output_format.value, False, explain)
    raise typer.Exit(1 if failed and not ok_on_errors else 0)


def _clean_urls(inputs: list[str], stdin_is: str | None, stdin: Any, settings: UrlRunSettings, output: Path | None, output_format: str, explain: bool, ok_on_errors: bool) -> None:
    """The URL route of `clean`: fetch and clean, stream the records, summarise, exit."""
    folders = any(Path(i).is_dir() for i in inputs if i != STDIN and not is_url(i))
    many = len(inputs) > 1 or stdin_is == "list" or folders
    total = None if stdin_is == "list" or folders else len(inputs)

    def relative(one: Input) -> str:
        return one.item.relative or one.source if one.item is not None else relative_name(one.source)

    tally = RunTally()
    pairs = track(iter_url_records(argument_inputs(inputs, stdin_is, stdin), settings), tally, total)
    failed = _write_records(((relative(one), record) for one, record in pairs), output, output_format, many, explain)
    if many:
        stderr_line(tally.summary())
    raise typer.Exit(1 if failed and not ok_on_errors else 0)


@app.command(epilog="Examples:\n\n  declutter text dump.txt\n\n  some-extractor page.html | declutter text - --format json")
def text(
    file: str = typer.Argument(STDIN, metavar="[FILE|-]", help="A text dump (one paragraph per line), or - for stdin."),
    output_format: Format = typer.Option(Format.text, "--format", "-f", help="text, markdown, json or jsonl."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    explain: bool = typer.Option(False, "--explain", help="Report every removed line with the filter that removed it."),
) -> None:
    """Clean an already-extracted text dump: find its title, drop chrome, comments, teasers, filler."""
    options = _options(explain=explain, markdown=output_format == Format.markdown)
    try:
        raw = sys.stdin.buffer.read() if file == STDIN else Path(file).read_bytes()
    except OSError as error:
        stderr_line(f"{file}: not_found: {error.strerror or error}")
        raise typer.Exit(1) from None
    content = raw.decode("utf-8", errors="replace")
    if not content.strip():
        stderr_line(f"{file}: empty: the input is empty")
        raise typer.Exit(1)
    article: Article = clean_text(content, options=options)
    record = {"source": file, **article.to_dict()}
    if options.markdown:
        record["markdown"] = article.markdown
    _write_records(iter([(None, record)]), output, output_format.value, False, explain)


@app.command()
def filters() -> None:
    """List the filters, in the order they run."""
    from .core.filters.registry import DOM_FILTERS, TEXT_FILTERS

    for name, function in {**DOM_FILTERS, **TEXT_FILTERS}.items():
        print(f"{name:12} {(function.__doc__ or '').strip().splitlines()[0]}")


def main() -> None:
    app()
