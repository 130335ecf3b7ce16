"""MkDocs hooks: hand the generated pages and navigation to MkDocs.

`mkdocs.yml` lists this file under `hooks:`, so `mkdocs build`, `mkdocs
serve` and `python -m generator build` all see the same site. Pages live only
in memory (MkDocs' generated files); `docs/` and `papers/` are only read.
"""

from __future__ import annotations

import html
import json
import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator.build import PAPERS_DIR, check_entries, generate_pages, take_checked_list
from generator.errors import EntriesInvalid, format_problems
from generator.exports import FEED_ABSTRACT_LENGTH, render_exports
from generator.model import ReadingList, fold_accents
from generator.render import build_navigation, paper_address

log = logging.getLogger(__name__)

_pages: dict[str, str] = {}  # generated pages of the build in progress
_files: dict[str, bytes] = {}  # feeds, .bib, JSON and CSV of the build in progress
_lists: list[ReadingList] = []  # the list being built, for on_post_build


def on_config(config):
    """Load and check the list, render its pages, and build the navigation."""
    root = Path(config.config_file_path).parent
    try:
        reading_list = take_checked_list(root) or check_entries(root)
    except EntriesInvalid as invalid:
        raise PluginError(
            f"{format_problems(invalid.problems)}\n{invalid}; nothing was built"
        ) from None
    _pages.clear()
    _pages.update(generate_pages(root, reading_list))
    _files.clear()
    _files.update(render_exports(reading_list, config.site_url or "/", config.site_name))
    _lists[:] = [reading_list]
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
    for path, content in sorted(_files.items()):
        files.append(File.generated(config, path, content=content))
    return files


def on_post_build(config) -> None:
    """Adjust the search index: folded author names, bounded abstracts.

    Lunr matches exact tokens, so each paper's search text also gets the
    accent-folded spelling of any author name that has accents (Yagmurlu
    finds Yağmurlu). An abstract section carries at most its first
    FEED_ABSTRACT_LENGTH characters, so one long abstract cannot bloat the
    index every reader downloads.
    """
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if not _lists or not index_path.exists():
        return
    folded_names = {
        # Escaped: Material shows search text as HTML, and folding can turn
        # look-alike characters such as "＜" into a real "<".
        paper_address(paper.slug): [html.escape(fold_accents(name)) for name in paper.authors
                                    if fold_accents(name) != name.casefold()]
        for paper in _lists[0].papers
    }
    index = json.loads(index_path.read_text(encoding="utf-8"))
    for document in index["docs"]:
        extra = folded_names.get(document["location"])
        if extra:
            document["text"] += " " + " ".join(extra)
        if document["location"].endswith("/#abstract"):
            document["text"] = _shorten(document["text"], FEED_ABSTRACT_LENGTH)
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Escape the page title and description before the theme prints them.

    Front matter keeps a paper's title exactly as written (it must
    round-trip), but Material prints `page.title`, `page.meta.title` and
    `page.meta.description` into the page without escaping, so a title like
    `</title><script>` would run. Escaped here, they show as typed in the
    header, the tab title, the navigation and the search results.
    """
    if isinstance(page.meta.get("title"), str):
        page.meta["title"] = html.escape(page.meta["title"], quote=False)
    if isinstance(page.meta.get("description"), str):
        page.meta["description"] = html.escape(page.meta["description"], quote=True)
    return markdown


def on_serve(server, config, builder):
    """Rebuild the preview when an entry or topics.yml changes."""
    server.watch(str(Path(config.config_file_path).parent / PAPERS_DIR))
    return server


def _shorten(html_text: str, limit: int) -> str:
    """Cut indexed HTML at a word boundary before `limit` characters.

    Tags are dropped first, so the cut never leaves half a tag behind.
    """
    if len(html_text) <= limit:
        return html_text
    text = " ".join(re.sub(r"<[^>]*>", " ", html_text).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
