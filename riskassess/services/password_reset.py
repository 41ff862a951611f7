"""Forgotten passwords: a person gives an address and, if an active account has it, receives
a single-use link that expires (RESET_MINUTES) to choose a new password. The page says the
same thing whether the address has an account or not, so nobody learns which addresses
exist; the mail goes through the outbox (services/notify.py, riskassess/worker.py). Only the
SHA-256 of the link's token is stored; a new request replaces the earlier links; choosing the
password ends every session of the account."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from riskassess.core.timeutil import as_utc
from riskassess.extensions import db
from riskassess.models import OutboxMessage, PasswordReset, User, utcnow
from riskassess.services import audit, users

MAX_TOKEN = 100


class ResetError(ValueError):
    """The link is unknown, used, replaced or expired."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def request_link(email: str, link_for: Callable[[str], str]) -> None:
    """Queue the reset mail when an active account has this address; do nothing visible
    otherwise (the caller answers the same either way)."""
    user = users.find_by_email(email or "")
    if user is None or not user.active:
        return
    db.session.execute(update(PasswordReset).where(
        PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow()))  # only the newest link works
    token = secrets.token_urlsafe(32)
    minutes = int(current_app.config["RESET_MINUTES"])
    reset = PasswordReset(user_id=user.id, token_hash=_digest(token),
                          expires_at=utcnow() + timedelta(minutes=minutes))
    db.session.add(reset)
    lang = user.lang if user.lang in ("fr", "en") else "fr"
    with force_locale(lang):
        subject = _("riskassess: choose a new password")
        body = _("Someone (you, we hope) asked to choose a new password for the account "
                 "%(email)s on riskassess.\n\nChoose it with this link, valid for %(minutes)d "
                 "minutes and usable once:\n%(link)s\n\nIf you did not ask, ignore this "
                 "message: your password stays as it is.", email=user.email,
                 minutes=minutes, link=link_for(token))
    db.session.add(OutboxMessage(organisation_id=user.organisation_id, recipient=user.email,
                                 kind="password_reset", lang=lang, subject=subject,
                                 body=body))
    audit.record(None, "user.password_reset_requested", user, user.organisation_id)


def valid(token: str) -> PasswordReset | None:
    if not token or len(token) > MAX_TOKEN:
        return None
    reset = db.session.scalar(select(PasswordReset).where(
        PasswordReset.token_hash == _digest(token)))
    if reset is None or reset.used_at is not None or as_utc(reset.expires_at) <= utcnow():
        return None
    user = db.session.get(User, reset.user_id)
    return reset if user is not None and user.active else None


def choose(token: str, password: str) -> User:
    """Set the new password and use the link up; every session of the account ends. Raises
    ResetError, or users.UserError for a password the policy refuses (the link stays
    usable)."""
    reset = valid(token)
    if reset is None:
        raise ResetError("invalid")
    user = db.session.get(User, reset.user_id)
    problem = users.password_problem(password, user.email)
    if problem:
        raise problem
    user.password_hash = users.hash_password(password)
    users.end_sessions(user)
    reset.used_at = utcnow()
    audit.record(None, "user.password_chosen", user, user.organisation_id)
    return user
