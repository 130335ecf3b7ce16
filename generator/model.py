"""Pipeline step 3: the content model, and every grouping the pages need.

Takes validated `Paper` and `Topic` objects and gives back a `ReadingList`
that knows its papers newest first, by topic, by year and month, and by the
day they were added. Templates only place these values; all sorting and date
formatting happens here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from text_unidecode import unidecode

ARXIV_ABS_URL = "https://arxiv.org/abs/{}"
ARXIV_PDF_URL = "https://arxiv.org/pdf/{}"
DOI_URL = "https://doi.org/{}"
LINK_LABELS = {  # order in which links appear on a paper page
    "code": "Code",
    "project": "Project page",
    "pdf": "PDF",
    "data": "Data",
    "video": "Video",
}
LISTED_AUTHORS = 10  # listings show this many authors, then "and N others"


@dataclass(frozen=True, order=True)
class PublicationDate:
    """A publication date known to the day or only to the month.

    Ordering puts a month-only date before every day of that month.
    """

    day: dt.date  # the first of the month when only the month is known
    has_day: bool = True

    @property
    def year(self) -> int:
        return self.day.year

    @property
    def month(self) -> int:
        return self.day.month

    def iso(self) -> str:
        return self.day.isoformat() if self.has_day else self.day.strftime("%Y-%m")

    def display(self) -> str:
        """Return "4 March 2024", or "July 2024" when only the month is known."""
        if self.has_day:
            return f"{self.day.day} {self.day:%B %Y}"
        return f"{self.day:%B %Y}"


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class Paper:
    slug: str  # the entry's file name without suffix; the page address
    source: str  # the entry's path relative to the repository root
    title: str
    authors: tuple[str, ...]
    published: PublicationDate
    added: dt.date
    topics: tuple[str, ...]
    abstract: str  # Markdown, may hold inline $math$
    arxiv: str = ""
    doi: str = ""
    url: str = ""
    venue: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (kind, url) in LINK_LABELS order
    notes: str = ""

    @property
    def first_author(self) -> str:
        return self.authors[0]

    @property
    def listed_authors(self) -> str:
        """Authors for listings: the first ten, then "and N others"."""
        shown = ", ".join(self.authors[:LISTED_AUTHORS])
        hidden = len(self.authors) - LISTED_AUTHORS
        if hidden > 0:
            return f"{shown} and {hidden} other{'s' if hidden > 1 else ''}"
        return shown

    @property
    def external_links(self) -> list[tuple[str, str]]:
        """Return (label, url) pairs: arXiv, PDF, DOI, then the entry's links."""
        links = []
        if self.arxiv:
            links.append(("arXiv", ARXIV_ABS_URL.format(self.arxiv)))
            if "pdf" not in dict(self.links):
                links.append(("PDF", ARXIV_PDF_URL.format(self.arxiv)))
        if self.doi:
            links.append(("DOI", DOI_URL.format(self.doi)))
        if self.url:
            links.append(("Web page", self.url))
        links.extend((LINK_LABELS[kind], url) for kind, url in self.links)
        return links

    @property
    def sort_key(self) -> tuple:
        """Newest-first lists sort on this, reversed; the slug breaks ties."""
        return (self.published, self.slug)


@dataclass(frozen=True)
class YearArchive:
    year: int
    papers_by_month: list[tuple[str, list[Paper]]]  # ("July 2024", papers), newest first

    @property
    def count(self) -> int:
        return sum(len(papers) for _, papers in self.papers_by_month)


@dataclass(frozen=True)
class Author:
    name: str  # as written in the entries
    papers: list[Paper]  # newest first

    @property
    def sort_key(self) -> tuple[str, str]:
        """Sort by surname, then given names, with accents folded: Ö with O."""
        # TODO: the surname is taken as the last word, so "van der Berg" sorts
        # under B and "Jr." breaks it; entries would need a family-name field.
        words = fold_accents(self.name).split()
        return (words[-1] if words else "", " ".join(words[:-1]))

    @property
    def initial(self) -> str:
        letter = self.sort_key[0][:1].upper()
        return letter if letter.isalpha() else "#"


@dataclass
class ReadingList:
    """Every paper and topic, with the groupings the pages are made of."""

    papers: list[Paper]
    topics: list[Topic]
    topic_names: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.papers = sorted(self.papers, key=lambda paper: paper.sort_key, reverse=True)
        self.topic_names = {topic.slug: topic.name for topic in self.topics}

    @cached_property
    def papers_by_topic(self) -> dict[str, list[Paper]]:
        """Map each topic slug to its papers, newest first, in topic order."""
        grouped: dict[str, list[Paper]] = {topic.slug: [] for topic in self.topics}
        for paper in self.papers:
            for slug in paper.topics:
                grouped[slug].append(paper)
        return grouped

    @cached_property
    def archives(self) -> list[YearArchive]:
        """Return one archive per publication year, newest year first."""
        by_year: dict[int, dict[int, list[Paper]]] = defaultdict(lambda: defaultdict(list))
        for paper in self.papers:
            by_year[paper.published.year][paper.published.month].append(paper)
        return [
            YearArchive(
                year,
                [
                    (dt.date(year, month, 1).strftime("%B %Y"), by_year[year][month])
                    for month in sorted(by_year[year], reverse=True)
                ],
            )
            for year in sorted(by_year, reverse=True)
        ]

    @cached_property
    def additions_by_day(self) -> list[tuple[dt.date, list[Paper]]]:
        """Group papers by the day they joined the list, latest day first."""
        by_day: dict[dt.date, list[Paper]] = defaultdict(list)
        for paper in self.papers:
            by_day[paper.added].append(paper)
        return [(day, by_day[day]) for day in sorted(by_day, reverse=True)]

    @cached_property
    def additions_by_month(self) -> list[tuple[str, list[Paper]]]:
        """Group papers by the month they joined the list, latest month first."""
        by_month: dict[dt.date, list[Paper]] = defaultdict(list)
        for paper in sorted(self.papers, key=lambda paper: (paper.added, paper.slug),
                            reverse=True):
            by_month[paper.added.replace(day=1)].append(paper)
        return [(f"{month:%B %Y}", by_month[month]) for month in sorted(by_month, reverse=True)]

    @cached_property
    def authors(self) -> list[Author]:
        """Every author with their papers, sorted by folded surname."""
        papers_by_name: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.papers:
            for name in dict.fromkeys(paper.authors):
                papers_by_name[name].append(paper)
        authors = [Author(name, papers) for name, papers in papers_by_name.items()]
        return sorted(authors, key=lambda author: (author.sort_key, author.name))

    def latest_additions(self, limit: int) -> list[tuple[dt.date, list[Paper], int]]:
        """Return (day, papers, papers not shown) for the `limit` latest additions."""
        shown = []
        for day, papers in self.additions_by_day:
            if limit <= 0:
                break
            shown.append((day, papers[:limit], max(0, len(papers) - limit)))
            limit -= len(papers)
        return shown

    def topics_of(self, paper: Paper) -> list[Topic]:
        by_slug = {topic.slug: topic for topic in self.topics}
        return [by_slug[slug] for slug in paper.topics]


def fold_accents(text: str) -> str:
    """Return lower-case ASCII for sorting and matching: "Yağmurlu" → "yagmurlu"."""
    return unidecode(text).casefold()


def display_day(day: dt.date) -> str:
    """Return "14 March 2025"."""
    return f"{day.day} {day:%B %Y}"
