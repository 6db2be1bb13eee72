"""The page's dates, published and modified, in ISO 8601.

`date` and `date_modified` are the page's own timestamp when it gives one (ISO 8601, compact
ISO, RFC 2822, asctime or epoch time in a meta tag or JSON-LD): "2024-03-04T08:00:00+01:00",
with the page's offset, never shifted to UTC ("Z" for epoch times, which have no other); else
the day alone, "2024-03-04" (a date found in the page's text, or written in words).

The meta tags' and JSON-LD's publication date (or the first <time datetime>) when it reads
as a date; else htmldate's search (the library trafilatura uses; maintained), in its fast
mode and on the tree already parsed: the URL, <abbr>, date-like elements, then the text.
Both read through htmldate's own date patterns: RFC 2822 ("Tue, 13 Dec 2016 ..."), compact
ISO ("20200924T15:04:34Z") and dates written in words in the languages they cover ("3. März
2021", "5 juin 2019"), keeping the page's own day of a timestamp with an offset (no shift to
UTC). Epoch seconds or milliseconds and asctime, which htmldate leaves, are read here, and
a day and month written "3. 12. 2021" lose their spaces first.

htmldate's find_date is called step by step, through its own functions in its order, so
that what its search leaves out (media, frames; scripts and styles for its last text
search) is dropped from the page's tree and put back after, rather than from a deep copy
of the whole page, which was a quarter of its cost. A test checks the steps against
find_date, so an htmldate whose find_date changes shows.

htmldate's last resort, dateparser over every locale it knows, is not used: on the four dev
corpora (2,696 pages) it was asked 10 times and read one date, an asctime this module reads
itself, while its first call in a process costs about 2 s (its locales' regexes compiled)
and each later one 20-30 ms. (It read "3. 12. 2021" month first, March 12.)
"""
from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Iterator

from htmldate.core import (
    ALWAYS_TAGS,
    CLASS_CUES,
    FAST_TAGS,
    ID_CLASS_CUES,
    TIMESTAMP_LOOSE_PATTERN,
    TIMESTAMP_PATTERN,
    examine_abbr_elements,
    examine_elements,
    examine_header,
    examine_time_elements,
    is_date_candidate,
    serialize,
)
from htmldate.extractors import (
    DISCARD_EXPRESSIONS,
    extract_url_date,
    idiosyncrasies_search,
    img_search,
    json_search,
    pattern_search,
    try_date_expr,
)
from htmldate.settings import CLEANING_LIST
from htmldate.utils import Extractor, clean_html, remove_if_attached
from htmldate.validators import get_max_date, get_min_date
from lxml.html import HtmlElement

try:  # the walk in C where the core was compiled (core/cwalk); else the Python walk, its twin
    from .cwalk.metadata import Words as _WordsInC
    from .cwalk.metadata import date_candidates as _date_candidates_in_c
except ImportError:
    _date_candidates_in_c = None  # type: ignore[assignment]

_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")  # seconds or milliseconds since 1970
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$")
_COMPACT_ISO = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(Z|[+-]\d{2}:?\d{2})?$")  # 20200924T15:04:34Z
# What the email module reads: RFC 2822 (Tue, 13 Dec 2016 23:50:00 +0100) and asctime (Fri Feb 18 10:27:24 2022).
_MAIL_DATE = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}|^[A-Za-z]{3}\s+[A-Za-z]{3}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s+\d{4}$")
# A day and a month each followed by a dot and a space, as Czech, Slovak, Polish or German
# may write them ("3. 12. 2021"): htmldate's patterns read them without the spaces, day first.
_SPACED_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})\.\s+(\d{1,2})\.\s*(\d{4})(?!\d)")
_OUTPUT = "%Y-%m-%d"
_EARLIEST = datetime(1995, 1, 1)  # htmldate's own default: no web page is older

logging.getLogger("htmldate").setLevel(logging.CRITICAL)  # it logs every page it finds no date on


@lru_cache(maxsize=1)
def _latest_day() -> datetime:
    """The latest day a date may be: today (a process's run does not outlive many days)."""
    return datetime.now()


def _in_range(day: str) -> bool:
    try:
        return _EARLIEST <= datetime.strptime(day[:10], _OUTPUT) <= _latest_day()
    except ValueError:
        return False


