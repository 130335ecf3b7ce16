"""Normalise entries when a curator asks for it (`python -m generator fmt`).

Takes entry files and gives each its canonical front matter: fields in the
order of the schema, the title and identifiers in double quotes, dates as
YYYY-MM-DD, and arXiv ids and DOIs without a prefix, address or version.
Everything else is kept as written: comments travel with the field below
them, other values keep their lines, and the body of a Markdown entry,
the byte-order mark and the line endings are left byte for byte.

The front matter is edited line by line, guided by the line numbers the
loader records, so nothing is re-emitted from parsed YAML. An entry whose
YAML the loader cannot read cleanly is left alone and its problems shown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import EntryProblem
from generator.load import ENTRY_SUFFIXES, TOPICS_FILE, RawEntry, Scalar, read_entry
from generator.schema import FIELD_NAMES
from generator.validate import bare_arxiv_id, bare_doi

QUOTED_FIELDS = ("title", "arxiv", "doi")
DATE_FIELDS = ("published", "added")
# A value with a time of day, as YAML timestamps allow it
DATE_TIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[Tt ]+(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*"
    r"(Z|[+-]\d{1,2}(?::?\d{2})?)?$"
)
UNPADDED_DATE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
KEEP_CHOMPING = re.compile(r":\s*[|>][0-9]?\+")  # a block scalar that keeps blank lines


@dataclass
class FormatResult:
    """What `fmt` did to one file."""

    path: Path
    display_path: str
    changed: bool = False
    problems: list[EntryProblem] = field(default_factory=list)


@dataclass
class _Block:
    """One top-level field: the comments above it and its own lines."""

    key: str
    comments: list[str]
    lines: list[str]


def format_files(
    paths: list[Path], root: Path, check: bool = False
) -> list[FormatResult]:
    """Normalise each entry file in place (or, with `check`, only report)."""
    results = []
    for path in paths:
        display_path = _display_path(path, root)
        raw = read_entry(path, display_path)
        result = FormatResult(path, display_path)
        result.problems = [problem for problem in raw.problems if problem.is_error]
        if raw.is_entry and not result.problems:
            original = path.read_bytes()
            reason = _why_not_formattable(original, raw)
            if reason:
                result.problems = [EntryProblem(display_path, 0, 0, "", reason,
                                                "normalise this file by hand")]
                results.append(result)
                continue
            formatted = format_entry(original, raw)
            result.changed = formatted != original
            if result.changed and not check:
                path.write_bytes(formatted)
        results.append(result)
    return results


def summarize_results(
    results: list[FormatResult], check: bool
) -> tuple[list[str], bool]:
    """Return the lines to print for a run, and whether it should fail."""
    lines = []
    for result in results:
        if result.problems:
            lines += [problem.format() for problem in sorted(result.problems)]
            lines.append(
                f"{result.display_path}: left as it was; fix the problems "
                "above, then run fmt again"
            )
        elif result.changed:
            lines.append(
                f"{'would reformat' if check else 'reformatted'} {result.display_path}"
            )
    changed = sum(result.changed for result in results)
    refused = sum(bool(result.problems) for result in results)
    verb = "would be reformatted" if check else "reformatted"
    lines.append(
        f"{changed} of {len(results)} entries {verb}"
        + (f", {refused} could not be read" if refused else "")
    )
    return lines, bool(refused or (check and changed))


def list_files_to_format(papers_dir: Path) -> list[Path]:
    """Return the entry files of `papers_dir`, as `fmt` without arguments takes them."""
    return sorted(
        path
        for path in papers_dir.iterdir()
        if path.is_file()
        and path.suffix.lower() in ENTRY_SUFFIXES
        and path.name != TOPICS_FILE
        and not path.name.startswith(".")
    )


def _why_not_formattable(original: bytes, raw: RawEntry) -> str:
    """Say why fmt's line-by-line rewrite cannot handle a file ("" if it can).

    fmt moves whole lines, so it needs one top-level field per line starting
    at column 1, and one kind of line ending.
    """
    text = original.decode("utf-8", errors="replace").removeprefix("\ufeff")
    if "\r\n" in text and re.search("(?<!\r)\n", text):
        return "fmt cannot rewrite a file that mixes CRLF and LF line endings"
    lines = text.replace("\r\n", "\n").split("\n")
    for key_path, line in raw.lines.items():
        if len(key_path) == 1:
            source = lines[line - 1] if 0 < line <= len(lines) else ""
            if not source.lstrip("'\"").startswith(str(key_path[0])) or source[:1].isspace():
                return ("fmt only rewrites front matter written one `field: value` "
                        "per line from the first column")
    return ""


def format_entry(original: bytes, raw: RawEntry) -> bytes:
    """Return the entry with normalised front matter; `raw` is its loaded form."""
    text = original.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text[len(bom) :].split(newline)

    # The front matter's lines, as 0-based indexes into `lines`
    if raw.body is not None:
        first, end = 1, raw.closing_line - 1
    else:
        first, end = 0, len(lines)
    head, blocks, tail = _split_blocks(lines[first:end], first + 1, raw)
    front = (
        head
        + [
            line
            for block in _ordered(blocks)
            for line in block.comments + _normalised(block, raw)
        ]
        + tail
    )

    formatted = lines[:first] + front + lines[end:]
    return (bom + newline.join(formatted)).encode("utf-8")


def _split_blocks(front: list[str], first_line: int, raw: RawEntry):
    """Cut the front matter into (lines before any key, blocks, lines after)."""
    starts = sorted(
        (line - first_line, key[0]) for key, line in raw.lines.items() if len(key) == 1
    )
    if not starts:
        return front, [], []
    head = front[: starts[0][0]]
    blocks = []
    for number, (start, key) in enumerate(starts):
        stop = starts[number + 1][0] if number + 1 < len(starts) else len(front)
        blocks.append(_Block(str(key), [], front[start:stop]))

    # Comments right above a field belong to it; a blank line ends a header.
    carried: list[str] = []
    while head and head[-1].startswith("#"):
        carried.insert(0, head.pop())
    for block in blocks:
        block.comments = [line for line in carried if line.strip()]
        carried = []
        if KEEP_CHOMPING.search(block.lines[0]):
            continue
        while len(block.lines) > 1 and _is_blank_or_comment(block.lines[-1]):
            carried.insert(0, block.lines.pop())
    return head, blocks, carried


def _is_blank_or_comment(line: str) -> bool:
    return not line.strip() or line.startswith("#")


def _ordered(blocks: list[_Block]) -> list[_Block]:
    """Put known fields in schema order; unknown ones follow as written."""
    rank = {name: index for index, name in enumerate(FIELD_NAMES)}
    return sorted(blocks, key=lambda block: rank.get(block.key, len(rank)))


def _normalised(block: _Block, raw: RawEntry) -> list[str]:
    """Return the block's lines with its value in canonical form, if it has one."""
    scalar = raw.scalars.get((block.key,))
    if scalar is None or block.key not in QUOTED_FIELDS + DATE_FIELDS:
        return block.lines
    if scalar.ends_before_comment and block.key == "title":
        return block.lines  # text after " #" was lost; validate says so
    value = _canonical_value(block.key, scalar)
    if value is None:
        return block.lines
    comment = _trailing_comment(block.lines[0], scalar) if len(block.lines) == 1 else ""
    return [f"{block.key}: {value}{comment}"]


