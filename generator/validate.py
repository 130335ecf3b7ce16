"""Pipeline step 2: check raw entries and turn them into papers.

Takes the `RawEntry` documents that `load.py` read (entries and topics.yml)
and gives back a `ReadingList` plus every problem found, errors and warnings,
each naming file, line and field with a hint. Types and limits come from the
JSON Schema in `schema.py`; this module adds what a schema cannot say: real
dates, identifier syntax, known topics, safe links, and checks across the
whole list (the same paper twice, two entries with one address).
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import html
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from slugify import slugify

from generator.errors import ERROR, WARNING, EntryProblem
from generator.load import NOTES_HEADING, RawEntry, describe_scalar, dotted_key
from generator.model import Paper, PublicationDate, ReadingList, Topic
from generator.schema import (
    ENTRY_SCHEMA,
    LINK_KINDS,
    MAX_ABSTRACT_LENGTH,
    TOPIC_SCHEMA,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\Z", re.ASCII)
TIMED_DAY = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[Tt]|[ \t]+)\d"
)  # as YAML timestamps allow
MONTH = re.compile(r"^(\d{4})-(\d{2})\Z", re.ASCII)
# New-style ids: YYMM.NNNN until December 2014, YYMM.NNNNN from January 2015.
ARXIV_NEW = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})\Z")
# Old-style ids: archive, optional subject class, slash, YYMMNNN.
ARXIV_OLD = re.compile(r"^([a-z]+(?:-[a-z]+)*)(\.[A-Z]{2})?/(\d{2})(\d{2})(\d{3})\Z")
ARXIV_DECORATIONS = re.compile(
    r"^(?:arxiv:\s*|https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/)?(.+?)(?:v\d+)?(?:\.pdf)?$",
    re.IGNORECASE,
)
DOI = re.compile(r"^10\.\d{4,9}/[^\s{}<>\"]+\Z")  # braces would break BibTeX
DOI_DECORATIONS = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
LATEX_ACCENT = re.compile(r"\{?\\[`'^\"~=.uvHckbdrt]\s*\{?[A-Za-z]\}?\}?|\\[a-zA-Z]+\{")
MARKDOWN_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
HTML_URL_ATTRIBUTE = re.compile(r"""(?:href|src)\s*=\s*["']?\s*([^"'\s>]*)""", re.I)
RAW_HTML_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)[^>]*>")  # opening tags
MARKDOWN_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)", re.M)
SAFE_BODY_SCHEMES = ("http", "https", "mailto")
FUTURE_SLACK = dt.timedelta(days=1)  # a contributor east of UTC is already tomorrow
DATE_FIELDS = ("published", "added")
TEXT_FIELDS = ("title", "venue")


def validate_topics(raw: RawEntry) -> tuple[list[Topic], list[EntryProblem]]:
    """Check topics.yml: slug keys, each with a name and a description."""
    problems = list(raw.problems)
    topics = []
    for slug, definition in raw.data.items():
        line = raw.line_of((slug,))
        if not SLUG.match(slug):
            problems.append(
                _error(
                    raw,
                    line,
                    slug,
                    f'topic "{slug}" is not a lowercase slug',
                    "use letters, digits and hyphens, e.g. "
                    f'"{slugify(slug) or "topic"}"',
                )
            )
            continue
        if slug in RESERVED_NAMES:
            problems.append(_error(raw, line, slug, f'topic "{slug}" is reserved for '
                                   "the topics page", "choose another slug"))
            continue
        errors = list(
            jsonschema.Draft202012Validator(TOPIC_SCHEMA).iter_errors(definition)
        )
        for error in errors:
            problems.append(_schema_problem(raw, error, (slug,)))
        if not errors:
            topics.append(
                Topic(
                    slug,
                    _one_line(definition["name"]),
                    definition["description"].strip(),
                )
            )
    for index, problem in enumerate(problems):
        if problem.message.startswith("duplicate key"):
            problems[index] = EntryProblem(
                problem.path,
                problem.line,
                0,
                problem.field,
                problem.message.replace("duplicate key", "duplicate topic"),
                problem.hint,
                problem.severity,
            )
    return topics, problems


