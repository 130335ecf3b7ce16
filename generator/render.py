"""Pipeline step 4: render the Markdown pages of the site.

Takes a `ReadingList` and gives back `{page path: Markdown text}`, one
function per page family (paper, topic, archive, indexes, home). Paths are
relative to the MkDocs docs directory.

Safety rule: every value a template prints passes through `_finalize`. Plain
strings are contributed text and come out inert (see `text.inline_markup`);
only values this module wraps in `Markup` (our own links, rendered and
sanitised HTML, BibTeX code blocks) are printed as they are.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator import bibtex, charts
from generator.model import Paper, ReadingList, YearArchive, display_day, fold_accents
from generator.text import block_html, excerpt, inline_markup, plain_text
from generator.validate import is_web_url

TEMPLATES_DIR = Path(__file__).parent / "templates"
HOME_ADDITIONS = 15  # papers in the home page's latest additions
DESCRIPTION_LENGTH = 200  # characters of abstract in a page's meta description
# Listing pages repeat every title and author; halving their search weight
# keeps the paper's own page first in the results.
LISTING_SEARCH_BOOST = 0.5


def paper_page_path(slug: str) -> str:
    return f"papers/{slug}.md"


def paper_address(slug: str) -> str:
    """Return the paper page's URL path below the site root."""
    return f"papers/{slug}/"


def topic_page_path(slug: str) -> str:
    return f"topics/{slug}.md"


def archive_page_path(year: int) -> str:
    return f"archive/{year}.md"


TOPIC_INDEX_PATH = "topics/index.md"
ARCHIVE_INDEX_PATH = "archive/index.md"
HOME_PATH = "index.md"
ALL_PAPERS_PATH = "papers/index.md"
AUTHORS_PATH = "authors.md"
ADDITIONS_PATH = "additions.md"
STATS_PATH = "stats.md"
# Files written by exports.py that pages link to (kept here to avoid a cycle).
DOWNLOADS = {"bib": "papers.bib", "json": "papers.json",
             "schema": "papers.schema.json", "csv": "papers.csv"}
FEEDS = {"atom": "feed.xml", "json": "feed.json"}


def render_site(reading_list: ReadingList, intro: str) -> dict[str, str]:
    """Render every generated page; `intro` is the hand-written home text."""
    renderer = _Renderer(reading_list)
    pages = {HOME_PATH: renderer.home_page(intro)}
    pages[TOPIC_INDEX_PATH] = renderer.topic_index_page()
    pages[ALL_PAPERS_PATH] = renderer.all_papers_page()
    pages[AUTHORS_PATH] = renderer.authors_page()
    pages[ADDITIONS_PATH] = renderer.additions_page()
    pages[STATS_PATH] = renderer.stats_page()
    pages[ARCHIVE_INDEX_PATH] = renderer.archive_index_page()
    for topic in reading_list.topics:
        pages[topic_page_path(topic.slug)] = renderer.topic_page(topic.slug)
    for archive in reading_list.archives:
        pages[archive_page_path(archive.year)] = renderer.archive_page(archive)
    for paper in reading_list.papers:
        pages[paper_page_path(paper.slug)] = renderer.paper_page(paper)
    return pages


def build_navigation(reading_list: ReadingList, hand_written: list[str]) -> list:
    """Return the MkDocs nav: home, topics, years, then hand-written pages.

    Papers are left out on purpose: Material writes the whole navigation into
    every page, so listing every paper would grow the site with the square of
    the list.
    """
    # Material prints navigation labels unescaped; topic names come from
    # topics.yml, which contributors edit.
    topics = [{html.escape(topic.name): topic_page_path(topic.slug)}
              for topic in reading_list.topics]
    years = [{str(archive.year): archive_page_path(archive.year)}
             for archive in reading_list.archives]
    return [
        {"Home": HOME_PATH},
        {"Papers": [ALL_PAPERS_PATH, {"Authors": AUTHORS_PATH},
                    {"What's new": ADDITIONS_PATH}, {"Statistics": STATS_PATH}]},
        {"Topics": [TOPIC_INDEX_PATH, *topics]},
        {"Archive": [ARCHIVE_INDEX_PATH, *years]},
        *hand_written,
    ]


