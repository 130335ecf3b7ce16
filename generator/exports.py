"""Pipeline step 4b: the files beside the pages — feeds, BibTeX, JSON and CSV.

Takes a `ReadingList` and the site's base URL and gives back
`{file path: bytes}`: an Atom feed and a JSON Feed for the whole list and per
topic (newest additions first), `.bib` files for the list and per topic, and
`papers.json` (with its JSON Schema) and `papers.csv` for anyone who wants
to build on the list. Every timestamp comes from the entries, never from the
clock, so the same input gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from feedgen.feed import FeedGenerator

from generator import bibtex
from generator.model import Paper, ReadingList, Topic
from generator.render import paper_address

FEED_ABSTRACT_LENGTH = 2000  # characters of abstract in feeds and the search index
FEED_SIZE = 50  # newest additions per feed
ATOM_FEED = "feed.xml"
JSON_FEED = "feed.json"
ALL_PAPERS_BIB = "papers.bib"
PAPERS_JSON = "papers.json"
PAPERS_SCHEMA = "papers.schema.json"
PAPERS_CSV = "papers.csv"
CSV_FORMULA_STARTS = ("=", "+", "-", "@")  # spreadsheet formula triggers


def topic_feed_path(slug: str, kind: str = ATOM_FEED) -> str:
    return f"topics/{slug}/{kind}"


def topic_bib_path(slug: str) -> str:
    return f"topics/{slug}.bib"


def render_exports(reading_list: ReadingList, site_url: str, site_name: str) -> dict[str, bytes]:
    """Return every non-page file of the site, keyed by its path in the site."""
    base = site_url.rstrip("/") + "/"
    keys = bibtex.assign_keys(reading_list.papers)
    files = {
        ATOM_FEED: atom_feed(reading_list.papers, base, site_name, ATOM_FEED),
        JSON_FEED: json_feed(reading_list.papers, base, site_name, JSON_FEED),
        ALL_PAPERS_BIB: bibtex.format_entries(reading_list.papers, keys).encode(),
        PAPERS_JSON: papers_json(reading_list, base, keys),
        PAPERS_SCHEMA: (json.dumps(EXPORT_SCHEMA, indent=2) + "\n").encode(),
        PAPERS_CSV: papers_csv(reading_list, base),
    }
    for topic in reading_list.topics:
        papers = reading_list.papers_by_topic[topic.slug]
        title = f"{site_name}: {topic.name}"
        files[topic_feed_path(topic.slug)] = atom_feed(
            papers, base, title, topic_feed_path(topic.slug), topic)
        files[topic_feed_path(topic.slug, JSON_FEED)] = json_feed(
            papers, base, title, topic_feed_path(topic.slug, JSON_FEED), topic)
        files[topic_bib_path(topic.slug)] = bibtex.format_entries(papers, keys).encode()
    return files


def newest_additions(papers: list[Paper]) -> list[Paper]:
    """Order papers by the day they were added, newest first; ties by file path."""
    by_path = sorted(papers, key=lambda paper: paper.source)
    return sorted(by_path, key=lambda paper: paper.added, reverse=True)[:FEED_SIZE]


def atom_feed(papers: list[Paper], base: str, title: str, path: str,
              topic: Topic | None = None) -> bytes:
    """Return an Atom feed of the newest additions."""
    items = newest_additions(papers)
    feed = FeedGenerator()
    feed.id(base + path)
    feed.title(title)
    feed.subtitle(topic.description if topic else "New papers on the reading list")
    feed.link(href=base + (f"topics/{topic.slug}/" if topic else ""), rel="alternate")
    feed.link(href=base + path, rel="self")
    feed.language("en")
    feed.updated(_midnight_utc(items[0].added) if items else _midnight_utc(dt.date(2000, 1, 1)))
    for paper in items:
        entry = feed.add_entry(order="append")
        url = base + paper_address(paper.slug)
        entry.id(url)
        entry.title(paper.title)
        entry.link(href=url)
        for name in paper.authors:
            entry.author({"name": name})
        entry.summary(_feed_abstract(paper))
        entry.published(_midnight_utc(paper.added))
        entry.updated(_midnight_utc(paper.added))
        for slug in paper.topics:
            entry.category(term=slug)
    return feed.atom_str(pretty=True)


def json_feed(papers: list[Paper], base: str, title: str, path: str,
              topic: Topic | None = None) -> bytes:
    """Return a JSON Feed 1.1 of the newest additions."""
    items = []
    for paper in newest_additions(papers):
        url = base + paper_address(paper.slug)
        items.append({
            "id": url,
            "url": url,
            "title": paper.title,
            "content_text": _feed_abstract(paper),
            "date_published": _rfc3339(paper.added),
            "authors": [{"name": name} for name in paper.authors],
            "tags": list(paper.topics),
            **({"external_url": f"https://arxiv.org/abs/{paper.arxiv}"} if paper.arxiv else {}),
        })
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": base + (f"topics/{topic.slug}/" if topic else ""),
        "feed_url": base + path,
        "description": topic.description if topic else "New papers on the reading list",
        "language": "en",
        "items": items,
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode()


def papers_json(reading_list: ReadingList, base: str, keys: dict[str, str]) -> bytes:
    """Return the whole list as JSON that follows EXPORT_SCHEMA."""
    records = [_record(paper, base, keys[paper.slug]) for paper in reading_list.papers]
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode()


def papers_csv(reading_list: ReadingList, base: str) -> bytes:
    """Return the whole list as CSV, one row per paper, lists joined by "; "."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for paper in reading_list.papers:
        record = _record(paper, base, "")
        writer.writerow(_neutralise_formula(_csv_cell(record[column])) for column in CSV_COLUMNS)
    return buffer.getvalue().encode()