def validate_entry(
    raw: RawEntry, topics: dict[str, Topic], today: dt.date
) -> tuple[Paper | None, list[EntryProblem]]:
    """Check one entry; return its paper (None if it has errors) and problems."""
    problems = list(raw.problems)
    if not raw.data and problems:
        return None, problems
    data = _with_source_text(raw)
    if raw.body is not None:
        abstract, notes = _split_body(raw.body)
        if "abstract" in data:
            problems.append(
                _error(
                    raw,
                    raw.line_of(("abstract",)),
                    "abstract",
                    "a .md entry keeps its abstract in the body",
                    "move it below the closing ---",
                )
            )
    else:
        abstract = _one_paragraph_block(data.get("abstract"))
        notes = data.get("notes") if isinstance(data.get("notes"), str) else ""

    schema_errors = list(
        jsonschema.Draft202012Validator(ENTRY_SCHEMA).iter_errors(data)
    )
    problems += [_schema_problem(raw, error, ()) for error in schema_errors]
    bad_fields = {
        error.absolute_path[0] for error in schema_errors if error.absolute_path
    }

    problems += _check_file_name(raw)
    problems += _check_text_fields(raw, data, bad_fields)
    dates = {name: _check_date(raw, data, name, today) for name in DATE_FIELDS}
    problems += [problem for _, found in dates.values() for problem in found]
    problems += _check_date_order(raw, dates["published"][0], dates["added"][0])
    problems += _check_topics(raw, data, topics, bad_fields)
    problems += _check_identifiers(raw, data, bad_fields)
    problems += _check_links(raw, data, bad_fields)
    problems += _check_body(raw, abstract, notes)

    if any(problem.is_error for problem in problems):
        return None, problems
    paper = Paper(
        slug=raw.path.stem,
        source=raw.display_path,
        title=_one_line(data["title"]),
        authors=tuple(_one_line(author) for author in data["authors"]),
        published=dates["published"][0],
        added=dates["added"][0].day,
        topics=tuple(dict.fromkeys(data["topics"])),
        abstract=abstract,
        arxiv=data.get("arxiv", ""),
        doi=data.get("doi", ""),
        url=data.get("url", "").strip(),
        venue=_one_line(data.get("venue", "")),
        links=tuple(
            (kind, data["links"][kind].strip())
            for kind in LINK_KINDS
            if kind in data.get("links", {})
        ),
        notes=notes,
    )
    return paper, problems


def validate_reading_list(
    entries: list[RawEntry], topics_raw: RawEntry, today: dt.date
) -> tuple[ReadingList, list[EntryProblem]]:
    """Check every entry and the list as a whole; collect every problem."""
    topics, problems = validate_topics(topics_raw)
    topics_by_slug = {topic.slug: topic for topic in topics}
    papers = []
    for raw in entries:
        paper, found = validate_entry(raw, topics_by_slug, today)
        problems += found
        if paper:
            papers.append(paper)
    problems += _check_list(entries, papers, topics_raw, topics)
    return ReadingList(papers, topics), sorted(problems)


# --- field checks ------------------------------------------------------------


def _with_source_text(raw: RawEntry) -> dict[str, Any]:
    """Copy the data, reading dates and arXiv ids from the text as written.

    YAML turns `arxiv: 2501.01230` into the float 2501.0123 and `2024` into
    an int; these fields are identifiers and dates, so their source text is
    what the contributor meant.
    """
    data = dict(raw.data)
    for name in DATE_FIELDS + ("arxiv",):
        scalar = raw.scalars.get((name,))
        if scalar and scalar.tag in ("int", "float", "timestamp"):
            data[name] = scalar.raw
    return data


RESERVED_NAMES = ("index",)  # the generator's own pages use these addresses


def _check_file_name(raw: RawEntry) -> list[EntryProblem]:
    stem = raw.path.stem
    if stem in RESERVED_NAMES:
        return [_error(raw, 0, "", f'file name "{raw.path.name}" is reserved for a page '
                       "of the site", "name the file after the paper's title")]
    if SLUG.match(stem):
        return []
    suggestion = slugify(stem) or "short-title"
    return [
        _error(
            raw,
            0,
            "",
            f'file name "{raw.path.name}" is not a lowercase ASCII slug',
            f"rename it to {suggestion}{raw.path.suffix.lower()}; "
            "the name is the paper's web address",
        )
    ]


