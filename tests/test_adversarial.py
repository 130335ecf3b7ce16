"""Attacks an adversarial review found, each now a regression test.

Each entry below passed validation and made something live or broken on the
built site: a topic name in the navigation, a folded author name in the
search index, Markdown inside \\text{} math, a BibTeX field that closed its
entry, math in the all-papers table's attributes, a code fence in an
abstract. Malformed URLs and year-9999 dates used to crash validate.
"""

from __future__ import annotations

import dataclasses
import json
import re

import bibtexparser
import pytest
from bs4 import BeautifulSoup

from conftest import PAPERS, REPO_ROOT, make_project, real_entry, run_generator
from generator import bibtex
from generator.build import check_entries

pytestmark = pytest.mark.slow

EVIL_TOPIC = """
evil:
  name: "Evil <img src=x onerror=alert('nav')>"
  description: A topic whose name carries markup.
"""


def with_fields(slug: str, replacements: dict[str, str]) -> str:
    text = real_entry(slug)
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest.fixture(scope="module")
def attacked_site(tmp_path_factory):
    entries = {
        # A topic name with markup, used by a paper.
        "omnijarvis.md": with_fields("omnijarvis", {"  - multimodal": "  - evil"}),
        # Fullwidth brackets that accent folding turns into "<" and ">".
        "rt-h-action-hierarchies.md": with_fields(
            "rt-h-action-hierarchies",
            {"  - Suneel Belkhale": "  - \"Zoë ＜img src=x onerror=alert(1)＞\""}),
        # Markdown inside \\text{} in a title, and math in the title.
        "alignment-faking.md": with_fields(
            "alignment-faking",
            {'title: "Alignment faking in large language models"':
             "title: 'Alignment faking $\\text{[clickme](javascript:alert(1))}$ "
             "and $\\alpha$-nets'"}),
        # A code fence inside the abstract.
        "rt-trajectory.md": real_entry("rt-trajectory").rstrip() + "\n\n    ```\n    x\n",
    }
    topics = (PAPERS / "topics.yml").read_text(encoding="utf-8") + EVIL_TOPIC
    root = make_project(tmp_path_factory.mktemp("attacked"), entries, topics=topics)
    result = run_generator("build", root=root)
    return root, result


def pages(site):
    for path in site.rglob("*.html"):
        yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_attacked_entries_still_build(attacked_site):
    root, result = attacked_site
    assert result.exit_code == 0, result.stderr


def test_no_page_has_a_live_handler_or_script_link(attacked_site):
    root, _ = attacked_site
    for path, soup in pages(root / "site"):
        for tag in soup.find_all(True):
            assert not any(name.startswith("on") for name in tag.attrs), (path, tag)
            for name in ("href", "src"):
                value = (tag.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), path
        assert not soup.find("img", src="x"), path


def test_topic_name_shows_as_text_in_the_navigation(attacked_site):
    root, _ = attacked_site
    soup = BeautifulSoup((root / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    labels = [a.get_text(" ", strip=True) for a in soup.select("nav a")]
    assert "Evil <img src=x onerror=alert('nav')>" in labels


def test_search_index_holds_folded_names_as_text(attacked_site):
    root, _ = attacked_site
    index = json.loads((root / "site/search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "<img" not in text
    assert "zoe &lt;img src=x onerror=alert(1)&gt;" in text


def test_markdown_inside_math_text_stays_text(attacked_site):
    root, _ = attacked_site
    soup = BeautifulSoup((root / "site/papers/alignment-faking/index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    heading = soup.select_one("article h1")
    assert heading.find("a") is None
    assert "[clickme](javascript:alert(1))" in heading.get_text()


def test_math_in_a_title_keeps_the_table_row_whole(attacked_site):
    root, _ = attacked_site
    soup = BeautifulSoup((root / "site/papers/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    row = next(tr for tr in soup.select("table.paper-table tbody tr")
               if "alignment-faking" in tr.a["href"])
    assert row["data-title"].startswith("alignment faking $\\text")
    assert row["data-author"] and row["data-order"]
    assert "data-author" not in soup.select_one("article").get_text()


def test_validation_refuses_braces_in_a_doi_or_url(tmp_path):
    text = real_entry("sleeper-agents").replace(
        'arxiv: "2401.05566"',
        'arxiv: "2401.05566"\ndoi: "10.1000/x}}@misc{injected}"\n'
        'url: "https://example.org/x}}@misc{injected}"')
    root = make_project(tmp_path, {"sleeper-agents.md": text})
    result = run_generator("validate", root=root)
    assert result.exit_code == 1
    assert "papers/sleeper-agents.md:" in result.stderr
    assert " doi: " in result.stderr and " url: " in result.stderr


def test_bibtex_fields_cannot_open_a_new_entry(real_clock):
    # The renderer does not rely on validation: braces are balanced per field.
    paper = next(p for p in check_entries(REPO_ROOT).papers if p.slug == "sleeper-agents")
    attacked = dataclasses.replace(
        paper, doi="10.1000/x}}@misc{injected,title={Injected}}%",
        venue="V \\}, publisher = {Evil} \\{", title=paper.title + " }{")
    library = bibtexparser.parse_string(bibtex.format_entry(attacked, "hubinger2024sleeper"))
    assert not library.failed_blocks
    assert [entry.key for entry in library.entries] == ["hubinger2024sleeper"]


def test_a_fence_in_an_abstract_does_not_swallow_the_page(attacked_site):
    root, _ = attacked_site
    soup = BeautifulSoup((root / "site/papers/rt-trajectory/index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    cite = soup.find("h2", id="cite")
    assert cite.find_next("code").get_text().startswith("@misc{")
    assert "```" in soup.select_one(".paper-abstract code").get_text()


@pytest.mark.parametrize("line", [
    'url: "https://[::1/"',
    "published: 9999-12-32",
], ids=["unclosed-ipv6-bracket", "year-9999-impossible-day"])
def test_odd_values_get_a_message_not_a_crash(tmp_path, line):
    key = line.split(":", 1)[0]
    text = re.sub(rf"^{key}: .*$", line, real_entry("omnijarvis"), count=1, flags=re.M)
    if key not in real_entry("omnijarvis"):
        text = text.replace('arxiv: "2407.00114"', f'arxiv: "2407.00114"\n{line}')
    root = make_project(tmp_path, {"omnijarvis.md": text})
    result = run_generator("validate", root=root)
    assert result.exit_code == 1
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert f"papers/omnijarvis.md:" in result.stderr and f"{key}:" in result.stderr
