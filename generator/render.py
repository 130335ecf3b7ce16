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

import html
import re
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator import bibtex
from generator.model import Paper, ReadingList, YearArchive, display_day
from generator.text import block_html, excerpt, inline_markup, plain_text

TEMPLATES_DIR = Path(__file__).parent / "templates"
HOME_ADDITION_DAYS = 3  # the home page shows papers added on the last three days
DESCRIPTION_LENGTH = 200  # characters of abstract in a page's meta description


def paper_page_path(slug: str) -> str:
    return f"papers/{slug}.md"


def topic_page_path(slug: str) -> str:
    return f"topics/{slug}.md"


def archive_page_path(year: int) -> str:
    return f"archive/{year}.md"


TOPIC_INDEX_PATH = "topics/index.md"
ARCHIVE_INDEX_PATH = "archive/index.md"
HOME_PATH = "index.md"


def render_site(reading_list: ReadingList, intro: str) -> dict[str, str]:
    """Render every generated page; `intro` is the hand-written home text."""
    renderer = _Renderer(reading_list)
    pages = {HOME_PATH: renderer.home_page(intro)}
    pages[TOPIC_INDEX_PATH] = renderer.topic_index_page()
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
    topics = [{topic.name: topic_page_path(topic.slug)} for topic in reading_list.topics]
    years = [{str(archive.year): archive_page_path(archive.year)}
             for archive in reading_list.archives]
    return [
        {"Home": HOME_PATH},
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

    def home_page(self, intro: str) -> str:
        papers = self.reading_list.papers
        years = [paper.published.year for paper in papers] or [0]
        additions = self.reading_list.latest_additions(HOME_ADDITION_DAYS)
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
            day_labels={day: display_day(day) for day, _ in additions},
            paper_urls=self._paper_urls(HOME_PATH),
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

    def _paper_urls(self, from_page: str) -> dict[str, Markup]:
        return _links_from(from_page, {paper.slug: paper_page_path(paper.slug)
                                       for paper in self.reading_list.papers})

    def _render(self, template: str, title: str, description: str = "", **values) -> str:
        meta = {"title": title} if title else {}
        if description:
            meta["description"] = description
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


def _finalize(value: object) -> object:
    """Print our own Markup as is; make every other string inert."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return inline_markup(value)
    return value


def _url_attribute(url: str) -> Markup:
    """Escape a validated http(s) URL for an HTML attribute."""
    return Markup(html.escape(url, quote=True))


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
