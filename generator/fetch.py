"""New entries, step 1: read a paper's record from arXiv, Crossref or a BibTeX file.

Runs only for `python -m generator new`. Takes an arXiv id, a DOI or a BibTeX
file and gives back a `PaperRecord`: title, authors, date of the first public
version, abstract and identifiers, as the source states them, in plain
Unicode with inline math kept as `$...$`. `new.py` turns the record into an
entry file.

Whatever goes wrong (no network, a timeout, an unknown or withdrawn paper, an
answer that cannot be read) raises `FetchError`, whose text is one line for
the contributor: what failed and what to do. The HTTP client is passed in, so
the tests give it recorded responses through `httpx.MockTransport` and every
line of parsing below runs as it does against the real services.
"""

from __future__ import annotations

import html
import logging
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import bibtexparser
import httpx
from bibtexparser import middlewares
from pylatexenc.latex2text import LatexNodes2Text

from generator.validate import ARXIV_NEW, DOI, DOI_DECORATIONS, is_arxiv_id

log = logging.getLogger(__name__)

ARXIV_API = "https://export.arxiv.org/api/query"
CROSSREF_API = "https://api.crossref.org/works/"
TIMEOUT = 20.0  # seconds to connect, and again to wait for each part of the answer
USER_AGENT = (
    "reading-list-generator/0.1 "
    "(+https://github.com/language-and-behavior/reading-list)"
)
ATOM = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
}
ARXIV_PREFIX = re.compile(
    r"^(?:arxiv:\s*|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/)", re.I
)
ARXIV_VERSION = re.compile(r"v\d+$")
ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)  # DataCite DOIs arXiv mints
ARXIV_IN_TEXT = re.compile(
    r"arxiv[:\s]*(?:preprint\s*)?(?:arxiv:)?\s*(\S+?)[,;]?$", re.I
)
WITHDRAWN_COMMENT = re.compile(r"\bwithdrawn?\b|\bwithdrawal\b", re.I)
WITHDRAWN_SUMMARY = re.compile(
    r"^(?:this|the) (?:paper|article|submission|manuscript|preprint|work) "
    r"(?:has been|is|was) withdrawn",
    re.I,
)
MARKUP_TAG = re.compile(r"<[^>]+>")
# Tags that end a paragraph or heading, so the words on either side stay apart.
BLOCK_TAG = re.compile(r"</?(?:jats:)?(?:p|sec|title|list|list-item|br)\b[^>]*>")
JATS_HEADING = re.compile(r"<jats:title>.*?</jats:title>", re.S)
PREPRINT_VENUES = re.compile(r"arxiv|corr\b|preprint", re.I)  # not a venue


class FetchError(Exception):
    """A record could not be had; the message is one line for the contributor."""


@dataclass(frozen=True)
class PaperRecord:
    """What a source says about one paper, ready to become an entry."""

    source: str  # for messages: "arXiv 2403.01823", "Crossref 10.1038/..."
    title: str
    authors: tuple[str, ...]
    published: str  # YYYY-MM-DD, YYYY-MM, YYYY (to complete), or "" (unknown)
    abstract: str = ""  # one paragraph; "" when the source has none
    arxiv: str = ""
    doi: str = ""
    url: str = ""
    venue: str = ""
    notes: tuple[str, ...] = ()  # what the contributor must still check


def open_client(transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """Return the HTTP client `new` uses: a timeout, our User-Agent, redirects."""
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(TIMEOUT),
        headers={"User-Agent": USER_AGENT},
        follow_redirects=True,
    )


# --- identifiers -------------------------------------------------------------


def parse_arxiv_id(text: str) -> str:
    """Return the bare arXiv id in `text`: no prefix, URL or version suffix."""
    bare = ARXIV_PREFIX.sub("", text.strip()).split("?")[0].rstrip("/")
    bare = ARXIV_VERSION.sub("", bare.removesuffix(".pdf"))
    if ARXIV_NEW.match(bare) and is_arxiv_id(bare):
        return bare
    archive, _, number = bare.partition("/")
    old_style = f"{archive.lower()}/{number}"
    if "." in archive:  # a subject class is written in capitals: math.GT
        head, _, subject = archive.partition(".")
        old_style = f"{head.lower()}.{subject.upper()}/{number}"
    if is_arxiv_id(old_style):
        return old_style
    if re.fullmatch(r"\d{7}", bare):
        hint = "an old-style id needs its archive, e.g. hep-th/9901001"
    elif DOI.match(DOI_DECORATIONS.sub("", bare)):
        hint = "this looks like a DOI: use --doi"
    else:
        hint = (
            'write YYMM.NNNNN like "2407.05996", or an old-style id like hep-th/9901001'
        )
    raise FetchError(f'"{text}" is not an arXiv id ({hint})')


