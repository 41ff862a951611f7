"""The API's address and its query parameters, validated strictly (400 with the reason
otherwise)."""

from __future__ import annotations

import re

from flask import abort, request

from riskassess.core.workflow import Status

PREFIX = "/api/v1"  # where the API answers
DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_PAGE = 20, 100, 1_000_000
STATUSES = tuple(s.value for s in Status)
LANGS = ("en", "fr")
_NUMBER = re.compile(r"[0-9]{1,7}")
# The query parameters each endpoint takes; any other is refused, so a typo is not ignored.
QUERY = {
    "api.assessments": ("page", "per_page", "status"),
    "api.profile": ("lang",),
    "api.report": ("lang",),
}


def reject_unknown() -> None:
    """Before every API view (after authentication): 400 naming unknown query parameters."""
    unknown = sorted(set(request.args) - set(QUERY.get(request.endpoint or "", ())))
    if unknown:
        abort(400, description=f"unknown query parameter(s): {', '.join(unknown)}")


def bounded(name: str, default: int, high: int) -> int:
    """An integer from 1 to `high` (ASCII digits only), or `default` when absent."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not _NUMBER.fullmatch(raw) or not 1 <= int(raw) <= high:
        abort(400, description=f"{name} must be an integer from 1 to {high}")
    return int(raw)


def choice(name: str, allowed: tuple[str, ...], default: str | None) -> str | None:
    value = request.args.get(name, default)
    if value is not None and value not in allowed:
        abort(400, description=f"{name} must be one of: {', '.join(allowed)}")
    return value
