"""The command line: arguments, and routing every input to the one run (`run.batch.run_job`).

No extraction logic lives here; every input becomes one record through the same core, the
same worker pool, the same writers and the same tally, whatever its kind.
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import typer

from ._version import __version__, core_build
from .core.article import Article, error_record
from .core.errors import DeclutterError, ErrorKind
from .core.explainview import render_explain_view
from .core.options import Options
from .core.pipeline import clean_html, clean_text
from .core.sitetemplates import MIN_PAGES, SiteTemplates
from .fetch.options import FetchOptions
from .io.outputs import is_folder_output, open_output, stderr_line, write_atomically
from .io.report import RunReport
from .io.sources import STDIN, is_warc_path, iter_items, read_item
from .run.batch import run_job
from .run.driver import DEFAULT_TIMEOUT_PER_DOC, Input, RunSettings
from .run.learn import learn_templates
from .run.urls import argument_inputs, is_url, sniff_stdin

if TYPE_CHECKING:
    import distributed

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
    html = "html"  # the explain view of one input (implies --explain)


class StdinKind(str, Enum):
    auto = "auto"
    html = "html"
    list = "list"


def _version(value: bool) -> None:
    if value:
        print(f"declutter {__version__} ({core_build()})")
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


@contextlib.contextmanager
def _command_run(scheduler: str | None) -> Iterator[distributed.Client | None]:
    """The Dask client of --scheduler (None without it), connected before any output is
    touched (a wrong address changes nothing) and closed after; a DeclutterError ends the
    command with its one line and exit status 2."""
    client = None
    try:
        if scheduler:
            from .run.dask import connect

            client = connect(scheduler)
        yield client
    except DeclutterError as error:
        stderr_line(str(error))
        raise typer.Exit(2) from None
    finally:
        if client is not None:
            client.close()


def _reject(message: str) -> None:
    """A flag that cannot apply to this run: one line, exit status 2 (never silently ignored)."""
    stderr_line(message)
    raise typer.Exit(2)


# Parameters that only shape fetching; --save-raw has its own message.
_FETCH_ONLY = (
    "concurrency", "per_host", "host_delay", "connect_timeout", "read_timeout", "deadline",
    "retries", "max_fetch_bytes", "user_agent", "respect_robots", "deny_private",
)


def _given_fetch_flags(context: typer.Context) -> list[str]:
    """The fetch-only flags typed on the command line (a default is never "given")."""
    by_name = {param.name: param for param in context.command.params}
    given = []
    for name in _FETCH_ONLY:
        source = context.get_parameter_source(name)  # (typer's own click: compared by name)
        if source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP"):
            given.append(by_name[name].opts[0])
    return given


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
    context: typer.Context,
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="URLs, HTML files, folders of them (searched recursively), or - for stdin (one HTML page, or a list of URLs/paths)."),
    output_format: Format = typer.Option(Format.text, "--format", "-f", help="text, markdown, json or jsonl. Many inputs to one stream give jsonl. html: the explain view of one page (with --explain)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="A file, or a folder (one output per input, mirroring the input tree). Default: stdout."),
    explain: bool = typer.Option(False, "--explain", help="Report every removed block with the filter that removed it."),
    url: str | None = typer.Option(None, "--url", help="The page's URL, for metadata (single input)."),
    max_bytes: int = typer.Option(Options.max_bytes, "--max-bytes", help="Inputs larger than this fail with a too_large error."),
    include_title: bool = typer.Option(False, "--include-title", help="Start the text with the title."),
    search_metadata: bool = typer.Option(True, "--metadata-search/--no-metadata-search", help="Search the page for the author, date and language beyond what its markup declares (meta tags, JSON-LD, <time>, lang). --no-metadata-search: the same text, about a fifth faster."),
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
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes cleaning the pages. Default: the machine's cores (one input: this process)."),
    force: bool = typer.Option(False, "--force", help="Redo inputs an earlier run already wrote to -o FOLDER or a JSONL file (default: resume, skipping them)."),
    timeout_per_doc: float = typer.Option(DEFAULT_TIMEOUT_PER_DOC, "--timeout-per-doc", min=0, help="Seconds one page may take to clean before it fails with a timeout error; 0: no limit."),
    report_path: Path | None = typer.Option(None, "--report", help="Write the run report (counts, failures by kind, pages/s, bytes) to this JSON file."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Run on a Dask cluster: its scheduler's address, e.g. tcp://scheduler-host:8786."),
    progress: bool | None = typer.Option(None, "--progress/--no-progress", help="A progress bar on stderr. Default: when stderr is a terminal."),
    site_templates: str | None = typer.Option(None, "--site-templates", metavar="FILE|auto", help="Drop blocks that repeat on many pages of a site: a file from `declutter learn`, or auto (learn over these inputs first: one more pass)."),
) -> None:
    """Clean HTML pages or URLs: the article's title, text and metadata, without the clutter.

    INPUT can be a URL; with -, stdin is one HTML page or a list of URLs/paths, one per line.
    """
    if output_format == Format.html:
        if site_templates is not None:
            _reject("--site-templates does not apply to --format html (the explain view of one page, cleaned without templates)")
        _write_explain_view(inputs, url, output, _options(explain=True, max_bytes=max_bytes, filters=tuple(only_filters) if only_filters else None))
    options = _options(
        explain=explain,
        max_bytes=max_bytes,
        include_title_in_text=include_title,
        search_metadata=search_metadata,
        filters=tuple(only_filters) if only_filters else None,
        markdown=output_format == Format.markdown,
    )
    stdin_is, stdin = sniff_stdin(sys.stdin.buffer, stdin_kind.value) if STDIN in inputs else (None, sys.stdin.buffer)
    url_run = stdin_is == "list" or any(is_url(i) for i in inputs)
    local = [i for i in inputs if i != STDIN and not is_url(i)]
    many = len(inputs) > 1 or stdin_is == "list" or any(Path(i).is_dir() or is_warc_path(i) for i in local)
    folder = output is not None and is_folder_output(output, many)
    if scheduler and url_run:
        _reject("--scheduler runs on local files; it cannot fetch URLs (drop --scheduler, or clean pages saved with --save-raw)")
    if url is not None and many:
        _reject("--url names the page of a single input; with many inputs each page's URL comes from its input")
    if save_raw is not None and not url_run:
        _reject("--save-raw keeps fetched pages; no input here is a URL")
    if not url_run and (fetch_flags := _given_fetch_flags(context)):
        _reject(f"{', '.join(fetch_flags)} shape{'s' if len(fetch_flags) == 1 else ''} fetching; no input here is a URL")
    if force and not (folder or (many and output is not None)):
        _reject("--force redoes what an earlier run wrote to -o FOLDER or to a JSONL file of many inputs; this output has nothing to resume")
    if site_templates == "auto" and (url_run or STDIN in inputs):
        _reject("--site-templates auto reads the inputs twice; URLs and stdin are read once (keep fetched pages with --save-raw DIR, then clean DIR --site-templates auto)")
    report = RunReport(jobs=jobs or (os.cpu_count() or 1 if many else 1), scheduler=scheduler)
    if url_run:
        todo: Iterator[Input] = argument_inputs(inputs, stdin_is, stdin)
    else:
        items = iter_items(inputs, stdin, on_skip=report.pass_over)
        todo = (Input(item.source, item=replace(item, url=url) if url is not None else item) for item in items)
    settings = RunSettings(
        options=options,
        # One input: cleaned in this process, sooner than worker processes could start.
        jobs=jobs or (os.cpu_count() or 1 if many else 0),
        ordered=keep_order if url_run else not folder,
        save_raw=save_raw,
        timeout_per_doc=timeout_per_doc or None,
        fetch=FetchOptions(
            concurrency=concurrency, per_host=per_host, host_delay=host_delay, connect_timeout=connect_timeout,
            read_timeout=read_timeout, deadline=deadline, retries=retries, max_bytes=max_fetch_bytes,
            user_agent=user_agent, respect_robots=respect_robots, deny_private=deny_private,
        ) if url_run else None,
    )
    with _command_run(scheduler) as client:
        if site_templates is not None:
            settings = replace(settings, options=replace(options, site_templates=_site_templates(site_templates, inputs, settings, client, url).compiled()))
        try:
            destination = open_output(output, output_format.value, many, force, explain)
        except OSError as error:
            raise DeclutterError(f"cannot write the output: {error.strerror or error}", str(output)) from None
        run = run_job(
            todo, settings, destination, client=client, report=report, summary=many,
            progress=many and (sys.stderr.isatty() if progress is None else progress), report_path=report_path,
        )
    raise typer.Exit(1 if run.any_failed and not ok_on_errors else 0)


def _site_templates(given: str, inputs: list[str], settings: RunSettings, client: Any, url: str | None) -> SiteTemplates:
    """The templates --site-templates names: read from a file, or learned here (auto)."""
    if given != "auto":
        return _read_templates(Path(given))
    items = iter_items(inputs)
    learned = learn_templates((Input(item.source, item=replace(item, url=url) if url else item) for item in items), settings, client=client)
    stderr_line(f"site templates: learned over the inputs, {_templates_summary(learned)}")
    return learned


def _read_templates(path: Path) -> SiteTemplates:
    try:
        return SiteTemplates.from_json(json.loads(path.read_bytes()))
    except OSError as error:
        raise DeclutterError(f"cannot read the site templates: {error.strerror or error}", str(path)) from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise DeclutterError(f"not a site-templates file from `declutter learn` ({error})", str(path)) from None


def _templates_summary(templates: SiteTemplates) -> str:
    learned = [counts for counts in templates.sites.values() if counts.pages >= MIN_PAGES]
    blocks = sum(1 for counts in learned for seen in counts.blocks.values() if seen >= counts.needed())
    return f"{len(templates.sites)} sites, {len(learned)} with {MIN_PAGES}+ pages, {blocks} template blocks"


@app.command(epilog="Examples:\n\n  declutter learn saved/ -o templates.json\n\n  declutter clean new/ -o out.jsonl --site-templates templates.json")
def learn(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="HTML files, folders of them, WARC files, or - for a list of paths/URLs on stdin."),
    output: Path = typer.Option(..., "--output", "-o", help="The site-templates file to write (JSON)."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes. Default: the machine's cores."),
    timeout_per_doc: float = typer.Option(DEFAULT_TIMEOUT_PER_DOC, "--timeout-per-doc", min=0, help="Seconds one page may take before it is left out; 0: no limit."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Learn on a Dask cluster (local files only): its scheduler's address."),
) -> None:
    """Learn each site's template over many pages: the blocks that repeat on most of a site's pages.

    The file it writes is read by `declutter clean --site-templates FILE`, on this machine or
    on every Dask worker. A page's site is its URL's host (the URL it came from, else its
    canonical URL); sites of fewer than 3 pages learn nothing.
    """
    stdin_is, stdin = sniff_stdin(sys.stdin.buffer, "list") if STDIN in inputs else (None, sys.stdin.buffer)
    url_run = stdin_is == "list" or any(is_url(i) for i in inputs)
    if scheduler and url_run:
        _reject("--scheduler runs on local files; it cannot fetch URLs")
    report = RunReport(jobs=jobs or os.cpu_count() or 1, scheduler=scheduler)
    todo: Iterator[Input] = (
        argument_inputs(inputs, stdin_is, stdin) if url_run
        else (Input(item.source, item=item) for item in iter_items(inputs, stdin, on_skip=report.pass_over))
    )
    settings = RunSettings(jobs=jobs or os.cpu_count() or 1, timeout_per_doc=timeout_per_doc or None, fetch=FetchOptions() if url_run else None)
    with _command_run(scheduler) as client:
        templates = learn_templates(todo, settings, client=client, report=report)
        report.finish()
        try:
            write_atomically(output, json.dumps(templates.to_json(), separators=(",", ":")).encode())
        except OSError as error:
            raise DeclutterError(f"cannot write the site templates: {error.strerror or error}", str(output)) from None
    stderr_line(f"{report.summary_line()}; learned {_templates_summary(templates)} -> {output}")
    raise typer.Exit(0)


@app.command(epilog="Examples:\n\n  declutter text dump.txt\n\n  some-extractor page.html | declutter text - --format json")
def text(
    file: str = typer.Argument(STDIN, metavar="[FILE|-]", help="A text dump (one paragraph per line), or - for stdin."),
    output_format: Format = typer.Option(Format.text, "--format", "-f", help="text, markdown, json or jsonl; html: the explain view."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    explain: bool = typer.Option(False, "--explain", help="Report every removed line with the filter that removed it."),
) -> None:
    """Clean an already-extracted text dump: find its title, drop chrome, comments, teasers, filler."""
    options = _options(explain=explain or output_format == Format.html, markdown=output_format == Format.markdown)
    record: dict[str, Any]
    try:
        raw = sys.stdin.buffer.read() if file == STDIN else Path(file).read_bytes()
    except OSError as error:
        record = error_record(file, f"{ErrorKind.NOT_FOUND}: {error.strerror or error}")
    else:
        content = raw.decode("utf-8", errors="replace")
        if content.strip():
            article: Article = clean_text(content, options=options)
            if output_format == Format.html:
                _write_text(render_explain_view(article, file), output)
                raise typer.Exit(0)
            record = {"source": file, **article.to_dict()}
            if options.markdown:
                record["markdown"] = article.markdown
        else:
            record = error_record(file, f"{ErrorKind.EMPTY}: the input is empty")
    if "error" in record:
        stderr_line(f"{file}: {record['error']}")
        if output_format == Format.html:
            raise typer.Exit(1)
    try:
        destination = open_output(output, output_format.value, False, explain=explain)
        destination.write(file, None, record)
        destination.close()
    except OSError as error:
        stderr_line(f"cannot write the output: {error.strerror or error}")
        raise typer.Exit(2) from None
    raise typer.Exit(1 if "error" in record else 0)


def _write_text(text: str, output: Path | None) -> None:
    """Write one document (the explain view) to -o or stdout; a failed write is one line, exit 2."""
    try:
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
    except OSError as error:
        stderr_line(f"cannot write the output: {error.strerror or error}")
        raise typer.Exit(2) from None


def _write_explain_view(inputs: list[str], url: str | None, output: Path | None, options: Options) -> None:
    """--format html: the explain view of one HTML file (or stdin) to -o or stdout; exits."""
    if len(inputs) != 1 or is_url(inputs[0]) or (inputs[0] != STDIN and (Path(inputs[0]).is_dir() or is_warc_path(inputs[0]))):
        _reject("--format html takes one HTML file or - (the explain view of one page)")
    for item in iter_items(inputs, sys.stdin.buffer):
        try:
            article = clean_html(read_item(item, options.max_bytes), url or item.url, content_type=item.content_type, source=item.source, options=options)
        except DeclutterError as error:
            stderr_line(f"{item.source}: {error.record_error()}")
            raise typer.Exit(1) from None
        _write_text(render_explain_view(article, item.source), output)
    raise typer.Exit(0)


@app.command()
def filters() -> None:
    """List the filters, in the order they run."""
    from .core.filters.registry import DOM_FILTERS, TEXT_FILTERS

    for name, function in {**DOM_FILTERS, **TEXT_FILTERS}.items():
        print(f"{name:12} {(function.__doc__ or '').strip().splitlines()[0]}")


def main() -> None:
    app()
