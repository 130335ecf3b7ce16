"""A 390-pixel-wide phone: pages fit the screen, and the navigation drawer works."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, Visit, open_context

PAGES = {"home": "", "topic": "topics/robot-learning/", "paper": "papers/omnijarvis/",
         "archive": "archive/2024/", "authors": "authors/", "statistics": "stats/",
         "all-papers": "papers/"}


@pytest.fixture(scope="module")
def phone(browser, site_url):
    """One phone-sized page for this module; each test navigates it afresh."""
    context = open_context(browser, site_url, Visit(), viewport=PHONE, is_mobile=True,
                           has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("address", PAGES.values(), ids=PAGES.keys())
def test_page_does_not_scroll_sideways_on_a_phone(phone, address):
    phone.goto(address)
    widths = phone.evaluate("({scroll: document.documentElement.scrollWidth,"
                            " client: document.documentElement.clientWidth})")
    assert widths["client"] == PHONE["width"]
    assert widths["scroll"] <= widths["client"], _widest_elements(phone)


def test_all_papers_table_leaves_room_for_titles_on_a_phone(phone):
    phone.goto("papers/")
    title = phone.locator("table.paper-table tbody tr td").first
    assert title.bounding_box()["width"] > PHONE["width"] / 3
    assert phone.locator("table.paper-table tbody tr").first.locator("td").filter(
        visible=True).count() == 3  # title, first author, year


def test_navigation_drawer_opens_and_its_links_work(phone):
    phone.goto("papers/omnijarvis/")
    drawer = phone.locator("nav.md-nav--primary")
    expect(drawer).not_to_be_in_viewport()

    phone.locator("label.md-header__button[for=__drawer]").click()
    expect(drawer).to_be_in_viewport()
    drawer.get_by_role("link", name="About", exact=True).click()

    assert phone.url.endswith("/about/")
    expect(phone.locator("article h1")).to_have_text("About this list")


def _widest_elements(page) -> list[str]:
    """Name the elements that stick out past the right edge, for the failure message."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right
                     > document.documentElement.clientWidth + 1)
        .slice(0, 8).map(e => e.tagName.toLowerCase() + '.' + e.className + ' '
                        + Math.round(e.getBoundingClientRect().right))""")
