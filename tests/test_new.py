"""`python -m generator new`: entries from arXiv, Crossref, BibTeX or a template.

The arXiv and Crossref clients run for real; only the transport under httpx
is swapped for one that answers from the recorded responses in
`tests/recorded/`, so every line that parses a feed or a work is exercised.
No test reaches the network: a test that forgets to install a transport
fails on the first request.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path

import httpx
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import FROZEN_TODAY, REPO_ROOT, make_project, real_entry, run_generator
from generator import cli, fetch
from generator.new import render_entry

RECORDED = Path(__file__).parent / "recorded"
ARXIV_RECORDINGS = {  # id_list sent → recorded answer
    "2403.01823": "arxiv-2403.01823.xml",
    "2407.05996": "arxiv-2407.05996.xml",
    "hep-th/9711200": "arxiv-hep-th-9711200.xml",
    "2401.99999": "arxiv-withdrawn.xml",
}
CROSSREF_RECORDINGS = {  # DOI → recorded answer
    "10.1038/s41586-024-07856-5": "crossref-10.1038-s41586-024-07856-5.json",
    "10.1162/tacl_a_00536": "crossref-10.1162-tacl_a_00536.json",
}
REAL_OPEN_CLIENT = fetch.open_client


class RecordedServices:
    """An httpx transport that answers like arXiv and Crossref, from files."""

    def __init__(self):
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.host == "export.arxiv.org" and request.url.path == "/api/query":
            # An id no paper has gets an empty feed, as from the real API.
            name = ARXIV_RECORDINGS.get(
                request.url.params["id_list"], "arxiv-empty.xml"
            )
            return httpx.Response(
                200,
                content=(RECORDED / name).read_bytes(),
                headers={"Content-Type": "application/atom+xml"},
            )
        if request.url.host == "api.crossref.org":
            # DOIs are case-insensitive, and so is Crossref.
            doi = request.url.path.removeprefix("/works/").lower()
            if doi in CROSSREF_RECORDINGS:
                return httpx.Response(
                    200,
                    json=json.loads(
                        (RECORDED / CROSSREF_RECORDINGS[doi]).read_text(
                            encoding="utf-8"
                        )
                    ),
                )
            return httpx.Response(
                404, text=(RECORDED / "crossref-not-found.txt").read_text()
            )
        raise AssertionError(f"unexpected request to {request.url}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Make any request that no test arranged fail loudly."""

    def refuse(request):
        raise AssertionError(f"a test tried to reach {request.url}")

    monkeypatch.setattr(
        fetch, "open_client", lambda: REAL_OPEN_CLIENT(httpx.MockTransport(refuse))
    )


@pytest.fixture
def services(monkeypatch) -> RecordedServices:
    """Answer arXiv and Crossref requests from tests/recorded/."""
    recorded = RecordedServices()
    monkeypatch.setattr(
        fetch, "open_client", lambda: REAL_OPEN_CLIENT(httpx.MockTransport(recorded))
    )
    return recorded


def failing_transport(monkeypatch, error: Exception) -> None:
    """Make every request fail the way a dead network or a slow server does."""

    def fail(request):
        raise error

    monkeypatch.setattr(
        fetch, "open_client", lambda: REAL_OPEN_CLIENT(httpx.MockTransport(fail))
    )


def run_new(capsys, root: Path, *args: str):
    """Run `python -m generator new ...` in this process; return code, out, err."""
    exit_code = cli.main(["--root", str(root), "new", *args])
    captured = capsys.readouterr()
    return exit_code, captured.out, captured.err


def real_list_without(tmp_path: Path, slug: str) -> Path:
    """Lay out the real list less one paper, the one a contributor will add."""
    root = make_project(tmp_path, copy_real_papers=True)
    (root / "papers" / f"{slug}.md").unlink()
    return root


def entry_files(root: Path) -> list[str]:
    return sorted(path.name for path in (root / "papers").glob("*.md"))


def choose_topics(path: Path, *slugs: str) -> None:
    """Do what the contributor is asked to do: fill in the topics."""
    text = path.read_text(encoding="utf-8")
    block = "topics:\n" + "".join(f"  - {slug}\n" for slug in slugs)
    path.write_text(
        re.sub(r"^topics: \[\].*\n", block, text, flags=re.M), encoding="utf-8"
    )


