"""Pipeline step 1: read entry files into located raw documents.

Takes the files under `papers/` and gives back, per file, a `RawEntry`: the
front matter as plain Python values, the source line of every key and value,
and the Markdown body. Reading never raises for bad input: encoding faults,
YAML syntax errors and YAML's silent retyping (`no` → false, `2501.01230` →
a float) are reported as `EntryProblem`s with the file line they came from.
`validate.py` then turns raw documents into `Paper` objects.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ERROR, EntryProblem

log = logging.getLogger(__name__)

ENTRY_SUFFIXES = (".md", ".yaml", ".yml")
TOPICS_FILE = "topics.yml"
FRONT_MATTER_FENCE = "---"
NOTES_HEADING = re.compile(r"^##\s+Notes\s*$", re.MULTILINE)
# C0 controls except tab, LF and CR; DEL; C1 controls; stray BOMs and
# separators that XML feeds or editors choke on.
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029]"
)
# Keys are located as (top-level key, ...) tuples: ("links", "code"), ("authors", 0)
KeyPath = tuple[Any, ...]


@dataclass(frozen=True)
class Scalar:
    """How YAML read one value: its source text, its type and its place."""

    raw: str  # the characters as written, without quotes
    tag: str  # short YAML type: str, bool, int, float, null, timestamp, other
    quoted: bool
    line: int  # 1-based file line
    column: int  # 1-based
    ends_before_comment: bool  # a plain value cut short by " #"


@dataclass
class RawEntry:
    """An entry file after reading, before field validation."""

    path: Path
    display_path: str  # what messages show, e.g. "papers/omnijarvis.md"
    data: dict[str, Any]
    lines: dict[KeyPath, int]  # where each key (or list item) was written
    scalars: dict[KeyPath, Scalar]
    closing_line: int  # where a missing field is reported
    body_line: int = 0  # first line of the Markdown body
    body: str | None = None  # Markdown files only
    problems: list[EntryProblem] = field(default_factory=list)

    def line_of(self, key_path: KeyPath) -> int:
        """Return the line of a key path, or of its nearest written parent."""
        while key_path:
            if key_path in self.lines:
                return self.lines[key_path]
            key_path = key_path[:-1]
        return self.closing_line


def list_entry_files(papers_dir: Path) -> list[Path]:
    """Return every entry file in `papers_dir`, sorted by name."""
    return sorted(
        path
        for path in papers_dir.iterdir()
        if path.is_file()
        and path.suffix.lower() in ENTRY_SUFFIXES
        and path.name != TOPICS_FILE
        and not path.name.startswith(".")
    )


def read_entry(path: Path, display_path: str) -> RawEntry:
    """Read one entry file; problems are collected on the result."""
    entry = RawEntry(path, display_path, {}, {}, {}, closing_line=1)
    text = _read_text(path, display_path, entry.problems)
    if text is None:
        return entry

    if path.suffix.lower() == ".md":
        split = _split_front_matter(text, display_path, entry.problems)
        if split is None:
            return entry
        yaml_text, entry.closing_line, entry.body, entry.body_line = split
        first_yaml_line = 2
    else:
        yaml_text, first_yaml_line = text, 1
        entry.closing_line = max(1, text.count("\n"))

    document = parse_yaml(yaml_text, first_yaml_line, display_path, entry.problems)
    if document is None:
        return entry
    if not isinstance(document, yaml.MappingNode):
        kind = "a list" if isinstance(document, yaml.SequenceNode) else "a single value"
        entry.problems.append(
            _problem(display_path, document.start_mark.line + first_yaml_line, "",
                     f"top level must be a mapping of fields, got {kind}",
                     "write one `field: value` per line")
        )
        return entry

    converter = _NodeConverter(display_path, first_yaml_line, entry.problems)
    entry.data = converter.mapping(document, ())
    entry.lines, entry.scalars = converter.lines, converter.scalars
    _attach_control_character_fields(entry)
    return entry


def read_topics_file(path: Path, display_path: str) -> RawEntry:
    """Read `papers/topics.yml` the same careful way as an entry."""
    return read_entry(path, display_path)


def parse_yaml(
    text: str, first_line: int, display_path: str, problems: list[EntryProblem]
) -> yaml.Node | None:
    """Compose YAML into nodes, turning syntax errors into located problems."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        problems.append(_explain_yaml_error(error, text, first_line, display_path))
        return None
    except yaml.YAMLError as error:  # reader errors carry no mark object
        problems.append(
            _problem(display_path, first_line, "", f"YAML error: {error}",
                     "check the file's encoding and characters")
        )
        return None
    if node is None:
        problems.append(
            _problem(display_path, first_line, "", "front matter is empty",
                     "add the fields title, authors, published, added and topics")
        )
    return node


