"""Validation of imported documents against their published JSON Schemas.

The schemas (riskassess/schemas/: assessment-v1 for our JSON, documented in
docs/json-format.md; cnil-pia-import for the CNIL's PIA files, docs/pia-format.md) bound every
value a document may carry: types, ranges, sizes of texts and lists, and the figures a
measurement must have to be displayed. They are checked with the `jsonschema` library, and
every problem is reported with its path in the document, not only the first, before anything
is written.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
ASSESSMENT = "assessment-v1"
CNIL_PIA = "cnil-pia-import"
MAX_MESSAGE = 200  # characters of one problem (a message may quote the offending value)


@functools.cache
def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def path_of(parts) -> str:
    """A JSON Pointer-like path: /assessment/title, /measurements/0/results/k."""
    return "/" + "/".join(str(part) for part in parts)


def _nul_paths(value: Any, path: tuple = ()):
    """Where a text holds a NUL character (which no database text column accepts)."""
    if isinstance(value, str):
        if "\x00" in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nul_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, (*path, index))


def _message(error) -> str:
    """jsonschema's message, with sizes said in words and a long value quoted in part, so
    that the reason always shows (a message quoting a whole 1 MB text would be cut before
    it)."""
    if error.validator == "maxLength" and isinstance(error.instance, str):
        return (f"too long: {len(error.instance)} characters "
                f"(at most {error.validator_value})")
    if error.validator == "maxItems" and isinstance(error.instance, list):
        return f"too many items: {len(error.instance)} (at most {error.validator_value})"
    message = error.message
    if len(message) > MAX_MESSAGE:
        quoted = repr(error.instance)
        message = message.replace(quoted, quoted[:60] + "…")[:MAX_MESSAGE]
    return message


def problems(document: Any, schema: str = ASSESSMENT) -> list[str]:
    """Every way `document` breaks the schema, as "path: problem", in document order; a text
    holding a NUL character is a problem too."""
    found = sorted(_validator(schema).iter_errors(document),
                   key=lambda error: [str(part) for part in error.absolute_path])
    lines = []
    for error in found:
        lines.append(f"{path_of(error.absolute_path)}: {_message(error)}")
    lines += [f"{path_of(path)}: a NUL character is not allowed in a text"
              for path in _nul_paths(document)]
    return lines
