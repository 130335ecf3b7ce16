"""Contributed text never becomes live markup on the built site.

Real entries are stuffed with script, event handlers, dangerous links,
Jinja and MkDocs syntax and Markdown that tries to leave its block. What
validation lets through (it only warns about raw HTML) is built into a real
site, and every HTML file is parsed: nothing the contributor wrote may run.
What validation refuses (javascript: links) is fed to the renderer and the
text functions directly, to show the build would still be safe without it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import make_project, real_entry, run_generator

from generator.model import Paper, PublicationDate, ReadingList, Topic
from generator.render import render_site
from generator.text import block_html, inline_markup

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = (
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "background",
    "srcset",
)
FOREIGN_ELEMENTS = (
    "script",
    "iframe",
    "object",
    "embed",
    "form",
    "style",
    "base",
    "meta",
    "link",
    "svg",
    "img",
    "input",
    "button",
    "textarea",
)

HOSTILE_TITLES = {  # entry → the title it gets, shown literally in its H1
    "model-surgery": "Model Surgery: Modulating LLM's Behavior "
    "<script>alert('title')</script> Via Simple Parameter Editing",
    "rt-h-action-hierarchies": "RT-H: {{ config.site_name }} {% include 'base.html' %} "
    'Action Hierarchies {: onclick="alert(1)" }',
    "locally-typical-sampling": "Locally Typical Sampling</h1><svg onload=alert(1)>",
    "omnijarvis": "OmniJARVIS [click](javascript:alert(1)) &#106;avascript:alert(2) "
    "<a href=JaVaScRiPt:alert(3)>x</a> *not emphasis* `not code`",
}
HOSTILE_AUTHORS = [
    "B. <img src=x onerror=alert('author')>",
    '" onmouseover="alert(1)',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
]
HOSTILE_BODY = """
Large language models have shown promise<script>alert('abstract')</script> and
<img src="x" onerror="alert('img')"> raw HTML that a contributor pasted, plus an
iframe <iframe src="https://example.org"></iframe> and
<style>body{display:none}</style>.
{{ 7*7 }} {% raw %} {: onclick="alert(1)" } <SCRIPT SRC=//example.org/x.js></SCRIPT>

</div>
<script>alert('after a closing div')</script>

```
</div><script>alert('fenced')</script>
```

    </div><script>alert('indented')</script>

<!-- everything after this would be hidden

## Notes

