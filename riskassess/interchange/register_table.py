"""The register as a table, for spreadsheets (XLSX, CSV) going out and coming in.

One row per record, one column per field of core/register.py, headed with the field's French
label (the CNIL's register model is in French); English labels and the field names are
understood too when a file comes in. "Type de fiche" says whether the row is a controller's or
a processor's record; "Base légale" takes the code or the label of an Art. 6(1) basis; data
categories are listed separated by semicolons, by their name (French or English) or their id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from riskassess.core import register as rules

KIND_HEADER = ("Type de fiche", "Kind of record", "kind")
LIST_SEPARATOR = ";"
MAX_ROWS = 5_000


def headers(lang: str = "fr") -> list[str]:
    return [KIND_HEADER[0 if lang == "fr" else 1],
            *(f.label.get(lang) for f in rules.FIELDS)]


def key(text: str) -> str:
    """A header or a label as compared: spaces collapsed, case folded."""
    return " ".join(str(text).split()).casefold()


def header_map() -> dict[str, str]:
    """Every accepted header (normalised) → the field it fills ("kind" for the record type)."""
    known = {key(h): "kind" for h in KIND_HEADER}
    for field in rules.FIELDS:
        for name in (field.label.fr, field.label.en, field.name):
            known[key(name)] = field.name
    return known


def _kind(text: str) -> str:
    typed = key(text)
    for kind, label in rules.KIND_LABELS.items():
        if typed in (kind, key(label.fr), key(label.en)) or (
                typed and key(label.fr).startswith(typed)):
            return kind
    return typed or "controller"


def _basis(text: str) -> str:
    typed = key(text)
    for code, label in rules.LEGAL_BASES.items():
        if typed in (code, key(label.fr), key(label.en)):
            return code
    return str(text).strip()


def _categories(text: str, categories: Mapping[str, Any]) -> list[str]:
    by_name = {}
    for category in categories.values():
        for name in (category.id, category.label.fr, category.label.en):
            by_name[key(name)] = category.id
    return [by_name.get(key(part), part.strip()) for part in str(text).split(LIST_SEPARATOR)
            if part.strip()]


def row_to_posted(row: Mapping[str, Any], categories: Mapping[str, Any]) -> tuple[str, dict]:
    """(kind, values as a form would post them) of one row keyed by field name."""
    posted: dict[str, Any] = {}
    for field in rules.FIELDS:
        raw = row.get(field.name)
        text = "" if raw is None else str(raw)
        if field.kind == "categories":
            posted[field.name] = _categories(text, categories)
        elif field.kind == "legal_basis":
            posted[field.name] = _basis(text)
        else:
            posted[field.name] = text
    return _kind(str(row.get("kind") or "")), posted


def record_to_row(kind: str, values: Mapping[str, Any], categories: Mapping[str, Any],
                  lang: str = "fr") -> list[Any]:
    row: list[Any] = [rules.KIND_LABELS[kind].get(lang)]
    for field in rules.FIELDS:
        value = values.get(field.name)
        if field.kind == "categories":
            value = f"{LIST_SEPARATOR} ".join(
                categories[c].label.get(lang) if c in categories else c for c in value or [])
        elif field.kind == "legal_basis":
            value = rules.LEGAL_BASES[value].get(lang) if value in rules.LEGAL_BASES else ""
        row.append(value or "")
    return row