def front_matter(path: Path) -> str:
    return front_matter_of(path.read_text(encoding="utf-8"))


def front_matter_of(text: str) -> str:
    """Return the lines between the opening --- and the closing --- line."""
    return text.removeprefix("---\n").split("\n---\n")[0] + "\n"


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def real_abstract(slug: str) -> str:
    return real_entry(slug).split("\n---\n", 1)[1].strip()


# --- from arXiv --------------------------------------------------------------


def test_arxiv_id_writes_entry_with_first_version_date_and_empty_topics(
    tmp_path, capsys, services
):
    root = make_project(tmp_path)

    exit_code, out, err = run_new(capsys, root, "2403.01823")

    assert (exit_code, err) == (0, "")
    path = root / "papers/rt-h-action-hierarchies-using-language.md"
    assert front_matter(path) == (
        'title: "RT-H: Action Hierarchies Using Language"\n'
        "authors:\n"
        "  - Suneel Belkhale\n  - Tianli Ding\n  - Ted Xiao\n  - Pierre Sermanet\n"
        "  - Quan Vuong\n  - Jonathan Tompson\n  - Yevgen Chebotar\n"
        "  - Debidatta Dwibedi\n  - Dorsa Sadigh\n"
        "published: 2024-03-04\n"
        f"added: {FROZEN_TODAY}\n"
        "topics: []  # one or more slugs from papers/topics.yml\n"
        'arxiv: "2403.01823"\n'
    )
    assert body(path) == "\n" + real_abstract("rt-h-action-hierarchies") + "\n"
    assert out.splitlines()[0] == (
        "Wrote papers/rt-h-action-hierarchies-using-language.md from arXiv 2403.01823"
    )


def test_output_lists_every_topic_with_its_name_and_the_line_to_edit(
    tmp_path, capsys, services
):
    root = make_project(tmp_path)

    _, out, _ = run_new(capsys, root, "2403.01823")

    assert (
        "Choose its topics: on line 15, replace `topics: []` with one or more of these "
        'slugs,\none per line as "  - slug":\n'
    ) in out
    assert "  robot-learning                 Robot learning\n" in out
    assert "  social-simulation              Social simulation\n" in out
    assert len(re.findall(r"^  [a-z-]+ {2,}\S", out, flags=re.M)) == 11
    assert out.rstrip().endswith("`make validate` and preview it with `make serve`.")


def test_written_entry_fails_validation_only_on_its_empty_topics(
    tmp_path, capsys, services
):
    root = real_list_without(tmp_path, "rt-h-action-hierarchies")
    run_new(capsys, root, "2403.01823")

    result = run_generator("validate", root=root)

    assert result.exit_code == 1
    assert result.stderr == (
        "papers/rt-h-action-hierarchies-using-language.md:15: topics: "
        'at least one topic (add one item per line, starting with "- ")\n'
        "1 error in 1 file\n"
    )


def test_written_entry_validates_once_topics_are_chosen(tmp_path, capsys, services):
    root = real_list_without(tmp_path, "rt-h-action-hierarchies")
    run_new(capsys, root, "2403.01823")

    choose_topics(
        root / "papers/rt-h-action-hierarchies-using-language.md", "robot-learning"
    )
    result = run_generator("validate", root=root)

    assert (result.exit_code, result.stderr) == (0, "All entries are valid\n")


def test_math_is_kept_and_line_breaks_are_folded(tmp_path, capsys, services):
    root = make_project(tmp_path)

    run_new(capsys, root, "2407.05996")

    path = root / "papers/multimodal-diffusion-transformer-learning.md"
    assert (
        'title: "Multimodal Diffusion Transformer: Learning Versatile Behavior from '
        'Multimodal Goals"\n'
    ) in front_matter(path)
    assert "  - Ömer Erdinç Yağmurlu\n" in front_matter(path)
    abstract = body(path).strip()
    assert "\n" not in abstract and "  " not in abstract
    assert "contain 10$\\times$ more learnable parameters." in abstract
    assert abstract.endswith("https://intuitive-robots.github.io/mdt_policy/.")