def _canonical_value(key: str, scalar: Scalar) -> str | None:
    """Return the value as it should be written, or None to leave it alone."""
    text = " ".join(scalar.raw.split()) if key == "title" else scalar.raw.strip()
    if key == "title":
        return _double_quoted(text) if text else None
    if key == "arxiv":
        bare = bare_arxiv_id(text)
        return _double_quoted(bare) if bare else None
    if key == "doi":
        bare = bare_doi(text)
        return _double_quoted(bare) if bare else None
    return _canonical_date(text, month_allowed=key == "published")


def _canonical_date(text: str, month_allowed: bool) -> str | None:
    """Write a date as YYYY-MM-DD (or YYYY-MM); a time is taken to UTC first."""
    if timed := DATE_TIME.match(text):
        day, time, zone = timed.groups()
        try:
            moment = dt.datetime.fromisoformat(f"{day}T{time.zfill(5)}")
        except ValueError:
            return None
        if zone and zone.upper() != "Z":
            moment -= _utc_offset(zone)
        return moment.date().isoformat()
    loose = UNPADDED_DATE.match(text)
    if not loose or (loose.group(3) is None and not month_allowed):
        return None
    parts = [part.zfill(2) for part in loose.groups() if part]
    try:
        dt.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        return None  # an impossible date stays as written; validate reports it
    return "-".join(parts)


def _utc_offset(zone: str) -> dt.timedelta:
    """Turn "+09:00", "+0900", "-5" into a time difference."""
    digits = zone[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
    return offset if zone[0] == "+" else -offset


def _trailing_comment(line: str, scalar: Scalar) -> str:
    """Return the ` # comment` after a one-line value, with its spacing."""
    start = scalar.column - 1
    if scalar.quoted:
        quote = line[start]
        position = start + 1
        while position < len(line):
            if quote == '"' and line[position] == "\\":
                position += 2
                continue
            if line[position] == quote:
                if quote == "'" and line[position + 1 : position + 2] == "'":
                    position += 2
                    continue
                break
            position += 1
        rest = line[position + 1 :]
    else:
        rest = line[start + len(scalar.raw) :]
    return rest.rstrip() if rest.strip().startswith("#") else ""


def _double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
