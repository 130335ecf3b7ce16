"""Browser fixtures: the real site served on 127.0.0.1 and Debian's headless Chromium.

The site is the session build of tests/conftest.py, served by a threaded
http.server on an ephemeral port. Playwright drives /usr/bin/chromium (its own
browser download is never used). Every page runs in a fresh context that
refuses, and records, any request to a host other than the local server.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")  # Debian's; tests/browser/install-chromium.sh
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"  # git-ignored

# One page of each family a reader meets, as addresses relative to the site root.
PAGE_FAMILIES = {
    "home": "",
    "topic": "topics/robot-learning/",
    "topic-index": "topics/",
    "paper": "papers/omnijarvis/",
    "archive": "archive/2024/",
    "archive-index": "archive/",
    "authors": "authors/",
    "additions": "additions/",
    "statistics": "stats/",
    "all-papers": "papers/",
    "about": "about/",
}


def pytest_collection_modifyitems(items):
    """Mark every browser test slow: they all stand on a full build of the site."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.slow)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        """Keep the test output free of one access line per request."""


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """Ignore a browser that hangs up early (closed page, aborted image)."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class Visit:
    """What a browser context saw besides the pages: errors, failures, other hosts."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)  # "404 <url>"
    foreign_requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 and return its base URL, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's Chromium headless through Playwright, once per session."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; tests/browser/install-chromium.sh "
                        "should have installed it")
        pytest.skip(f"{CHROMIUM} is missing (install it with "
                    "tests/browser/install-chromium.sh or `make test`)")

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_context(browser, site_url: str, visit: Visit, **options):
    """Open a browser context that only reaches the local server, recording the rest."""
    context = browser.new_context(base_url=site_url, color_scheme="light",
                                  viewport=options.pop("viewport", DESKTOP), **options)

    def refuse(route):
        visit.foreign_requests.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(site_url), refuse)
    context.on("console", lambda message: message.type == "error"
               and visit.console_errors.append(message.text))
    context.on("weberror", lambda error: visit.console_errors.append(str(error.error)))
    context.on("response", lambda response: response.status >= 400
               and visit.failed_requests.append(f"{response.status} {response.url}"))
    return context


@pytest.fixture
def visit() -> Visit:
    return Visit()


@pytest.fixture
def page(browser, site_url, visit):
    """A fresh desktop-sized page whose context only reaches the local server."""
    context = open_context(browser, site_url, visit)
    yield context.new_page()
    context.close()