def _read_text(path: Path, display_path: str, problems: list) -> str | None:
    """Decode a file as UTF-8 and normalise line endings; None if hopeless."""
    data = path.read_bytes()
    if not data.strip():
        problems.append(
            _problem(display_path, 0, "", "file is empty",
                     "fill it in from the template in CONTRIBUTING.md")
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        problems.append(
            _problem(display_path, line, "",
                     f"not valid UTF-8 (byte 0x{byte:02X} at offset {error.start})",
                     "re-save the file as UTF-8")
        )
        return None

    text = text.removeprefix("\ufeff")
    if re.search("\r(?!\n)", text):
        line = text.count("\n", 0, re.search("\r(?!\n)", text).start()) + 1
        problems.append(
            _problem(display_path, line, "", "line endings must be LF or CRLF",
                     "re-save the file with Unix (LF) or Windows (CRLF) line endings")
        )
        return None
    text = text.replace("\r\n", "\n")
    return _report_control_characters(text, display_path, problems)


def _report_control_characters(text: str, display_path: str, problems: list) -> str:
    """Report each control character with its line and column, then blank it.

    Lines are counted on LF only: `str.splitlines` would also split on form
    feeds and shift every later line number.
    """
    for match in CONTROL_CHARACTERS.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(
            EntryProblem(
                display_path, line, column, "",
                f"control character U+{ord(match.group()):04X}",
                "delete it; it usually comes from copying text out of a PDF",
            )
        )
    # Blanking keeps every other position, so later problems keep their lines.
    return CONTROL_CHARACTERS.sub(" ", text)


def _split_front_matter(text: str, display_path: str, problems: list):
    """Split a Markdown entry into (yaml, closing line, body, body line)."""
    lines = text.split("\n")
    if lines[0].rstrip() != FRONT_MATTER_FENCE:
        problems.append(
            _problem(display_path, 1, "", "no front matter (file must start with ---)",
                     "put the fields between two lines of ---, then the abstract")
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FRONT_MATTER_FENCE, "..."):
            yaml_text = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1:])
            return yaml_text, index + 1, body, index + 2
    problems.append(
        _problem(display_path, 1, "", "front matter is not closed",
                 "add a line with --- after the last field, before the abstract")
    )
    return None


def _attach_control_character_fields(entry: RawEntry) -> None:
    """Name the field each control character sits in, once the YAML is known."""
    top_keys = sorted(
        (line, key[0]) for key, line in entry.lines.items() if len(key) == 1
    )
    for index, problem in enumerate(entry.problems):
        if problem.field or not problem.message.startswith("control character"):
            continue
        if entry.body is not None and problem.line >= entry.body_line:
            field_name = "notes" if _is_in_notes(entry, problem.line) else "abstract"
        else:
            owners = [key for line, key in top_keys if line <= problem.line]
            field_name = str(owners[-1]) if owners else ""
        entry.problems[index] = EntryProblem(
            problem.path, problem.line, problem.column, field_name,
            problem.message, problem.hint,
        )


def _is_in_notes(entry: RawEntry, line: int) -> bool:
    match = NOTES_HEADING.search(entry.body or "")
    if not match:
        return False
    return line >= entry.body_line + entry.body.count("\n", 0, match.start())


