"""The built site of the real list: what a reader sees on each page family."""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import re
from pathlib import Path

import bibtexparser
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import PAPERS, REAL_CLOCK, make_project, real_topic_count, run_generator

pytestmark = pytest.mark.slow


def entries() -> dict[str, dict]:
    """Map each entry's slug to its front matter and body."""
    found = {}
    for path in PAPERS.glob("*.md"):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        found[path.stem] = {**yaml.safe_load(front), "body": body.strip()}
    return found


def page(site: Path, address: str) -> BeautifulSoup:
    return BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"),
                         "html.parser")


def paper_links(soup: BeautifulSoup) -> list[str]:
    """Slugs of the papers a page links to, in page order."""
    article = soup.select_one("article")
    return [re.search(r"papers/([a-z0-9-]+)/", a["href"]).group(1)
            for a in article.find_all("a", href=re.compile(r"papers/[a-z0-9-]+/$"))]


def newest_first_key(entry: dict) -> tuple:
    published = entry["published"]
    if isinstance(published, str):  # YYYY-MM sorts before the days of its month
        return (dt.date.fromisoformat(published + "-01"), 0)
    return (published, 1)


def visible_text(element) -> str:
    for math in element.find_all("math"):
        math.decompose()
    return " ".join(element.get_text(" ").split())


def test_each_paper_has_one_page_with_its_exact_title_and_abstract(built_site):
    for slug, entry in entries().items():
        soup = page(built_site, f"papers/{slug}")
        assert soup.select_one("article h1").get_text() == entry["title"]
        assert soup.title.get_text().startswith(entry["title"])
        abstract = visible_text(soup.select_one(".paper-abstract"))
        source = re.sub(r"\$[^$]+\$", " ", entry["body"]).replace("\\`", "`")
        assert abstract.replace(" ", "") == source.replace(" ", "").replace("\n", ""), slug
    paper_dirs = [path for path in (built_site / "papers").iterdir() if path.is_dir()]
    assert len(paper_dirs) == len(entries())


def test_paper_page_shows_authors_date_topics_links_and_bibtex(built_site):
    soup = page(built_site, "papers/omnijarvis")
    assert soup.select_one(".paper-authors").get_text().startswith("Zihao Wang, Shaofei Cai")
    assert "Published 27 June 2024" in soup.select_one(".paper-facts").get_text()
    topics = [a.get_text() for a in soup.select("article a[href*='topics/']")]
    assert topics == ["LLM agents and games", "Multimodal"]
    hrefs = [a["href"] for a in soup.select(".paper-links a")]
    assert hrefs == ["https://arxiv.org/abs/2407.00114", "https://arxiv.org/pdf/2407.00114",
                     "https://craftjarvis.org/OmniJARVIS"]
    bibtex = bibtexparser.parse_string(soup.select_one("article pre code").get_text())
    entry, = bibtex.entries
    assert entry.key == "wang2024omnijarvis"
    assert entry["eprint"] == "2407.00114"
    assert entry["author"].startswith("Zihao Wang and Shaofei Cai")


def test_month_only_dates_show_the_month(built_site):
    soup = page(built_site, "papers/multimodal-diffusion-transformer")
    assert "Published July 2024" in soup.select_one(".paper-facts").get_text()


def test_math_is_rendered_as_mathml_with_no_raw_tex(built_site):
    soup = page(built_site, "papers/omnijarvis")
    abstract = soup.select_one(".paper-abstract")
    assert abstract.find("math") is not None
    assert "τ" in abstract.find("math").get_text()
    text = abstract.get_text()
    assert "$" not in text and "\\tau" not in text and "\\dots" not in text


def test_each_topic_page_lists_exactly_its_papers_newest_first(built_site):
    topics = yaml.safe_load((PAPERS / "topics.yml").read_text(encoding="utf-8"))
    all_entries = entries()
    for slug, definition in topics.items():
        soup = page(built_site, f"topics/{slug}")
        assert soup.select_one("article h1").get_text() == definition["name"]
        expected = sorted((s for s, e in all_entries.items() if slug in e["topics"]),
                          key=lambda s: (newest_first_key(all_entries[s]), s), reverse=True)
        assert paper_links(soup) == expected, slug


def test_each_year_page_lists_exactly_the_papers_published_that_year(built_site):
    all_entries = entries()
    years = {newest_first_key(e)[0].year for e in all_entries.values()}
    for year in years:
        soup = page(built_site, f"archive/{year}")
        expected = {s for s, e in all_entries.items() if newest_first_key(e)[0].year == year}
        listed = paper_links(soup)
        assert sorted(listed) == sorted(expected), year
        assert listed == sorted(listed, key=lambda s: (newest_first_key(all_entries[s]), s),
                                reverse=True)
    index = page(built_site, "archive")
    assert [a.get_text() for a in index.select("article table a")] == [
        str(year) for year in sorted(years, reverse=True)]


def test_home_page_shows_counts_topics_and_latest_additions(built_site):
    soup = page(built_site, ".")
    text = soup.select_one("article").get_text(" ")
    all_entries = entries()
    assert f"{len(all_entries)} papers in {real_topic_count()} topics" in text
    newest_day = max(entry["added"] for entry in entries().values())
    assert f"Added {newest_day.day} {newest_day:%B %Y}" in text
    # The fifteen newest additions: by day added, then newest published first.
    newest = sorted(all_entries, key=lambda s: (all_entries[s]["added"],
                                                newest_first_key(all_entries[s]), s),
                    reverse=True)[:15]
    assert paper_links(soup) == newest


def test_navigation_lists_topics_and_years_but_not_papers(built_site):
    soup = page(built_site, "papers/omnijarvis")
    nav = soup.select_one("nav.md-nav--primary")
    labels = [a.get_text(" ", strip=True) for a in nav.find_all("a")]
    assert "Robot learning" in labels and "2024" in labels
    assert not nav.find_all("a", href=re.compile(r"papers/"))


def test_search_index_has_every_title_and_arxiv_id(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    by_location = {doc["location"]: doc for doc in index["docs"]}
    for slug, entry in entries().items():
        doc = by_location[f"papers/{slug}/"]
        assert doc["title"] == entry["title"]
        assert entry["arxiv"] in doc["text"]
        assert entry["authors"][0] in doc["text"]
        abstract_doc = by_location[f"papers/{slug}/#abstract"]
        assert entry["body"].split()[3] in abstract_doc["text"]


def test_site_requests_nothing_from_other_hosts(built_site):
    for html_file in built_site.rglob("*.html"):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe"]):
            source = tag.get("src") or (tag.get("href") if tag.name == "link" else None)
            if source and tag.get("rel") != ["canonical"]:
                assert not re.match(r"(https?:)?//", source), (html_file, source)


def test_building_twice_gives_identical_bytes(tmp_path, built_site):
    root = make_project(tmp_path, copy_real_papers=True)
    assert run_generator("build", root=root, today=REAL_CLOCK).exit_code == 0
    comparison = filecmp.dircmp(built_site, root / "site")
    differing = _differences(comparison)
    assert differing == []


def _differences(comparison: filecmp.dircmp) -> list[str]:
    found = comparison.left_only + comparison.right_only
    _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right,
                                          comparison.common_files, shallow=False)
    found += mismatch + errors
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found
