"""Every page family loads cleanly: no console error, nothing fetched from elsewhere."""

from __future__ import annotations

import pytest

from .conftest import PAGE_FAMILIES


@pytest.mark.parametrize("address", PAGE_FAMILIES.values(), ids=PAGE_FAMILIES.keys())
def test_page_logs_no_error_and_requests_only_the_local_server(page, visit, address):
    with page.expect_response(lambda response: response.url.endswith(
            "search_index.json")):
        # Wait until the network is quiet, so late requests (search index,
        # sitemap) are seen too.
        page.goto(address, wait_until="networkidle")

    assert visit.console_errors == []
    assert visit.failed_requests == []
    assert visit.foreign_requests == []