def _check_text_fields(
    raw: RawEntry, data: dict, bad_fields: set
) -> list[EntryProblem]:
    problems = []
    for name in TEXT_FIELDS:
        value = data.get(name)
        if name in bad_fields or not isinstance(value, str):
            continue
        if not value.strip():
            problems.append(
                _error(
                    raw, raw.line_of((name,)), name, "empty", _fill_hint((name,), ())
                )
            )
        elif raw.scalars.get((name,)) and raw.scalars[(name,)].ends_before_comment:
            problems.append(
                _error(
                    raw,
                    raw.line_of((name,)),
                    name,
                    'text after " #" was read as a YAML comment',
                    f"put the {name} in double quotes",
                )
            )
        elif not _braces_balance(value):
            problems.append(
                _error(
                    raw,
                    raw.line_of((name,)),
                    name,
                    "unbalanced braces",
                    "every { needs a matching }",
                )
            )
        problems += _check_html_in_text(raw, (name,), value)
    authors = data.get("authors")
    if "authors" in bad_fields or not isinstance(authors, list):
        return problems
    for index, author in enumerate(authors):
        if not isinstance(author, str):
            continue
        key = ("authors", index)
        problems += _check_html_in_text(raw, key, author)
        if not author.strip():
            problems.append(
                _error(
                    raw,
                    raw.line_of(key),
                    dotted_key(key),
                    "empty name",
                    "remove the empty item",
                )
            )
        elif _joins_lines(raw.scalars.get(key)):
            problems.append(
                _error(
                    raw,
                    raw.line_of(key),
                    dotted_key(key),
                    f'"{_clip(author, 40)}" runs on into line {raw.scalars[key].end_line}, '
                    "so YAML read two lines as one name",
                    'line up every "- " of the list under the first one',
                )
            )
        elif match := LATEX_ACCENT.search(author):
            problems.append(
                _error(
                    raw,
                    raw.line_of(key),
                    dotted_key(key),
                    f"LaTeX markup {match.group()}",
                    f"write the name in plain Unicode, e.g. {_latex_to_text(author)}",
                )
            )
        elif "{" in author or "}" in author:
            problems.append(
                _error(
                    raw,
                    raw.line_of(key),
                    dotted_key(key),
                    "braces are BibTeX markup",
                    "write the name without braces",
                )
            )
    return problems


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def _joins_lines(scalar) -> bool:
    """Whether a plain (unquoted) value was folded from several lines."""
    return bool(scalar and not scalar.quoted and scalar.end_line > scalar.line)


def _check_html_in_text(raw: RawEntry, key, text: str) -> list[EntryProblem]:
    """Warn about HTML tags in one-line text: pages show them as typed."""
    return [
        EntryProblem(
            raw.display_path,
            raw.line_of(key),
            0,
            dotted_key(key),
            f"raw HTML <{tag.lower()}> is shown as text",
            "write plain text",
            WARNING,
        )
        for tag in dict.fromkeys(RAW_HTML_TAG.findall(text))
    ]


