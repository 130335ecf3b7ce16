"""The build command: its summary, its refusals, and the pages it renders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import (
    FIXTURES,
    REPO_ROOT,
    make_project,
    real_entry,
    real_topic_count,
    run_generator,
)
from generator.build import check_entries, generate_pages

GOLDEN = Path(__file__).parent / "golden"


def test_help_lists_the_subcommands():
    result = run_generator("--help", root=REPO_ROOT)
    assert result.exit_code == 0
    for command in ("build", "validate", "serve", "schema"):
        assert command in result.stdout


@pytest.mark.slow
def test_build_prints_one_summary_line(tmp_path):
    root = make_project(tmp_path, {"rt-h-action-hierarchies.md": real_entry("rt-h-action-hierarchies"),
                                   "omnijarvis.md": real_entry("omnijarvis")})
    result = run_generator("build", root=root)
    assert result.exit_code == 0, result.stderr
    assert re.fullmatch(rf"Built 2 papers, {real_topic_count()} topics and 1 yearly archives \(\d+ pages\) "
                        r"in \d+\.\d s\n", result.stdout)
    assert (root / "site/papers/omnijarvis/index.html").exists()


BROKEN_ENTRIES = {
    "missing-title": (
        lambda text: re.sub(r"^title: .*\n", "", text, count=1, flags=re.M),
        "papers/omnijarvis.md:21: title: missing (add `title:` to the front matter)",
    ),
    "unknown-topic": (
        lambda text: text.replace("  - multimodal", "  - multimodel"),
        'papers/omnijarvis.md:18: topics: unknown topic "multimodel" (did you mean "multimodal"?)',
    ),
    "malformed-date": (
        lambda text: text.replace("published: 2024-06-27", "published: June 27, 2024"),
        'papers/omnijarvis.md:14: published: "June 27, 2024" is not a date '
        "(write it as YYYY-MM-DD or YYYY-MM)",
    ),
}


@pytest.mark.parametrize("fault", BROKEN_ENTRIES, ids=list(BROKEN_ENTRIES))
def test_broken_entry_fails_the_build_naming_file_line_and_field(tmp_path, fault):
    break_entry, expected = BROKEN_ENTRIES[fault]
    root = make_project(tmp_path, {"omnijarvis.md": break_entry(real_entry("omnijarvis")),
                                   "rt-h-action-hierarchies.md": real_entry("rt-h-action-hierarchies")})
    result = run_generator("build", root=root)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == expected
    assert re.fullmatch(r"1 error and \d+ warnings in 2 files; nothing was built",
                        result.stderr.splitlines()[-1])
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()
    assert not list(root.glob(".site-*"))


def test_paper_page_markdown_matches_the_golden_copy(tmp_path):
    # A fixed set of real entries, so the golden pages (related papers
    # included) change only when the templates do, not when the list grows.
    fixtures = FIXTURES / "papers"
    root = make_project(tmp_path, {path.name: path.read_text(encoding="utf-8")
                                   for path in fixtures.iterdir()})
    pages = generate_pages(root, check_entries(root))
    for slug in ("omnijarvis", "multimodal-diffusion-transformer"):
        expected = (GOLDEN / f"{slug}.md").read_text(encoding="utf-8")
        assert pages[f"papers/{slug}.md"] == expected, slug
