"""Column values to JSON and back, by column type, the same on SQLite and PostgreSQL:
datetimes as ISO 8601 (UTC for timezone-aware columns; SQLite's naive values are UTC), dates
and times as ISO 8601, bytes as base64, decimals as strings, JSON columns as they are."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, DateTime

from riskassess.core.timeutil import as_utc


def _python_type(column: Column) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def _is_json(column: Column) -> bool:
    return isinstance(column.type, JSON) or isinstance(
        getattr(column.type, "impl", None), JSON)


def _aware(column: Column) -> bool:
    kind = column.type if isinstance(column.type, DateTime) else getattr(column.type, "impl",
                                                                         None)
    return isinstance(kind, DateTime) and bool(kind.timezone)


def encode(column: Column, value: Any) -> Any:
    if value is None or _is_json(column):
        return value
    if isinstance(value, datetime):
        if _aware(column):
            value = as_utc(value)
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value


def decode(column: Column, value: Any) -> Any:
    if value is None or _is_json(column):
        return value
    kind = _python_type(column)
    if kind is datetime:
        moment = datetime.fromisoformat(value)
        if _aware(column) and moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC) if moment.tzinfo is not None else moment
    if kind is date:
        return date.fromisoformat(value)
    if kind is time:
        return time.fromisoformat(value)
    if kind is bytes:
        return base64.b64decode(value, validate=True)
    if kind is Decimal:
        return Decimal(value)
    if kind is uuid.UUID:
        return uuid.UUID(value)
    if kind is timedelta:
        return timedelta(seconds=value)
    return value