def _check_date(
    raw: RawEntry, data: dict, name: str, today: dt.date
) -> tuple[PublicationDate | None, list[EntryProblem]]:
    value = data.get(name)
    if not isinstance(value, str):
        return None, []
    line = raw.line_of((name,))
    text = value.strip()
    month_allowed = name == "published"
    form = "YYYY-MM-DD or YYYY-MM" if month_allowed else "YYYY-MM-DD"

    def fail(message: str, hint: str):
        return None, [_error(raw, line, name, message, hint)]

    if TIMED_DAY.match(text):
        return fail(
            f'"{text}" has a time part, which is not allowed',
            f"write the day only, as {text[:10]}"
            if _is_real_day(text[:10])
            else f"write the day only, as {form}",
        )
    day, month = DAY.match(text), MONTH.match(text)
    if month and not month_allowed:
        return fail(f'"{text}" has no day', f"{name} needs the day as well: YYYY-MM-DD")
    if not day and not (month_allowed and month):
        loose = re.match(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$", text)
        if loose and (loose.group(3) or month_allowed):
            padded = "-".join(part.zfill(2) for part in loose.groups() if part)
            return fail(f'"{text}" is not {form}', f"write {padded}")
        return fail(f'"{text}" is not a date', f"write it as {form}")
    year, month_number = int(text[:4]), int(text[5:7])
    if not 1 <= month_number <= 12:
        day_number = int(text[8:10]) if day else 0
        if 1 <= day_number <= 12 and 13 <= month_number <= 31:
            return fail(
                f"month {month_number} (is it YYYY-DD-MM?)",
                f"write {year}-{day_number:02d}-{month_number:02d}",
            )
        return fail(f"month {month_number} does not exist", f"write it as {form}")
    if year < 1:
        return fail(f"{text} is not a real date", "years start at 0001")
    if day:
        try:
            date = PublicationDate(dt.date(year, month_number, int(text[8:10])))
        except ValueError:
            return fail(
                f"{text} is not a real date",
                f"{dt.date(year, month_number, 1):%B %Y} has "
                f"{_days_in_month(year, month_number)} days",
            )
    else:
        date = PublicationDate(dt.date(year, month_number, 1), has_day=False)
    if date.day > today + FUTURE_SLACK:
        return fail(f"{text} is in the future", f"use a date up to {today.isoformat()}")
    return date, []


def _check_date_order(raw, published, added) -> list[EntryProblem]:
    if not published or not added or added.day >= published.day:
        return []
    return [
        _error(
            raw,
            raw.line_of(("added",)),
            "added",
            f"{added.iso()} is before published {published.iso()}",
            "added is the day the paper joined this list; check both dates",
        )
    ]


def _check_topics(
    raw, data, topics: dict[str, Topic], bad_fields
) -> list[EntryProblem]:
    if "topics" in bad_fields or not isinstance(data.get("topics"), list):
        return []
    problems = []
    seen = set()
    for index, slug in enumerate(data["topics"]):
        key = ("topics", index)
        line = raw.line_of(key)
        scalar = raw.scalars.get(key)
        if not isinstance(slug, str):
            problems.append(
                _error(
                    raw,
                    line,
                    "topics",
                    f"entry became {describe_scalar(slug, scalar)}",
                    "quote it",
                )
            )
        elif slug in seen:
            problems.append(
                _error(
                    raw,
                    line,
                    "topics",
                    f'"{slug}" is listed twice',
                    "remove the repeat",
                )
            )
        elif slug not in topics:
            close = difflib.get_close_matches(slug.lower(), topics, n=1, cutoff=0.5)
            hint = (
                f'did you mean "{close[0]}"?'
                if close
                else "choose from papers/topics.yml or define the topic there"
            )
            found = _non_ascii(slug)
            message = f'unknown topic "{slug}"'
            if found:
                message += f"; it contains {found}"
            problems.append(_error(raw, line, "topics", message, hint))
        seen.add(slug)
    return problems


def _check_identifiers(raw, data, bad_fields) -> list[EntryProblem]:
    problems = []
    for name in ("arxiv", "doi", "url"):
        value = data.get(name)
        if name in bad_fields or not isinstance(value, str):
            continue
        line = raw.line_of((name,))
        if found := _non_ascii(value):
            problems.append(
                _error(
                    raw,
                    line,
                    name,
                    f"contains {found}",
                    "retype the identifier in plain ASCII",
                )
            )
        elif name == "arxiv" and (message := _arxiv_problem(value)):
            problems.append(_error(raw, line, name, *message))
        elif name == "arxiv" and isinstance(raw.data.get(name), (int, float)):
            problems.append(
                EntryProblem(
                    raw.display_path,
                    line,
                    0,
                    name,
                    f"written without quotes, so YAML reads it as the number "
                    f"{raw.data[name]!r}",
                    f'write "{value}" in quotes; python -m generator fmt does it',
                    WARNING,
                )
            )
        elif name == "doi" and (message := _doi_problem(value)):
            problems.append(_error(raw, line, name, *message))
        elif name == "url" and not is_web_url(value):
            problems.append(
                _error(
                    raw,
                    line,
                    name,
                    "only http(s) URLs are allowed",
                    "write a link starting with https://",
                )
            )
    return problems


def _arxiv_problem(value: str) -> tuple[str, str] | None:
    """Return (message, hint) when `value` is not a bare arXiv identifier."""
    if is_arxiv_id(value):
        return None
    bare = _bare_arxiv(value)
    if bare != value and is_arxiv_id(bare):
        return f'"{value}" is not a bare arXiv id', f'write "{bare}"'
    return (
        f'"{value}" is not a valid arXiv id',
        'write YYMM.NNNNN like "2407.05996", four digits after the dot before '
        '2015; old-style ids look like "hep-th/9711200"',
    )


def _bare_arxiv(value: str) -> str:
    """Strip an arXiv: prefix, an arxiv.org address and a version suffix."""
    match = ARXIV_DECORATIONS.match(value.strip())
    return match.group(1) if match else value.strip()


def bare_arxiv_id(value: str) -> str | None:
    """Return the bare arXiv id in `value` (prefix, address, version dropped)."""
    bare = _bare_arxiv(value)
    return bare if is_arxiv_id(bare) else None


def bare_doi(value: str) -> str | None:
    """Return the bare DOI in `value` (doi: or doi.org address dropped)."""
    bare = DOI_DECORATIONS.sub("", value.strip())
    return bare if DOI.match(bare) else None


def is_arxiv_id(value: str) -> bool:
    """Whether `value` is a bare arXiv id: YYMM.NNNN(N) or archive/YYMMNNN."""
    if match := ARXIV_NEW.match(value):
        year, month, number = (int(match.group(1)), int(match.group(2)), match.group(3))
        digits = 5 if year >= 15 else 4
        return 1 <= month <= 12 and len(number) == digits and (year, month) >= (7, 4)
    if match := ARXIV_OLD.match(value):
        return 1 <= int(match.group(4)) <= 12
    return False


def arxiv_key(arxiv: str) -> str:
    """Return the id that identifies the paper: no subject class, no version."""
    return re.sub(r"\.[A-Z]{2}/", "/", arxiv).lower()


def _doi_problem(value: str) -> tuple[str, str] | None:
    if DOI.match(value):
        return None
    bare = DOI_DECORATIONS.sub("", value.strip())
    if bare != value and DOI.match(bare):
        return f'"{value}" is not a bare DOI', f'write "{bare}"'
    return (
        f'"{value}" is not a DOI',
        'a DOI starts with "10." and has a slash, e.g. "10.1000/xyz123"',
    )


def _check_links(raw, data, bad_fields) -> list[EntryProblem]:
    links = data.get("links")
    if "links" in bad_fields or not isinstance(links, dict):
        return []
    problems = []
    for kind, url in links.items():
        key = ("links", kind)
        if kind not in LINK_KINDS or not isinstance(url, str):
            continue  # the schema reported it
        if found := _non_ascii(url):
            problems.append(
                _error(
                    raw,
                    raw.line_of(key),
                    dotted_key(key),
                    f"contains {found}",
                    "retype the link in plain ASCII",
                )
            )
        elif not is_web_url(url):
            problems.append(
                _error(
                    raw,
                    raw.line_of(key),
                    dotted_key(key),
                    "only http(s) URLs are allowed",
                    "write a link starting with https://, or remove the key",
                )
            )
    return problems


def _check_body(raw: RawEntry, abstract: str, notes: str) -> list[EntryProblem]:
    problems = []
    line = raw.body_line or raw.line_of(("abstract",))
    if not abstract.strip():
        problems.append(
            EntryProblem(
                raw.display_path,
                line,
                0,
                "abstract",
                "missing"
                if raw.body is None and "abstract" not in raw.data
                else "empty",
                "paste the paper's abstract",
                WARNING,
            )
        )
    if raw.body is not None and len(abstract) > MAX_ABSTRACT_LENGTH:
        problems.append(
            _error(
                raw,
                line,
                "abstract",
                f"{len(abstract)} characters, over the limit of {MAX_ABSTRACT_LENGTH}",
                "shorten it to the paper's own abstract",
            )
        )
    for field_name, text, first_line in _body_texts(raw, abstract, notes):
        problems += _check_markup(raw, field_name, text, first_line)
    return problems


def _body_texts(raw: RawEntry, abstract: str, notes: str):
    """Yield (field, Markdown text, its first line) for the abstract and notes.

    A .md body is checked as one text, so each problem gets its own line; a
    .yaml value is reported on the line of its key.
    """
    if raw.body is not None:
        yield "", raw.body, raw.body_line
        return
    for field_name, text in (("abstract", abstract), ("notes", notes)):
        if text:
            yield field_name, text, raw.line_of((field_name,))


def _check_markup(raw: RawEntry, field_name: str, text: str, first_line: int):
    """Report unsafe link targets (an error) and raw HTML (shown as text)."""
    problems = []

    def where(position: int) -> tuple[int, str]:
        line = first_line + (text.count("\n", 0, position) if not field_name else 0)
        return line, field_name or _body_field(text, position)

    for pattern in (MARKDOWN_LINK_TARGET, MARKDOWN_LINK_DEFINITION, HTML_URL_ATTRIBUTE):
        for match in pattern.finditer(text):
            scheme = _unsafe_scheme(match.group(1))
            if scheme:
                problems.append(
                    _error(
                        raw,
                        *where(match.start(1)),
                        f'link to a "{scheme}:" address is not allowed',
                        "link only to http(s) or mailto addresses",
                    )
                )
    for match in RAW_HTML_TAG.finditer(text):
        line, name = where(match.start())
        tag = match.group(1).lower()
        problems.append(
            EntryProblem(
                raw.display_path,
                line,
                0,
                name,
                f"raw HTML <{tag}> is shown as text",
                "write Markdown instead of HTML",
                WARNING,
            )
        )
    return problems


def _unsafe_scheme(target: str) -> str:
    """Return the scheme of a link target unless it is safe in a body link."""
    parts = _split_url(target)
    if parts is None:
        return "malformed"
    scheme = parts.scheme.lower()
    return "" if not scheme or scheme in SAFE_BODY_SCHEMES else scheme


def is_web_url(value: str) -> bool:
    """Whether `value` is an absolute http(s) URL with a host."""
    parts = _split_url(value)
    return bool(parts and parts.scheme.lower() in ("http", "https") and parts.netloc
                and not re.search(r"[\s{}<>\"]", value.strip()))


def _split_url(value: str):
    """Split a URL as a browser would read it; None if it cannot be parsed."""
    try:
        return urlsplit(_strip_invisible(html.unescape(value)))
    except ValueError:  # e.g. an unclosed IPv6 bracket: "https://[::1/"
        return None


def _strip_invisible(value: str) -> str:
    return "".join(ch for ch in value if ch.isprintable() and not ch.isspace())


def _body_field(body: str, position: int) -> str:
    match = NOTES_HEADING.search(body)
    return "notes" if match and position > match.start() else "abstract"


# --- the list as a whole -----------------------------------------------------


def _check_list(entries, papers, topics_raw, topics) -> list[EntryProblem]:
    raws = {raw.display_path: raw for raw in entries}
    problems = _check_same_identifiers(entries)
    problems += _check_similar_titles(papers, raws)
    problems += _check_address_collisions(entries)
    used = {slug for paper in papers for slug in paper.topics}
    for topic in topics:
        if topic.slug not in used:
            problems.append(
                EntryProblem(
                    topics_raw.display_path,
                    topics_raw.line_of((topic.slug,)),
                    0,
                    topic.slug,
                    "topic is defined but no paper uses it",
                    "remove it or add it to a paper",
                    WARNING,
                )
            )
    return problems


def _check_same_identifiers(entries: list[RawEntry]) -> list[EntryProblem]:
    """Report a paper entered twice: same arXiv id or DOI, however written.

    Entries with other errors take part too, so "2407.05996v2" next to
    "2407.05996" is reported as the same paper as well as for its suffix.
    """
    problems = []
    owners: dict[tuple[str, str], RawEntry] = {}
    for raw in entries:  # sorted by file name: the later file is reported
        for kind, key in _identity_keys(_with_source_text(raw)):
            other = owners.setdefault((kind, key), raw)
            if other is not raw:
                label = "arXiv" if kind == "arxiv" else "DOI"
                problems.append(
                    _error(
                        raw,
                        raw.line_of((kind,)),
                        kind,
                        f"same paper as {other.display_path} ({label} {key})",
                        "keep one entry and delete the other",
                    )
                )
    return problems


def _identity_keys(data: dict) -> list[tuple[str, str]]:
    """Return the canonical (kind, id) pairs that name the paper of an entry."""
    keys = []
    arxiv, doi = data.get("arxiv"), data.get("doi")
    if isinstance(arxiv, str):
        bare = _bare_arxiv(arxiv)
        if is_arxiv_id(bare):
            keys.append(("arxiv", arxiv_key(bare)))
    if isinstance(doi, str):
        bare = DOI_DECORATIONS.sub("", doi.strip())
        if DOI.match(bare):
            keys.append(("doi", bare.lower()))
    return keys


def _check_similar_titles(papers: list[Paper], raws: dict) -> list[EntryProblem]:
    """Warn about near-identical titles, unless identifiers tell them apart."""
    problems = []
    seen: dict[str, Paper] = {}
    for paper in sorted(papers, key=lambda paper: paper.source):
        key = re.sub(
            r"[\W_]+", "", unicodedata.normalize("NFKD", paper.title).casefold()
        )
        other = seen.setdefault(key, paper)
        if (
            other is not paper
            and not _have_distinct_identifiers(paper, other)
            and not (_shares_identifier(paper, other))
        ):  # already an error
            raw = raws[paper.source]
            problems.append(
                EntryProblem(
                    paper.source,
                    raw.line_of(("title",)),
                    0,
                    "title",
                    f"same title as {other.source}; possibly the same paper",
                    "if they are different papers, give each its arxiv or doi",
                    WARNING,
                )
            )
    return problems


def _shares_identifier(first: Paper, second: Paper) -> bool:
    first_keys = _identity_keys({"arxiv": first.arxiv, "doi": first.doi})
    second_keys = _identity_keys({"arxiv": second.arxiv, "doi": second.doi})
    return bool(set(first_keys) & set(second_keys))


def _have_distinct_identifiers(first: Paper, second: Paper) -> bool:
    first_keys = dict(_identity_keys({"arxiv": first.arxiv, "doi": first.doi}))
    second_keys = dict(_identity_keys({"arxiv": second.arxiv, "doi": second.doi}))
    return any(
        first_keys[kind] != second_keys[kind]
        for kind in first_keys.keys() & second_keys.keys()
    ) or (bool(first.url and second.url and first.url != second.url))


def _check_address_collisions(entries: list[RawEntry]) -> list[EntryProblem]:
    problems = []
    owners: dict[str, RawEntry] = {}
    for raw in entries:
        if not raw.is_entry:
            continue
        address = raw.path.stem.lower()
        if address in owners:
            problems.append(
                _error(
                    raw,
                    0,
                    "",
                    f'page address "{address}" is already used by '
                    f"{owners[address].display_path}",
                    "rename one of the two files",
                )
            )
        else:
            owners[address] = raw
    return problems


# --- helpers -----------------------------------------------------------------


def _schema_problem(
    raw: RawEntry, error: jsonschema.ValidationError, prefix
) -> EntryProblem:
    """Explain one jsonschema error in the entry's own words."""
    path = prefix + tuple(error.absolute_path)
    name = dotted_key(path) if path else ""
    line = raw.line_of(path) if path else raw.closing_line
    value = error.instance
    kind = error.validator
    if kind == "required":
        missing = re.search(r"'([^']+)' is a required", error.message).group(1)
        place = "under the topic" if prefix else "to the front matter"
        line = raw.line_of(prefix) if prefix else raw.closing_line
        return _error(
            raw,
            line,
            dotted_key(prefix + (missing,)),
            "missing",
            f"add `{missing}:` {place}",
        )
    if kind == "anyOf" and not path:
        return _error(
            raw,
            raw.closing_line,
            "arxiv",
            "no identifier",
            "add one of arxiv, doi or url so readers can find the paper",
        )
    if kind == "additionalProperties":
        return _unknown_field_problem(raw, error, path)
    if kind == "type":
        return _type_problem(raw, error, path, line)
    if kind == "minLength":
        what = "empty URL" if path[0] in ("url", "links") else "empty"
        return _error(raw, line, name, what, _fill_hint(path, prefix))
    if kind == "minItems":
        return _error(
            raw,
            line,
            name,
            f"at least one {'name' if name == 'authors' else 'topic'}",
            'add one item per line, starting with "- "',
        )
    if kind == "maxLength":
        limit = error.validator_value
        return _error(
            raw,
            line,
            name,
            f"{len(value)} characters, over the limit of {limit}",
            f"shorten it to at most {limit} characters",
        )
    if kind == "maxItems":
        return _error(
            raw,
            line,
            name,
            f"{len(value)} {'names' if name == 'authors' else 'items'}, "
            f"over the limit of {error.validator_value}",
            f"keep at most {error.validator_value}",
        )
    return _error(raw, line, name, error.message, "see `python -m generator schema`")


def _unknown_field_problem(raw: RawEntry, error, path) -> EntryProblem:
    known = list(error.schema.get("properties", {}))
    word = sorted(map(str, set(error.instance) - set(known)))[0]
    close = difflib.get_close_matches(word.lower(), known, n=1, cutoff=0.6)
    hint = (
        f'did you mean "{close[0]}"?' if close else f"known fields: {', '.join(known)}"
    )
    found = _non_ascii(word)
    message = f"unknown field; it contains {found}" if found else "unknown field"
    key_path = path + (word,)
    return _error(raw, raw.line_of(key_path), dotted_key(key_path), message, hint)


def _type_problem(raw: RawEntry, error, path, line: int) -> EntryProblem:
    name, value = dotted_key(path), error.instance
    prefix = path[: len(path) - len(error.absolute_path)]
    if value is None:
        return _error(raw, line, name, "missing (null)", _fill_hint(path, prefix))
    expected = {"string": "a string", "array": "a list", "object": "a mapping"}[
        error.validator_value
    ]
    hint = (
        'write one item per line, each starting with "- "'
        if expected == "a list"
        else "quote it"
        if expected == "a string"
        else "indent the keys below it"
    )
    if path[0] in ("url", "links") and expected == "a string":
        expected, hint = (
            "a URL",
            "write the address, or remove the key if there is none",
        )
    if isinstance(value, str) and expected == "a list":
        what = "names" if name == "authors" else "items"
        return _error(raw, line, name, f"expected a list of {what}, got a string", hint)
    got = describe_scalar(value, raw.scalars.get(path))
    return _error(raw, line, name, f"expected {expected}, got {got}", hint)


def _fill_hint(path, prefix) -> str:
    """Say how to fix an empty value: required fields cannot be removed."""
    if isinstance(path[-1], int):
        return "fill in the item or remove it"
    if prefix or path[0] in ENTRY_SCHEMA["required"]:
        return f"write the {path[-1]}"
    return "fill it in or remove the key"


def _split_body(body: str) -> tuple[str, str]:
    match = NOTES_HEADING.search(body)
    if not match:
        return body.strip(), ""
    return body[: match.start()].strip(), body[match.end() :].strip()


def _one_paragraph_block(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _one_line(text: str) -> str:
    """Fold a multi-line YAML value into one line of single spaces."""
    return " ".join(text.split())


def _braces_balance(text: str) -> bool:
    depth = 0
    for index, char in enumerate(text):
        if index and text[index - 1] == "\\":
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _latex_to_text(text: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text().latex_to_text(text)


def _non_ascii(value: str) -> str:
    for char in value:
        if ord(char) > 127:
            name = unicodedata.name(char, "unnamed character")
            return f'the non-ASCII character "{char}" (U+{ord(char):04X} {name})'
    return ""


def _is_real_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _error(
    raw: RawEntry, line: int, field_name: str, message: str, hint: str
) -> EntryProblem:
    return EntryProblem(raw.display_path, line, 0, field_name, message, hint, ERROR)
