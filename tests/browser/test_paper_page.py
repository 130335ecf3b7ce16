"""A paper page in the browser: the BibTeX copy button and the rendered formulas."""

from __future__ import annotations

import re
import urllib.request
from urllib.parse import urljoin

import bibtexparser
import pytest
import yaml

from conftest import PAPERS

# Raw TeX that would mean a formula reached the reader unrendered.
RAW_TEX = re.compile(r"\$|\\[A-Za-z]+")


def _entry(slug: str) -> tuple[dict, str]:
    """Return the front matter and the abstract of a real entry."""
    text = (PAPERS / f"{slug}.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _values(entry) -> dict[str, str]:
    return {field.key: field.value for field in entry.fields}


def _papers_with_math() -> list[str]:
    return sorted(path.stem for path in PAPERS.glob("*.md")
                  if "$" in _entry(path.stem)[1])


def test_copy_button_puts_exactly_the_bibtex_entry_on_the_clipboard(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("papers/multimodal-diffusion-transformer/")
    block = page.locator("article .highlight").filter(has_text="@misc{")
    block.hover()  # Material shows its copy button when the pointer is over the code
    block.get_by_role("button", name="Copy to clipboard").click()
    copied = page.evaluate("navigator.clipboard.readText()")

    assert copied.strip() == block.locator("code").inner_text().strip()
    entry, = bibtexparser.parse_string(copied).entries
    with urllib.request.urlopen(urljoin(site_url, "papers.bib"), timeout=10) as answer:
        whole_list = bibtexparser.parse_string(answer.read().decode("utf-8"))
    assert entry.key == "reuss2024multimodal"
    listed, = [other for other in whole_list.entries if other.key == entry.key]
    assert _values(entry) == _values(listed)
    front, _ = _entry("multimodal-diffusion-transformer")
    assert entry["author"] == " and ".join(front["authors"])
    assert entry["title"] == "{" + front["title"] + "}"
    assert entry["eprint"] == front["arxiv"]


@pytest.mark.parametrize("slug", _papers_with_math())
def test_formulas_are_rendered_not_shown_as_tex(page, slug):
    page.goto(f"papers/{slug}/")
    abstract = page.locator(".paper-abstract")
    visible = abstract.inner_text()
    assert not RAW_TEX.search(visible), visible
    formula = abstract.locator("math").first
    box = formula.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    # The MathML elements were understood: the formula is laid out as maths,
    # not as an unknown inline element holding the letters one after another.
    assert formula.evaluate("math => getComputedStyle(math).display") in {
        "inline math", "math", "block math"}