@pytest.mark.parametrize(
    "written",
    [
        "2407.05996v1",
        "arXiv:2407.05996",
        "ARXIV: 2407.05996v2",
        "https://arxiv.org/abs/2407.05996v2",
        "https://arxiv.org/pdf/2407.05996v1.pdf",
        "http://export.arxiv.org/abs/2407.05996",
    ],
    ids=["version", "prefix", "prefix-and-version", "abs-url", "pdf-url", "export-url"],
)
def test_prefixes_urls_and_versions_are_stripped(tmp_path, capsys, services, written):
    root = make_project(tmp_path)

    exit_code, _, _ = run_new(capsys, root, written)

    assert exit_code == 0
    assert [request.url.params["id_list"] for request in services.requests] == [
        "2407.05996"
    ]
    assert 'arxiv: "2407.05996"\n' in front_matter(
        root / "papers/multimodal-diffusion-transformer-learning.md"
    )


def test_old_style_id_keeps_its_archive_and_brings_the_doi(tmp_path, capsys, services):
    root = make_project(tmp_path)

    exit_code, _, _ = run_new(capsys, root, "arXiv:hep-th/9711200v3")

    assert exit_code == 0
    assert services.requests[0].url.params["id_list"] == "hep-th/9711200"
    matter = front_matter(
        root / "papers/the-large-n-limit-of-superconformal-field-theories.md"
    )
    assert "  - Juan M. Maldacena\npublished: 1997-11-27\n" in matter
    assert 'arxiv: "hep-th/9711200"\ndoi: "10.1023/A:1026654312961"\n' in matter


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        (
            "2407.5996",
            'write YYMM.NNNNN like "2407.05996", or an old-style id like '
            "hep-th/9901001",
        ),
        (
            "1413.00001",
            'write YYMM.NNNNN like "2407.05996", or an old-style id like '
            "hep-th/9901001",
        ),
        ("9711200", "an old-style id needs its archive, e.g. hep-th/9901001"),
        ("10.1162/tacl_a_00536", "this looks like a DOI: use --doi"),
    ],
    ids=["four-digit-number", "month-13", "old-style-without-archive", "doi"],
)
def test_malformed_id_is_refused_before_any_request(
    tmp_path, capsys, services, written, hint
):
    root = make_project(tmp_path)

    exit_code, out, err = run_new(capsys, root, written)

    assert (exit_code, out) == (1, "")
    assert err == f'"{written}" is not an arXiv id ({hint})\n'
    assert services.requests == []
    assert entry_files(root) == []


def test_unknown_id_is_one_line_and_writes_nothing(tmp_path, capsys, services):
    root = make_project(tmp_path)

    exit_code, out, err = run_new(capsys, root, "2407.99999")

    assert (exit_code, out) == (1, "")
    assert err == (
        "arXiv 2407.99999: no such paper on arXiv "
        "(check the id at https://arxiv.org/abs/2407.99999)\n"
    )
    assert entry_files(root) == []


def test_withdrawn_paper_is_refused(tmp_path, capsys, services):
    root = make_project(tmp_path)

    exit_code, _, err = run_new(capsys, root, "2401.99999")

    assert exit_code == 1
    assert err == (
        'arXiv 2401.99999: withdrawn from arXiv ("This paper has been withdrawn '
        'by the authors") (a withdrawn paper does not go on the list)\n'
    )
    assert entry_files(root) == []


def test_paper_on_the_list_is_refused_without_asking_arxiv(tmp_path, capsys, services):
    root = make_project(
        tmp_path, {"rt-h-action-hierarchies.md": real_entry("rt-h-action-hierarchies")}
    )

    exit_code, _, err = run_new(capsys, root, "https://arxiv.org/abs/2403.01823v2")

    assert exit_code == 1
    assert err == (
        "papers/rt-h-action-hierarchies.md: arxiv: the list already has "
        "arXiv 2403.01823 (edit that entry instead)\n"
    )
    assert services.requests == []
    assert entry_files(root) == ["rt-h-action-hierarchies.md"]


