"""The entry schema: field names, types and limits, in one place.

`validate.py` checks every entry's front matter against `ENTRY_SCHEMA` with
jsonschema; the contributing guide shows it (`python -m generator schema`).
Checks a schema cannot express well (real dates, identifiers, topic names,
the list as a whole) live in `validate.py`.
"""

from __future__ import annotations

import json

MAX_TITLE_LENGTH = 300  # characters
MAX_AUTHORS = 1000
MAX_ABSTRACT_LENGTH = 20_000  # characters
MAX_TEXT_LENGTH = 500  # characters, for an author name, a venue or a URL
LINK_KINDS = ("code", "project", "pdf", "data", "video")

_text = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_LENGTH}
_url = {"type": "string", "minLength": 1, "maxLength": 2000}

ENTRY_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Paper entry",
    "description": "Front matter of one file in papers/ (or the whole .yaml file).",
    "type": "object",
    "required": ["title", "authors", "published", "added", "topics"],
    "anyOf": [
        {"required": ["arxiv"]},
        {"required": ["doi"]},
        {"required": ["url"]},
    ],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": MAX_TITLE_LENGTH},
        "authors": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_AUTHORS,
            "items": _text,
        },
        "published": {
            "type": "string",
            "description": "First public version: YYYY-MM-DD, or YYYY-MM",
        },
        "added": {
            "type": "string",
            "description": "Day it joined the list: YYYY-MM-DD",
        },
        "topics": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 1},
        },
        "arxiv": {"type": "string", "minLength": 1, "description": 'e.g. "2407.05996"'},
        "doi": {"type": "string", "minLength": 1, "description": 'e.g. "10.1000/xyz"'},
        "url": _url,
        "venue": _text,
        "links": {
            "type": "object",
            "additionalProperties": False,
            "properties": {kind: _url for kind in LINK_KINDS},
        },
        "abstract": {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_ABSTRACT_LENGTH,
            "description": ".yaml entries only; a .md entry's body is its abstract",
        },
        "notes": {"type": "string", "description": ".yaml entries only"},
    },
}

TOPIC_SCHEMA: dict = {
    "type": "object",
    "required": ["name", "description"],
    "additionalProperties": False,
    "properties": {
        "name": _text,
        "description": {"type": "string", "minLength": 1, "maxLength": 2000},
    },
}

FIELD_NAMES = tuple(ENTRY_SCHEMA["properties"])


def schema_json() -> str:
    """Return the entry schema as pretty JSON, for docs and tools."""
    return json.dumps(ENTRY_SCHEMA, indent=2) + "\n"
