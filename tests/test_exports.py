"""What readers take away: feeds, BibTeX, JSON and CSV, authors, related papers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import bibtexparser
import feedparser
import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import PAPERS, REPO_ROOT
from generator.build import check_entries
from generator.related import find_related

pytestmark = pytest.mark.slow


def entries() -> dict[str, dict]:
    found = {}
    for path in PAPERS.glob("*.md"):
        _, front, _ = path.read_text(encoding="utf-8").split("---\n", 2)
        found[path.stem] = yaml.safe_load(front)
    return found


def soup_of(site: Path, address: str) -> BeautifulSoup:
    return BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"),
                         "html.parser")


def test_atom_feed_is_valid_and_lists_additions_newest_first(built_site):
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Language and Behavior Reading List"
    all_entries = entries()
    # Newest added first; same day by entry file name, so the order never reshuffles.
    by_path = sorted(all_entries)
    expected = sorted(by_path, key=lambda slug: all_entries[slug]["added"], reverse=True)
    links = [e.link.rsplit("/papers/", 1)[1].strip("/") for e in feed.entries]
    assert links == expected[:50]
    item, entry = feed.entries[0], all_entries[expected[0]]
    assert item.title == entry["title"]
    assert item.published == f"{entry['added'].isoformat()}T00:00:00+00:00"
    assert [author.name for author in item.authors] == entry["authors"]


def test_feed_dates_are_rfc3339_in_utc(built_site):
    text = (built_site / "feed.xml").read_text(encoding="utf-8")
    dates = re.findall(r"<(?:updated|published)>([^<]+)<", text)
    assert dates
    for value in dates:
        parsed = dt.datetime.fromisoformat(value)
        assert parsed.utcoffset() == dt.timedelta(0)


def test_each_topic_has_feeds_with_exactly_its_papers(built_site):
    all_entries = entries()
    topics = yaml.safe_load((PAPERS / "topics.yml").read_text(encoding="utf-8"))
    for slug in topics:
        feed = feedparser.parse((built_site / f"topics/{slug}/feed.xml").read_bytes())
        assert not feed.bozo
        listed = {e.link.rsplit("/papers/", 1)[1].strip("/") for e in feed.entries}
        assert listed == {s for s, e in all_entries.items() if slug in e["topics"]}
        json_feed = json.loads((built_site / f"topics/{slug}/feed.json").read_text())
        assert json_feed["version"] == "https://jsonfeed.org/version/1.1"
        assert {item["url"] for item in json_feed["items"]} == {e.link for e in feed.entries}


def test_pages_announce_feeds_and_topic_pages_offer_to_subscribe(built_site):
    home = soup_of(built_site, ".")
    assert home.find("link", rel="alternate", type="application/atom+xml")
    topic = soup_of(built_site, "topics/robot-learning")
    hrefs = [link["href"] for link in topic.find_all("link", rel="alternate")]
    assert any(href.endswith("topics/robot-learning/feed.xml") for href in hrefs)
    assert topic.find("a", string="Atom feed")
    assert home.find("a", string="Atom feed")


def test_bib_files_parse_with_unique_keys(built_site):
    library = bibtexparser.parse_string((built_site / "papers.bib").read_text("utf-8"))
    assert not library.failed_blocks
    keys = [entry.key for entry in library.entries]
    assert len(keys) == len(entries()) == len(set(keys))
    mdt = next(entry for entry in library.entries if entry["eprint"] == "2407.05996")
    assert mdt.key == "reuss2024multimodal"
    assert "Ömer Erdinç Yağmurlu" in mdt["author"]
    topic = bibtexparser.parse_string((built_site / "topics/robot-learning.bib").read_text("utf-8"))
    robot = {s for s, e in entries().items() if "robot-learning" in e["topics"]}
    assert len(topic.entries) == len(robot)


def test_papers_json_follows_its_published_schema(built_site):
    records = json.loads((built_site / "papers.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "papers.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(records, schema)
    by_slug = {record["slug"]: record for record in records}
    assert set(by_slug) == set(entries())
    assert by_slug["multimodal-diffusion-transformer"]["published"] == "2024-07"


def test_papers_csv_has_one_row_per_paper(built_site):
    rows = list(csv.DictReader(io.StringIO((built_site / "papers.csv").read_text("utf-8"))))
    assert len(rows) == len(entries())
    row = next(row for row in rows if row["slug"] == "rt-h-action-hierarchies")
    assert row["arxiv"] == "2403.01823"
    assert row["authors"].startswith("Suneel Belkhale; Tianli Ding")


def test_paper_page_carries_citation_and_open_graph_meta(built_site):
    soup = soup_of(built_site, "papers/multimodal-diffusion-transformer")
    meta = {}
    for tag in soup.find_all("meta"):
        key = tag.get("name") or tag.get("property")
        meta.setdefault(key, []).append(tag.get("content"))
    assert meta["citation_title"] == [
        "Multimodal Diffusion Transformer: Learning Versatile Behavior from Multimodal Goals"]
    assert meta["citation_author"][1] == "Ömer Erdinç Yağmurlu"
    assert meta["citation_publication_date"] == ["2024/07"]
    assert meta["citation_arxiv_id"] == ["2407.05996"]
    assert meta["citation_pdf_url"] == ["https://arxiv.org/pdf/2407.05996"]
    assert meta["og:title"][0].startswith("Multimodal Diffusion Transformer")
    assert meta["og:description"][0].startswith("This work introduces the Multimodal")


def test_authors_index_sorts_accented_surnames_with_plain_letters(built_site):
    soup = soup_of(built_site, "authors")
    names = [strong.get_text() for strong in soup.select("article li strong")]
    assert "Ömer Erdinç Yağmurlu" in names
    section = soup.find(lambda tag: tag.name == "h2" and tag.get_text(strip=True) == "Y")
    assert "Ömer Erdinç Yağmurlu" in section.find_next("ul").get_text()
    surnames = [name.split()[-1] for name in names]
    folded = [re.sub(r"[^a-z]", "", s.lower().replace("ğ", "g").replace("ö", "o")) for s in surnames]
    assert folded.index("yagmurlu") > folded.index("wang")


def test_related_papers_are_five_similar_papers_in_a_stable_order(real_clock):
    papers = check_entries(REPO_ROOT).papers
    first = find_related(papers)
    assert find_related(list(reversed(papers))) == first
    assert all(len(related) == 5 and slug not in related for slug, related in first.items())
    assert "rt-trajectory" in first["rt-h-action-hierarchies"]


def test_statistics_page_draws_labelled_svg_charts(built_site):
    soup = soup_of(built_site, "stats")
    charts = soup.select("svg.chart")
    months_added = {entry["added"].strftime("%Y-%m") for entry in entries().values()}
    # The additions chart needs two months to say anything; until then, a sentence.
    assert len(charts) == (3 if len(months_added) > 1 else 2)
    if len(months_added) == 1:
        assert "papers joined the list in" in soup.select_one("article").get_text()
    for chart in charts:
        assert chart["role"] == "img" and chart.find("title").get_text()
        assert chart.find("desc").get_text()
    by_topic = charts[1].find("desc").get_text()
    robot = sum("robot-learning" in entry["topics"] for entry in entries().values())
    assert f"Robot learning: {robot}" in by_topic


def test_feeds_and_search_carry_at_most_2000_characters_of_an_abstract(tmp_path):
    from conftest import make_project, real_entry, run_generator

    long_entry = real_entry("omnijarvis").rstrip() + "\n\n"
    paragraph = long_entry.split("---\n", 2)[2].strip()
    long_entry += "\n\n".join([paragraph] * 4) + "\n"
    root = make_project(tmp_path, {"omnijarvis.md": long_entry})
    assert run_generator("build", root=root).exit_code == 0
    site = root / "site"
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    abstract = next(d for d in index["docs"] if d["location"] == "papers/omnijarvis/#abstract")
    assert 1900 < len(abstract["text"]) <= 2002 and "<" not in abstract["text"]
    item = feedparser.parse((site / "feed.xml").read_bytes()).entries[0]
    assert 1900 < len(item.summary) <= 2002
    page = soup_of(site, "papers/omnijarvis").select_one(".paper-abstract").get_text()
    assert len(page) > 4.5 * len(paragraph)  # the page keeps all five paragraphs