def test_paper_whose_doi_is_listed_is_refused_after_the_fetch(
    tmp_path, capsys, services
):
    listed = real_entry("rt-h-action-hierarchies").replace(
        'arxiv: "2403.01823"', 'doi: "10.1023/a:1026654312961"'
    )
    root = make_project(tmp_path, {"large-n-limit.md": listed})

    exit_code, _, err = run_new(capsys, root, "hep-th/9711200")

    assert exit_code == 1
    assert err == (
        "papers/large-n-limit.md: doi: the list already has DOI "
        "10.1023/A:1026654312961 (edit that entry instead)\n"
    )
    assert entry_files(root) == ["large-n-limit.md"]


def test_no_network_is_one_line_and_writes_nothing(tmp_path, capsys, monkeypatch):
    failing_transport(
        monkeypatch,
        httpx.ConnectError("[Errno -3] Temporary failure in name resolution"),
    )
    root = make_project(tmp_path)

    exit_code, out, err = run_new(capsys, root, "2407.05996")

    assert (exit_code, out) == (1, "")
    assert err == (
        "arXiv 2407.05996: cannot reach export.arxiv.org ([Errno -3] Temporary "
        "failure in name resolution; check your connection, or write the entry "
        "with --blank)\n"
    )
    assert entry_files(root) == []


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectTimeout("timed out"),
        httpx.ReadTimeout("The read operation timed out"),
    ],
    ids=["connect", "read"],
)
def test_timeout_is_one_line_and_writes_nothing(tmp_path, capsys, monkeypatch, error):
    failing_transport(monkeypatch, error)
    root = make_project(tmp_path)

    exit_code, _, err = run_new(capsys, root, "2407.05996")

    assert exit_code == 1
    assert err == (
        "arXiv 2407.05996: export.arxiv.org did not answer within 20 s "
        "(try again later, or write the entry with --blank)\n"
    )
    assert entry_files(root) == []


def test_busy_arxiv_says_to_wait(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(
        fetch,
        "open_client",
        lambda: REAL_OPEN_CLIENT(
            httpx.MockTransport(
                lambda request: httpx.Response(
                    503, text="<html>Service Unavailable</html>"
                )
            )
        ),
    )
    root = make_project(tmp_path)

    exit_code, _, err = run_new(capsys, root, "2407.05996")

    assert exit_code == 1
    assert err == (
        "arXiv 2407.05996: export.arxiv.org answered HTTP 503 Service "
        "Unavailable (wait a minute and try again)\n"
    )


def test_client_waits_twenty_seconds_and_names_itself(services):
    with fetch.open_client() as client:
        fetch.fetch_arxiv_record("2403.01823", client)

    request = services.requests[0]
    assert request.extensions["timeout"] == {
        "connect": 20.0,
        "read": 20.0,
        "write": 20.0,
        "pool": 20.0,
    }
    assert request.headers["User-Agent"].startswith("reading-list-generator/")
    assert str(request.url) == (
        "https://export.arxiv.org/api/query?id_list=2403.01823&max_results=1"
    )


# Letters, marks, digits, punctuation, symbols and spaces: what a title or a
# name may hold once control characters are gone and whitespace is folded.
ONE_LINE_TEXT = (
    st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), min_size=1)
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)


@given(title=ONE_LINE_TEXT, authors=st.lists(ONE_LINE_TEXT, min_size=1, max_size=4))
def test_any_title_and_names_are_read_back_exactly(title, authors):
    record = fetch.PaperRecord(
        "arXiv 2403.01823", title, tuple(authors), "2024-03-04", arxiv="2403.01823"
    )

    matter = yaml.safe_load(front_matter_of(render_entry(record, dt.date(2025, 6, 1))))

    assert (matter["title"], matter["authors"]) == (title, authors)


def test_math_and_quotes_in_a_title_survive_the_round_trip():
    title = 'The "$\\mathcal{O}(n)$" bound: {BERT} at 10$\\times$ # scale'
    names = ("Gerard 't Hooft", "- Dash")
    record = fetch.PaperRecord("arXiv 2403.01823", title, names, "2024-03")

    text = render_entry(record, dt.date(2025, 6, 1))

    assert text.splitlines()[1] == (
        'title: "The \\"$\\\\mathcal{O}(n)$\\" bound: {BERT} at 10$\\\\times$ # scale"'
    )
    assert yaml.safe_load(front_matter_of(text))["authors"] == [
        "Gerard 't Hooft",
        "- Dash",
    ]


