"""Screenshots of the main pages at desktop and phone widths, for a person to review.

They are written to tests/screenshots/ (git-ignored); the test only checks that
each page was captured whole.
"""

from __future__ import annotations

import struct

import pytest

from .conftest import DESKTOP, PAGE_FAMILIES, PHONE, SCREENSHOTS, Visit, open_context

PAGES = ["home", "topic", "paper", "archive", "authors", "statistics", "all-papers"]


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots_of_the_main_pages(browser, site_url, viewport):
    SCREENSHOTS.mkdir(exist_ok=True)
    context = open_context(browser, site_url, Visit(), viewport=viewport)
    page = context.new_page()
    width_name = "desktop" if viewport is DESKTOP else "phone"
    try:
        for family in PAGES:
            page.goto(PAGE_FAMILIES[family])
            path = SCREENSHOTS / f"{family}-{width_name}.png"
            # Finished transitions: Material slides its tabs in after the page loads.
            page.screenshot(path=path, full_page=True, animations="disabled")
            width, height = _png_size(path.read_bytes())
            assert width == viewport["width"]
            assert height >= page.evaluate("document.documentElement.scrollHeight")
    finally:
        context.close()
