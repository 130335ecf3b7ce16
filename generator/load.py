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

from generator.errors import ERROR, WARNING, EntryProblem

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
# Invisible controls that make text display in another order than it is
# stored ("Trojan Source"); a name or title never needs them.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What a double-quoted YAML escape ("\x07", "\ud800") can still put in a value
# after the file's own characters were checked.
ESCAPED_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
UNSAFE_CHARACTERS = re.compile(
    f"{CONTROL_CHARACTERS.pattern[:-1]}{DIRECTION_CONTROLS.pattern[1:]}"
)
MAX_NESTING = 8  # levels of lists and mappings; entries need two
SHOWN_CHARACTER_PROBLEMS = 10  # per file; a binary file would list thousands
# The start of a quoted value: `key: "...` or `- '...`
QUOTED_VALUE_START = re.compile(r"""^\s*(?:-\s+|[^\s:#'"][^:#]*:\s+)(["'])(.*)$""")

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
    end_line: int = 0  # 1-based file line where the value ends


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
    is_entry: bool = True  # False for a stray file in papers/ that is not read

    def line_of(self, key_path: KeyPath) -> int:
        """Return the line of a key path, or of its nearest written parent."""
        while key_path:
            if key_path in self.lines:
                return self.lines[key_path]
            key_path = key_path[:-1]
        return self.closing_line


def list_entry_files(papers_dir: Path) -> list[Path]:
    """Return everything in `papers_dir` but topics.yml and hidden files, by name.

    Folders and files with another suffix are listed too, so that
    `read_entry` can say they are not read instead of dropping a paper
    without a word.
    """
    if not papers_dir.is_dir():
        return []
    return sorted(
        path
        for path in papers_dir.iterdir()
        if path.name != TOPICS_FILE and not path.name.startswith(".")
    )


def read_entry(path: Path, display_path: str) -> RawEntry:
    """Read one entry file; problems are collected on the result."""
    entry = RawEntry(path, display_path, {}, {}, {}, closing_line=1)
    if _is_stray(path, display_path, entry.problems):
        entry.is_entry = False
        return entry
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
            _problem(
                display_path,
                document.start_mark.line + first_yaml_line,
                "",
                f"top level must be a mapping of fields, got {kind}",
                "write one `field: value` per line",
            )
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
    """Compose YAML into nodes, turning syntax errors into located problems.

    An empty document gives an empty mapping, so each missing field is named.
    Anchors, aliases and explicit tags are refused: an entry is plain data,
    and each lets a value become something other than what its line shows.
    """
    loader = _LocatingLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        node = None
        if not loader.refused:
            problems.append(_explain_yaml_error(error, text, first_line, display_path))
            return None
    except yaml.YAMLError as error:  # reader errors carry no mark object
        problems.append(
            _problem(
                display_path,
                first_line,
                "",
                f"YAML error: {error}",
                "check the file's encoding and characters",
            )
        )
        return None
    except RecursionError:
        problems.append(
            _problem(
                display_path,
                first_line,
                "",
                "values are nested too deeply",
                "an entry needs lists and mappings two levels deep at most",
            )
        )
        return None
    finally:
        loader.dispose()

    for line_index, field_name, message, hint in loader.refused:
        problems.append(
            _problem(display_path, line_index + first_line, field_name, message, hint)
        )
    if loader.refused:
        return None
    if node is None:
        return yaml.MappingNode("tag:yaml.org,2002:map", [])
    return node


class _LocatingLoader(yaml.SafeLoader):
    """A safe loader that notes anchors, aliases and tags while it composes."""

    def __init__(self, text: str):
        super().__init__(text)
        self.refused: list[tuple[int, str, str, str]] = []  # line, field, message, hint

    def compose_node(self, parent, index):
        event = self.peek_event()
        field_name = str(index.value) if isinstance(index, yaml.ScalarNode) else ""
        if isinstance(event, yaml.AliasEvent):
            self.refused.append(
                (
                    event.start_mark.line,
                    field_name,
                    f"YAML alias *{event.anchor} repeats another value",
                    "write the value out in full",
                )
            )
        elif getattr(event, "anchor", None):
            self.refused.append(
                (
                    event.start_mark.line,
                    field_name,
                    f"YAML anchor &{event.anchor} is not allowed",
                    "quote the value if the & is part of it",
                )
            )
        elif getattr(event, "tag", None) not in (None, "!"):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.refused.append(
                (
                    event.start_mark.line,
                    field_name,
                    f"YAML tag {tag} is not allowed",
                    "remove the tag and write the value as plain text",
                )
            )
        return super().compose_node(parent, index)