# --- file names --------------------------------------------------------------


def test_taken_address_gets_a_number(tmp_path, capsys, services):
    other_paper = real_entry("omnijarvis")
    root = make_project(
        tmp_path, {"rt-h-action-hierarchies-using-language.md": other_paper}
    )

    run_new(capsys, root, "2403.01823")

    assert entry_files(root) == [
        "rt-h-action-hierarchies-using-language-2.md",
        "rt-h-action-hierarchies-using-language.md",
    ]


def test_slug_option_names_the_file(tmp_path, capsys, services):
    root = make_project(tmp_path)

    run_new(capsys, root, "2403.01823", "--slug", "rt-h")

    assert entry_files(root) == ["rt-h.md"]


def test_slug_option_refuses_a_taken_name(tmp_path, capsys, services):
    root = make_project(tmp_path, {"rt-h.md": real_entry("omnijarvis")})

    exit_code, _, err = run_new(capsys, root, "2403.01823", "--slug", "rt-h")

    assert exit_code == 1
    assert err == "papers/rt-h.md: already exists (choose another --slug)\n"


def test_slug_option_must_be_a_slug(tmp_path, capsys, services):
    root = make_project(tmp_path)

    exit_code, _, err = run_new(capsys, root, "2403.01823", "--slug", "RT H")

    assert exit_code == 1
    assert err == (
        '--slug "RT H" is not a lowercase slug (use letters, digits and hyphens, '
        'e.g. "rt-h")\n'
    )
    assert services.requests == []


# --- from Crossref -----------------------------------------------------------


def test_doi_writes_entry_from_crossref(tmp_path, capsys, services):
    root = make_project(tmp_path)

    exit_code, out, _ = run_new(
        capsys, root, "--doi", "https://doi.org/10.1038/s41586-024-07856-5"
    )

    assert exit_code == 0
    path = root / "papers/ai-generates-covertly-racist-decisions-about.md"
    assert front_matter(path) == (
        'title: "AI generates covertly racist decisions about people based on their '
        'dialect"\n'
        "authors:\n  - Valentin Hofmann\n  - Pratyusha Ria Kalluri\n  - Dan Jurafsky\n"
        "  - Sharese King\n"
        "published: 2024-08-28\n"
        f"added: {FROZEN_TODAY}\n"
        "topics: []  # one or more slugs from papers/topics.yml\n"
        'doi: "10.1038/s41586-024-07856-5"\n'
        'venue: "Nature"\n'
    )
    assert body(path) == "\n"
    assert services.requests[0].url.path == "/works/10.1038/s41586-024-07856-5"
    assert (
        "  papers/ai-generates-covertly-racist-decisions-about.md:14: warning: "
        "abstract: empty (paste the paper's abstract)\n"
    ) in out


def test_crossref_abstract_loses_its_markup_and_a_year_is_left_to_complete(
    tmp_path, capsys, services
):
    root = make_project(tmp_path)

    _, out, _ = run_new(capsys, root, "--doi", "10.1162/TACL_A_00536")

    path = root / "papers/locally-typical-sampling.md"
    assert "published: 2023  # only the year is known: add the month, YYYY-MM\n" in (
        front_matter(path)
    )
    assert body(path).strip() == real_abstract("locally-typical-sampling").replace(
        "Today's", "Today’s"
    )
    assert out.startswith(
        "Wrote papers/locally-typical-sampling.md from Crossref 10.1162/tacl_a_00536\n"
    )
    assert (
        '  papers/locally-typical-sampling.md:8: published: "2023" is not a date '
        "(write it as YYYY-MM-DD or YYYY-MM)\n"
    ) in out


