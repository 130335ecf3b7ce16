"""Benchmark: our full build against bare MkDocs + Material on the same papers.

Run with `.venv/bin/python benchmarks/bench_build.py [SIZES...]` (default
59 500 1000). For each size it makes a list by repeating the real entries
(each copy gets its own file name, title suffix and URL), then measures in
the same run:

- ours: `python -m generator build` (validation, rendering, exports, MkDocs);
- bare: `mkdocs build` with Material on one plain page per paper (title and
  abstract) and a short navigation, the floor any generator pays.

It prints wall time, peak memory of the build process and site size, and the
ratio ours / bare, which is what to compare across machines. Not part of the
test suite: timings belong here, not in tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (59, 500, 1000)


def make_entries(papers_dir: Path, size: int) -> None:
    """Write `size` entries by repeating the real ones with unique names."""
    originals = sorted((REPO_ROOT / "papers").glob("*.md"))
    papers_dir.mkdir(parents=True)
    shutil.copy(REPO_ROOT / "papers" / "topics.yml", papers_dir / "topics.yml")
    for index in range(size):
        source = originals[index % len(originals)]
        copy = index // len(originals)
        _, front, body = source.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        if copy:
            data["title"] += f" (copy {copy})"
            data["url"] = f"https://arxiv.org/abs/{data.pop('arxiv')}?copy={copy}"
        for field in ("published", "added"):
            data[field] = str(data[field])
        name = source.stem + (f"-copy-{copy}" if copy else "")
        text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body
        (papers_dir / f"{name}.md").write_text(text, encoding="utf-8")


def make_ours(root: Path, size: int) -> None:
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO_ROOT / "docs", root / "docs")
    shutil.copy(REPO_ROOT / "CONTRIBUTING.md", root / "CONTRIBUTING.md")
    shutil.copytree(REPO_ROOT / "generator", root / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    make_entries(root / "papers", size)


def make_bare(root: Path, size: int) -> None:
    """One plain Markdown page per paper, Material, search, a two-item nav."""
    papers = root / "docs" / "papers"
    make_entries(root / "entries", size)
    papers.mkdir(parents=True)
    for entry in sorted((root / "entries").glob("*.md")):
        _, front, body = entry.read_text(encoding="utf-8").split("---\n", 2)
        title = yaml.safe_load(front)["title"]
        (papers / entry.name).write_text(f"# {title}\n\n{body}", encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Papers\n", encoding="utf-8")
    config = {
        "site_name": "Bare",
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "nav": [{"Home": "index.md"}],
        "not_in_nav": "/papers/\n",
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")


# A fresh parent per command, so the peak RSS it reports is that command's alone.
PEAK_RSS_PROBE = (
    "import resource, subprocess, sys;"
    "subprocess.run(sys.argv[1:], check=True, capture_output=True);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run a command; return (seconds, peak RSS in MiB)."""
    started = time.perf_counter()
    probe = subprocess.run([sys.executable, "-c", PEAK_RSS_PROBE, *command], cwd=cwd,
                           check=True, capture_output=True, text=True,
                           env={**os.environ, "READING_LIST_TODAY": "2026-01-01"})
    seconds = time.perf_counter() - started
    return seconds, int(probe.stdout.strip()) / 1024


def site_size(site: Path) -> float:
    return sum(path.stat().st_size for path in site.rglob("*") if path.is_file()) / 2**20


def main(sizes: list[int]) -> None:
    python = sys.executable
    print("| papers | ours (s) | bare (s) | time ratio | ours peak (MiB) | bare peak (MiB) "
          "| ours site (MiB) | bare site (MiB) |")
    print("| -----: | -------: | -------: | ---------: | --------------: | --------------: "
          "| --------------: | --------------: |")
    for size in sizes:
        with tempfile.TemporaryDirectory() as scratch:
            ours, bare = Path(scratch, "ours"), Path(scratch, "bare")
            ours.mkdir()
            bare.mkdir()
            make_ours(ours, size)
            make_bare(bare, size)
            bare_seconds, bare_peak = measure([python, "-m", "mkdocs", "build", "-q"], bare)
            ours_seconds, ours_peak = measure(
                [python, "-m", "generator", "--root", str(ours), "build"], REPO_ROOT)
            print(f"| {size} | {ours_seconds:.1f} | {bare_seconds:.1f} | "
                  f"{ours_seconds / bare_seconds:.1f} | {ours_peak:.0f} | {bare_peak:.0f} | "
                  f"{site_size(ours / 'site'):.1f} | {site_size(bare / 'site'):.1f} |",
                  flush=True)


if __name__ == "__main__":
    main([int(size) for size in sys.argv[1:]] or list(DEFAULT_SIZES))
