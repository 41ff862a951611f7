"""Accounts by invitation: an administrator invites an address into their organisation with a
role; the invitee sets their name and password through a single-use link that expires
(INVITATION_DAYS). Only the SHA-256 of the link's token is stored.

The administrator is told the same thing, and sees the same pending invitation, whether the
address is free or already has an account in another organisation: only the mail differs
(the owner of an address already in use is told so, without a link), so that nothing about
other organisations leaks (issue 14, point 10). An address already in the administrator's own
organisation is refused as such: that is their own organisation's information."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from riskassess.core import limits, permissions
from riskassess.core.permissions import ROLES
from riskassess.core.timeutil import as_utc
from riskassess.extensions import db
from riskassess.models import Invitation, Organisation, OutboxMessage, User, utcnow
from riskassess.services import audit, users
from riskassess.services.errors import PermissionDenied

MAX_TOKEN = 100  # characters of a token in a link; longer ones name no invitation


class InvitationError(ValueError):
    """`code`: already_member, invalid_email (or a name empty or too long), unknown_role,
    invalid (expired, used, replaced or unknown link), taken (the address got an account
    meanwhile)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invite(admin: User, email: str, name: str, role: str, lang: str,
           link_for: Callable[[str], str]) -> Invitation:
    """Record the invitation and put its mail in the outbox, in one transaction (the worker
    sends it, retrying if the mail server is away); `link_for(token)` is the link's address.
    Raises PermissionDenied or InvitationError."""
    if not permissions.can_admin_users(admin):
        raise PermissionDenied
    email, name = email.strip().lower(), name.strip()
    if "@" not in email or len(email) > 254 or not name or len(name) > limits.SHORT:
        raise InvitationError("invalid_email")
    if role not in ROLES:
        raise InvitationError("unknown_role")
    existing = users.find_by_email(email)
    if existing is not None and existing.organisation_id == admin.organisation_id:
        raise InvitationError("already_member")
    for earlier in pending(admin.organisation_id, email):
        earlier.replaced = True  # only the newest link works
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation_id=admin.organisation_id, email=email, name=name, role=role,
        lang=lang if lang in ("fr", "en") else "fr", token_hash=_digest(token),
        invited_by_id=admin.id,
        expires_at=utcnow() + timedelta(days=int(current_app.config["INVITATION_DAYS"])))
    db.session.add(invitation)
    audit.record(admin, "user.invited", invitation, admin.organisation_id, email=email,
                 role=role)
    db.session.add(_message(invitation, admin,
                            None if existing is not None else link_for(token)))
    return invitation


def _message(invitation: Invitation, admin: User, link: str | None) -> OutboxMessage:
    """The invitation's mail, for the outbox: the worker sends it (riskassess/worker.py)."""
    organisation = admin.organisation.name
    with force_locale(invitation.lang):
        subject = _("Invitation to riskassess from %(organisation)s", organisation=organisation)
        if link is None:
            body = _("%(admin)s invited this address to join %(organisation)s on riskassess, "
                     "but it already has an account. Log in with it, or ask %(admin)s to "
                     "invite another address.", admin=admin.name, organisation=organisation)
        else:
            body = _("%(admin)s invites you to join %(organisation)s on riskassess, the "
                     "privacy and ethics risk assessment tool.\n\nChoose your password with "
                     "this link, valid until %(date)s and usable once:\n%(link)s\n\nIf you "
                     "did not expect this invitation, ignore this message.",
                     admin=admin.name, organisation=organisation, link=link,
                     date=as_utc(invitation.expires_at).strftime("%Y-%m-%d %H:%M UTC"))
    return OutboxMessage(organisation_id=invitation.organisation_id,
                         recipient=invitation.email, kind="invitation", lang=invitation.lang,
                         subject=subject, body=body)


def pending(organisation_id: int, email: str | None = None) -> list[Invitation]:
    """The organisation's invitations not accepted nor replaced, newest first (expired ones
    included: the list says so)."""
    query = select(Invitation).where(Invitation.organisation_id == organisation_id,
                                     Invitation.accepted_at.is_(None),
                                     Invitation.replaced.is_(False))
    if email is not None:
        query = query.where(Invitation.email == email)
    return list(db.session.scalars(query.order_by(Invitation.created_at.desc())))


def valid(token: str) -> Invitation | None:
    """The invitation this link opens, if it still can be used."""
    if not token or len(token) > MAX_TOKEN:
        return None
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.token_hash == _digest(token)))
    if invitation is None or invitation.accepted_at is not None or invitation.replaced \
            or as_utc(invitation.expires_at) <= utcnow():
        return None
    return invitation


def accept(token: str, name: str, password: str) -> User:
    """Create the invitee's account and use the link up. Raises InvitationError, or
    users.UserError for a password the policy refuses (the link stays usable)."""
    invitation = valid(token)
    if invitation is None:
        raise InvitationError("invalid")
    if users.find_by_email(invitation.email) is not None:
        raise InvitationError("taken")
    problem = users.password_problem(password, invitation.email)
    if problem:
        raise problem
    name = name.strip()[:limits.SHORT] or invitation.name  # the form bounds it already
    invitation.accepted_at = utcnow()
    audit.record(None, "invitation.accepted", invitation, invitation.organisation_id,
                 email=invitation.email)
    organisation = db.session.get(Organisation, invitation.organisation_id)
    return users.create_user(invitation.email, name, invitation.role, organisation.name,
                             password)
