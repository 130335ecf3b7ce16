"""The dark/light toggle: it switches the palette, and the choice outlives the page."""

from __future__ import annotations

from playwright.sync_api import expect


def _expect_scheme(page, scheme: str) -> None:
    """Wait for Material to apply the palette; it does so after the click event."""
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)


def test_dark_mode_switches_and_persists_across_reload_and_navigation(page):
    page.goto("papers/omnijarvis/")
    _expect_scheme(page, "default")
    light_background = page.evaluate("getComputedStyle(document.body).backgroundColor")

    page.locator("label[title='Switch to dark mode']").click()
    _expect_scheme(page, "slate")
    dark_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark_background != light_background

    page.reload()
    _expect_scheme(page, "slate")

    page.locator(".md-tabs").get_by_role("link", name="Topics").click()
    assert page.url.endswith("/topics/")
    _expect_scheme(page, "slate")

    page.locator("label[title='Switch to light mode']").click()
    _expect_scheme(page, "default")
    page.reload()
    _expect_scheme(page, "default")
