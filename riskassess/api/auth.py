"""Bearer-token authentication of API requests (session cookies are ignored here)."""

from __future__ import annotations

from flask import abort, g, request

from riskassess.models import User
from riskassess.services import tokens

PUBLIC = frozenset({"api.openapi"})


def authenticate() -> None:
    """Before every API view: resolve `Authorization: Bearer <token>` to its user, or 401."""
    if request.endpoint in PUBLIC:
        return
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    user = tokens.authenticate(secret.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        abort(401)
    g.api_user = user


def api_user() -> User:
    return g.api_user