def _record(paper: Paper, base: str, key: str) -> dict:
    return {
        "slug": paper.slug,
        "title": paper.title,
        "authors": list(paper.authors),
        "published": paper.published.iso(),
        "added": paper.added.isoformat(),
        "topics": list(paper.topics),
        "arxiv": paper.arxiv,
        "doi": paper.doi,
        "url": paper.url,
        "venue": paper.venue,
        "links": dict(paper.links),
        "abstract": paper.abstract,
        "page": base + paper_address(paper.slug),
        "bibtex_key": key,
    }


CSV_COLUMNS = ("slug", "title", "authors", "published", "added", "topics",
               "arxiv", "doi", "url", "venue", "page")


def _csv_cell(value) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value)


def _neutralise_formula(cell: str) -> str:
    """Stop a spreadsheet from running a cell that starts like a formula."""
    return "'" + cell if cell.startswith(CSV_FORMULA_STARTS) else cell


def _feed_abstract(paper: Paper) -> str:
    flat = " ".join(paper.abstract.split())
    if len(flat) <= FEED_ABSTRACT_LENGTH:
        return flat
    return flat[:FEED_ABSTRACT_LENGTH].rsplit(" ", 1)[0] + " …"


def _midnight_utc(day: dt.date) -> dt.datetime:
    """A date-only value means 00:00 UTC of that day."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _rfc3339(day: dt.date) -> str:
    return _midnight_utc(day).isoformat().replace("+00:00", "Z")


_string = {"type": "string"}
EXPORT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Reading list export (papers.json)",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["slug", "title", "authors", "published", "added", "topics", "page"],
        "additionalProperties": False,
        "properties": {
            "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "title": _string,
            "authors": {"type": "array", "items": _string, "minItems": 1},
            "published": {"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$",
                          "description": "YYYY-MM-DD, or YYYY-MM when only the month is known"},
            "added": {"type": "string", "format": "date"},
            "topics": {"type": "array", "items": _string, "minItems": 1},
            "arxiv": _string,
            "doi": _string,
            "url": _string,
            "venue": _string,
            "links": {"type": "object", "additionalProperties": _string},
            "abstract": {"type": "string", "description": "Markdown with inline $math$"},
            "page": {"type": "string", "format": "uri"},
            "bibtex_key": _string,
        },
    },
}
