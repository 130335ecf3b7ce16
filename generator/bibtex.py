"""BibTeX entries for papers, with stable unique keys.

Takes `Paper` objects and gives back BibTeX text written by bibtexparser.
Keys look like `reuss2024multimodal`: first author's surname, publication
year, first significant title word; papers that would share a key get `a`,
`b`, ... in the order of their entry file names, so keys never change when
an unrelated paper joins the list.
"""

from __future__ import annotations

import re

import bibtexparser
from bibtexparser.model import Entry, Field
from slugify import slugify

from generator.model import Paper
from generator.text import INLINE_MATH

TITLE_STOPWORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "is", "are"}
LATEX_SPECIALS = re.compile(r"(?<!\\)([&%#_])")  # escaped with a backslash in BibTeX


def assign_keys(papers: list[Paper]) -> dict[str, str]:
    """Map each paper's slug to its unique citation key."""
    by_base: dict[str, list[Paper]] = {}
    for paper in sorted(papers, key=lambda paper: paper.slug):
        by_base.setdefault(_base_key(paper), []).append(paper)
    keys = {}
    for base, sharing in by_base.items():
        for index, paper in enumerate(sharing):
            keys[paper.slug] = base if len(sharing) == 1 else base + chr(ord("a") + index)
    return keys


def format_entry(paper: Paper, key: str) -> str:
    """Return one paper as a BibTeX entry."""
    fields = [
        Field("title", "{" + escape_latex(paper.title) + "}"),
        Field("author", " and ".join(_protect_name(name) for name in paper.authors)),
        Field("year", str(paper.published.year)),
    ]
    if paper.published.has_day or paper.published.month:
        fields.append(Field("month", paper.published.day.strftime("%b").lower()))
    entry_type = "misc"
    if paper.venue:
        entry_type = "inproceedings"
        fields.append(Field("booktitle", escape_latex(paper.venue)))
    if paper.arxiv:
        fields += [
            Field("eprint", paper.arxiv),
            Field("archivePrefix", "arXiv"),
        ]
    if paper.doi:
        fields.append(Field("doi", paper.doi))
    url = next((url for _, url in paper.external_links), "")
    if url:
        fields.append(Field("url", url))
    return _write([Entry(entry_type, key, fields)])


def format_entries(papers: list[Paper], keys: dict[str, str]) -> str:
    """Return many papers as one .bib file, in the given order."""
    return "\n".join(format_entry(paper, keys[paper.slug]) for paper in papers)


def escape_latex(text: str) -> str:
    """Escape & % # _ outside $math$; keep braces, math and Unicode as written."""
    pieces, position = [], 0
    for match in INLINE_MATH.finditer(text):
        pieces.append(LATEX_SPECIALS.sub(r"\\\1", text[position: match.start()]))
        pieces.append(match.group())
        position = match.end()
    pieces.append(LATEX_SPECIALS.sub(r"\\\1", text[position:]))
    return "".join(pieces)


def _base_key(paper: Paper) -> str:
    surname = slugify(paper.first_author.split()[-1], separator="") or "anon"
    words = [slugify(word, separator="") for word in re.split(r"[\s:-]+", paper.title)]
    word = next((w for w in words if w and w not in TITLE_STOPWORDS), "paper")
    return f"{surname}{paper.published.year}{word}"


def _protect_name(name: str) -> str:
    """Brace a name BibTeX would split: one holding " and " or a comma."""
    escaped = escape_latex(name)
    if " and " in escaped or "," in escaped:
        return "{" + escaped + "}"
    return escaped


def _safe_value(key: str, value: str) -> str:
    """Balance braces; the title keeps its own outer protecting pair.

    BibTeX counts an escaped brace like any other, while parsers such as
    bibtexparser skip it; a value both read alike has no escaped braces.
    """
    # TODO: this turns a math set \{x\} into a group {x} in the .bib; writing
    # \lbrace/\rbrace inside math would keep the braces visible.
    value = re.sub(r"\\+(?=[{}])", "", value)
    if key == "title" and value.startswith("{") and value.endswith("}"):
        return "{" + balance_braces(value[1:-1]) + "}"
    return balance_braces(value)


def balance_braces(text: str) -> str:
    """Drop every brace that BibTeX would not see paired.

    BibTeX counts braces even after a backslash, so one stray "}" in a
    title or DOI would end the field and let the rest of the text start a
    new entry.
    """
    kept, open_positions = [], []
    for char in text:
        if char == "}" and not open_positions:
            continue
        if char == "{":
            open_positions.append(len(kept))
        elif char == "}":
            open_positions.pop()
        kept.append(char)
    for position in reversed(open_positions):
        del kept[position]
    return "".join(kept)


def _write(entries: list[Entry]) -> str:
    library = bibtexparser.Library()
    for entry in entries:
        entry.fields = [Field(field.key, _safe_value(field.key, field.value))
                        for field in entry.fields]
        library.add(entry)
    style = bibtexparser.BibtexFormat()
    style.indent = "  "
    return bibtexparser.write_string(library, bibtex_format=style)