def test_doi_unknown_to_crossref_is_one_line(tmp_path, capsys, services):
    root = make_project(tmp_path)

    exit_code, _, err = run_new(capsys, root, "--doi", "10.5555/no-such-work")

    assert exit_code == 1
    assert err == (
        "Crossref 10.5555/no-such-work: Crossref does not know this DOI (check it "
        "at https://doi.org/10.5555/no-such-work; DOIs of preprints and data sets "
        "may be registered elsewhere: then use --bibtex)\n"
    )
    assert entry_files(root) == []


def test_arxiv_doi_is_fetched_from_arxiv(tmp_path, capsys, services):
    root = make_project(tmp_path)

    exit_code, out, _ = run_new(capsys, root, "--doi", "10.48550/arXiv.2403.01823")

    assert exit_code == 0
    assert [request.url.host for request in services.requests] == ["export.arxiv.org"]
    assert out.startswith(
        "Wrote papers/rt-h-action-hierarchies-using-language.md from arXiv 2403.01823\n"
    )


def test_listed_doi_is_refused_whatever_its_case(tmp_path, capsys, services):
    listed = real_entry("locally-typical-sampling").replace(
        'arxiv: "2202.00666"', 'arxiv: "2202.00666"\ndoi: "10.1162/tacl_a_00536"'
    )
    root = make_project(tmp_path, {"locally-typical-sampling.md": listed})

    exit_code, _, err = run_new(capsys, root, "--doi", "doi:10.1162/TACL_A_00536")

    assert exit_code == 1
    assert err == (
        "papers/locally-typical-sampling.md: doi: the list already has DOI "
        "10.1162/TACL_A_00536 (edit that entry instead)\n"
    )
    assert services.requests == []


def test_not_a_doi_is_refused(tmp_path, capsys, services):
    exit_code, _, err = run_new(capsys, make_project(tmp_path), "--doi", "tacl_a_00536")

    assert exit_code == 1
    assert err == (
        '"tacl_a_00536" is not a DOI (a DOI starts with "10." and has a slash, '
        "e.g. 10.1162/tacl_a_00536)\n"
    )


# --- from BibTeX -------------------------------------------------------------


def test_bibtex_latex_accents_become_unicode(tmp_path, capsys):
    root = make_project(tmp_path)

    exit_code, _, _ = run_new(
        capsys,
        root,
        "--bibtex",
        str(RECORDED / "bibtex/multimodal-diffusion-transformer.bib"),
    )

    assert exit_code == 0
    path = root / "papers/multimodal-diffusion-transformer-learning.md"
    # The arXiv id comes from the "arXiv preprint" journal, which is no venue,
    # and the id's month is when the first version appeared.
    assert front_matter(path) == (
        'title: "Multimodal Diffusion Transformer: Learning Versatile Behavior from '
        'Multimodal Goals"\n'
        "authors:\n  - Moritz Reuss\n  - Ömer Erdinç Yağmurlu\n  - Fabian Wenzel\n"
        "  - Rudolf Lioutikov\n"
        "published: 2024-07\n"
        f"added: {FROZEN_TODAY}\n"
        "topics: []  # one or more slugs from papers/topics.yml\n"
        'arxiv: "2407.05996"\n'
    )


def test_bibtex_braces_and_tex_quotes_are_undone(tmp_path, capsys):
    root = make_project(tmp_path)

    run_new(
        capsys, root, "--bibtex", str(RECORDED / "bibtex/rt-h-action-hierarchies.bib")
    )

    path = root / "papers/rt-h-action-hierarchies-using-language.md"
    matter = front_matter(path)
    assert 'title: "RT-H: Action Hierarchies Using Language"\n' in matter
    assert "published: 2024-03\n" in matter
    assert 'arxiv: "2403.01823"\n' in matter and "url:" not in matter
    expected = real_abstract("rt-h-action-hierarchies")
    for phrase in ("pick coke can", "pick an apple", "pour cup", "move arm forward"):
        expected = expected.replace(f'"{phrase}"', f"“{phrase}”")
    assert body(path).strip() == expected