class _Renderer:
    """Holds the environment and the per-list lookups the templates share."""

    def __init__(self, reading_list: ReadingList):
        self.reading_list = reading_list
        self.environment = Environment(
            loader=FileSystemLoader(TEMPLATES_DIR),
            undefined=StrictUndefined,
            autoescape=True,
            finalize=_finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.environment.filters["url_attribute"] = _url_attribute
        self.citation_keys = bibtex.assign_keys(reading_list.papers)
        self.counts = {slug: len(papers)
                       for slug, papers in reading_list.papers_by_topic.items()}
        # Imported here: scikit-learn takes seconds to load, and validate
        # (which imports this module through build.py) never renders.
        from generator.related import find_related

        self.related = find_related(reading_list.papers)
        self.papers_by_slug = {paper.slug: paper for paper in reading_list.papers}

    def home_page(self, intro: str) -> str:
        papers = self.reading_list.papers
        years = [paper.published.year for paper in papers] or [0]
        additions = self.reading_list.latest_additions(HOME_ADDITIONS)
        return self._render(
            "home.md.j2", "",
            intro=Markup(intro.strip()),
            paper_count=len(papers),
            topic_count=len(self.reading_list.topics),
            first_year=min(years),
            last_year=max(years),
            topics=self.reading_list.topics,
            counts=self.counts,
            topic_urls=_links_from(HOME_PATH, {t.slug: topic_page_path(t.slug)
                                               for t in self.reading_list.topics}),
            additions=additions,
            day_labels={day: display_day(day) for day, _, _ in additions},
            paper_urls=self._paper_urls(HOME_PATH),
            feeds=_links_from(HOME_PATH, {**FEEDS, "page": ADDITIONS_PATH}),
        )

    def paper_page(self, paper: Paper) -> str:
        page = paper_page_path(paper.slug)
        return self._render(
            "paper.md.j2",
            paper.title,
            description=plain_text(excerpt(paper.abstract, DESCRIPTION_LENGTH)),
            paper=paper,
            authors_html=Markup(", ").join(inline_markup(name) for name in paper.authors),
            added=display_day(paper.added),
            topics=self.reading_list.topics_of(paper),
            topic_urls=_links_from(page, {slug: topic_page_path(slug) for slug in paper.topics}),
            abstract_html=block_html(paper.abstract),
            notes_html=block_html(paper.notes) if paper.notes else "",
            bibtex_block=_code_block(
                bibtex.format_entry(paper, self.citation_keys[paper.slug]), "bibtex"
            ),
            archive_url=_url_from(page, f"archive/{paper.published.year}/"),
            related=[self.papers_by_slug[slug] for slug in self.related[paper.slug]],
            paper_urls=self._paper_urls(page),
            meta={"citation": _citation_meta(paper)},
        )

    def topic_page(self, slug: str) -> str:
        topic = next(topic for topic in self.reading_list.topics if topic.slug == slug)
        papers = self.reading_list.papers_by_topic[slug]
        page = topic_page_path(slug)
        return self._render(
            "topic.md.j2", topic.name,
            description=topic.description,
            topic=topic,
            papers=papers,
            paper_urls=self._paper_urls(page),
            excerpts={paper.slug: excerpt(paper.abstract) for paper in papers},
            feeds=_links_from(page, {"atom": f"topics/{slug}/feed.xml",
                                     "json": f"topics/{slug}/feed.json",
                                     "bib": f"topics/{slug}.bib"}),
            meta={"feed_dir": f"topics/{slug}/"},
        )

    def topic_index_page(self) -> str:
        topics = self.reading_list.topics
        return self._render(
            "topic_index.md.j2", "Topics",
            topics=topics,
            counts=self.counts,
            topic_urls=_links_from(TOPIC_INDEX_PATH,
                                   {t.slug: topic_page_path(t.slug) for t in topics}),
        )

    def archive_page(self, archive: YearArchive) -> str:
        return self._render(
            "archive.md.j2", f"Papers published in {archive.year}",
            archive=archive,
            paper_urls=self._paper_urls(archive_page_path(archive.year)),
        )

    def archive_index_page(self) -> str:
        archives = self.reading_list.archives
        return self._render(
            "archive_index.md.j2", "Archive",
            archives=archives,
            archive_urls=_links_from(ARCHIVE_INDEX_PATH,
                                     {a.year: archive_page_path(a.year) for a in archives}),
        )

    def all_papers_page(self) -> str:
        papers = self.reading_list.papers
        names = self.reading_list.topic_names
        rows = [
            {
                "paper": paper,
                "url": _links_from(ALL_PAPERS_PATH, {0: paper_address(paper.slug)})[0],
                "year": paper.published.year,
                "topics": " ".join(paper.topics),
                "topic_names": ", ".join(names[slug] for slug in paper.topics),
                "title_key": _attribute(fold_accents(paper.title)),
                "author_key": _attribute(fold_accents(paper.first_author.split()[-1])),
            }
            for paper in papers
        ]
        years = [paper.published.year for paper in papers] or [0]
        return self._render(
            "all_papers.md.j2", "All papers",
            description="Every paper on the list in one table, with filters by topic and year.",
            rows=rows,
            topics=self.reading_list.topics,
            first_year=min(years),
            last_year=max(years),
            downloads=_links_from(ALL_PAPERS_PATH, DOWNLOADS),
        )

    def authors_page(self) -> str:
        authors = self.reading_list.authors
        groups: dict[str, list] = {}
        for author in authors:
            groups.setdefault(author.initial, []).append(author)
        return self._render(
            "authors.md.j2", "Authors",
            description="Every author on the list, with their papers.",
            authors=authors,
            groups=list(groups.items()),
            paper_urls=self._paper_urls(AUTHORS_PATH),
        )

    def additions_page(self) -> str:
        months = self.reading_list.additions_by_month
        return self._render(
            "additions.md.j2", "What's new",
            description="Papers by the month they joined the list.",
            months=months,
            day_labels={paper.slug: display_day(paper.added) for paper in self.reading_list.papers},
            paper_urls=self._paper_urls(ADDITIONS_PATH),
            feeds=_links_from(ADDITIONS_PATH, FEEDS),
        )

    def stats_page(self) -> str:
        reading_list = self.reading_list
        by_month = _papers_per_month(reading_list.papers)
        by_topic = [(topic.name, self.counts[topic.slug]) for topic in reading_list.topics]
        additions = _cumulative_additions(reading_list.papers)
        return self._render(
            "stats.md.j2", "Statistics",
            description="Papers per month, per topic and additions over time, as charts.",
            paper_count=len(reading_list.papers),
            author_count=len(reading_list.authors),
            topic_count=len(reading_list.topics),
            by_topic=by_topic,
            by_month=by_month,
            additions=additions,
            charts={
                "by_month": Markup(charts.column_chart(
                    "Papers per month of publication", by_month,
                    axis_labels={index: label[-4:] for index, (label, _) in enumerate(by_month)
                                 if label.startswith("Jan") or index == 0})),
                "by_topic": Markup(charts.bar_chart("Papers per topic", by_topic)),
                "additions": Markup(charts.column_chart(
                    "Papers on the list over time", additions)),
            },
        )

    def _paper_urls(self, from_page: str) -> dict[str, Markup]:
        return _links_from(from_page, {paper.slug: paper_page_path(paper.slug)
                                       for paper in self.reading_list.papers})

    def _render(self, template: str, title: str, description: str = "",
                meta: dict | None = None, **values) -> str:
        meta = {**({"title": title} if title else {}),
                **({"description": description} if description else {}),
                **(meta or {})}
        if template != "paper.md.j2":
            meta["search"] = {"boost": LISTING_SEARCH_BOOST}
        front_matter = ""
        if meta:
            # safe_dump, not string templating: a title with ": " or " #" must
            # round-trip, or MkDocs silently drops the whole meta block.
            dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6)
            front_matter = Markup(f"---\n{dumped}---\n")
        text = self.environment.get_template(template).render(
            front_matter=front_matter, **values
        )
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _citation_meta(paper: Paper) -> dict:
    """Fields for the citation_* meta tags that reference managers read."""
    published = paper.published
    meta = {
        "title": paper.title,
        "authors": list(paper.authors),
        "date": published.day.strftime("%Y/%m/%d" if published.has_day else "%Y/%m"),
    }
    if paper.arxiv:
        meta["arxiv_id"] = paper.arxiv
        meta["pdf_url"] = f"https://arxiv.org/pdf/{paper.arxiv}"
    if paper.doi:
        meta["doi"] = paper.doi
    pdf = dict(paper.links).get("pdf")
    if pdf:
        meta["pdf_url"] = pdf
    return meta


