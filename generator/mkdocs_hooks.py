"""MkDocs hooks: hand the generated pages and navigation to MkDocs.

`mkdocs.yml` lists this file under `hooks:`, so `mkdocs build`, `mkdocs
serve` and `python -m generator build` all see the same site. Pages live only
in memory (MkDocs' generated files); `docs/` and `papers/` are only read.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator.build import PAPERS_DIR, check_entries, generate_pages
from generator.errors import EntriesInvalid, format_problems
from generator.render import build_navigation

log = logging.getLogger(__name__)

_pages: dict[str, str] = {}  # generated pages of the build in progress


def on_config(config):
    """Load and check the list, render its pages, and build the navigation."""
    root = Path(config.config_file_path).parent
    try:
        reading_list = check_entries(root)
    except EntriesInvalid as invalid:
        raise PluginError(
            f"{format_problems(invalid.problems)}\n{invalid}; nothing was built"
        ) from None
    _pages.clear()
    _pages.update(generate_pages(root, reading_list))
    config.nav = build_navigation(reading_list, list(config.nav or []))
    log.info("Rendered %d pages", len(_pages))
    return config


def on_files(files: Files, config) -> Files:
    """Add the generated pages; the generated home replaces docs/index.md."""
    for path, markdown in sorted(_pages.items()):
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=markdown))
    return files


def on_serve(server, config, builder):
    """Rebuild the preview when an entry or topics.yml changes."""
    server.watch(str(Path(config.config_file_path).parent / PAPERS_DIR))
    return server
