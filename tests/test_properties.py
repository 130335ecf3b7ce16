"""Generated entries: the validator never crashes, and a valid entry renders.

Hypothesis writes entry files from real entries with arbitrary Unicode,
nesting, types and bytes put in, and checks that reading and validating
them ends in a report, never an exception. It also writes entries that
follow every rule and checks that they validate without an error and
that every page, feed and export renders from them.
"""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import yaml
from conftest import PAPERS, real_entry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.exports import render_exports
from generator.load import read_entry, read_topics_file
from generator.model import ReadingList
from generator.render import render_site
from generator.text import inline_markup
from generator.validate import validate_reading_list

TODAY = dt.date(2025, 6, 1)  # conftest freezes the same day for the command line
REAL_SLUGS = sorted(path.stem for path in PAPERS.glob("*.md"))
TOPIC_SLUGS = sorted(
    yaml.safe_load((PAPERS / "topics.yml").read_text(encoding="utf-8"))
)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any YAML value: scalars of every type, lists and mappings nested a few deep.
yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.dates().map(str),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    [
        "title",
        "authors",
        "published",
        "added",
        "topics",
        "arxiv",
        "doi",
        "url",
        "venue",
        "links",
        "abstract",
        "notes",
        "links.code",
    ]
) | st.text(max_size=12)
# Printable text a contributor may write: no controls, format or private-use
# characters (the validator rejects those, as the bad-entry corpus shows).
printable = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))


def check(tmp_path: Path, name: str, content: bytes):
    """Read and validate one file beside the real topics; return its problems."""
    papers = tmp_path / "papers"
    papers.mkdir(exist_ok=True)
    for old in papers.iterdir():
        old.unlink()
    (papers / "topics.yml").write_bytes((PAPERS / "topics.yml").read_bytes())
    (papers / name).write_bytes(content)
    raw = read_entry(papers / name, f"papers/{name}")
    topics = read_topics_file(papers / "topics.yml", "papers/topics.yml")
    reading_list, problems = validate_reading_list([raw], topics, TODAY)
    for problem in problems:
        assert problem.path in (f"papers/{name}", "papers/topics.yml")
        assert "\n" not in problem.format() and "\r" not in problem.format()
    assert problems == sorted(problems)
    return reading_list, problems


def entry_text(front: dict, body: str = "\n") -> str:
    return (
        "---\n"
        + yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
        + "---\n"
        + body
    )


# --- the validator never crashes -------------------------------------------------


@SETTINGS
@given(content=st.binary(max_size=400), suffix=st.sampled_from([".md", ".yaml"]))
def test_any_bytes_get_a_report(tmp_path, content, suffix):
    check(tmp_path, "any-bytes" + suffix, content)


@SETTINGS
@given(text=st.text(max_size=400))
def test_any_text_after_the_opening_fence_gets_a_report(tmp_path, text):
    check(tmp_path, "any-text.md", ("---\n" + text).encode("utf-8", "surrogatepass"))


@SETTINGS
@given(
    slug=st.sampled_from(REAL_SLUGS),
    changes=st.dictionaries(field_names, yaml_values, min_size=1, max_size=4),
)
def test_real_entry_with_any_values_gets_a_report(tmp_path, slug, changes):
    front, body = real_entry(slug).split("---\n")[1:3]
    data = yaml.safe_load(front)
    data.update(changes)

    check(
        tmp_path, f"{slug}.md", entry_text(data, body).encode("utf-8", "surrogatepass")
    )


@SETTINGS
@given(
    slug=st.sampled_from(REAL_SLUGS),
    position=st.integers(min_value=0),
    inserted=st.text(min_size=1, max_size=8),
)
def test_real_entry_with_any_characters_put_in_gets_a_report(
    tmp_path, slug, position, inserted
):
    text = real_entry(slug)
    cut = position % len(text)

    mangled = text[:cut] + inserted + text[cut:]
    check(tmp_path, f"{slug}.md", mangled.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(data=yaml_values)
def test_any_yaml_document_gets_a_report(tmp_path, data):
    dumped = yaml.safe_dump(data, allow_unicode=True)

    check(tmp_path, "any-document.yaml", dumped.encode("utf-8", "surrogatepass"))


# --- a valid entry validates and renders ---------------------------------------------


@st.composite
def valid_entries(draw) -> tuple[dict, str]:
    """Draw the front matter and body of an entry that follows every rule."""
    words = st.text(
        printable.filter(lambda char: char not in "{}\\"), min_size=1, max_size=40
    ).filter(str.strip)
    published = draw(st.dates(dt.date(1991, 1, 1), TODAY))
    front = {
        "title": draw(words),
        "authors": draw(st.lists(words, min_size=1, max_size=12)),
        "published": (
            published.isoformat()
            if draw(st.booleans())
            else published.strftime("%Y-%m")
        ),
        "added": draw(st.dates(published, TODAY)).isoformat(),
        "topics": draw(
            st.lists(st.sampled_from(TOPIC_SLUGS), min_size=1, max_size=3, unique=True)
        ),
        "arxiv": draw(arxiv_ids()),
    }
    if draw(st.booleans()):
        front["venue"] = draw(words)
    if draw(st.booleans()):
        path = draw(st.text(string.ascii_letters + string.digits + "-_/.", max_size=20))
        front["links"] = {
            draw(
                st.sampled_from(["code", "project", "pdf", "data", "video"])
            ): f"https://example.org/{path}"
        }
    abstract = draw(
        st.text(
            printable.filter(lambda char: char not in "]"), min_size=1, max_size=300
        ).filter(str.strip)
    )
    return front, abstract


@st.composite
def arxiv_ids(draw) -> str:
    """Draw a valid arXiv id: YYMM.NNNNN since 2015, or archive/YYMMNNN before 2007."""
    month = draw(st.integers(1, 12))
    if draw(st.booleans()):
        year, number = draw(st.integers(15, 25)), draw(st.integers(0, 99999))
        return f"{year:02d}{month:02d}.{number:05d}"
    archive = draw(st.sampled_from(["hep-th", "cond-mat", "math", "cs", "q-bio"]))
    year, number = (
        draw(st.sampled_from([92, 95, 99, 0, 3, 6])),
        draw(st.integers(1, 999)),
    )
    return f"{archive}/{year:02d}{month:02d}{number:03d}"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(entry=valid_entries())
def test_valid_entry_validates_and_renders(tmp_path, entry):
    front, abstract = entry

    reading_list, problems = check(
        tmp_path, "generated.md", entry_text(front, abstract).encode("utf-8")
    )

    assert [problem.format() for problem in problems if problem.is_error] == []
    (paper,) = reading_list.papers
    used = ReadingList(
        reading_list.papers, [t for t in reading_list.topics if t.slug in paper.topics]
    )
    pages = render_site(used, "")
    exports = render_exports(used, "https://example.org/list/", "Reading list")
    assert str(inline_markup(paper.title)) in pages["papers/generated.md"]
    assert all(isinstance(content, bytes) for content in exports.values())
