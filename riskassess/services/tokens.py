"""Personal API tokens: created (the secret shown once, only its SHA-256 stored), listed,
revoked, and resolved to their user on each API request."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import func, select

from riskassess.core import permissions
from riskassess.core.timeutil import as_utc
from riskassess.extensions import db
from riskassess.models import ApiToken, User, utcnow
from riskassess.services import audit
from riskassess.services.errors import PermissionDenied

PREFIX = "ra_"  # recognisable by people and by secret scanners
MAX_NAME_LENGTH = 100
MAX_ACTIVE_TOKENS = 20
MAX_SECRET_LENGTH = 200
TOUCH_INTERVAL = timedelta(minutes=1)  # last_used_at is written at most this often


class TokenError(ValueError):
    """Invalid token data, with the reason (English)."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones included."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.id.desc())))


def create(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret, which is not stored and cannot be shown again."""
    if not permissions.can_use_api(user):
        raise PermissionDenied
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise TokenError(f"a name of 1 to {MAX_NAME_LENGTH} characters is required")
    active = db.session.scalar(select(func.count()).select_from(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)))
    if active >= MAX_ACTIVE_TOKENS:
        raise TokenError(f"at most {MAX_ACTIVE_TOKENS} active tokens; revoke one first")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=digest(secret), hint=secret[-4:])
    db.session.add(token)
    audit.record(user, "api_token.created", token, organisation_id=user.organisation_id,
                 name=name, hint=token.hint)
    return token, secret


def revoke(user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (anyone else's is refused as not found)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or not permissions.can_use_api(user):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(user, "api_token.revoked", token, organisation_id=user.organisation_id,
                     name=token.name, hint=token.hint)
    return token


def authenticate(secret: str) -> User | None:
    """The user of a valid token: known, not revoked, its user allowed to use the API."""
    if not secret.startswith(PREFIX) or len(secret) > MAX_SECRET_LENGTH:
        return None
    wanted = digest(secret)
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == wanted))
    if token is None or token.revoked_at is not None \
            or not hmac.compare_digest(token.token_hash, wanted):
        return None
    user = token.user
    if not permissions.can_use_api(user):
        return None
    now = utcnow()
    if token.last_used_at is None or now - as_utc(token.last_used_at) >= TOUCH_INTERVAL:
        token.last_used_at = now
    return user