def parse_doi(text: str) -> str:
    """Return the bare DOI in `text`: no `doi:` or https://doi.org/ prefix."""
    bare = DOI_DECORATIONS.sub("", text.strip())
    if not DOI.match(bare):
        raise FetchError(
            f'"{text}" is not a DOI '
            '(a DOI starts with "10." and has a slash, e.g. 10.1162/tacl_a_00536)'
        )
    return bare


def arxiv_id_in_doi(doi: str) -> str:
    """Return the arXiv id behind an arXiv DOI (10.48550/arXiv.ID), else ""."""
    match = ARXIV_DOI.match(doi)
    return parse_arxiv_id(match[1]) if match else ""


# --- arXiv -------------------------------------------------------------------


def fetch_arxiv_record(arxiv_id: str, client: httpx.Client) -> PaperRecord:
    """Ask the arXiv API for one paper; return its first-version record."""
    source = f"arXiv {arxiv_id}"
    # The API wants the id without its subject class: math/0211159.
    query = {"id_list": re.sub(r"\.[A-Z]{2}/", "/", arxiv_id), "max_results": "1"}
    entry = _read_arxiv_entry(_get(client, ARXIV_API, query, source), source)
    title = _fold(_text(entry, "atom:title"))
    if entry is None or not title:
        raise FetchError(
            f"{source}: no such paper on arXiv "
            f"(check the id at https://arxiv.org/abs/{arxiv_id})"
        )
    _refuse_withdrawn(entry, source)
    return PaperRecord(
        source=source,
        title=title,
        authors=tuple(
            _fold(_text(author, "atom:name"))
            for author in entry.findall("atom:author", ATOM)
        ),
        published=_text(entry, "atom:published")[:10],
        abstract=_fold(_text(entry, "atom:summary")),
        arxiv=_arxiv_id_from_entry(_text(entry, "atom:id")) or arxiv_id,
        doi=_fold(_text(entry, "arxiv:doi")),
    )


def _read_arxiv_entry(
    response: httpx.Response, source: str
) -> ElementTree.Element | None:
    """Return the feed's entry, None if it has none; raise for a failed answer.

    An id no paper has gets an empty feed (older API versions sent an entry
    without a title); a malformed one gets an entry whose id points into
    /api/errors and whose summary says what was wrong.
    """
    try:
        feed = ElementTree.fromstring(response.content)
    except ElementTree.ParseError as error:
        if response.status_code != 200:
            raise _status_error(response, source) from None
        raise FetchError(
            f"{source}: the arXiv API sent something that is not an "
            f"Atom feed ({error}; try again later)"
        ) from None
    entry = feed.find("atom:entry", ATOM)
    if entry is not None and "/api/errors" in _text(entry, "atom:id"):
        raise FetchError(
            f"{source}: the arXiv API says: {_fold(_text(entry, 'atom:summary'))} "
            "(check the id)"
        )
    if response.status_code != 200:
        raise _status_error(response, source)
    return entry


def _refuse_withdrawn(entry: ElementTree.Element, source: str) -> None:
    """Raise if the latest version is a withdrawal notice."""
    comment = _fold(_text(entry, "arxiv:comment"))
    summary = _fold(_text(entry, "atom:summary"))
    if WITHDRAWN_COMMENT.search(comment) or WITHDRAWN_SUMMARY.match(summary):
        reason = comment or summary
        raise FetchError(
            f'{source}: withdrawn from arXiv ("{_shorten(reason)}") '
            "(a withdrawn paper does not go on the list)"
        )


def _arxiv_id_from_entry(entry_id: str) -> str:
    """Turn http://arxiv.org/abs/hep-th/9711200v3 into hep-th/9711200."""
    match = re.search(r"arxiv\.org/abs/(.+)$", entry_id)
    return ARXIV_VERSION.sub("", match[1]) if match else ""


# --- Crossref ----------------------------------------------------------------


def fetch_crossref_record(doi: str, client: httpx.Client) -> PaperRecord:
    """Ask Crossref for the work with this DOI; return its record."""
    source = f"Crossref {doi}"
    response = _get(client, CROSSREF_API + quote(doi, safe="/()"), None, source)
    if response.status_code == 404:
        raise FetchError(
            f"{source}: Crossref does not know this DOI "
            f"(check it at https://doi.org/{doi}; DOIs of preprints and "
            "data sets may be registered elsewhere: then use --bibtex)"
        )
    if response.status_code != 200:
        raise _status_error(response, source)
    try:
        work = response.json()["message"]
        return _crossref_record(work)
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise FetchError(
            f"{source}: Crossref sent an answer we cannot read "
            f"({type(error).__name__}: {error}; try again later, or "
            "use --bibtex)"
        ) from None


