"""The 59 papers of the seed listing are all on the list, correctly described."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from conftest import PAPERS, REAL_CLOCK, REPO_ROOT, SHARED, real_papers, run_generator

SEED = SHARED / "data"
LISTING_HEADER_BLOCKS = 5  # "new", the newsletter line, "Subscribe", byline, date

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="../shared/data is not beside the clone")


def read_listing() -> dict[str, str]:
    """Map each listed title to its abstract, as scraped."""
    blocks = (SEED / "seed-listing.txt").read_text(encoding="utf-8").strip().split("\n\n")
    pairs = blocks[LISTING_HEADER_BLOCKS:]
    assert len(pairs) % 2 == 0
    return {pairs[i].strip(): pairs[i + 1].strip() for i in range(0, len(pairs), 2)}


def read_metadata() -> list[dict[str, str]]:
    with open(SEED / "seed-metadata.tsv", encoding="utf-8", newline="") as table:
        return list(csv.DictReader(table, delimiter="\t"))


def read_entries() -> dict[str, tuple[dict, str]]:
    """Map each entry's title to (front matter, body)."""
    entries = {}
    for path in sorted(PAPERS.glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        entries.setdefault(data["title"], []).append((data, body.strip(), path.name))
    return entries


def as_scraped(text: str) -> str:
    """Undo our repairs the way the scrape lost them: no $, no backslash, × → times."""
    return " ".join(text.replace("$", "").replace("\\", "").replace("×", "times").split())


def test_listing_has_59_papers_and_the_list_has_at_least_as_many():
    assert len(read_listing()) == 59
    assert len(real_papers()) >= 59


def test_every_listed_title_has_exactly_one_entry():
    entries = read_entries()
    for title in read_listing():
        assert len(entries.get(title, [])) == 1, title


def test_entries_keep_the_wording_of_the_listed_abstracts():
    entries = read_entries()
    for title, scraped in read_listing().items():
        (_, body, name), = entries[title]
        assert as_scraped(body) == as_scraped(scraped), name


def test_scrape_artefacts_are_repaired():
    bodies = "\n".join(body for found in read_entries().values() for _, body, _ in found)
    assert "10times" not in bodies
    assert "10×" in bodies
    assert r"$\tau = \{o_0, a_0, \dots\}$" in bodies


def test_entries_carry_the_identifiers_authors_and_dates_of_the_table():
    entries = read_entries()
    for row in read_metadata():
        (data, _, name), = entries[row["title"]]
        assert data["arxiv"] == row["arxiv_id"], name
        assert data["authors"] == row["authors"].split("; "), name
        assert data["added"].isoformat() == "2025-03-14", name
        if row["published"]:
            assert data["published"].isoformat() == row["published"], name
        else:  # month encoded by the new-style id: 2407.05996 → 2024-07
            month = f"20{row['arxiv_id'][:2]}-{row['arxiv_id'][2:4]}"
            assert data["published"] == month, name
        links = data.get("links", {})
        assert links.get("code", "") == row["code_url"], name
        assert links.get("project", "") == row["project_url"], name


def test_every_used_topic_is_defined_with_a_name_and_description():
    topics = yaml.safe_load((PAPERS / "topics.yml").read_text(encoding="utf-8"))
    used = {topic for found in read_entries().values() for data, _, _ in found
            for topic in data["topics"]}
    assert used == set(topics)
    for slug, definition in topics.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
        assert definition["name"] and len(definition["description"]) > 40


def test_the_real_list_validates_without_problems():
    result = run_generator("validate", "--strict", root=REPO_ROOT, today=REAL_CLOCK)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == "All entries are valid"
