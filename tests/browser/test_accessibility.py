"""Accessibility: axe-core finds no serious or critical violation on the main pages.

axe-playwright-python ships axe-core's script inside its wheel, so nothing is
downloaded. Both palettes are checked, since contrast differs between them, and
a phone's layout, which shows the navigation drawer instead of the tabs.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import PAGE_FAMILIES, PHONE

PAGES = ["home", "topic", "paper", "archive", "authors", "statistics", "all-papers"]
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _blocking_violations(axe: Axe, page) -> list[str]:
    """One line per serious or critical violation: rule, impact and the elements."""
    results = axe.run(page)
    return [f"{violation['id']} ({violation['impact']}): {violation['help']} at "
            + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            for violation in results.response["violations"]
            if violation["impact"] in BLOCKING]


@pytest.mark.parametrize("family", PAGES)
def test_page_has_no_serious_accessibility_violation(axe, page, family):
    page.goto(PAGE_FAMILIES[family])
    assert _blocking_violations(axe, page) == []


# The dark palette changes only colours: these pages hold every kind of element
# (buttons, code, charts, tables, links in text) whose contrast it could spoil.
@pytest.mark.parametrize("family", ["home", "paper", "statistics", "all-papers"])
def test_page_has_no_serious_accessibility_violation_in_dark_mode(axe, page, family):
    page.goto(PAGE_FAMILIES[family])
    page.locator("label[title='Switch to dark mode']").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert _blocking_violations(axe, page) == []


@pytest.mark.parametrize("family", ["home", "paper", "all-papers"])
def test_page_has_no_serious_accessibility_violation_on_a_phone(axe, page, family):
    page.set_viewport_size(PHONE)
    page.goto(PAGE_FAMILIES[family])
    assert _blocking_violations(axe, page) == []
