"""`python -m generator fmt`: canonical front matter, nothing else touched."""

from __future__ import annotations

import shutil

import pytest
from conftest import (
    FIXTURES,
    PAPERS,
    REAL_CLOCK,
    make_project,
    real_entry,
    real_papers,
    run_generator,
)

from generator.fmt import format_entry, format_files
from generator.load import read_entry

BAD = FIXTURES / "bad"


def formatted(tmp_path, text: str | bytes, name: str = "entry.md") -> bytes:
    """Return what fmt makes of one entry file."""
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return format_entry(path.read_bytes(), read_entry(path, f"papers/{name}"))


def front_matter(text: str) -> str:
    return text.split("---\n")[1]


def body(data: bytes) -> bytes:
    """Return everything after the closing fence, as bytes."""
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    fence = b"---" + newline
    return data.split(fence, 2)[2]


def test_real_entries_are_already_canonical(tmp_path):
    root = make_project(tmp_path, copy_real_papers=True)

    result = run_generator("fmt", "--check", root=root, today=REAL_CLOCK)

    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"0 of {len(real_papers())} entries would be reformatted\n"


def test_fields_follow_the_schema_order_with_their_comments(tmp_path):
    canonical = real_entry("rt-h-action-hierarchies")
    authors = canonical[canonical.index("authors:") : canonical.index("published:")]
    scrambled = (
        canonical.replace(authors, "")
        .replace('arxiv: "2403.01823"\n', "")
        .replace(
            "---\ntitle:", '---\n# found through RT-2\narxiv: "2403.01823"\n\ntitle:', 1
        )
        .replace("links:", f"# in paper order\n{authors}links:")
    )

    result = formatted(tmp_path, scrambled).decode()

    assert result == canonical.replace(
        "authors:", "# in paper order\nauthors:"
    ).replace('arxiv: "2403.01823"', '# found through RT-2\narxiv: "2403.01823"')


def test_comment_on_the_same_line_stays_with_its_value(tmp_path):
    entry = real_entry("large-models-of-what").replace(
        'arxiv: "2407.08790"', "arxiv: 2407.08790v2  # the version with the appendix"
    )

    result = formatted(tmp_path, entry).decode()

    assert 'arxiv: "2407.08790"  # the version with the appendix\n' in result


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("title: RT-H: Action Hierarchies", None),  # a YAML error: left alone
        ("title: Locally Typical Sampling", 'title: "Locally Typical Sampling"'),
        ("title: 'Locally Typical Sampling'", 'title: "Locally Typical Sampling"'),
        ("title: 10:30", 'title: "10:30"'),
        ("title: yes", 'title: "yes"'),
        ("title: 'Say \"no\" in C:\\Models'", 'title: "Say \\"no\\" in C:\\\\Models"'),
        (
            "title: >\n  Locally Typical\n  Sampling",
            'title: "Locally Typical Sampling"',
        ),
    ],
    ids=[
        "colon",
        "plain",
        "single-quoted",
        "clock",
        "boolean-word",
        "quotes-backslash",
        "folded",
    ],
)
def test_title_is_written_in_double_quotes(tmp_path, written, canonical):
    entry = real_entry("locally-typical-sampling").replace(
        'title: "Locally Typical Sampling"', written
    )

    result = formatted(tmp_path, entry).decode()

    expected = real_entry("locally-typical-sampling").replace(
        'title: "Locally Typical Sampling"', canonical or written
    )
    assert result == (expected if canonical else entry)


def test_title_cut_by_a_comment_is_left_for_validate(tmp_path):
    entry = real_entry("directional-stimulus-prompting").replace(
        'title: "Guiding Large Language Models via Directional Stimulus Prompting"',
        "title: Guiding Large Language Models #via Directional Stimulus Prompting",
    )

    assert formatted(tmp_path, entry).decode() == entry


@pytest.mark.parametrize(
    "written",
    [
        "2407.05996",
        '"2407.05996"',
        "'2407.05996'",
        '"2407.05996v3"',
        '"arXiv:2407.05996"',
        '"arxiv: 2407.05996v1"',
        '"https://arxiv.org/abs/2407.05996v2"',
        '"https://arxiv.org/pdf/2407.05996v1.pdf"',
        '" 2407.05996 "',
    ],
    ids=[
        "float",
        "quoted",
        "single-quoted",
        "version",
        "prefix",
        "prefix-space-version",
        "abs-url",
        "pdf-url",
        "spaces",
    ],
)
def test_arxiv_id_is_bare_and_quoted(tmp_path, written):
    entry = real_entry("multimodal-diffusion-transformer")
    with_form = entry.replace('arxiv: "2407.05996"', f"arxiv: {written}")

    assert formatted(tmp_path, with_form).decode() == entry


