"""Datetimes read from either database in one form: SQLite returns naive UTC values,
PostgreSQL aware ones."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(moment: datetime) -> datetime:
    """The same instant as an aware UTC datetime (a naive value is taken as UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
