"""Every bad entry in tests/fixtures/bad/ and the exact report it gets.

Each file there is a real entry from papers/ with one fault, named for the
fault; each folder holds the few files a fault of the whole list needs. The
tables give the lines a contributor sees, exactly as `python -m generator
validate` prints them. The command-line tests then check the report as a
whole: every file in one run, sorted, the exit code, and each output format.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, PAPERS, make_project, real_entry, run_generator

from generator.build import load_reading_list
from generator.load import read_entry

BAD = FIXTURES / "bad"

# Fixture file → the lines it gets, in order. An empty list: accepted as is.
ENTRY_REPORTS = {
    "Bad_File_Name.md": [
        'papers/Bad_File_Name.md: file name "Bad_File_Name.md" is not a lowercase '
        "ASCII slug (rename it to bad-file-name.md; the name is the paper's web "
        "address)",
    ],
    "arxiv-four-digit-number.md": [
        'papers/arxiv-four-digit-number.md:11: arxiv: "2311.8487" is not a valid '
        'arXiv id (write YYMM.NNNNN like "2407.05996", four digits after the dot '
        'before 2015; old-style ids look like "hep-th/9711200")',
    ],
    "arxiv-prefix.md": [
        'papers/arxiv-prefix.md:21: arxiv: "arXiv:2304.04321" is not a bare arXiv '
        'id (write "2304.04321")',
    ],
    "arxiv-url.md": [
        'papers/arxiv-url.md:13: arxiv: "https://arxiv.org/abs/2403.00742" is not a '
        'bare arXiv id (write "2403.00742")',
    ],
    "arxiv-version-suffix.md": [
        'papers/arxiv-version-suffix.md:11: arxiv: "2405.19313v2" is not a bare '
        'arXiv id (write "2405.19313")',
    ],
    "binary-file.md": [
        "papers/binary-file.md:1: not valid UTF-8 (byte 0x89 at offset 0) (re-save "
        "the file as UTF-8)",
    ],
    "body-javascript-link.md": [
        'papers/body-javascript-link.md:18: notes: link to a "javascript:" address '
        "is not allowed (link only to http(s) or mailto addresses)",
    ],
    "body-javascript-reference-link.md": [
        "papers/body-javascript-reference-link.md:20: notes: link to a "
        '"javascript:" address is not allowed (link only to http(s) or mailto '
        "addresses)",
    ],
    "body-raw-html.md": [
        "papers/body-raw-html.md:18: warning: notes: raw HTML <b> is shown as text "
        "(write Markdown instead of HTML)",
    ],
    "date-added-before-published.md": [
        "papers/date-added-before-published.md:20: added: 2023-07-01 is before "
        "published 2023-08-04 (added is the day the paper joined this list; check "
        "both dates)",
    ],
    "date-added-in-future.md": [
        "papers/date-added-in-future.md:14: added: 2025-06-03 is in the future (use "
        "a date up to 2025-06-01)",
    ],
    "date-day-and-month-swapped.md": [
        "papers/date-day-and-month-swapped.md:10: published: month 26 (is it "
        "YYYY-DD-MM?) (write 2023-05-26)",
    ],
    "date-impossible-day.md": [
        "papers/date-impossible-day.md:8: published: 2025-02-30 is not a real date "
        "(February 2025 has 28 days)",
    ],
    "date-month-only-added.md": [
        'papers/date-month-only-added.md:14: added: "2025-03" has no day (added '
        "needs the day as well: YYYY-MM-DD)",
    ],
    "date-not-a-date.md": [
        'papers/date-not-a-date.md:6: published: "September 2023" is not a date '
        "(write it as YYYY-MM-DD or YYYY-MM)",
    ],
    "doi-as-url.md": [
        'papers/doi-as-url.md:22: doi: "https://doi.org/10.48550/arXiv.2307.00117" '
        'is not a bare DOI (write "10.48550/arXiv.2307.00117")',
    ],
    "doi-not-a-doi.md": [
        'papers/doi-not-a-doi.md:13: doi: "10.48550-arXiv.2403.16843" is not a DOI '
        '(a DOI starts with "10." and has a slash, e.g. "10.1000/xyz123")',
    ],
    "empty-file.md": [
        "papers/empty-file.md: file is empty (write the fields; `python -m "
        "generator schema` lists them)",
    ],
    "encoding-bom-and-crlf.md": [],
    "encoding-control-character.md": [
        "papers/encoding-control-character.md:2:40: title: control character U+0008 "
        "(delete it; it usually comes from copying text out of a PDF)",
    ],
    "encoding-cr-only-line-endings.md": [
        "papers/encoding-cr-only-line-endings.md:1: line endings must be LF or CRLF "
        "(re-save the file with Unix (LF) or Windows (CRLF) line endings)",
    ],
    "encoding-direction-override-in-author.md": [
        "papers/encoding-direction-override-in-author.md:4:5: authors: direction "
        "control character U+202E (delete it; it makes text display in another "
        "order than it is stored)",
    ],
    "encoding-escaped-control-character.md": [
        "papers/encoding-escaped-control-character.md:2: title: control character "
        "U+001B, written as an escape (delete it; it usually comes from copying "
        "text out of a PDF)",
    ],
    "encoding-homoglyph-digit-in-arxiv.md": [
        "papers/encoding-homoglyph-digit-in-arxiv.md:14: arxiv: contains the "
        'non-ASCII character "０" (U+FF10 FULLWIDTH DIGIT ZERO) (retype the '
        "identifier in plain ASCII)",
    ],
    "encoding-homoglyph-letter-in-field-name.md": [
        "papers/encoding-homoglyph-letter-in-field-name.md:2: tіtle: unknown field; "
        'it contains the non-ASCII character "і" (U+0456 CYRILLIC SMALL LETTER '
        'BYELORUSSIAN-UKRAINIAN I) (did you mean "title"?)',
        "papers/encoding-homoglyph-letter-in-field-name.md:13: title: missing (add "
        "`title:` to the front matter)",
    ],
    "encoding-homoglyph-letter-in-topic.md": [
        "papers/encoding-homoglyph-letter-in-topic.md:9: topics: unknown topic "
        '"сognitive-science-of-llms"; it contains the non-ASCII character "с" '
        "(U+0441 CYRILLIC SMALL LETTER ES) (did you mean "
        '"cognitive-science-of-llms"?)',
    ],
    "encoding-homoglyph-ﬁle-name.md": [
        "papers/encoding-homoglyph-ﬁle-name.md: file name "
        '"encoding-homoglyph-ﬁle-name.md" is not a lowercase ASCII slug (rename it '
        "to encoding-homoglyph-file-name.md; the name is the paper's web address)",
    ],
    "encoding-nul-byte.md": [
        "papers/encoding-nul-byte.md:25:173: abstract: control character U+0000 "
        "(delete it; it usually comes from copying text out of a PDF)",
    ],
    "encoding-windows-1252.md": [
        "papers/encoding-windows-1252.md:4: not valid UTF-8 (byte 0xE4 at offset "
        "147) (re-save the file as UTF-8)",
    ],
    "field-abstract-too-long.md": [
        "papers/field-abstract-too-long.md:28: abstract: 21357 characters, over the "
        "limit of 20000 (shorten it to the paper's own abstract)",
    ],
    "field-author-with-latex-accent.md": [
        "papers/field-author-with-latex-accent.md:4: authors[0]: LaTeX markup "
        '{\\"a} (write the name in plain Unicode, e.g. Jan-Philipp Fränken)',
    ],
    "field-authors-as-string.md": [
        "papers/field-authors-as-string.md:3: authors: expected a list of names, "
        'got a string (write one item per line, each starting with "- ")',
    ],
    "field-authors-empty-list.md": [
        "papers/field-authors-empty-list.md:3: authors: at least one name (add one "
        'item per line, starting with "- ")',
    ],
    "field-html-in-title.md": [
        "papers/field-html-in-title.md:2: warning: title: raw HTML <script> is "
        "shown as text (write plain text)",
    ],
    "field-links-not-a-mapping.md": [
        "papers/field-links-not-a-mapping.md:13: links: expected a mapping, got "
        '"https://intuitive-robots.github.io/beso-website/" (indent the keys below '
        "it)",
    ],
    "field-missing-identifier.md": [
        "papers/field-missing-identifier.md:13: arxiv: no identifier (add one of "
        "arxiv, doi or url so readers can find the paper)",
    ],
    "field-missing-title.md": [
        "papers/field-missing-title.md:16: title: missing (add `title:` to the "
        "front matter)",
    ],
    "field-title-empty.md": [
        "papers/field-title-empty.md:2: title: empty (write the title)",
    ],
    "field-title-too-long.md": [
        "papers/field-title-too-long.md:2: title: 320 characters, over the limit of "
        "300 (shorten it to at most 300 characters)",
    ],
    "field-title-unbalanced-braces.md": [
        "papers/field-title-unbalanced-braces.md:2: title: unbalanced braces (every "
        "{ needs a matching })",
    ],
    "field-too-many-authors.md": [
        "papers/field-too-many-authors.md:3: authors: 1014 names, over the limit of "
        "1000 (keep at most 1000)",
    ],
    "field-topics-as-string.md": [
        "papers/field-topics-as-string.md:16: topics: expected a list of items, got "
        'a string (write one item per line, each starting with "- ")',
    ],
    "field-unknown-with-suggestion.md": [
        "papers/field-unknown-with-suggestion.md:3: autors: unknown field (did you "
        'mean "authors"?)',
        "papers/field-unknown-with-suggestion.md:20: authors: missing (add "
        "`authors:` to the front matter)",
    ],
    "field-unknown-without-suggestion.md": [
        "papers/field-unknown-without-suggestion.md:16: citations: unknown field "
        "(known fields: title, authors, published, added, topics, arxiv, doi, url, "
        "venue, links, abstract, notes)",
    ],
    "no-front-matter.md": [
        "papers/no-front-matter.md:1: no front matter (file must start with ---) "
        "(put the fields between two lines of ---, then the abstract)",
    ],
    "topic-listed-twice.md": [
        'papers/topic-listed-twice.md:15: topics: "bias-fairness" is listed twice '
        "(remove the repeat)",
    ],
    "topic-unknown-with-suggestion.md": [
        "papers/topic-unknown-with-suggestion.md:10: topics: unknown topic "
        '"llm-agent-games" (did you mean "llm-agents-games"?)',
    ],
    "url-data-scheme.md": [
        "papers/url-data-scheme.md:17: links.pdf: only http(s) URLs are allowed "
        "(write a link starting with https://, or remove the key)",
    ],
    "url-entity-encoded-scheme.md": [
        "papers/url-entity-encoded-scheme.md:13: links.video: only http(s) URLs are "
        "allowed (write a link starting with https://, or remove the key)",
    ],
    "url-file-scheme.md": [
        "papers/url-file-scheme.md:15: links.data: only http(s) URLs are allowed "
        "(write a link starting with https://, or remove the key)",
    ],
    "url-javascript-scheme.md": [
        "papers/url-javascript-scheme.md:24: links.code: only http(s) URLs are "
        "allowed (write a link starting with https://, or remove the key)",
    ],
    "url-mixed-case-scheme-with-space.md": [
        "papers/url-mixed-case-scheme-with-space.md:15: links.project: only http(s) "
        "URLs are allowed (write a link starting with https://, or remove the key)",
    ],
    "yaml-alias.md": [
        "papers/yaml-alias.md:7: published: YAML anchor &day is not allowed (quote "
        "the value if the & is part of it)",
        "papers/yaml-alias.md:8: added: YAML alias *day repeats another value "
        "(write the value out in full)",
    ],
    "yaml-arxiv-unquoted-float.md": [
        "papers/yaml-arxiv-unquoted-float.md:10: warning: arxiv: written without "
        'quotes, so YAML reads it as the number 2407.0879 (write "2407.08790" in '
        "quotes; python -m generator fmt does it)",
    ],
    "yaml-backslash-in-double-quotes.md": [
        "papers/yaml-backslash-in-double-quotes.md:2: title: a backslash in double "
        "quotes starts an escape, and \\( is not one (use single quotes around a "
        "value with backslashes)",
    ],
    "yaml-bracket-starts-title.md": [
        "papers/yaml-bracket-starts-title.md:2: title: YAML error (a value starting "
        'with "[" has a special meaning) (put the value in double quotes)',
    ],
    "yaml-colon-in-unquoted-title.md": [
        'papers/yaml-colon-in-unquoted-title.md:2: title: YAML error (": " inside '
        "an unquoted value) (put the value in double quotes)",
    ],
    "yaml-date-not-zero-padded.md": [
        'papers/yaml-date-not-zero-padded.md:11: published: "2023-6-3" is not '
        "YYYY-MM-DD or YYYY-MM (write 2023-06-03)",
    ],
    "yaml-date-with-time.md": [
        'papers/yaml-date-with-time.md:7: published: "2023-02-06T09:30:00Z" has a '
        "time part, which is not allowed (write the day only, as 2023-02-06)",
    ],
    "yaml-duplicate-key.md": [
        'papers/yaml-duplicate-key.md:14: topics: duplicate key "topics" (first at '
        "line 11) (keep one and merge the values; YAML silently keeps only the "
        "last)",
    ],
    "yaml-entry-abstract-with-javascript-link.yaml": [
        "papers/yaml-entry-abstract-with-javascript-link.yaml:40: notes: link to a "
        '"javascript:" address is not allowed (link only to http(s) or mailto '
        "addresses)",
    ],
    "yaml-explicit-tag.md": [
        "papers/yaml-explicit-tag.md:11: arxiv: YAML tag !!str is not allowed "
        "(remove the tag and write the value as plain text)",
    ],
    "yaml-hash-in-unquoted-title.md": [
        'papers/yaml-hash-in-unquoted-title.md:2: title: text after " #" was read '
        "as a YAML comment (put the title in double quotes)",
    ],
    "yaml-missing-closing-fence.md": [
        "papers/yaml-missing-closing-fence.md:1: front matter is not closed (add a "
        "line with --- after the last field, before the abstract)",
    ],
    "yaml-no-read-as-false.md": [
        "papers/yaml-no-read-as-false.md:16: links.code: expected a URL, got "
        'boolean false (YAML read "no" as false) (write the address, or remove the '
        "key if there is none)",
    ],
    "yaml-list-item-indented-less.md": [
        'papers/yaml-list-item-indented-less.md:4: authors[0]: "Suneel Belkhale - '
        'Tianli Ding - Ted Xiao…" runs on into line 12, so YAML read two lines '
        'as one name (line up every "- " of the list under the first one)',
    ],
    "yaml-second-document.yaml": [
        "papers/yaml-second-document.yaml:19: a line with --- starts a second "
        "document (a .yaml entry is one document: remove the line)",
    ],
    "yaml-tab-indentation.md": [
        "papers/yaml-tab-indentation.md:4: tab used for indentation (use spaces)",
    ],
    "yaml-unclosed-quote.md": [
        "papers/yaml-unclosed-quote.md:2: title: unclosed quote (add the closing "
        "quote on the same line)",
    ],
    "yaml-year-read-as-number.md": [
        "papers/yaml-year-read-as-number.md:17: venue: expected a string, got int "
        "2023 (quote it)",
    ],
    "yaml-yes-read-as-true.md": [
        "papers/yaml-yes-read-as-true.md:29: topics[2]: expected a string, got "
        'boolean true (YAML read "yes" as true) (quote it)',
    ],
}

# Fixture folder → every line of the report for the list it holds.
LIST_REPORTS = {
    "list-case-only-name-collision": [
        'papers/RLAdapter.md: file name "RLAdapter.md" is not a lowercase ASCII '
        "slug (rename it to rladapter.md; the name is the paper's web address)",
        'papers/rladapter.md: page address "rladapter" is already used by '
        "papers/RLAdapter.md (rename one of the two files)",
    ],
    "list-md-and-yaml-same-name": [
        'papers/cream.yaml: page address "cream" is already used by papers/cream.md '
        "(rename one of the two files)",
        "papers/cream.yaml:15: arxiv: same paper as papers/cream.md (arXiv "
        "2410.12735) (keep one entry and delete the other)",
    ],
    "list-near-identical-titles": [
        "papers/typical-sampling.md:2: warning: title: same title as "
        "papers/locally-typical-sampling.md; possibly the same paper (if they are "
        "different papers, give each its arxiv or doi)",
    ],
    "list-same-arxiv-with-version": [
        'papers/rl-zero-v2.md:18: arxiv: "2412.05718v2" is not a bare arXiv id '
        '(write "2412.05718")',
        "papers/rl-zero.md:18: arxiv: same paper as papers/rl-zero-v2.md (arXiv "
        "2412.05718) (keep one entry and delete the other)",
    ],
    "list-same-doi-ignoring-case": [
        "papers/alignment-faking.md:30: doi: same paper as "
        "papers/alignment-faking-doi.md (DOI 10.48550/arxiv.2412.14093) (keep one "
        "entry and delete the other)",
    ],
    "list-unused-topic": [
        "papers/topics.yml:6: warning: multimodal: topic is defined but no paper "
        "uses it (remove it or add it to a paper)",
    ],
    "stray-file-wrong-suffix": [
        "papers/cream.markdown: warning: is not read: entries end in .md or .yaml "
        "(rename it to cream.md, or move it out of papers/)",
    ],
    "topics-duplicate-key": [
        'papers/topics.yml:6: robot-learning: duplicate topic "robot-learning" '
        "(first at line 1) (keep one and merge the values; YAML silently keeps only "
        "the last)",
    ],
    "topics-key-not-a-slug": [
        'papers/topics.yml:6: LLM-Agents: topic "LLM-Agents" is not a lowercase '
        'slug (use letters, digits and hyphens, e.g. "llm-agents")',
    ],
    "topics-key-read-as-boolean": [
        'papers/topics.yml:6: on: key became boolean true (YAML read "on" as true) '
        "(quote it)",
        "papers/topics.yml:6: warning: on: topic is defined but no paper uses it "
        "(remove it or add it to a paper)",
    ],
    "topics-title-instead-of-name": [
        "papers/rt-h-action-hierarchies.md:16: topics: unknown topic "
        '"robot-learning" (choose from papers/topics.yml or define the topic there)',
        "papers/topics.yml:1: robot-learning.description: missing (add "
        "`description:` under the topic)",
        "papers/topics.yml:1: robot-learning.name: missing (add `name:` under the "
        "topic)",
        "papers/topics.yml:2: robot-learning.title: unknown field (known fields: "
        "name, description)",
    ],
}

# Each kind of fault the validator must catch, and the fixtures that show it.
KINDS = {
    "YAML reads a word as a boolean": [
        "yaml-no-read-as-false.md",
        "yaml-yes-read-as-true.md",
        "topics-key-read-as-boolean",
    ],
    "YAML joins a badly indented list item into one value": [
        "yaml-list-item-indented-less.md",
    ],
    "YAML reads a value as a number": [
        "yaml-year-read-as-number.md",
        "yaml-arxiv-unquoted-float.md",
    ],
    "YAML reads a date with or without a time": [
        "yaml-date-with-time.md",
        "yaml-date-not-zero-padded.md",
    ],
    "duplicate keys": ["yaml-duplicate-key.md", "topics-duplicate-key"],
    "tabs": ["yaml-tab-indentation.md"],
    "unclosed quotes": ["yaml-unclosed-quote.md"],
    "missing closing ---": ["yaml-missing-closing-fence.md"],
    "other YAML syntax in a value": [
        "yaml-colon-in-unquoted-title.md",
        "yaml-hash-in-unquoted-title.md",
        "yaml-bracket-starts-title.md",
        "yaml-backslash-in-double-quotes.md",
        "yaml-alias.md",
        "yaml-explicit-tag.md",
        "yaml-second-document.yaml",
    ],
    "byte-order mark and CRLF (accepted)": ["encoding-bom-and-crlf.md"],
    "invalid UTF-8": ["encoding-windows-1252.md", "binary-file.md"],
    "NUL and other control characters": [
        "encoding-nul-byte.md",
        "encoding-control-character.md",
        "encoding-escaped-control-character.md",
        "encoding-cr-only-line-endings.md",
        "encoding-direction-override-in-author.md",
    ],
    "Unicode that looks like ASCII in identifiers": [
        "encoding-homoglyph-digit-in-arxiv.md",
        "encoding-homoglyph-letter-in-topic.md",
        "encoding-homoglyph-letter-in-field-name.md",
        "encoding-homoglyph-\ufb01le-name.md",
    ],
    "empty files and files with no front matter": [
        "empty-file.md",
        "no-front-matter.md",
    ],
    "unknown fields, with a suggestion": [
        "field-unknown-with-suggestion.md",
        "field-unknown-without-suggestion.md",
        "topics-title-instead-of-name",
    ],
    "wrong types": [
        "field-authors-as-string.md",
        "field-topics-as-string.md",
        "field-links-not-a-mapping.md",
    ],
    "empty strings and lists, missing fields": [
        "field-title-empty.md",
        "field-authors-empty-list.md",
        "field-missing-title.md",
        "field-missing-identifier.md",
    ],
    "impossible dates": ["date-impossible-day.md", "date-day-and-month-swapped.md"],
    "dates that are not dates": ["date-not-a-date.md", "date-month-only-added.md"],
    "added before published": ["date-added-before-published.md"],
    "dates in the future": ["date-added-in-future.md"],
    "malformed arXiv ids": [
        "arxiv-four-digit-number.md",
        "arxiv-version-suffix.md",
        "arxiv-prefix.md",
        "arxiv-url.md",
    ],
    "malformed DOIs": ["doi-not-a-doi.md", "doi-as-url.md"],
    "URLs that are not http(s)": [
        "url-javascript-scheme.md",
        "url-mixed-case-scheme-with-space.md",
        "url-data-scheme.md",
        "url-entity-encoded-scheme.md",
        "url-file-scheme.md",
        "body-javascript-link.md",
        "body-javascript-reference-link.md",
        "yaml-entry-abstract-with-javascript-link.yaml",
    ],
    "raw HTML, shown as text (warning)": ["body-raw-html.md", "field-html-in-title.md"],
    "unknown topics, with the closest slug": [
        "topic-unknown-with-suggestion.md",
        "topic-listed-twice.md",
    ],
    "file names that are not lowercase ASCII slugs": [
        "Bad_File_Name.md",
        "topics-key-not-a-slug",
        "stray-file-wrong-suffix",
    ],
    "over-long fields": [
        "field-title-too-long.md",
        "field-abstract-too-long.md",
        "field-too-many-authors.md",
    ],
    "LaTeX where plain Unicode belongs": [
        "field-author-with-latex-accent.md",
        "field-title-unbalanced-braces.md",
    ],
    "the same paper twice": [
        "list-same-arxiv-with-version",
        "list-same-doi-ignoring-case",
        "list-near-identical-titles",
        "list-md-and-yaml-same-name",
    ],
    "two files with one page address": ["list-case-only-name-collision"],
    "topics defined but never used (warning)": ["list-unused-topic"],
}
LOCATION = re.compile(r"^(\S+?\.(?:md|yaml|yml|markdown))(?::(\d+))?(?::\d+)?: ")


def report(root: Path, paths: set[str] | None = None) -> list[str]:
    """Return the report lines `validate` prints, for `paths` or for all files."""
    _, problems = load_reading_list(root)
    return [
        problem.format()
        for problem in sorted(problems)
        if paths is None or problem.path in paths
    ]


def project_with(tmp_path: Path, *fixtures: Path) -> Path:
    """Lay out a project whose papers/ holds the given fixture files."""
    root = make_project(tmp_path)
    for fixture in fixtures:
        shutil.copyfile(fixture, root / "papers" / fixture.name)
    return root


def papers_with(tmp_path: Path, *fixtures: Path, topics: Path | None = None) -> Path:
    """Lay out just papers/, for checks that do not run the command."""
    root = tmp_path / "list"
    (root / "papers").mkdir(parents=True)
    shutil.copyfile(topics or PAPERS / "topics.yml", root / "papers" / "topics.yml")
    for fixture in fixtures:
        shutil.copyfile(fixture, root / "papers" / fixture.name)
    return root


# --- one entry, one fault ------------------------------------------------------


@pytest.mark.parametrize("name, expected", ENTRY_REPORTS.items(), ids=ENTRY_REPORTS)
def test_bad_entry_gets_exactly_its_report(tmp_path, name, expected):
    root = papers_with(tmp_path, BAD / name)

    assert report(root, {f"papers/{name}"}) == expected


@pytest.mark.parametrize("name, expected", LIST_REPORTS.items(), ids=LIST_REPORTS)
def test_bad_list_gets_exactly_its_report(tmp_path, name, expected):
    folder = BAD / name
    files = sorted(folder.iterdir())
    root = papers_with(tmp_path, *files, topics=folder / "topics.yml")

    assert report(root) == expected


def test_every_fixture_has_a_report_and_a_kind():
    on_disk = {path.name for path in BAD.iterdir()}
    kinds = {name for names in KINDS.values() for name in names}

    assert on_disk == set(ENTRY_REPORTS) | set(LIST_REPORTS)
    assert kinds <= on_disk
    assert len(on_disk) >= 40


def test_bom_and_crlf_entry_loads_like_its_lf_twin(tmp_path):
    twin = tmp_path / "follow-up-likelihood-as-reward.md"
    twin.write_text(real_entry("follow-up-likelihood-as-reward"), encoding="utf-8")

    saved_on_windows = read_entry(BAD / "encoding-bom-and-crlf.md", "papers/x.md")
    original = read_entry(twin, "papers/x.md")

    assert saved_on_windows.data == original.data
    assert saved_on_windows.body == original.body
    assert saved_on_windows.lines == original.lines


# --- the report as a whole -------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory) -> tuple[Path, object]:
    """Validate every single-entry fixture in one run of the command."""
    root = make_project(tmp_path_factory.mktemp("corpus"))
    for name in ENTRY_REPORTS:
        shutil.copyfile(BAD / name, root / "papers" / name)
    return root, run_generator("validate", root=root)


def test_one_run_reports_every_problem_of_every_file(corpus_run):
    _, result = corpus_run
    printed = result.stderr.splitlines()[:-1]

    expected = [line for lines in ENTRY_REPORTS.values() for line in lines]
    # Fixtures made from the same real paper also meet each other as duplicates.
    others = [
        line
        for line in printed
        if line not in expected
        and "same paper as" not in line
        and "same title as" not in line
        and "no paper uses it" not in line
    ]
    missing = [line for line in expected if line not in printed]
    assert missing == []
    assert others == []
    assert result.exit_code == 1


def test_one_run_is_sorted_by_file_and_line(corpus_run):
    _, result = corpus_run
    locations = []
    for line in result.stderr.splitlines()[:-1]:
        path, number = LOCATION.match(line).groups()
        locations.append((path, int(number or 0)))

    assert locations == sorted(locations)


def test_one_run_ends_with_a_count(corpus_run):
    _, result = corpus_run
    errors = sum(
        1
        for line in result.stderr.splitlines()
        if LOCATION.match(line) and ": warning: " not in line
    )

    assert re.fullmatch(
        rf"{errors} errors and \d+ warnings in \d+ files",
        result.stderr.splitlines()[-1],
    )


def test_no_traceback_for_any_fixture(corpus_run):
    _, result = corpus_run

    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr


def test_warnings_alone_pass_unless_strict(tmp_path):
    root = make_project(tmp_path, copy_real_papers=True)
    for name in ("yaml-arxiv-unquoted-float.md", "body-raw-html.md"):
        shutil.copyfile(BAD / name, root / "papers" / name)
    for twin in ("large-models-of-what", "arithmetic-lms-predict-human-choice"):
        (root / "papers" / f"{twin}.md").unlink()

    relaxed = run_generator("validate", root=root)
    strict = run_generator("validate", "--strict", root=root)

    assert relaxed.exit_code == 0, relaxed.stderr
    assert relaxed.stderr.splitlines()[-1] == "2 warnings in 2 files"
    assert strict.exit_code == 1
    assert strict.stderr == relaxed.stderr


def test_real_list_is_valid_even_when_strict(tmp_path):
    root = make_project(tmp_path, copy_real_papers=True)

    result = run_generator("validate", "--strict", root=root)

    assert result.exit_code == 0, result.stderr
    assert result.stderr == "All entries are valid\n"


def test_github_format_annotates_the_lines(tmp_path):
    root = project_with(
        tmp_path, BAD / "yaml-no-read-as-false.md", BAD / "yaml-arxiv-unquoted-float.md"
    )

    result = run_generator("validate", "--format", "github", root=root)

    annotations = [
        line for line in result.stdout.splitlines() if "topics.yml" not in line
    ]
    assert annotations == [
        "::warning file=papers/yaml-arxiv-unquoted-float.md,line=10,title=arxiv::"
        "written without quotes, so YAML reads it as the number 2407.0879 "
        '(write "2407.08790" in quotes; python -m generator fmt does it)',
        "::error file=papers/yaml-no-read-as-false.md,line=16,title=links.code::"
        'expected a URL, got boolean false (YAML read "no" as false) (write the '
        "address, or remove the key if there is none)",
    ]
    assert result.exit_code == 1


def test_json_format_parses_with_every_field(tmp_path):
    root = project_with(tmp_path, BAD / "encoding-control-character.md")

    result = run_generator("validate", "--format", "json", root=root)

    problems = json.loads(result.stdout)
    assert {
        "path": "papers/encoding-control-character.md",
        "line": 2,
        "column": 40,
        "field": "title",
        "message": "control character U+0008",
        "hint": "delete it; it usually comes from copying text out of a PDF",
        "severity": "error",
    } in problems
    assert result.exit_code == 1


HOPELESS_FILES = {  # file name → content that has no entry in it at all
    "empty.md": b"",
    "nul-bytes.md": b"\x00" * 64,
    "utf-16.md": "---\ntitle: x\n---\n".encode("utf-16"),
    "every-byte.md": bytes(range(256)),
    "lone-fence.md": b"---",
    "empty-fences.md": b"---\n---\n",
    "bom-only.md": b"\xef\xbb\xbf",
    "cr-only.yaml": b"\r\r\r",
    "deep-nesting.md": b"---\ntitle: " + b"[" * 5000 + b"\n---\n",
    "recursive-alias.md": b"---\ntitle: &x [*x]\n---\n",
    "complex-key.md": b"---\n? [title]\n: x\n---\n",
    "list-at-top.yaml": b"- title: x\n",
    "scalar-at-top.yaml": b"just a sentence\n",
}


def test_hopeless_files_get_messages_not_tracebacks(tmp_path):
    root = make_project(tmp_path, HOPELESS_FILES)

    result = run_generator("validate", root=root)

    named = {LOCATION.match(line).group(1) for line in result.stderr.splitlines()[:-1]}
    assert named >= {f"papers/{name}" for name in HOPELESS_FILES}
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    assert result.exit_code == 1


def test_build_refuses_bad_entries_and_prints_the_report(tmp_path):
    root = make_project(tmp_path, copy_real_papers=True)
    shutil.copyfile(
        BAD / "date-impossible-day.md",
        root / "papers" / "social-deduction-multi-agent-rl.md",
    )

    result = run_generator("build", root=root)

    assert result.exit_code == 1
    assert (
        "papers/social-deduction-multi-agent-rl.md:8: published: 2025-02-30 is "
        "not a real date (February 2025 has 28 days)"
    ) in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1] == "1 error in 1 file; nothing was built"
    assert not (root / "site").exists()
