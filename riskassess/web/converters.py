"""URL converters: `<int:…>` only matches numbers a database id can be.

Werkzeug's integer converter accepts any number of digits; 10**30 in a URL then reached the
database (an overflow, a 500). Bounded to MAX_ID, a larger number simply matches no route: 404.
"""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

from riskassess.core.limits import MAX_ID


class IdConverter(IntegerConverter):
    """`int` with a default maximum of MAX_ID (a `max` given in the rule still wins)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 -- werkzeug's parameter name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def install(app) -> None:
    """Replace the `int` converter before any blueprint adds its rules."""
    app.url_map.converters["int"] = IdConverter
