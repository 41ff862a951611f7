"""Who an OpenID Connect login is (web/sso.py does the protocol with Authlib): the provider's
verified e-mail address matched with a user of the organisation the single sign-on serves, or
a new account with the default role when that organisation allows it. An address of another
organisation, an inactive account or an unverified address logs nobody in, and the person is
told only that the login was refused."""

from __future__ import annotations

import secrets

from flask import current_app

from riskassess.core.permissions import ROLES
from riskassess.extensions import db
from riskassess.models import Organisation, User
from riskassess.services import audit, users


class SsoRefused(Exception):
    """No login: `code` is "no_email", "unverified", "elsewhere", "inactive" or "unknown"."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def configured() -> bool:
    config = current_app.config
    return bool(config["OIDC_ISSUER"] and config["OIDC_CLIENT_ID"]
                and config["OIDC_ORGANISATION"])


def user_for(claims: dict) -> User:
    """The user the provider's claims name; SsoRefused otherwise (audited either way)."""
    config = current_app.config
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email or len(email) > 254:
        raise SsoRefused("no_email")
    if claims.get("email_verified") is False:
        raise SsoRefused("unverified")
    organisation = db.session.query(Organisation).filter_by(
        name=config["OIDC_ORGANISATION"]).one_or_none()
    user = users.find_by_email(email)
    if user is not None and (organisation is None or user.organisation_id != organisation.id):
        raise SsoRefused("elsewhere")
    if user is not None and not user.active:
        raise SsoRefused("inactive")
    if user is None:
        role = config["OIDC_DEFAULT_ROLE"]
        if not config["OIDC_CREATE_USERS"] or role not in ROLES:
            raise SsoRefused("unknown")
        name = str(claims.get("name") or email.split("@")[0]).strip()[:200]
        # A password nobody knows: this account logs in through the provider (or chooses a
        # password through "forgotten password").
        user = users.create_user(email, name, role, config["OIDC_ORGANISATION"],
                                 secrets.token_urlsafe(32) + "-Aa1!")
    audit.record(user, "user.login", user, user.organisation_id, method="oidc",
                 issuer=config["OIDC_ISSUER"])
    return user


def refused(claims: dict, code: str) -> None:
    """Audit a refused login (the address it gave, if any)."""
    audit.record(None, "user.login_refused", None, None, method="oidc", reason=code,
                 email=str(claims.get("email") or "")[:254])