def _timestamp(value: str) -> str | None:
    """The ISO 8601 timestamp a machine-written date stands for, keeping its offset."""
    if _ISO.match(value):
        return value.replace(" ", "T", 1)
    compact = _COMPACT_ISO.match(value)
    if compact:
        year, month, day, hour, minute, second, zone = compact.groups()
        return f"{year}-{month}-{day}T{hour}:{minute}:{second}{zone or ''}"
    if _EPOCH.match(value):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    if _MAIL_DATE.match(value):
        try:
            return parsedate_to_datetime(value).isoformat()
        except (TypeError, ValueError):
            return None
    return None


def normalize_date(value: str | None) -> str | None:
    """A date as a page writes it, in ISO 8601: a timestamp ("2019-04-28T23:30:00-07:00",
    "Tue, 13 Dec 2016 23:50 +0100", "1481641200000") as its ISO timestamp, other dates
    ("3. März 2021") as their day; None when it is no date (or one htmldate's own patterns
    do not read: its dateparser fallback is not asked, see the module's docstring)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    timestamp = _timestamp(value)
    if timestamp:
        return timestamp if _in_range(timestamp) else None
    return try_date_expr(_SPACED_DAY_MONTH.sub(r"\1.\2.\3", value), _OUTPUT, False, _EARLIEST, _latest_day())


# What htmldate's is_date_candidate looks for in a class, id or itemprop: "date" or "datum"
# (its "D" folded), its id-or-class cues, its class cues ("footer-info-lastmod", its id cue,
# holds "footer").
_DATE_CUES = re.compile(f"[dD]ate|[dD]atum|{ID_CLASS_CUES.pattern}|{CLASS_CUES.pattern}")
_DATE_TAGS = (*FAST_TAGS, *ALWAYS_TAGS)


def _spelled_out(alternative: str) -> str | None:
    """A cue of htmldate's as one lowercase word ("[Mm]eta" -> "meta"), or None when it is
    more than letters (with their capitals in brackets), digits, "-" and "_"."""
    word = re.sub(r"\[(\w)\w\]", r"\1", alternative)
    capitals = all(a.lower() == b.lower() for a, b in re.findall(r"\[(\w)(\w)\]", alternative))
    return word.lower() if capitals and re.fullmatch(r"[A-Za-z0-9_-]+", word) else None


@lru_cache(maxsize=1)
def _cues_in_c() -> _WordsInC | None:
    """The cues of _DATE_CUES as words for the walk in C, letters compared without case (a
    superset: _DATE_CUES is case-sensitive but for "d" and "M"); None when a cue is no word."""
    words = [_spelled_out(alternative) for alternative in _DATE_CUES.pattern.split("|")]
    return None if None in words else _WordsInC(tuple(dict.fromkeys(word for word in words if word)))


_DATE_TAG_NAMES = tuple(tag.encode() for tag in FAST_TAGS)
_ALWAYS_TAG_NAMES = tuple(tag.encode() for tag in sorted(ALWAYS_TAGS))


def _date_candidates(root: HtmlElement) -> list[HtmlElement]:
    """htmldate's date_candidates(root, extensive_search=False), the same elements in the
    same order: its every <footer> and <small>, and the divs, paragraphs, spans... whose
    class, id or itemprop is a date's (is_date_candidate). is_date_candidate reads all of an
    element's attributes; one search of those three rules out nearly all first, since
    every cue it accepts is in one of them. (A test checks the two agree.) Where compiled,
    the walk is in C and lets through only the elements that may pass that search."""
    search = _DATE_CUES.search
    found: list[HtmlElement] = []
    cues = _cues_in_c() if _date_candidates_in_c is not None else None
    elements = root.iterdescendants(*_DATE_TAGS) if cues is None else _date_candidates_in_c(root, _DATE_TAG_NAMES, _ALWAYS_TAG_NAMES, cues)
    for element in elements:
        if element.tag in ALWAYS_TAGS:
            found.append(element)
        elif (
            ((value := element.get("class")) is not None and search(value))
            or ((value := element.get("id")) is not None and search(value))
            or ((value := element.get("itemprop")) is not None and search(value))
        ) and is_date_candidate(element):
            found.append(element)
    return found


# htmldate's last search, TIMESTAMP_LOOSE_PATTERN over the page's text less its scripts and
# styles, finds nothing on most pages that reach it, and readying that text is most of its
# cost. Its day ("2019-7-08") is digits and hyphens, so it lies within one string of the
# text; each string is in the serialised page as it is, but where a dropped script or
# style joined its tail to the text before it. Neither the day anywhere in the serialised
# page (the lookbehind after the hyphen lets the regex engine skip to hyphens) nor a digit
# or hyphen just before a script or style: nothing to find. (A test checks htmldate's
# pattern still starts with this day.)
_LOOSE_DAY = re.compile(r"-(?<=(?:199|20[0-3])[0-9]-)[0-1]?[0-9]-[0-3]?[0-9]")
_JOINED_AT_DROP = re.compile(r"<s(?<=[0-9-]<s)(?:cript|tyle)")


def _may_hold_loose_day(html: str) -> bool:
    """The text htmldate's last search reads may hold its day: see _LOOSE_DAY."""
    return _LOOSE_DAY.search(html) is not None or _JOINED_AT_DROP.search(html) is not None