def _papers_per_month(papers: list[Paper]) -> list[tuple[str, int]]:
    """Count papers per publication month, every month from first to last."""
    months = sorted(paper.published.day.replace(day=1) for paper in papers)
    if not months:
        return []
    counts: dict[str, int] = {}
    month = months[0]
    while month <= months[-1]:
        counts[f"{month:%b %Y}"] = 0
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    for day in months:
        counts[f"{day:%b %Y}"] += 1
    return list(counts.items())


def _cumulative_additions(papers: list[Paper]) -> list[tuple[str, int]]:
    """Count papers on the list at the end of each month that added some."""
    total, points = 0, []
    by_month: dict[dt.date, int] = {}
    for paper in papers:
        month = paper.added.replace(day=1)
        by_month[month] = by_month.get(month, 0) + 1
    for month in sorted(by_month):
        total += by_month[month]
        points.append((f"{month:%b %Y}", total))
    return points


def _finalize(value: object) -> object:
    """Print our own Markup as is; make every other string inert."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return inline_markup(value)
    return value


def _attribute(value: str) -> Markup:
    """Escape plain text for an HTML attribute (no Markdown, no math)."""
    return Markup(html.escape(value, quote=True))


def _url_attribute(url: str) -> Markup:
    """Escape an http(s) URL for an HTML attribute; refuse any other scheme.

    Validation already rejects such links; this keeps a javascript: or data:
    link dead even if an entry reached the renderer without validation.
    """
    if not is_web_url(url):
        return Markup("#")
    return Markup(html.escape(url, quote=True))


def _url_from(from_page: str, address: str) -> Markup:
    """Return a URL for raw HTML, from a page's directory URL to `address`.

    MkDocs rewrites Markdown links but not HTML ones, so these are made
    relative to where the page is served: papers/x.md is at papers/x/.
    """
    depth = from_page.removesuffix(".md").count("/") + 1
    return Markup("../" * depth + address)


def _links_from(from_page: str, targets: dict) -> dict:
    """Map keys to Markdown links from `from_page` to each target page."""
    depth = from_page.count("/")
    prefix = "../" * depth
    return {key: Markup(prefix + target) for key, target in targets.items()}


def _code_block(code: str, language: str) -> Markup:
    """Fence code with more backticks than any run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{language}\n{code.rstrip()}\n{fence}")