def _is_stray(path: Path, display_path: str, problems: list) -> bool:
    """Say why a path in papers/ is not read as an entry; False for an entry."""
    if path.is_symlink():
        problems.append(
            _problem(
                display_path,
                0,
                "",
                "is a symbolic link, which is not read",
                "commit the entry file itself",
            )
        )
        return True
    if path.is_dir():
        problems.append(
            _problem(
                display_path,
                0,
                "",
                "folders in papers/ are not read",
                "move the entries directly into papers/",
                WARNING,
            )
        )
        return True
    if path.suffix.lower() not in ENTRY_SUFFIXES:
        problems.append(
            _problem(
                display_path,
                0,
                "",
                "is not read: entries end in .md or .yaml",
                f"rename it to {path.stem}.md, or move it out of papers/",
                WARNING,
            )
        )
        return True
    return False


def _read_text(path: Path, display_path: str, problems: list) -> str | None:
    """Decode a file as UTF-8 and normalise line endings; None if hopeless."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(
            _problem(
                display_path,
                0,
                "",
                f"cannot be read ({error.strerror})",
                "check the file's permissions",
            )
        )
        return None
    if not data.strip():
        problems.append(
            _problem(
                display_path,
                0,
                "",
                "file is empty",
                "write the fields; `python -m generator schema` lists them",
            )
        )
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(
            _problem(
                display_path,
                1,
                "",
                "saved as UTF-16, not UTF-8",
                "re-save the file as UTF-8",
            )
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        problems.append(
            _problem(
                display_path,
                line,
                "",
                f"not valid UTF-8 (byte 0x{byte:02X} at offset {error.start})",
                "re-save the file as UTF-8",
            )
        )
        return None

    text = text.removeprefix("\ufeff")
    if re.search("\r(?!\n)", text):
        line = text.count("\n", 0, re.search("\r(?!\n)", text).start()) + 1
        problems.append(
            _problem(
                display_path,
                line,
                "",
                "line endings must be LF or CRLF",
                "re-save the file with Unix (LF) or Windows (CRLF) line endings",
            )
        )
        return None
    text = text.replace("\r\n", "\n")
    return _report_control_characters(text, display_path, problems)


def _report_control_characters(text: str, display_path: str, problems: list) -> str:
    """Report each control character with its line and column, then blank it.

    Lines are counted on LF only: `str.splitlines` would also split on form
    feeds and shift every later line number.
    """
    runs = list(re.finditer(f"({UNSAFE_CHARACTERS.pattern})\\1*", text))
    for match in runs[:SHOWN_CHARACTER_PROBLEMS]:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        message, hint = describe_unsafe_character(match.group()[0])
        if len(match.group()) > 1:
            message += f", {len(match.group())} times in a row"
        problems.append(EntryProblem(display_path, line, column, "", message, hint))
    if len(runs) > SHOWN_CHARACTER_PROBLEMS:
        more = runs[SHOWN_CHARACTER_PROBLEMS]
        problems.append(
            _problem(
                display_path,
                text.count("\n", 0, more.start()) + 1,
                "",
                f"{len(runs) - SHOWN_CHARACTER_PROBLEMS} more places with "
                "control characters",
                "is this a text file?",
            )
        )
    # Blanking keeps every other position, so later problems keep their lines.
    return UNSAFE_CHARACTERS.sub(" ", text)


def describe_unsafe_character(char: str) -> tuple[str, str]:
    """Return (message, hint) for a character entries must not contain."""
    code = f"U+{ord(char):04X}"
    if DIRECTION_CONTROLS.match(char):
        return (
            f"direction control character {code}",
            "delete it; it makes text display in another order than it is stored",
        )
    if "\ud800" <= char <= "\udfff":
        return (f"lone surrogate {code}", "delete the escape; it is not a character")
    return (
        f"control character {code}",
        "delete it; it usually comes from copying text out of a PDF",
    )


def _split_front_matter(text: str, display_path: str, problems: list):
    """Split a Markdown entry into (yaml, closing line, body, body line)."""
    lines = text.split("\n")
    if lines[0].rstrip() != FRONT_MATTER_FENCE:
        problems.append(
            _problem(
                display_path,
                1,
                "",
                "no front matter (file must start with ---)",
                "put the fields between two lines of ---, then the abstract",
            )
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FRONT_MATTER_FENCE, "..."):
            yaml_text = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1 :])
            return yaml_text, index + 1, body, index + 2
    problems.append(
        _problem(
            display_path,
            1,
            "",
            "front matter is not closed",
            "add a line with --- after the last field, before the abstract",
        )
    )
    return None


def _attach_control_character_fields(entry: RawEntry) -> None:
    """Name the field each control character sits in, once the YAML is known."""
    top_keys = sorted(
        (line, key[0]) for key, line in entry.lines.items() if len(key) == 1
    )
    for index, problem in enumerate(entry.problems):
        if problem.field or not problem.column:
            continue
        if entry.body is not None and problem.line >= entry.body_line:
            field_name = "notes" if _is_in_notes(entry, problem.line) else "abstract"
        else:
            owners = [key for line, key in top_keys if line <= problem.line]
            field_name = str(owners[-1]) if owners else ""
        entry.problems[index] = EntryProblem(
            problem.path,
            problem.line,
            problem.column,
            field_name,
            problem.message,
            problem.hint,
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
        if len(key_path) > MAX_NESTING:
            return None  # the schema reports the wrong type further up
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
            if key is None:
                continue
            if key in first_lines:
                self.problems.append(
                    _problem(
                        self.display_path,
                        line,
                        dotted_key(key_path + (key,)),
                        f'duplicate key "{key}" (first at line {first_lines[key]})',
                        "keep one and merge the values; YAML silently keeps "
                        "only the last",
                    )
                )
                continue
            first_lines[key] = line
            self.lines[key_path + (key,)] = line
            result[key] = self.value(value_node, key_path + (key,))
        return result

    def scalar(self, node: yaml.Node, key_path: KeyPath) -> Any:
        tag = (
            node.tag.rsplit(":", 1)[-1]
            if node.tag.startswith("tag:yaml.org")
            else "other"
        )
        quoted = node.style in ("'", '"')
        raw = str(node.value)
        self.scalars[key_path] = Scalar(
            raw,
            tag,
            quoted,
            self._line(node),
            node.start_mark.column + 1,
            _ends_before_comment(node),
            node.end_mark.line + self.first_line,
        )
        if tag in ("bool", "int", "float", "null"):
            return getattr(self._constructor, f"construct_yaml_{tag}")(node)
        # Dates are left as text: validate.py parses them by one strict rule,
        # so quoted and unquoted dates behave the same.
        return self._without_escaped_characters(raw, node, key_path)

    def _without_escaped_characters(self, text: str, node, key_path: KeyPath) -> str:
        """Report characters a double-quoted escape let in, and blank them.

        The file's own characters were checked before parsing; this catches
        "\\x1b" or "\\ud800" written as escapes, which would otherwise reach
        pages, feeds and even the terminal that shows our messages.
        """
        for char in dict.fromkeys(ESCAPED_CHARACTERS.findall(text)):
            message, hint = describe_unsafe_character(char)
            self.problems.append(
                _problem(
                    self.display_path,
                    self._line(node),
                    dotted_key(key_path),
                    f"{message}, written as an escape",
                    hint,
                )
            )
        return ESCAPED_CHARACTERS.sub("\ufffd", text)

    def _item(self, node: yaml.Node, key_path: KeyPath) -> Any:
        self.lines[key_path] = self._line(node)
        return self.value(node, key_path)

    def _key(self, node: yaml.Node, key_path: KeyPath) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.problems.append(
                _problem(
                    self.display_path,
                    self._line(node),
                    dotted_key(key_path),
                    "a key must be a plain name",
                    "write `name: value`",
                )
            )
            return None
        key = self._without_escaped_characters(str(node.value), node, key_path)
        if node.tag.endswith((":bool", ":int", ":float", ":null")) and not node.style:
            value = self.scalar(node, key_path + (node.value,))
            self.problems.append(
                _problem(
                    self.display_path,
                    self._line(node),
                    dotted_key(key_path + (node.value,)),
                    f"key became {_describe_value(value)} "
                    f'(YAML read "{node.value}" as {_yaml_literal(value)})',
                    "quote it",
                )
            )
        return key

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
    rest = buffer[end : buffer.find("\n", end) if "\n" in buffer[end:] else None]
    return rest.lstrip(" ").startswith("#") and rest.startswith(" ")


def _key_written_on(source: str) -> str:
    """Return the field name a YAML line starts with ("- key:" too), or ""."""
    match = re.match(r"\s*-?\s*([A-Za-z_][\w.-]*)\s*:", source)
    return match.group(1) if match else ""


def _explain_yaml_error(
    error: yaml.MarkedYAMLError, text: str, first_line: int, display_path: str
) -> EntryProblem:
    """Turn a PyYAML error into one line that says what to change."""
    mark = error.problem_mark or error.context_mark
    line_index = mark.line if mark else 0
    lines = text.split("\n")
    source = lines[line_index] if line_index < len(lines) else ""
    problem = error.problem or ""
    field_name = _key_written_on(source)

    if "'\\t'" in problem or "\t" in source[: len(source) - len(source.lstrip())]:
        return _problem(
            display_path,
            line_index + first_line,
            "",
            "tab used for indentation",
            "use spaces",
        )
    if "mapping values are not allowed" in problem:
        return _problem(
            display_path,
            line_index + first_line,
            field_name,
            'YAML error (": " inside an unquoted value)',
            "put the value in double quotes",
        )
    if escape := re.search(r"unknown escape character '(.+)'", problem):
        return _problem(
            display_path,
            line_index + first_line,
            field_name,
            "a backslash in double quotes starts an escape, and "
            f"\\{escape.group(1)} is not one",
            "use single quotes around a value with backslashes",
        )
    if "another document" in problem:
        return _problem(
            display_path,
            line_index + first_line,
            "",
            "a line with --- starts a second document",
            "a .yaml entry is one document: remove the line",
        )
    if "quoted scalar" in (error.context or ""):
        unclosed = error.context_mark.line if error.context_mark else line_index
    else:
        unclosed = _first_unclosed_quote(lines, line_index)
    if unclosed is not None:
        return _problem(
            display_path,
            unclosed + first_line,
            _key_written_on(lines[unclosed] if unclosed < len(lines) else ""),
            "unclosed quote",
            "add the closing quote on the same line",
        )
    context_line = error.context_mark.line if error.context_mark else line_index
    context_source = lines[context_line] if context_line < len(lines) else ""
    value_start = re.match(
        r"\s*-?\s*[A-Za-z_][\w.-]*\s*:\s*([\[{*&!|>%@`])", context_source
    )
    if value_start:
        context_key = _key_written_on(context_source)
        return _problem(
            display_path,
            context_line + first_line,
            context_key,
            f'YAML error (a value starting with "{value_start.group(1)}" '
            "has a special meaning)",
            "put the value in double quotes",
        )
    return _problem(
        display_path,
        line_index + first_line,
        field_name,
        f"YAML error ({problem or error.context})",
        "check quoting and indentation; quote values that contain "
        '": " or start with a special character',
    )


def _first_unclosed_quote(lines: list[str], before: int) -> int | None:
    """Return the first line before `before` whose quoted value does not close on it.

    YAML lets a quoted value run on over several lines, so a forgotten
    closing quote is only noticed lines later, where the next quote is.
    """
    for index in range(min(before, len(lines))):
        match = QUOTED_VALUE_START.match(lines[index])
        if match and not _closes_quote(match.group(1), match.group(2)):
            return index
    return None


def _closes_quote(quote: str, rest: str) -> bool:
    position = 0
    while position < len(rest):
        char = rest[position]
        if quote == '"' and char == "\\":
            position += 2
            continue
        if char == quote:
            if quote == "'" and rest[position + 1 : position + 2] == "'":
                position += 2  # '' is an escaped quote inside single quotes
                continue
            return True
        position += 1
    return False


def dotted_key(key_path: KeyPath) -> str:
    """Write a key path the way an entry reads: links.code, authors[0]."""
    text = ""
    for part in key_path:
        text += (
            f"[{part}]"
            if isinstance(part, int)
            else (f".{part}" if text else str(part))
        )
    return text


def _problem(
    path: str,
    line: int,
    field_name: str,
    message: str,
    hint: str,
    severity: str = ERROR,
) -> EntryProblem:
    return EntryProblem(path, line, 0, field_name, message, hint, severity)