def _crossref_record(work: dict) -> PaperRecord:
    title = " ".join(_strip_markup(part) for part in work.get("title") or [])
    if subtitle := " ".join(_strip_markup(part) for part in work.get("subtitle") or []):
        title = f"{title}: {subtitle}"
    authors = tuple(
        _fold(
            author.get("name")
            or f"{author.get('given', '')} {author.get('family', '')}"
        )
        for author in work.get("author") or []
    )
    venues = [_fold(name) for name in work.get("container-title") or []]
    return PaperRecord(
        source=f"Crossref {work['DOI']}",
        title=_fold(title),
        authors=authors,
        published=_earliest_crossref_date(work),
        abstract=_strip_markup(JATS_HEADING.sub(" ", work.get("abstract") or "")),
        doi=work["DOI"],
        venue=next(
            (venue for venue in venues if not PREPRINT_VENUES.search(venue)), ""
        ),
    )


def _earliest_crossref_date(work: dict) -> str:
    """Return the earliest date Crossref gives, as precise as it was given."""
    dates = []
    for key in ("published-online", "published-print", "posted", "issued", "published"):
        parts = (work.get(key) or {}).get("date-parts") or [[]]
        numbers = [int(number) for number in parts[0] if number is not None]
        if numbers:
            dates.append(numbers[:3])
    if not dates:
        return ""

    def padded(numbers: list[int]) -> list[int]:
        return numbers + [0] * (3 - len(numbers))

    earliest = min(dates, key=padded)
    # [2023] and [2023, 2, 8] are the same date, the second more precise.
    earliest = min(
        (numbers for numbers in dates if numbers[: len(earliest)] == earliest),
        key=lambda numbers: (-len(numbers), padded(numbers)),
    )
    return "-".join(
        f"{number:02d}" if index else str(number)
        for index, number in enumerate(earliest)
    )


# --- BibTeX ------------------------------------------------------------------