def test_bibtex_year_only_is_left_to_complete(tmp_path, capsys):
    root = make_project(tmp_path)

    _, out, _ = run_new(
        capsys, root, "--bibtex", str(RECORDED / "bibtex/locally-typical-sampling.bib")
    )

    matter = front_matter(root / "papers/locally-typical-sampling.md")
    assert "authors:\n  - Clara Meister\n  - Tiago Pimentel\n  - Gian Wiher\n" in matter
    assert "published: 2023  # only the year is known" in matter
    assert 'doi: "10.1162/tacl_a_00536"\n' in matter
    assert (
        'venue: "Transactions of the Association for Computational Linguistics"\n'
        in matter
    )
    assert "Fix these in the file before you open a pull request:\n" in out


def test_bibtex_paper_on_the_list_is_refused(tmp_path, capsys):
    root = make_project(
        tmp_path, {"rt-h-action-hierarchies.md": real_entry("rt-h-action-hierarchies")}
    )

    exit_code, _, err = run_new(
        capsys, root, "--bibtex", str(RECORDED / "bibtex/rt-h-action-hierarchies.bib")
    )

    assert exit_code == 1
    assert err.startswith(
        "papers/rt-h-action-hierarchies.md: arxiv: the list already has"
    )


def test_broken_bibtex_names_the_line(tmp_path, capsys):
    root = make_project(tmp_path)
    bib = RECORDED / "bibtex/rt-h-missing-brace.bib"

    exit_code, _, err = run_new(capsys, root, "--bibtex", str(bib))

    assert exit_code == 1
    assert err == (
        f"{bib}:1: BibTeX entry cannot be read: unexpectedly reached end of "
        "file (check its braces and commas)\n"
    )
    assert entry_files(root) == []


def test_bibtex_file_with_two_entries_is_refused(tmp_path, capsys):
    both = tmp_path / "both.bib"
    both.write_text(
        (RECORDED / "bibtex/locally-typical-sampling.bib").read_text()
        + (RECORDED / "bibtex/multimodal-diffusion-transformer.bib").read_text()
    )

    exit_code, _, err = run_new(capsys, make_project(tmp_path), "--bibtex", str(both))

    assert exit_code == 1
    assert err == (
        f"{both}: holds 2 BibTeX entries (meister-etal-2023-locally, "
        "reuss2024multimodal) (put the one paper you want in a file of its own)\n"
    )


def test_missing_bibtex_file_is_one_line(tmp_path, capsys):
    exit_code, _, err = run_new(
        capsys, make_project(tmp_path), "--bibtex", "nowhere.bib"
    )

    assert (exit_code, err) == (
        1,
        "nowhere.bib: no such file (give the path of a .bib file)\n",
    )


# --- by hand -----------------------------------------------------------------


def test_blank_writes_a_commented_template(tmp_path):
    root = make_project(tmp_path)

    result = run_generator("new", "--blank", root=root)

    assert result.exit_code == 0, result.stderr
    text = (root / "papers/new-paper.md").read_text(encoding="utf-8")
    assert text.startswith("---\n# A new entry to fill in by hand")
    assert f"added: {FROZEN_TODAY}  #" in text
    assert "\n  papers/new-paper.md:4: title: empty (" in result.stdout
    assert '\n  papers/new-paper.md:7: published: "" is not a date (' in result.stdout


def test_blank_template_filled_in_is_valid(tmp_path):
    root = real_list_without(tmp_path, "rt-h-action-hierarchies")
    run_generator("new", "--blank", "--slug", "rt-h-action-hierarchies", root=root)
    path = root / "papers/rt-h-action-hierarchies.md"
    text = path.read_text(encoding="utf-8")
    for placeholder, value in [
        ('title: ""', 'title: "RT-H: Action Hierarchies Using Language"'),
        ('  - ""', "  - Suneel Belkhale\n  - Dorsa Sadigh"),
        ('published: ""', "published: 2024-03-04"),
        ('arxiv: ""', 'arxiv: "2403.01823"'),
    ]:
        text = text.replace(placeholder, value, 1)
    text = re.sub(r'^(doi|url): "".*\n', "", text, flags=re.M)
    path.write_text(
        text + real_abstract("rt-h-action-hierarchies") + "\n", encoding="utf-8"
    )
    choose_topics(path, "robot-learning")

    result = run_generator("validate", root=root)

    assert (result.exit_code, result.stderr) == (0, "All entries are valid\n")


