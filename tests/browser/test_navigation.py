"""Navigation: a reader clicks from home to a paper and on, and no link is dead."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import yaml
from bs4 import BeautifulSoup

from conftest import PAPERS

# Where a page points at other files: (tag, attribute).
LINK_ATTRIBUTES = [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                   ("source", "src")]


def test_reader_clicks_from_home_to_topic_to_paper_to_its_year(page):
    page.goto("")
    page.locator("article").get_by_role("link", name="Robot learning").click()
    assert page.locator("article h1").inner_text() == "Robot learning"
    assert page.url.endswith("/topics/robot-learning/")

    title = ("Multimodal Diffusion Transformer: Learning Versatile Behavior from "
             "Multimodal Goals")
    page.locator("article").get_by_role("link", name=title).click()
    assert page.locator("article h1").inner_text() == title
    assert page.url.endswith("/papers/multimodal-diffusion-transformer/")

    # A paper page has no link to its year, so the reader goes through the tabs.
    year = str(_front_matter("multimodal-diffusion-transformer")["published"])[:4]
    page.locator(".md-tabs").get_by_role("link", name="Archive").click()
    page.locator("article").get_by_role("link", name=year, exact=True).click()
    assert page.locator("article h1").inner_text() == f"Papers published in {year}"
    assert page.locator("article").get_by_role("link", name=title).is_visible()


def test_every_internal_link_resolves_and_every_anchor_exists(built_site, site_url):
    # 404.html is served at any missing address, so its links are absolute and
    # start with the path of site_url, which the local server does not serve.
    pages = {urljoin(site_url, _address(path, built_site)): path
             for path in sorted(built_site.rglob("*.html")) if path.name != "404.html"}
    ids_by_page = {url: _ids(BeautifulSoup(path.read_text(encoding="utf-8"),
                                           "html.parser"))
                   for url, path in pages.items()}
    broken = []
    checked: dict[str, int] = {}
    for url, path in pages.items():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for target in _internal_links(soup, url, site_url):
            address, anchor = urldefrag(target)
            if address not in checked:
                checked[address] = _status(address)
            if checked[address] != 200:
                broken.append(f"{url} -> {target}: HTTP {checked[address]}")
            elif anchor and anchor not in ids_by_page.get(_page_url(address), set()):
                broken.append(f"{url} -> {target}: no element with id {anchor!r}")
    assert not broken, "\n".join(broken)
    assert len(checked) > len(pages) / 2  # the crawl really followed links


def _front_matter(slug: str) -> dict:
    return yaml.safe_load((PAPERS / f"{slug}.md").read_text(encoding="utf-8")
                          .split("---\n", 2)[1])


def _address(path: Path, site: Path) -> str:
    """The URL path a server gives a built file: 'papers/omnijarvis/'."""
    relative = path.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


def _page_url(address: str) -> str:
    return address if address.endswith((".html", "/")) else address + "/"


def _ids(soup: BeautifulSoup) -> set[str]:
    return {element["id"] for element in soup.find_all(id=True)} | {
        element["name"] for element in soup.find_all("a", attrs={"name": True})}


def _internal_links(soup: BeautifulSoup, page_url: str, site_url: str) -> list[str]:
    """Every link of a page that stays on the site, made absolute."""
    links = []
    for tag, attribute in LINK_ATTRIBUTES:
        for element in soup.find_all(tag, attrs={attribute: True}):
            target = urljoin(page_url, element[attribute])
            if target.startswith(site_url):
                links.append(target)
    return links


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