def test_arxiv_float_keeps_its_trailing_zero(tmp_path):
    entry = real_entry("large-models-of-what")

    result = formatted(tmp_path, entry.replace('"2407.08790"', "2407.08790")).decode()

    assert result == entry


@pytest.mark.parametrize(
    "written, canonical",
    [
        ('"math.AT/9811037v2"', '"math.AT/9811037"'),
        ('"arXiv:hep-th/9711200v1"', '"hep-th/9711200"'),
        ('"2401.1234"', '"2401.1234"'),  # not an id at all: validate explains
    ],
)
def test_old_style_and_broken_arxiv_ids(tmp_path, written, canonical):
    entry = real_entry("omnijarvis").replace('"2407.00114"', written)

    result = formatted(tmp_path, entry).decode()

    assert f"arxiv: {canonical}\n" in result


@pytest.mark.parametrize(
    "written, canonical",
    [
        ('"10.48550/arXiv.2407.00114"', '"10.48550/arXiv.2407.00114"'),
        ("10.48550/arXiv.2407.00114", '"10.48550/arXiv.2407.00114"'),
        ('"doi:10.48550/arXiv.2407.00114"', '"10.48550/arXiv.2407.00114"'),
        ('"https://doi.org/10.48550/arXiv.2407.00114"', '"10.48550/arXiv.2407.00114"'),
    ],
)
def test_doi_is_bare_and_quoted(tmp_path, written, canonical):
    entry = real_entry("omnijarvis").replace(
        'arxiv: "2407.00114"', f'arxiv: "2407.00114"\ndoi: {written}'
    )

    result = formatted(tmp_path, entry).decode()

    assert f'arxiv: "2407.00114"\ndoi: {canonical}\nlinks:' in result


@pytest.mark.parametrize(
    "field, written, canonical",
    [
        ("published", '"2024-06-27"', "2024-06-27"),
        ("published", "'2024-06-27'", "2024-06-27"),
        ("published", "2024-6-27", "2024-06-27"),
        ("published", "2024-6", "2024-06"),
        ("published", "2024-06-27T00:00:00Z", "2024-06-27"),
        ("published", "2024-06-27 10:30", "2024-06-27"),
        ("added", "2025-03-14T23:30:00+09:00", "2025-03-14"),
        ("added", "2025-03-15T02:00:00+09:00", "2025-03-14"),
        ("added", "2025-03-13T20:00:00-05:00", "2025-03-14"),
        ("added", "2025-02-30", "2025-02-30"),  # impossible: validate explains
        ("added", "2025-03", "2025-03"),  # a month is not enough for added
    ],
)
def test_dates_are_written_as_days_in_utc(tmp_path, field, written, canonical):
    entry = real_entry("omnijarvis")
    original = (
        f"{field}: 2024-06-27" if field == "published" else f"{field}: 2025-03-14"
    )

    result = formatted(
        tmp_path, entry.replace(original, f"{field}: {written}")
    ).decode()

    assert f"\n{field}: {canonical}\n" in result


def test_body_is_kept_byte_for_byte(tmp_path):
    data = (
        (BAD / "encoding-bom-and-crlf.md")
        .read_bytes()
        .replace(b'title: "Aligning', b"title: Aligning")
        .replace(b'Signal"\r\n', b"Signal\r\n")
    )
    data += b"\r\n## Notes\r\n\r\n  trailing spaces  \r\n\r\n\r\n"

    result = formatted(tmp_path, data)

    assert result != data
    assert result.startswith(b'\xef\xbb\xbf---\r\ntitle: "Aligning')
    assert body(result) == body(data)
    assert b"\n" not in result.replace(b"\r\n", b"")