@pytest.mark.parametrize(
    ("args", "got"),
    [((), ""), (("2403.01823", "--blank"), " (got an arXiv id and --blank)")],
    ids=["none", "two"],
)
def test_exactly_one_source_is_needed(tmp_path, capsys, args, got):
    exit_code, _, err = run_new(capsys, make_project(tmp_path), *args)

    assert exit_code == 1
    assert err == (
        f"give exactly one source{got} (e.g. `new 2407.05996`, "
        "`new --doi 10.1162/tacl_a_00536`, `new --bibtex paper.bib` or `new --blank`)\n"
    )


def test_make_new_passes_the_arxiv_id():
    # Under `make test` the parent make's flags would add "Entering directory".
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")
    }
    dry_run = subprocess.run(
        ["make", "--dry-run", "--no-print-directory", "new", "ARXIV=2407.05996"],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )

    command = dry_run.stdout.splitlines()[-1]
    assert command == ".venv/bin/python -m generator new 2407.05996"


# --- the contributing guide shows real output --------------------------------


def guide_block_after(marker: str) -> str:
    """Return the first fenced block after `marker` in CONTRIBUTING.md."""
    guide = (REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    after = guide[guide.index(marker) :]
    return after.split("```\n", 2)[1]


def test_contributing_shows_what_new_prints(tmp_path, capsys, services):
    root = real_list_without(tmp_path, "rt-h-action-hierarchies")

    _, out, _ = run_new(capsys, root, "2403.01823")

    assert guide_block_after("old-style ids such as") == out


def test_contributing_shows_what_validate_prints_for_a_bad_entry(
    tmp_path, capsys, services
):
    root = real_list_without(tmp_path, "rt-h-action-hierarchies")
    run_new(capsys, root, "2403.01823")
    path = root / "papers/rt-h-action-hierarchies-using-language.md"
    choose_topics(path, "robot-learnig")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "published: 2024-03-04", "published: March 2024"
        ),
        encoding="utf-8",
    )

    result = run_generator("validate", root=root)

    assert result.exit_code == 1
    assert guide_block_after("When something is wrong") == result.stderr


def test_same_title_as_a_listed_paper_is_written_with_a_warning(tmp_path, capsys):
    # The list has Locally Typical Sampling by its arXiv id only; its BibTeX
    # from the journal has only the DOI, so only the title gives it away.
    root = make_project(tmp_path, copy_real_papers=True)

    exit_code, out, _ = run_new(
        capsys, root, "--bibtex", str(RECORDED / "bibtex/locally-typical-sampling.bib")
    )

    assert exit_code == 0
    assert out.splitlines()[:2] == [
        "Wrote papers/locally-typical-sampling-2.md from BibTeX entry "
        "meister-etal-2023-locally in locally-typical-sampling.bib",
        "warning: papers/locally-typical-sampling.md has the same title; if it is the "
        "same paper, delete the new file and add the identifier to that entry",
    ]


def test_bibtex_and_others_is_not_an_author(tmp_path, capsys):
    root = real_list_without(tmp_path, "rt-h-action-hierarchies")
    cut_short = (RECORDED / "bibtex/rt-h-action-hierarchies.bib").read_text(encoding="utf-8")
    cut_short = cut_short.replace("Ted Xiao and Pierre Sermanet and Quan Vuong and "
                                  "Jonathan Tompson and Yevgen Chebotar and "
                                  "Debidatta Dwibedi and Dorsa Sadigh", "Ted Xiao and others")
    bib = tmp_path / "scholar.bib"
    bib.write_text(cut_short, encoding="utf-8")

    exit_code, out, _ = run_new(capsys, root, "--bibtex", str(bib))

    assert exit_code == 0
    matter = front_matter(root / "papers/rt-h-action-hierarchies-using-language.md")
    assert "  - Ted Xiao\ntopics" not in matter and "others" not in matter.lower()
    assert "authors:\n  - Suneel Belkhale\n  - Tianli Ding\n  - Ted Xiao\n" in matter
    assert ('warning: the BibTeX entry ends its authors with "and others": '
            "add the missing authors from the paper") in out
