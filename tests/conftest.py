"""Shared fixtures: the real list, scratch lists built from real entries, the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PAPERS = REPO_ROOT / "papers"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO_ROOT.parent / "shared"
FROZEN_TODAY = "2025-06-01"  # "today" for tests on fixtures that check dates
REAL_CLOCK = None  # pass as `today` for the real list: its newest entry may be from today


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Make the future-date check independent of the day the tests run."""
    monkeypatch.setenv("READING_LIST_TODAY", FROZEN_TODAY)


@pytest.fixture
def real_clock(monkeypatch):
    """Check the real list against the real date, for in-process calls."""
    monkeypatch.delenv("READING_LIST_TODAY", raising=False)


def real_papers() -> list[Path]:
    """The entry files of the real list (it grows; tests must not count on 59)."""
    return sorted(path for path in PAPERS.iterdir()
                  if path.suffix in (".md", ".yaml") and path.name != "topics.yml")


def real_topic_count() -> int:
    import yaml

    return len(yaml.safe_load((PAPERS / "topics.yml").read_text(encoding="utf-8")))


@dataclass
class CommandResult:
    exit_code: int
    stdout: str
    stderr: str


def run_generator(*args: str, root: Path, env: dict | None = None,
                  today: str | None = FROZEN_TODAY) -> CommandResult:
    """Run `python -m generator` in a subprocess, as a contributor would.

    "Today" is frozen unless `today` is REAL_CLOCK, which tests on the real
    list use so that a paper added today is not "in the future".
    """
    import os

    environment = {**os.environ, **(env or {})}
    environment.pop("READING_LIST_TODAY", None)
    if today:
        environment["READING_LIST_TODAY"] = today
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), *args],
        capture_output=True, text=True, cwd=REPO_ROOT, env=environment, timeout=600,
    )
    return CommandResult(completed.returncode, completed.stdout, completed.stderr)


def make_project(tmp_path: Path, entries: dict[str, str | bytes] | None = None,
                 copy_real_papers: bool = False, topics: str | None = None) -> Path:
    """Lay out a scratch repository: mkdocs.yml, docs/, CONTRIBUTING.md, papers/.

    `entries` maps a file name under papers/ to its text or bytes; topics.yml
    is the real one unless `topics` is given.
    """
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO_ROOT / "docs", root / "docs")
    shutil.copy(REPO_ROOT / "CONTRIBUTING.md", root / "CONTRIBUTING.md")
    # The hook path in mkdocs.yml is relative to the config file.
    shutil.copytree(REPO_ROOT / "generator", root / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    papers = root / "papers"
    if copy_real_papers:
        shutil.copytree(PAPERS, papers)
    else:
        papers.mkdir()
        shutil.copy(PAPERS / "topics.yml", papers / "topics.yml")
    if topics is not None:
        (papers / "topics.yml").write_text(topics, encoding="utf-8")
    for name, content in (entries or {}).items():
        target = papers / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def real_entry(slug: str) -> str:
    """Return the text of a real entry from papers/."""
    return (PAPERS / f"{slug}.md").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Build the real 59-paper site once for the whole session; return site/."""
    root = make_project(tmp_path_factory.mktemp("real"), copy_real_papers=True)
    result = run_generator("build", root=root, today=REAL_CLOCK)
    assert result.exit_code == 0, result.stderr
    return root / "site"
