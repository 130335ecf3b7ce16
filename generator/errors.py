"""Problems found in entries, and how they are shown to contributors.

Every check in the pipeline reports an `EntryProblem` instead of raising, so a
single run can list every mistake in every file. `EntriesInvalid` carries the
whole list up to the command line, which prints it without a traceback.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class EntryProblem:
    """One thing wrong with one entry, located as precisely as we can."""

    path: str  # relative to the repository root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    field: str  # as written in the entry, e.g. "links.code"; "" for the file
    message: str
    hint: str = ""
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format(self) -> str:
        """Return the one-line form `path:line: field: problem (fix)`."""
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{self.field}: {self.message}" if self.field else self.message
        if self.hint:
            text += f" ({self.hint})"
        prefix = "warning: " if self.severity == WARNING else ""
        return _one_line(f"{where}: {prefix}{text}")

    def format_github(self) -> str:
        """Return the problem as a GitHub workflow annotation command."""
        kind = "error" if self.is_error else "warning"
        params = [f"file={_escape_github_property(self.path)}"]
        if self.line:
            params.append(f"line={self.line}")
        if self.column:
            params.append(f"col={self.column}")
        title = f"{self.field}" if self.field else "entry"
        params.append(f"title={_escape_github_property(_one_line(title))}")
        text = self.message + (f" ({self.hint})" if self.hint else "")
        return f"::{kind} {','.join(params)}::{_escape_github_data(_one_line(text))}"


class EntriesInvalid(Exception):
    """Raised when entries have errors; the build must not go on."""

    def __init__(self, problems: Iterable[EntryProblem]):
        self.problems = sorted(problems)
        super().__init__(summarize(self.problems))


def summarize(problems: list[EntryProblem]) -> str:
    """Return the closing count line, e.g. `2 problems in 1 entry`."""
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    files = {p.path for p in problems}
    parts = []
    if errors:
        parts.append(_plural(len(errors), "error"))
    if warnings:
        parts.append(_plural(len(warnings), "warning"))
    if not parts:
        return "no problems"
    return f"{' and '.join(parts)} in {_plural(len(files), 'file')}"


def format_problems(problems: list[EntryProblem], style: str = "text") -> str:
    """Render a sorted problem list as text, GitHub annotations or JSON."""
    problems = sorted(problems)
    if style == "json":
        return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)
    if style == "github":
        return "\n".join(p.format_github() for p in problems)
    return "\n".join(p.format() for p in problems)


def _one_line(text: str) -> str:
    """Show line breaks and other control characters from an entry as escapes.

    A problem is one line, and text quoted from an entry must not move the
    cursor or recolour the terminal that shows it.
    """
    return "".join(
        char if char.isprintable() or char == " " else repr(char)[1:-1] for char in text
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _escape_github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")
