"""Numbers, percentages and dates as the report's reader writes them (Babel, in the report's
language): « 0,785 », « 99,3 % », « 15 janvier 2027 ». A date or a number never breaks across
lines in a table cell: its spaces are non-breaking. ReportLab-free."""

from __future__ import annotations

from datetime import UTC, date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

NBSP = "\u00a0"


def _whole(text: str) -> str:
    return text.replace(" ", NBSP)


def whole(value: int | None, lang: str) -> str:
    """A count, grouped as the reader writes it (« 1 000 000 »)."""
    return "—" if value is None else _whole(format_decimal(value, format="#,##0", locale=lang))


def decimal(value: float | None, lang: str, places: int = 3) -> str:
    if value is None:
        return "—"
    return _whole(format_decimal(value, format="0." + "0" * places, locale=lang))


def percent(share: float | None, lang: str, places: int = 1) -> str:
    """`share` (0-1) as a percentage."""
    if share is None:
        return "—"
    sign = " %" if lang == "fr" else "%"  # « 99,3 % » but "99.3%"
    return _whole(format_percent(share, format="#,##0." + "0" * places + sign, locale=lang))


def moment(value: datetime | None, lang: str) -> str:
    """A date and time, in UTC (as the audit trail records them)."""
    if value is None:
        return "—"
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    # the day and the time each in one piece; a narrow cell may break between them
    return (_whole(format_datetime(value, "d MMMM y", tzinfo=UTC, locale=lang)) + ", "
            + _whole(format_datetime(value, "HH:mm", tzinfo=UTC, locale=lang) + " UTC"))


def day(value: str | date | None, lang: str) -> str:
    """A day (a date, or its ISO text as answers keep it); other text as it is."""
    if not value:
        return "—"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return _whole(format_date(value, "d MMM y", locale=lang))
