"""Search: a reader types into Material's search box and finds the right paper.

Each of a dozen real papers is looked up four ways: words of its title, an
author's surname (also typed without accents), its arXiv id, and a two-word
phrase from its abstract. The paper must be among the first three results.
"""

from __future__ import annotations

import pytest

from .conftest import Visit, open_context

# slug: (title words, surname, arXiv id, two-word phrase from the abstract)
QUERIES = {
    "multimodal-diffusion-transformer": (
        "multimodal diffusion transformer", "Yağmurlu", "2407.05996",
        "sparsely annotated"),
    "omnijarvis": ("vision-language-action tokenization", "Liang", "2407.00114",
                   "behavior tokens"),
    "alignment-faking": ("alignment faking", "Greenblatt", "2412.14093", "paid users"),
    "pretrained-lms-interactive-decision-making": (
        "interactive decision-making", "Akyürek", "2202.01771",
        "combinatorial generalization"),
    "self-supervised-alignment-mutual-information": (
        "mutual information", "Fränken", "2404.14313", "behavioral principles"),
    "sleeper-agents": ("sleeper agents", "Karnofsky", "2401.05566",
                       "exploitable code"),
    "locally-typical-sampling": ("locally typical sampling", "Meister", "2202.00666",
                                 "stochastic process"),
    "dialect-prejudice": ("dialect prejudice", "Hofmann", "2403.00742",
                          "covert racism"),
    "simpletom": ("SimpleToM", "Tafjord", "2410.13648", "moldy chips"),
    "retroformer": ("retrospective language agents", "Heinecke", "2308.02151",
                    "root cause"),
    "rt-h-action-hierarchies": ("action hierarchies", "Belkhale", "2403.01823",
                                "coke can"),
    "cobra-frames": ("COBRA frames", "Yerukola", "2306.01985", "ESL teacher"),
}
# Surnames a reader may type without their accents.
FOLDED = {"Yağmurlu": "Yagmurlu", "Akyürek": "Akyurek", "Fränken": "Franken"}


def _cases():
    for slug, (title, surname, arxiv, phrase) in QUERIES.items():
        yield pytest.param(slug, title, id=f"{slug}-title")
        yield pytest.param(slug, surname, id=f"{slug}-surname")
        if surname in FOLDED:
            yield pytest.param(slug, FOLDED[surname], id=f"{slug}-surname-unaccented")
        yield pytest.param(slug, arxiv, id=f"{slug}-arxiv")
        yield pytest.param(slug, phrase, id=f"{slug}-phrase")


@pytest.fixture(scope="module")
def search_box(browser, site_url):
    """The search input of the home page, shared by every query of this module."""
    context = open_context(browser, site_url, Visit())
    page = context.new_page()
    page.goto("")
    box = page.locator("input.md-search__input")
    box.click()
    yield box
    context.close()


def search(box, query: str) -> list[str]:
    """Type a query and return the addresses of the result pages, best first.

    Material runs a search on each key release. The box is emptied and the
    results are awaited to disappear; then all but the last character are
    filled in and the last one is typed, so exactly one search runs and the
    results on screen are its own.
    """
    page = box.page
    box.fill("")
    box.press("Backspace")
    page.wait_for_selector(".md-search-result__item", state="detached")
    box.fill(query[:-1])
    box.press(query[-1])
    page.wait_for_selector(".md-search-result__item")
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item", "items => items.map(item => "
        "item.querySelector('a.md-search-result__link').href)")
    return [_site_address(href, page.url) for href in hrefs]


def _site_address(href: str, home: str) -> str:
    """Strip the server and the highlight query: 'papers/omnijarvis/'."""
    return href.removeprefix(home).split("?")[0].split("#")[0]


@pytest.mark.parametrize(("slug", "query"), list(_cases()))
def test_search_puts_the_paper_among_the_first_three_results(search_box, slug, query):
    results = search(search_box, query)
    assert f"papers/{slug}/" in results[:3], f"{query!r} found {results[:5]}"
