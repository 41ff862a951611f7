"""The report's data as JSON and back: what the decision keeps in the database for the
background worker to lay out the editions approved (services/report_builds.py).

Hand-written because no maintained library fits: pickle (and jsonpickle) would build any class
named in a row, so a database edit would run code in the worker; cattrs and the like need
complete type hints, which the profile's `Any` results and untyped lists lack. This codec
builds only the dataclasses and enums of `riskassess.core` and of the report's data module,
and tuples, dates and texts as they were, so that decoding gives back an equal `ReportData`
(tests/reports/test_snapshot.py lays out both and compares the PDFs).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import enum
import importlib
from datetime import date, datetime
from typing import Any

ALLOWED_MODULES = ("riskassess.core.", "riskassess.reports.data")


class SnapshotError(ValueError):
    """A snapshot that names a class outside the allowed modules, or is malformed."""


def encode(value: Any) -> Any:
    """`value` as JSON-compatible data, every type kept."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return {"enum": _name(type(value)), "value": encode(value.value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"class": _name(type(value)),
                "fields": {f.name: encode(getattr(value, f.name))
                           for f in dataclasses.fields(value) if f.init}}
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, frozenset | set):
        return {type(value).__name__: sorted((encode(v) for v in value), key=repr)}
    if isinstance(value, dict):
        return {"map": [[encode(k), encode(v)] for k, v in value.items()]}
    raise SnapshotError(f"cannot keep a {type(value).__name__} in a report snapshot")


def decode(data: Any) -> Any:
    """The value `encode` was given. Raises SnapshotError."""
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise SnapshotError("malformed snapshot")
    if "class" in data:
        cls = _allowed(data["class"])
        if not dataclasses.is_dataclass(cls):
            raise SnapshotError(f"{data['class']} is not a dataclass")
        return cls(**{name: decode(v) for name, v in data["fields"].items()})
    if "enum" in data:
        cls = _allowed(data["enum"])
        if not (isinstance(cls, type) and issubclass(cls, enum.Enum)):
            raise SnapshotError(f"{data['enum']} is not an enumeration")
        return cls(decode(data["value"]))
    (kind, inner), = data.items()
    if kind == "tuple":
        return tuple(decode(v) for v in inner)
    if kind == "map":
        return {_key(decode(k)): decode(v) for k, v in inner}
    if kind in ("frozenset", "set"):
        return (frozenset if kind == "frozenset" else set)(decode(v) for v in inner)
    if kind == "bytes":
        try:
            return base64.b64decode(inner, validate=True)
        except (binascii.Error, TypeError) as exc:
            raise SnapshotError("malformed bytes in a snapshot") from exc
    if kind == "datetime":
        return datetime.fromisoformat(inner)
    if kind == "date":
        return date.fromisoformat(inner)
    raise SnapshotError(f"unknown kind {kind!r} in a snapshot")


def _key(value: Any) -> Any:
    if isinstance(value, list):  # a list cannot be a key: it was never one
        raise SnapshotError("malformed map key")
    return value


def _name(cls: type) -> str:
    name = f"{cls.__module__}:{cls.__qualname__}"
    _allowed(name)  # refuse at once what decoding would refuse
    return name


def _allowed(name: Any) -> type:
    """The class `name` ("module:Class") if it lives in an allowed module."""
    if not isinstance(name, str) or ":" not in name:
        raise SnapshotError("malformed class name")
    module, _sep, qualname = name.partition(":")
    if not (module.startswith(ALLOWED_MODULES[0]) or module == ALLOWED_MODULES[1]):
        raise SnapshotError(f"{module} is not a module a snapshot may name")
    value: Any = importlib.import_module(module)
    for part in qualname.split("."):
        value = getattr(value, part, None)
        if value is None:
            raise SnapshotError(f"{name} does not exist")
    if not isinstance(value, type):
        raise SnapshotError(f"{name} is not a class")
    return value