@contextmanager
def _put_back(elements: list[HtmlElement]) -> Iterator[None]:
    """Whatever is done inside to `elements` (dropped, removed, their tails joined to a
    neighbour's text: htmldate's pruning) is undone on leaving: in page order, each goes
    back where it was, with its tail and the text before it as they were."""
    places = [(e, e.getparent(), e.getprevious(), e.tail) for e in elements]
    before = [(previous.tail if previous is not None else parent.text) if parent is not None else None for _, parent, previous, _ in places]
    try:
        yield
    finally:
        for (element, parent, previous, tail), text in zip(places, before):
            if parent is None:
                continue  # the tree's root: never dropped
            if previous is None:
                if element.getparent() is not parent or element.getprevious() is not None:
                    parent.insert(0, element)
                parent.text = text
            else:
                if element.getprevious() is not previous:
                    previous.addnext(element)  # (after the previous element's tail)
                previous.tail = text
            element.tail = tail


def _find_date(root: HtmlElement, url: str | None) -> str | None:
    """htmldate's find_date(root, extensive_search=False, original_date=True, url=url, ...),
    step by step through htmldate's own functions, with these differences: the elements its
    search leaves out (media, frames, the Wayback Machine's toolbar; scripts and styles for
    its last text search) are dropped from the page's own tree and put back after it,
    instead of from a deep copy of the whole page (a quarter of its cost); its date-like
    elements are found by _date_candidates, the same ones, cheaper; its last search is not
    run when the serialised page shows it cannot find anything (_may_hold_loose_day)."""
    options = Extractor(False, get_max_date(_latest_day()), get_min_date(_EARLIEST), True, _OUTPUT)
    if url is None:
        canonical = root.find('.//link[@rel="canonical"]')
        url = canonical.get("href") if canonical is not None else None
    found = extract_url_date(url, options) or examine_header(root, options) or json_search(root, options) or examine_abbr_elements(root, options)
    if found is not None:
        return found
    with _put_back(list(root.iter(*CLEANING_LIST))):
        try:
            clean_html(root, CLEANING_LIST)
            unwanted = DISCARD_EXPRESSIONS(root)
        except ValueError:  # (as htmldate: a page its cleaner fails on is searched as it is)
            unwanted = []
        with _put_back(unwanted):
            for element in unwanted:
                remove_if_attached(element)
            found = (
                examine_elements(_date_candidates(root), options)
                or examine_elements(root.xpath(".//title|.//h1"), options)
                or examine_time_elements(root, options)
            )
            if found is not None:
                return found
            html = serialize(root)
            found = pattern_search(html, TIMESTAMP_PATTERN, options) or img_search(root, options) or idiosyncrasies_search(html, options)
            if found is not None or not _may_hold_loose_day(html):
                return found
            with _put_back(list(root.iter("script", "style"))):
                clean_html(root, ["script", "style"])
                return pattern_search(" ".join(root.itertext()), TIMESTAMP_LOOSE_PATTERN, options)


def published_date(root: HtmlElement, url: str | None, meta_value: str | None) -> tuple[str | None, str | None]:
    """When the page was first published: the earlier of htmldate's day (fast mode, original
    date) and the meta tags' publication date, the meta tags' full timestamp when it is
    theirs or on the same day (htmldate reads no epoch times). Returns (date, where it was read:
    "meta" or "htmldate")."""
    declared = normalize_date(meta_value)
    try:
        found = _find_date(root, url)
    except (ValueError, TypeError):  # htmldate on a malformed tree: no date rather than no record
        found = None
    if found is None or (declared and declared[:10] <= found):  # the same day, or one htmldate did not read
        return declared, "meta" if declared else None
    return found, "htmldate"