class _NodeConverter:
    """Turn composed YAML nodes into plain values, remembering where each was."""

    def __init__(self, display_path: str, first_line: int, problems: list):
        self.display_path = display_path
        self.first_line = first_line
        self.problems = problems
        self.lines: dict[KeyPath, int] = {}
        self.scalars: dict[KeyPath, Scalar] = {}
        self._constructor = yaml.SafeLoader("")

    def value(self, node: yaml.Node, key_path: KeyPath) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, key_path)
        if isinstance(node, yaml.SequenceNode):
            return [
                self._item(child, key_path + (index,))
                for index, child in enumerate(node.value)
            ]
        return self.scalar(node, key_path)

    def mapping(self, node: yaml.MappingNode, key_path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = self._line(key_node)
            key = self._key(key_node, key_path)
            if key in first_lines:
                self.problems.append(
                    _problem(self.display_path, line, dotted_key(key_path + (key,)),
                             f'duplicate key "{key}" (first at line {first_lines[key]})',
                             "keep one and merge the values; YAML silently keeps "
                             "only the last")
                )
                continue
            first_lines[key] = line
            self.lines[key_path + (key,)] = line
            result[key] = self.value(value_node, key_path + (key,))
        return result

    def scalar(self, node: yaml.Node, key_path: KeyPath) -> Any:
        tag = node.tag.rsplit(":", 1)[-1] if node.tag.startswith("tag:yaml.org") else "other"
        quoted = node.style in ("'", '"')
        raw = str(node.value)
        self.scalars[key_path] = Scalar(
            raw, tag, quoted, self._line(node), node.start_mark.column + 1,
            _ends_before_comment(node),
        )
        if tag == "other":
            return raw
        if tag in ("bool", "int", "float", "null"):
            return getattr(self._constructor, f"construct_yaml_{tag}")(node)
        # Dates are left as text: validate.py parses them by one strict rule,
        # so quoted and unquoted dates behave the same.
        return raw

    def _item(self, node: yaml.Node, key_path: KeyPath) -> Any:
        self.lines[key_path] = self._line(node)
        return self.value(node, key_path)

    def _key(self, node: yaml.Node, key_path: KeyPath) -> str:
        if not isinstance(node, yaml.ScalarNode):
            self.problems.append(
                _problem(self.display_path, self._line(node), dotted_key(key_path),
                         "a key must be a plain name", "write `name: value`")
            )
            return f"<complex key at line {self._line(node)}>"
        if node.tag.endswith((":bool", ":int", ":float", ":null")) and not node.style:
            value = self.scalar(node, key_path + (node.value,))
            self.problems.append(
                _problem(self.display_path, self._line(node),
                         dotted_key(key_path + (node.value,)),
                         f"key became {_describe_value(value)} "
                         f'(YAML read "{node.value}" as {_yaml_literal(value)})',
                         "quote it")
            )
        return str(node.value)

    def _line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line


def describe_scalar(value: Any, scalar: Scalar | None) -> str:
    """Describe a value the way a contributor would recognise it."""
    description = _describe_value(value)
    if scalar and not scalar.quoted and scalar.tag in ("bool", "int", "float", "null"):
        if scalar.raw.lower() != _yaml_literal(value).lower():
            description += f' (YAML read "{scalar.raw}" as {_yaml_literal(value)})'
    return description


def _describe_value(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"boolean {_yaml_literal(value)}"
    if isinstance(value, int):
        return f"int {value}"
    if isinstance(value, float):
        return f"number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f'"{value}"'


def _yaml_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def _ends_before_comment(node: yaml.Node) -> bool:
    """Whether a plain value stops where ` #` starts a comment on its line."""
    if node.style or not isinstance(node, yaml.ScalarNode):
        return False
    buffer, end = node.end_mark.buffer, node.end_mark.pointer
    if not buffer or node.start_mark.line != node.end_mark.line:
        return False
    rest = buffer[end: buffer.find("\n", end) if "\n" in buffer[end:] else None]
    return rest.lstrip(" ").startswith("#") and rest.startswith(" ")


def _explain_yaml_error(
    error: yaml.MarkedYAMLError, text: str, first_line: int, display_path: str
) -> EntryProblem:
    """Turn a PyYAML error into one line that says what to change."""
    mark = error.problem_mark or error.context_mark
    line_index = mark.line if mark else 0
    lines = text.split("\n")
    source = lines[line_index] if line_index < len(lines) else ""
    problem = error.problem or ""
    key_match = re.match(r"\s*-?\s*([A-Za-z_][\w.-]*)\s*:", source)
    field_name = key_match.group(1) if key_match else ""

    if "'\\t'" in problem or "\t" in source[: len(source) - len(source.lstrip())]:
        return _problem(display_path, line_index + first_line, "",
                        "tab used for indentation", "use spaces")
    if "mapping values are not allowed" in problem:
        return _problem(display_path, line_index + first_line, field_name,
                        'YAML error (": " inside an unquoted value)',
                        "put the value in double quotes")
    if "quoted scalar" in (error.context or ""):
        start = error.context_mark.line if error.context_mark else line_index
        start_source = lines[start] if start < len(lines) else ""
        start_key = re.match(r"\s*-?\s*([A-Za-z_][\w.-]*)\s*:", start_source)
        return _problem(display_path, start + first_line,
                        start_key.group(1) if start_key else "",
                        "unclosed quote", "add the closing quote on the same line")
    context_line = error.context_mark.line if error.context_mark else line_index
    context_source = lines[context_line] if context_line < len(lines) else ""
    value_start = re.match(r"\s*-?\s*[A-Za-z_][\w.-]*\s*:\s*([\[{*&!|>%@`])", context_source)
    if value_start:
        context_key = re.match(r"\s*-?\s*([A-Za-z_][\w.-]*)", context_source).group(1)
        return _problem(display_path, context_line + first_line, context_key,
                        f'YAML error (a value starting with "{value_start.group(1)}" '
                        "has a special meaning)",
                        "put the value in double quotes")
    return _problem(display_path, line_index + first_line, field_name,
                    f"YAML error ({problem or error.context})",
                    "check quoting and indentation; quote values that contain "
                    '": " or start with a special character')


def dotted_key(key_path: KeyPath) -> str:
    """Write a key path the way an entry reads: links.code, authors[0]."""
    text = ""
    for part in key_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _problem(path: str, line: int, field_name: str, message: str, hint: str,
             severity: str = ERROR) -> EntryProblem:
    return EntryProblem(path, line, 0, field_name, message, hint, severity)


