"""Pipeline orchestrator: load → validate → model → render → mkdocs build.

`build_site` is what `python -m generator build` and `make site` run. It
checks every entry first and stops with the full problem report if any is
wrong, then lets MkDocs build into a temporary folder and swaps that folder
into `site/` only when the build succeeded, so a failed build never leaves a
half-written site. Generated pages are handed to MkDocs in memory by
`mkdocs_hooks.py`; nothing is written under `papers/` or `docs/`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generator.errors import EntriesInvalid, EntryProblem
from generator.load import TOPICS_FILE, list_entry_files, read_entry, read_topics_file
from generator.model import ReadingList
from generator.render import render_site
from generator.validate import validate_reading_list

log = logging.getLogger(__name__)

PAPERS_DIR = "papers"
DOCS_DIR = "docs"
HOME_INTRO = "index.md"  # hand-written text at the top of the home page
CONTRIBUTING = "CONTRIBUTING.md"  # also published as the site's contributing page
TODAY_VARIABLE = "READING_LIST_TODAY"  # YYYY-MM-DD; freezes "today" for tests
SHOWN_PER_WARNING = 3  # repeated warnings: show this many, then a count

# The list build_site has just checked, handed to the MkDocs hook so entries
# are read once per build; `mkdocs serve` finds it empty and loads afresh.
_checked_lists: dict[Path, ReadingList] = {}


@dataclass(frozen=True)
class BuildSummary:
    papers: int
    topics: int
    archives: int
    pages: int
    seconds: float

    def __str__(self) -> str:
        return (f"Built {self.papers} papers, {self.topics} topics and "
                f"{self.archives} yearly archives ({self.pages} pages) "
                f"in {self.seconds:.1f} s")


def today_utc() -> dt.date:
    """Return today's date in UTC, or the frozen date from READING_LIST_TODAY."""
    frozen = os.environ.get(TODAY_VARIABLE)
    if frozen:
        return dt.date.fromisoformat(frozen)
    return dt.datetime.now(dt.timezone.utc).date()


def load_reading_list(root: Path) -> tuple[ReadingList, list[EntryProblem]]:
    """Read and check every entry under `root/papers`; collect all problems."""
    papers_dir = root / PAPERS_DIR
    entries = [
        read_entry(path, path.relative_to(root).as_posix())
        for path in list_entry_files(papers_dir)
    ]
    log.debug("Read %d entry files from %s", len(entries), papers_dir)
    topics_path = papers_dir / TOPICS_FILE
    if not topics_path.exists():
        missing = EntryProblem(f"{PAPERS_DIR}/{TOPICS_FILE}", 0, 0, "", "file is missing",
                               "define the topics there: slug, name and description")
        raise EntriesInvalid([missing])
    topics_raw = read_topics_file(topics_path, topics_path.relative_to(root).as_posix())
    reading_list, problems = validate_reading_list(entries, topics_raw, today_utc())
    log.info("Loaded %d of %d entries and %d topics", len(reading_list.papers),
             len(entries), len(reading_list.topics))
    return reading_list, problems


def check_entries(root: Path, strict: bool = False) -> ReadingList:
    """Load the list; raise EntriesInvalid on errors (or warnings, if strict)."""
    reading_list, problems = load_reading_list(root)
    failing = [p for p in problems if p.is_error or strict]
    if failing:
        raise EntriesInvalid(problems)
    log_warnings(problems)
    return reading_list


def take_checked_list(root: Path) -> ReadingList | None:
    """Return (once) the list build_site checked for `root`, if any."""
    return _checked_lists.pop(root.resolve(), None)


def log_warnings(problems: list[EntryProblem]) -> None:
    """Log warnings, collapsing a message repeated across many entries."""
    by_message: dict[str, list[EntryProblem]] = {}
    for problem in problems:
        if not problem.is_error:
            by_message.setdefault(f"{problem.field}: {problem.message}", []).append(problem)
    for same in by_message.values():
        for problem in same[:SHOWN_PER_WARNING]:
            log.warning("%s", problem.format().replace(": warning: ", ": ", 1))
        if len(same) > SHOWN_PER_WARNING:
            log.warning("... and %d more like this", len(same) - SHOWN_PER_WARNING)


def generate_pages(root: Path, reading_list: ReadingList) -> dict[str, str]:
    """Render every generated page, with the hand-written home text on top."""
    intro_path = root / DOCS_DIR / HOME_INTRO
    intro = intro_path.read_text(encoding="utf-8") if intro_path.exists() else ""
    pages = render_site(reading_list, intro)
    guide = root / CONTRIBUTING
    if guide.exists():
        pages["contributing.md"] = guide.read_text(encoding="utf-8")
    return pages


def build_site(root: Path, site_dir: Path | None = None, strict: bool = False) -> BuildSummary:
    """Check the entries, build the site into a temporary folder, then swap it in."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    started = time.monotonic()
    site_dir = site_dir or root / "site"

    # Check every entry before MkDocs starts, so problems come as one report.
    reading_list = check_entries(root, strict=strict)

    # Dates in the sitemap come from the list, not the clock: same input, same bytes.
    newest = max((paper.added for paper in reading_list.papers), default=dt.date(2000, 1, 1))
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(_epoch(newest)))

    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging), strict=True)
        _checked_lists[root.resolve()] = reading_list
        mkdocs_build(config)
        _swap_into_place(staging, site_dir)
    finally:
        _checked_lists.pop(root.resolve(), None)
        shutil.rmtree(staging, ignore_errors=True)

    summary = BuildSummary(
        papers=len(reading_list.papers),
        topics=len(reading_list.topics),
        archives=len(reading_list.archives),
        pages=sum(1 for _ in site_dir.rglob("index.html")),
        seconds=time.monotonic() - started,
    )
    return summary


def _swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace `site_dir` with `staging`, keeping the old site until the end."""
    retired = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(retired, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(retired)
    staging.rename(site_dir)
    shutil.rmtree(retired, ignore_errors=True)


def _epoch(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())