<form action="https://example.org/steal"><input name="q"><button>Go</button></form>
<object data="https://example.org/x.swf"></object><embed src="https://example.org/y">
<a href="https://example.org" onclick="alert(1)">a raw link with a handler</a>
[a link with an attribute list](https://example.org){: onclick="alert(1)" }
"""
HOSTILE_DESCRIPTION = "\"><script>alert('description')</script><meta x=\""
# Links that validation refuses, for the renderer and the text functions.
REFUSED_LINKS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "\x01javascript:alert(1)",
]


def hostile_entry(slug: str) -> str:
    """Return a real entry with a hostile title, authors and body."""
    text = real_entry(slug)
    title = re.search(r'^title: "(.*)"$', text, re.M).group(0)
    text = text.replace(title, "title: " + json.dumps(HOSTILE_TITLES[slug]))
    first_author = re.search(r"^  - .*$", text, re.M).group(0)
    extra = "".join(f"\n  - {json.dumps(name)}" for name in HOSTILE_AUTHORS)
    text = text.replace(first_author, first_author + extra, 1) + HOSTILE_BODY
    # The start of the abstract becomes the page's meta description.
    return text.replace("---\n\n", f"---\n\n{HOSTILE_DESCRIPTION} ", 1)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def is_dangerous_url(value: str) -> bool:
    """Tell whether a browser would run this (already entity-decoded) URL.

    Browsers strip leading and trailing controls and spaces and drop every
    tab and line break before they read the scheme.
    """
    squeezed = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(33)))))
    return squeezed.lower().startswith(DANGEROUS_SCHEMES)


def live_parts(site: Path, region: str = "html") -> dict[str, set]:
    """Collect every script, handler, URL and element that could run, by kind.

    `region` is a CSS selector: "html" for whole pages, "article" for the
    page content our templates and text functions produce.
    """
    found: dict[str, set] = {
        "script": set(),
        "handler": set(),
        "url": set(),
        "element": set(),
    }
    for path in html_files(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in (
            node for part in soup.select(region) for node in part.find_all(True)
        ):
            if tag.name == "script":
                found["script"].add(tag.get("src") or _script_shape(tag.string or ""))
            if tag.name in FOREIGN_ELEMENTS:
                found["element"].add(tag.name)
            for name, value in tag.attrs.items():
                values = value if isinstance(value, list) else [value]
                if name.lower().startswith("on"):
                    found["handler"].add(f"{tag.name}[{name}]")
                if name.lower() in URL_ATTRIBUTES and any(
                    map(is_dangerous_url, values)
                ):
                    found["url"].add(f"{tag.name}[{name}]={value}")
    return found


def _script_shape(code: str) -> str:
    """Reduce an inline theme script to its shape: page paths and data differ."""
    return re.sub(r'"[^"]*"|\d+', "_", code)[:60]


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """Build the same four real entries twice: as they are, and made hostile."""
    built = {}
    for kind in ("clean", "hostile"):
        entries = {
            f"{slug}.md": hostile_entry(slug) if kind == "hostile" else real_entry(slug)
            for slug in HOSTILE_TITLES
        }
        root = make_project(tmp_path_factory.mktemp(kind), entries)
        result = run_generator("build", root=root)
        assert result.exit_code == 0, result.stderr
        built[kind] = root / "site"
        built[f"{kind}-stderr"] = result.stderr
    return built


def test_validation_only_warns_about_the_hostile_text(sites):
    warnings = sites["hostile-stderr"].splitlines()

    assert any("raw HTML <script> is shown as text" in line for line in warnings)
    assert not any(line.startswith("error") for line in warnings)


@pytest.mark.parametrize("kind", ["script", "handler", "url", "element"])
def test_page_content_has_nothing_live_from_entries(sites, kind):
    hostile = live_parts(sites["hostile"], "article")[kind]

    assert hostile == live_parts(sites["clean"], "article")[kind]


@pytest.mark.parametrize("kind", ["script", "handler", "url"])
def test_whole_pages_have_nothing_live_from_entries(sites, kind):
    hostile = live_parts(sites["hostile"])[kind]

    assert hostile == live_parts(sites["clean"])[kind]


@pytest.mark.parametrize("slug", HOSTILE_TITLES)
def test_title_appears_literally_in_the_heading(sites, slug):
    page = sites["hostile"] / "papers" / slug / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")

    assert soup.h1.get_text() == HOSTILE_TITLES[slug]


@pytest.mark.parametrize("slug", HOSTILE_TITLES)
def test_authors_appear_literally(sites, slug):
    page = sites["hostile"] / "papers" / slug / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")

    shown = soup.select_one(".paper-authors").get_text()
    assert all(name in shown for name in HOSTILE_AUTHORS)


def test_hostile_body_is_shown_as_text(sites):
    page = sites["hostile"] / "papers" / "model-surgery" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")

    abstract = soup.select_one(".paper-abstract").get_text()
    notes = soup.select_one(".paper-notes").get_text()
    assert "<script>alert('abstract')</script>" in abstract
    assert "<script>alert('after a closing div')</script>" in abstract
    assert '<form action="https://example.org/steal">' in notes
    # the opened comment swallowed nothing: the notes and the BibTeX follow it
    assert soup.find(id="cite") is not None


def test_macro_syntax_is_shown_not_evaluated(sites):
    page = sites["hostile"] / "papers" / "model-surgery" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")

    abstract = soup.select_one(".paper-abstract").get_text()
    assert '{{ 7*7 }} {% raw %} {: onclick="alert(1)" }' in abstract


# --- what validation refuses: the renderer and text functions on their own ----


def hostile_paper(url: str) -> Paper:
    return Paper(
        slug="model-surgery",
        source="papers/model-surgery.md",
        title=HOSTILE_TITLES["model-surgery"],
        authors=tuple(HOSTILE_AUTHORS),
        published=PublicationDate(dt.date(2024, 7, 11)),
        added=dt.date(2025, 3, 14),
        topics=("safety-deception",),
        abstract=f"See [the demo]({url}).",
        arxiv="2407.08770",
        url=url,
        links=(("code", url), ("project", url)),
        notes=f"![figure]({url}) and [ref][1].\n\n[1]: {url}",
    )


@pytest.mark.parametrize("url", REFUSED_LINKS)
def test_text_functions_drop_refused_links(url):
    rendered = str(block_html(f"[demo]({url}) ![figure]({url}) [ref][1]\n\n[1]: {url}"))
    soup = BeautifulSoup(rendered, "html.parser")

    hrefs = [
        tag.get(name)
        for tag in soup.find_all(True)
        for name in ("href", "src")
        if tag.get(name) is not None
    ]
    assert not any(map(is_dangerous_url, hrefs))
    assert not soup.find_all(["script", "iframe", "img"])


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JaVaScRiPt:alert(1)"])
def test_renderer_alone_drops_refused_links(url):
    reading_list = ReadingList(
        [hostile_paper(url)], [Topic("safety-deception", "S", "D")]
    )
    page = render_site(reading_list, "")["papers/model-surgery.md"]
    soup = BeautifulSoup(page, "html.parser")

    hrefs = [tag.get("href") for tag in soup.find_all("a") if tag.get("href")]
    assert not any(map(is_dangerous_url, hrefs))


@pytest.mark.parametrize(
    "text",
    [
        *HOSTILE_TITLES.values(),
        *HOSTILE_AUTHORS,
        "<scr<script>ipt>alert(1)</script>",
        "</p><script>alert(1)</script>",
        "${alert(1)}$",
        "$\\href{javascript:alert(1)}{x}$",
        "$\\text{<img src=x onerror=alert(1)>}$",
        "[x](javascript:alert(1))",
    ],
)
def test_inline_markup_is_inert(text):
    soup = BeautifulSoup(f"<p>{inline_markup(text)}</p>", "html.parser")

    tags = {tag.name for tag in soup.find_all(True)} - {
        "p",
        "math",
        "mrow",
        "mi",
        "mo",
        "mn",
        "mtext",
        "msub",
        "msup",
    }
    assert tags == set()
    assert not any(
        name.startswith("on") for tag in soup.find_all(True) for name in tag.attrs
    )
    if "$" not in text:
        assert soup.get_text() == " ".join(text.split())