def read_bibtex_record(path: Path) -> PaperRecord:
    """Read the one BibTeX entry in `path`; LaTeX markup becomes Unicode."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FetchError(
            f"{path}: no such file (give the path of a .bib file)"
        ) from None
    except (UnicodeDecodeError, OSError) as error:
        raise FetchError(
            f"{path}: cannot be read ({error}; save it as UTF-8)"
        ) from None
    library = _parse_bibtex(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        reason = getattr(block.error, "abort_reason", "") or str(block.error)
        raise FetchError(
            f"{path}:{block.start_line + 1}: BibTeX entry cannot be read: "
            f"{_fold(reason).rstrip('.').lower()} (check its braces and commas)"
        )
    if len(library.entries) != 1:
        keys = ", ".join(entry.key for entry in library.entries) or "none"
        raise FetchError(
            f"{path}: holds {len(library.entries)} BibTeX entries "
            f"({keys}) (put the one paper you want in a file of its own)"
        )
    return _bibtex_record(library.entries[0], path)


def _parse_bibtex(text: str) -> bibtexparser.Library:
    """Parse BibTeX quietly: a failed block is reported once, by the caller."""
    splitter_log = logging.getLogger("bibtexparser")
    level = splitter_log.level
    splitter_log.setLevel(logging.ERROR)
    try:
        # Names are split on the LaTeX source, where braces still group words
        # ({Barnes and Noble}); the decoding step leaves the split names alone.
        return bibtexparser.parse_string(
            text,
            append_middleware=[
                middlewares.SeparateCoAuthors(),
                middlewares.SplitNameParts(),
                middlewares.LatexDecodingMiddleware(),
                middlewares.MonthIntMiddleware(),
            ],
        )
    finally:
        splitter_log.setLevel(level)


def _bibtex_record(entry, path: Path) -> PaperRecord:
    fields = {field.key.lower(): field.value for field in entry.fields}
    source = f"BibTeX entry {entry.key} in {path.name}"
    title = _fold(str(fields.get("title", "")))
    if not title:
        raise FetchError(
            f"{path}:{entry.start_line + 1}: {entry.key}: no title "
            "(add title = {...} to the entry)"
        )
    arxiv = _bibtex_arxiv_id(fields)
    doi = DOI_DECORATIONS.sub("", _fold(str(fields.get("doi", ""))))
    url = _fold(str(fields.get("url", "")))
    venue = _fold(str(fields.get("booktitle") or fields.get("journal") or ""))
    names = [_bibtex_name(parts) for parts in fields.get("author") or []]
    # "and others" is BibTeX for "et al.": the list is cut short, not a name.
    authors = tuple(name for name in names if name.casefold() != "others")
    notes = ()
    if len(authors) < len(names):
        notes = ("the BibTeX entry ends its authors with \"and others\": "
                 "add the missing authors from the paper",)
    return PaperRecord(
        source=source,
        notes=notes,
        title=title,
        authors=authors,
        published=_bibtex_date(fields, arxiv),
        abstract=_fold(str(fields.get("abstract", ""))),
        arxiv=arxiv,
        doi=doi if DOI.match(doi) and not ARXIV_DOI.match(doi) else "",
        url=url if not arxiv and url.startswith(("https://", "http://")) else "",
        venue="" if PREPRINT_VENUES.search(venue) else venue,
    )


def _bibtex_arxiv_id(fields: dict) -> str:
    """Find an arXiv id: eprint, an arXiv DOI, URL or "arXiv preprint" journal."""
    candidates = []
    if str(fields.get("eprint", "")).strip():
        prefix = str(fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv")
        if prefix.strip().lower() == "arxiv":
            candidates.append(str(fields["eprint"]))
    if match := ARXIV_DOI.match(DOI_DECORATIONS.sub("", str(fields.get("doi", "")))):
        candidates.append(match[1])
    if re.search(r"arxiv\.org/(?:abs|pdf)/", str(fields.get("url", ""))):
        candidates.append(str(fields["url"]))
    for name in ("journal", "note", "howpublished"):
        if match := ARXIV_IN_TEXT.search(_fold(str(fields.get(name, "")))):
            candidates.append(match[1])
    for candidate in candidates:
        try:
            return parse_arxiv_id(candidate)
        except FetchError:
            continue
    return ""


def _bibtex_date(fields: dict, arxiv: str) -> str:
    """Return the first-version date: a biblatex date, the arXiv month, or year+month.

    A new-style arXiv id encodes the month of its first version; a BibTeX
    year is often the later year of the proceedings.
    """
    date = _fold(str(fields.get("date", "")))
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", date):
        if (
            not arxiv
            or not ARXIV_NEW.match(arxiv)
            or date[2:4] + date[5:7] == arxiv[:4]
        ):
            return date
    if arxiv and (match := ARXIV_NEW.match(arxiv)):
        return f"20{match[1]}-{match[2]}"
    year = _fold(str(fields.get("year", "")))
    if not re.fullmatch(r"\d{4}", year):
        return ""
    month = fields.get("month")
    return (
        f"{year}-{month:02d}" if isinstance(month, int) and 1 <= month <= 12 else year
    )


def _bibtex_name(parts) -> str:
    """Join BibTeX name parts first-name first, and decode their LaTeX."""
    decoder = LatexNodes2Text(math_mode="verbatim")
    words = [*parts.first, *parts.von, *parts.last]
    name = _fold(decoder.latex_to_text(" ".join(words)))
    if parts.jr:
        name += ", " + _fold(decoder.latex_to_text(" ".join(parts.jr)))
    return name


# --- helpers -----------------------------------------------------------------


def _get(
    client: httpx.Client, url: str, params: dict | None, source: str
) -> httpx.Response:
    """GET `url`; turn network failures into one-line FetchErrors."""
    host = httpx.URL(url).host
    try:
        response = client.get(url, params=params)
    except httpx.TimeoutException:
        raise FetchError(
            f"{source}: {host} did not answer within {TIMEOUT:g} s "
            "(try again later, or write the entry with --blank)"
        ) from None
    except httpx.TransportError as error:
        raise FetchError(
            f"{source}: cannot reach {host} ({_fold(str(error)) or 'no network'}; "
            "check your connection, or write the entry with --blank)"
        ) from None
    log.debug(
        "GET %s: HTTP %d, %d bytes",
        response.url,
        response.status_code,
        len(response.content),
    )
    return response


def _status_error(response: httpx.Response, source: str) -> FetchError:
    service = httpx.URL(str(response.url)).host
    advice = (
        "wait a minute and try again"
        if response.status_code in (429, 500, 502, 503, 504)
        else "check the identifier, or write the entry with --blank"
    )
    return FetchError(
        f"{source}: {service} answered HTTP {response.status_code} "
        f"{response.reason_phrase} ({advice})"
    )


def _text(element: ElementTree.Element | None, path: str) -> str:
    found = element.find(path, ATOM) if element is not None else None
    return (found.text or "") if found is not None else ""


def _fold(text: str) -> str:
    """Fold runs of whitespace, line breaks included, into single spaces."""
    return " ".join(text.split())


def _strip_markup(text: str) -> str:
    """Turn Crossref's JATS or HTML markup into plain one-line text."""
    return _fold(html.unescape(MARKUP_TAG.sub("", BLOCK_TAG.sub(" ", text))))


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
