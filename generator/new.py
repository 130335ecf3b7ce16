"""New entries, step 2: write `papers/<slug>.md` for a paper not yet on the list.

Runs for `python -m generator new` (and `make new ARXIV=...`). Takes one
source, an arXiv id, a DOI, a BibTeX file or nothing at all (`--blank`), and
gives back a `NewEntryReport` telling the contributor what was written and
what is left to do. The paper's record comes from `fetch.py`.

Steps: refuse a paper the list already has (same arXiv id or DOI) and name
its entry; choose a file name from the title that no entry uses; write the
entry, with `added` set to today and `topics` left empty for the
contributor; then check the new file with the validator, so the report shows
every problem left in it (normally only the empty topics).

Nothing is written when anything fails before the last step: the error is a
`NewEntryError` whose text is one line for the contributor.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml
from slugify import slugify

from generator import fetch
from generator.build import PAPERS_DIR, today_utc
from generator.errors import EntryProblem
from generator.load import TOPICS_FILE, list_entry_files, read_entry, read_topics_file
from generator.model import Topic
from generator.validate import SLUG, arxiv_key, validate_entry, validate_topics

log = logging.getLogger(__name__)

MAX_SLUG_LENGTH = 50  # characters; the slug is the paper's permanent web address
BLANK_SLUG = "new-paper"  # file name of a blank entry when no --slug is given
EMPTY_TOPICS = "topics: []"


class NewEntryError(Exception):
    """No entry was written; the message is one line for the contributor."""


@dataclass(frozen=True)
class NewEntryReport:
    """What `new` wrote and what the contributor still has to do."""

    path: str  # relative to the repository root, e.g. "papers/rt-h.md"
    source: str  # "arXiv 2403.01823", "a blank template", ...
    topics_line: int
    topics: list[Topic]
    problems: list[EntryProblem] = field(default_factory=list)  # left in the file
    notes: list[str] = field(default_factory=list)  # warnings found before writing

    def __str__(self) -> str:
        lines = [f"Wrote {self.path} from {self.source}"]
        lines += [f"warning: {note}" for note in self.notes]
        others = [p for p in self.problems if p.field != "topics"]
        if others:
            lines.append("Fix these in the file before you open a pull request:")
            lines += [f"  {problem.format()}" for problem in others]
        width = max((len(topic.slug) for topic in self.topics), default=0)
        lines.append(
            f"Choose its topics: on line {self.topics_line}, replace "
            f"`{EMPTY_TOPICS}` with one or more of these slugs,"
        )
        lines.append('one per line as "  - slug":')
        lines += [f"  {topic.slug:<{width}}  {topic.name}" for topic in self.topics]
        lines.append(
            "Then check the list with `make validate` and preview it with `make serve`."
        )
        return "\n".join(lines)


@dataclass(frozen=True)
class _ListedPaper:
    """What identifies a paper already on the list."""

    path: str
    arxiv: str  # arxiv_key form, or ""
    doi: str  # lower case, or ""
    title: str  # folded for comparison, or ""


def create_entry(
    root: Path,
    arxiv: str | None = None,
    doi: str | None = None,
    bibtex: Path | None = None,
    blank: bool = False,
    slug: str | None = None,
    client: httpx.Client | None = None,
) -> NewEntryReport:
    """Write one new entry from exactly one source; raise NewEntryError if not."""
    _check_arguments(arxiv, doi, bibtex, blank, slug)
    topics = _read_topics(root)
    listed = _read_listed_papers(root)
    today = today_utc()

    if blank:
        text, source, notes = render_blank_entry(today), "a blank template", []
        path = _choose_path(root, slug or BLANK_SLUG, explicit=slug is not None)
    else:
        record = _fetch_record(arxiv, doi, bibtex, listed, client)
        _refuse_duplicate(record.arxiv, record.doi, listed)
        notes = [*record.notes, *_similar_titles(record.title, listed)]
        text, source = render_entry(record, today), record.source
        path = _choose_path(
            root, slug or slug_for_title(record.title), explicit=slug is not None
        )

    _write_new_file(path, text)
    display_path = path.relative_to(root).as_posix()
    return NewEntryReport(
        path=display_path,
        source=source,
        topics_line=_line_of(text, EMPTY_TOPICS),
        topics=topics,
        problems=_problems_in(path, display_path, topics, today),
        notes=notes,
    )


def _check_arguments(arxiv, doi, bibtex, blank, slug) -> None:
    """Refuse no source, two sources, or a --slug that is not a slug."""
    sources = {"an arXiv id": arxiv, "--doi": doi, "--bibtex": bibtex, "--blank": blank}
    chosen = [name for name, given in sources.items() if given]
    if len(chosen) != 1:
        got = f" (got {' and '.join(chosen)})" if chosen else ""
        raise NewEntryError(
            f"give exactly one source{got} (e.g. `new 2407.05996`, "
            "`new --doi 10.1162/tacl_a_00536`, `new --bibtex paper.bib` "
            "or `new --blank`)"
        )
    if slug is not None and not SLUG.match(slug):
        raise NewEntryError(
            f'--slug "{slug}" is not a lowercase slug '
            f'(use letters, digits and hyphens, e.g. "{slugify(slug) or "paper"}")'
        )


def slug_for_title(title: str) -> str:
    """Return a short lowercase ASCII slug of a title, at most 50 characters."""
    words = re.sub(r"(?<!\\)\$[^$]*\$", " ", title)  # formulas make poor addresses
    return (
        slugify(words, max_length=MAX_SLUG_LENGTH, word_boundary=True, save_order=True)
        or "paper"
    )


# --- rendering ---------------------------------------------------------------


def render_entry(record: fetch.PaperRecord, today: dt.date) -> str:
    """Return the text of a Markdown entry for `record`, topics left empty."""
    lines = ["---", f"title: {_quoted(record.title)}", "authors:"]
    lines += [f"  - {_scalar(name)}" for name in record.authors] or ['  - ""']
    lines.append(f"published: {_published_value(record.published)}")
    lines.append(f"added: {today.isoformat()}")
    lines.append(f"{EMPTY_TOPICS}  # one or more slugs from papers/topics.yml")
    if record.arxiv:
        lines.append(f"arxiv: {_quoted(record.arxiv)}")
    if record.doi:
        lines.append(f"doi: {_quoted(record.doi)}")
    if record.url:
        lines.append(f"url: {record.url}")
    if not (record.arxiv or record.doi or record.url):
        lines.append(
            'url: ""  # where readers find the paper (https://...), '
            "or an arxiv or doi field"
        )
    if record.venue:
        lines.append(f"venue: {_quoted(record.venue)}")
    lines += ["---", "", record.abstract] if record.abstract else ["---", ""]
    return "\n".join(lines) + "\n"


def render_blank_entry(today: dt.date) -> str:
    """Return a commented template for a paper with no record online."""
    return f"""\