def test_yaml_entry_keeps_its_block_abstract(tmp_path):
    entry = (
        "abstract: |\n  First paragraph.\n\n  Second paragraph.\n"
        "# comment about the authors\n"
        "authors: [A. Author]\ntitle: A Paper\npublished: 2024-01-02\n"
        "added: 2024-02-03\ntopics: [decoding-generation]\narxiv: 2401.01230\n"
    )

    result = formatted(tmp_path, entry, "a-paper.yaml").decode()

    assert result == (
        'title: "A Paper"\n# comment about the authors\nauthors: [A. Author]\n'
        "published: 2024-01-02\nadded: 2024-02-03\ntopics: [decoding-generation]\n"
        'arxiv: "2401.01230"\nabstract: |\n  First paragraph.\n\n  Second paragraph.\n'
    )


@pytest.mark.parametrize(
    "fixture", sorted(path.name for path in BAD.iterdir() if path.is_file())
)
def test_formatting_twice_changes_nothing_more(tmp_path, fixture):
    shutil.copyfile(BAD / fixture, tmp_path / fixture)
    path = tmp_path / fixture
    format_files([path], tmp_path)
    once = path.read_bytes()

    format_files([path], tmp_path)

    assert path.read_bytes() == once


def test_entry_with_yaml_errors_is_left_alone(tmp_path):
    root = make_project(tmp_path)
    for name in ("yaml-duplicate-key.md", "yaml-arxiv-unquoted-float.md"):
        shutil.copyfile(BAD / name, root / "papers" / name)
    duplicate = (root / "papers" / "yaml-duplicate-key.md").read_bytes()

    result = run_generator("fmt", root=root)

    assert (root / "papers" / "yaml-duplicate-key.md").read_bytes() == duplicate
    assert result.stderr.splitlines() == [
        "reformatted papers/yaml-arxiv-unquoted-float.md",
        'papers/yaml-duplicate-key.md:14: topics: duplicate key "topics" (first at '
        "line 11) (keep one and merge the values; YAML silently keeps only the last)",
        "papers/yaml-duplicate-key.md: left as it was; fix the problems above, then "
        "run fmt again",
        "1 of 2 entries reformatted, 1 could not be read",
    ]
    assert result.exit_code == 1


def test_check_reports_without_writing(tmp_path):
    root = make_project(
        tmp_path,
        {
            "large-models-of-what.md": (
                BAD / "yaml-arxiv-unquoted-float.md"
            ).read_bytes()
        },
    )
    before = (root / "papers" / "large-models-of-what.md").read_bytes()

    result = run_generator("fmt", "--check", root=root)

    assert result.exit_code == 1
    assert result.stderr == (
        "would reformat papers/large-models-of-what.md\n"
        "1 of 1 entries would be reformatted\n"
    )
    assert (root / "papers" / "large-models-of-what.md").read_bytes() == before


def test_formatted_entries_still_validate_the_same(tmp_path):
    root = make_project(tmp_path, copy_real_papers=True)
    shutil.copyfile(
        BAD / "yaml-arxiv-unquoted-float.md",
        root / "papers" / "large-models-of-what.md",
    )
    before = run_generator("validate", root=root)

    run_generator("fmt", str(root / "papers" / "large-models-of-what.md"), root=root)

    after = run_generator("validate", root=root)
    assert "written without quotes" in before.stderr
    assert after.exit_code == 0
    assert after.stderr == "All entries are valid\n"
    assert (root / "papers" / "large-models-of-what.md").read_text(
        encoding="utf-8"
    ) == (PAPERS / "large-models-of-what.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("layout", ["flow-mapping", "mixed-line-endings"])
def test_layouts_fmt_cannot_rewrite_are_left_alone_with_a_reason(tmp_path, layout):
    entry = real_entry("rt-h-action-hierarchies")
    if layout == "flow-mapping":
        front, body = entry.split("---\n", 2)[1:]
        import yaml

        data = yaml.safe_load(front)
        for name in ("published", "added"):
            data[name] = str(data[name])
        entry = "---\n" + yaml.safe_dump(data, default_flow_style=True, width=10**6)
        entry += "---\n" + body
        data_bytes = entry.encode()
    else:
        data_bytes = entry.encode().replace(b"\n", b"\r\n", 3)
    root = make_project(tmp_path, {"rt-h-action-hierarchies.md": data_bytes})

    result = run_generator("fmt", root=root)

    assert result.exit_code == 1
    assert "papers/rt-h-action-hierarchies.md: fmt " in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert (root / "papers/rt-h-action-hierarchies.md").read_bytes() == data_bytes
