"""A build loses nothing: sources stay as they are, and a failed build keeps the site.

The build reads papers/ and docs/ and never writes there; it builds into a
temporary folder beside site/ and swaps it in only when MkDocs succeeded,
so a failure at any step leaves the previous site and no temporary folder.
The same entries build byte-identical sites wherever the checkout lives.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, make_project, real_entry, run_generator

SMALL_LIST = [
    "omnijarvis",
    "rt-h-action-hierarchies",
    "locally-typical-sampling",
    "sleeper-agents",
    "multimodal-diffusion-transformer",
]


def tree_digest(folder: Path) -> dict[str, str]:
    """Map every file under `folder` (relative path) to the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(root: Path) -> list[str]:
    """Return temporary build folders left beside site/."""
    return sorted(
        path.name
        for path in root.iterdir()
        if path.name.startswith(".site-") or path.name == "site.old"
    )


@pytest.fixture
def small_project(tmp_path) -> Path:
    """A project with five real entries and a site already built from them."""
    root = make_project(
        tmp_path, {f"{slug}.md": real_entry(slug) for slug in SMALL_LIST}
    )
    result = run_generator("build", root=root)
    assert result.exit_code == 0, result.stderr
    return root


def test_build_and_validate_leave_papers_and_docs_untouched(tmp_path):
    root = make_project(tmp_path, copy_real_papers=True)
    (root / "papers" / "encoding-bom-and-crlf.md").write_bytes(
        (FIXTURES / "bad" / "encoding-bom-and-crlf.md").read_bytes()
    )
    (root / "papers" / "follow-up-likelihood-as-reward.md").unlink()
    before = {name: tree_digest(root / name) for name in ("papers", "docs")}

    validated = run_generator("validate", root=root)
    built = run_generator("build", root=root)

    assert validated.exit_code == 0 and built.exit_code == 0, built.stderr
    assert {name: tree_digest(root / name) for name in ("papers", "docs")} == before


def test_failed_check_keeps_the_previous_site(small_project):
    site = tree_digest(small_project / "site")
    shutil.copyfile(
        FIXTURES / "bad" / "date-impossible-day.md",
        small_project / "papers" / "date-impossible-day.md",
    )

    result = run_generator("build", root=small_project)

    assert result.exit_code == 1
    assert tree_digest(small_project / "site") == site
    assert leftovers(small_project) == []


def test_failed_mkdocs_build_keeps_the_previous_site(small_project):
    site = tree_digest(small_project / "site")
    config = small_project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - About: about.md", "  - About: about.md\n  - Missing: no-such-page.md"
        ),
        encoding="utf-8",
    )

    result = run_generator("build", root=small_project)

    assert result.exit_code != 0
    assert "Traceback" not in result.stderr
    assert tree_digest(small_project / "site") == site
    assert leftovers(small_project) == []


def test_successful_build_replaces_the_site_and_cleans_up(small_project):
    (small_project / "site" / "stale.html").write_text("from an older build")
    (small_project / "papers" / "omnijarvis.md").unlink()

    result = run_generator("build", root=small_project)

    assert result.exit_code == 0, result.stderr
    assert not (small_project / "site" / "stale.html").exists()
    assert not (small_project / "site" / "papers" / "omnijarvis").exists()
    assert leftovers(small_project) == []


def test_two_checkouts_in_different_places_build_identical_sites(tmp_path):
    here = make_project(tmp_path, copy_real_papers=True)
    # A copy of the same checkout, so both builds read exactly the same files
    elsewhere = tmp_path / "a" / "much" / "deeper checkout"
    shutil.copytree(here, elsewhere)

    results = [run_generator("build", root=root) for root in (here, elsewhere)]

    assert [result.exit_code for result in results] == [0, 0], results[1].stderr
    first, second = tree_digest(here / "site"), tree_digest(elsewhere / "site")
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