---
# A new entry to fill in by hand; the fields are explained in CONTRIBUTING.md.
# Replace every "" and [], delete these comments, then run `make validate`.
title: ""  # as printed on the paper
authors:  # one per line, in paper order, in plain Unicode (no LaTeX)
  - ""
published: ""  # first public version: YYYY-MM-DD, or YYYY-MM
added: {today.isoformat()}  # the day the paper joins the list: today
{EMPTY_TOPICS}  # one or more slugs from papers/topics.yml
# At least one identifier; delete the lines the paper has no value for.
arxiv: ""  # e.g. "2407.05996", no version suffix
doi: ""  # e.g. "10.1162/tacl_a_00536"
url: ""  # a stable https:// address of the paper
# venue: "NeurIPS 2023"
# links:
#   code: https://github.com/...
#   project: https://...
# The abstract goes below the closing --- as one paragraph; keep math as $...$.
---
"""


def _quoted(text: str) -> str:
    """Write text as a YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _scalar(text: str) -> str:
    """Write text plain when YAML reads it back unchanged, else quoted."""
    try:
        if yaml.safe_load(f"key: {text}") == {"key": text} and " #" not in text:
            return text
    except yaml.YAMLError:
        pass
    return _quoted(text)


def _published_value(published: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", published):
        return published
    if re.fullmatch(r"\d{4}", published):
        return f"{published}  # only the year is known: add the month, YYYY-MM"
    return '""  # the first public version: YYYY-MM-DD, or YYYY-MM'


def _line_of(text: str, start: str) -> int:
    lines = text.split("\n")
    return next(index for index, line in enumerate(lines, 1) if line.startswith(start))


# --- the list as it is -------------------------------------------------------


def _read_topics(root: Path) -> list[Topic]:
    path = root / PAPERS_DIR / TOPICS_FILE
    if not path.exists():
        raise NewEntryError(
            f"{PAPERS_DIR}/{TOPICS_FILE}: file is missing "
            "(run `new` from the repository root, or pass --root)"
        )
    topics, _ = validate_topics(read_topics_file(path, f"{PAPERS_DIR}/{TOPICS_FILE}"))
    return topics


def _read_listed_papers(root: Path) -> list[_ListedPaper]:
    """Read the identifiers of every entry, even one with other problems."""
    listed = []
    for path in list_entry_files(root / PAPERS_DIR):
        raw = read_entry(path, path.relative_to(root).as_posix())
        arxiv = _source_text(raw, "arxiv")
        try:
            arxiv = arxiv and fetch.parse_arxiv_id(arxiv)
        except fetch.FetchError:
            pass  # the validator reports it; compare it as written
        listed.append(
            _ListedPaper(
                path=raw.display_path,
                arxiv=arxiv_key(arxiv) if arxiv else "",
                doi=fetch.DOI_DECORATIONS.sub("", _source_text(raw, "doi")).lower(),
                title=_title_key(_source_text(raw, "title")),
            )
        )
    return listed


def _source_text(raw, name: str) -> str:
    """Return a field as written: YAML reads 2501.01230 as a number."""
    scalar = raw.scalars.get((name,))
    return scalar.raw.strip() if scalar else ""


def _title_key(title: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKD", title).casefold())


def _fetch_record(arxiv, doi, bibtex, listed, client) -> fetch.PaperRecord:
    """Parse the identifier, refuse a known paper, then fetch its record."""
    try:
        if bibtex:
            return fetch.read_bibtex_record(Path(bibtex))
        if doi:
            doi = fetch.parse_doi(doi)
            # arXiv's own DOIs are registered with DataCite, not Crossref.
            arxiv = fetch.arxiv_id_in_doi(doi)
            if not arxiv:
                _refuse_duplicate("", doi, listed)
                with _session(client) as session:
                    return fetch.fetch_crossref_record(doi, session)
        arxiv = fetch.parse_arxiv_id(arxiv)
        _refuse_duplicate(arxiv, "", listed)
        with _session(client) as session:
            return fetch.fetch_arxiv_record(arxiv, session)
    except fetch.FetchError as error:
        raise NewEntryError(str(error)) from None


def _session(client: httpx.Client | None):
    """Use the caller's client as it is, or open (and later close) our own."""
    return contextlib.nullcontext(client) if client else fetch.open_client()


def _refuse_duplicate(arxiv: str, doi: str, listed: list[_ListedPaper]) -> None:
    for paper in listed:
        if arxiv and paper.arxiv == arxiv_key(arxiv):
            raise NewEntryError(
                f"{paper.path}: arxiv: the list already has arXiv "
                f"{arxiv} (edit that entry instead)"
            )
        if doi and paper.doi == doi.lower():
            raise NewEntryError(
                f"{paper.path}: doi: the list already has DOI "
                f"{doi} (edit that entry instead)"
            )


def _similar_titles(title: str, listed: list[_ListedPaper]) -> list[str]:
    key = _title_key(title)
    return [
        f"{paper.path} has the same title; if it is the same paper, delete the "
        "new file and add the identifier to that entry"
        for paper in listed
        if key and paper.title == key
    ]


# --- writing -----------------------------------------------------------------


def _choose_path(root: Path, slug: str, explicit: bool) -> Path:
    """Return papers/<slug>.md, numbered -2, -3... if an entry has that address."""
    papers_dir = root / PAPERS_DIR
    taken = {path.stem.lower(): path for path in list_entry_files(papers_dir)}
    if explicit and slug in taken:
        raise NewEntryError(
            f"{taken[slug].relative_to(root).as_posix()}: already "
            "exists (choose another --slug)"
        )
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return papers_dir / f"{candidate}.md"


def _write_new_file(path: Path, text: str) -> None:
    """Create the file; never overwrite one that appeared in the meantime."""
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise NewEntryError(f"{path.name}: already exists (run `new` again)") from None
    log.info("Wrote %s", path)


def _problems_in(
    path: Path, display_path: str, topics: list[Topic], today: dt.date
) -> list[EntryProblem]:
    """Check the new file as the build will; return what is left to fix."""
    raw = read_entry(path, display_path)
    _, problems = validate_entry(raw, {topic.slug: topic for topic in topics}, today)
    return sorted(problems)
