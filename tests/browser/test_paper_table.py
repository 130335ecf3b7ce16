"""The all-papers table: ticked topics and a year range filter it in place."""

from __future__ import annotations

import yaml

from conftest import PAPERS

TOPICS = ("multimodal", "robot-learning")  # four papers carry both


def _front_matters() -> dict[str, dict]:
    return {path.stem: yaml.safe_load(
                path.read_text(encoding="utf-8").split("---\n", 2)[1])
            for path in PAPERS.glob("*.md")}


def _shown_papers(page) -> set[str]:
    """Slugs of the rows a reader can see."""
    hrefs = page.eval_on_selector_all(
        "table.paper-table tbody tr",
        "rows => rows.filter(row => row.checkVisibility())"
        ".map(row => row.querySelector('a').getAttribute('href'))")
    return {href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs}


def _topic_box(page, slug: str):
    return page.locator(f".paper-table-filters input[name=topic][value={slug}]")


def test_two_ticked_topics_show_exactly_the_papers_with_both(page):
    entries = _front_matters()
    page.goto("papers/")
    assert _shown_papers(page) == set(entries)

    for slug in TOPICS:
        _topic_box(page, slug).check()

    expected = {slug for slug, front in entries.items()
                if set(TOPICS) <= set(front["topics"])}
    assert len(expected) > 1
    assert _shown_papers(page) == expected
    count = page.locator(".paper-table-count").inner_text()
    assert count == f"{len(expected)} of {len(entries)} papers shown"


def test_year_range_narrows_the_ticked_topics(page):
    entries = _front_matters()
    page.goto("papers/")
    for slug in TOPICS:
        _topic_box(page, slug).check()

    page.locator("#year-from").fill("2024")
    page.locator("#year-to").fill("2024")

    expected = {slug for slug, front in entries.items()
                if set(TOPICS) <= set(front["topics"])
                and str(front["published"]).startswith("2024")}
    assert 0 < len(expected) < 4
    assert _shown_papers(page) == expected
    count = page.locator(".paper-table-count").inner_text()
    assert count.startswith(f"{len(expected)} of ")
