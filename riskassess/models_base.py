"""What every model module shares: the current time as stored, new session tokens."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def utcnow() -> datetime:
    return datetime.now(UTC)
