"""User accounts: creation with hashed passwords, and authentication."""

from __future__ import annotations

import hmac
from functools import lru_cache

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from riskassess.core.permissions import ROLES
from riskassess.extensions import db
from riskassess.models import Organisation, User, new_session_token
from riskassess.services import audit

MIN_PASSWORD_LENGTH = 12
COMMON_PASSWORDS = frozenset({
    "motdepasse123", "password1234", "azertyuiop12", "123456789012", "qwertyuiop12",
    "administrator", "changeme1234", "bonjour12345", "soleil123456", "welcome12345",
})


class UserError(ValueError):
    """Invalid user data: `code` names the refusal (web/user_messages.py says it in the
    user's language, with `params`), the message is English (logs, the command line)."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(message)
        self.code, self.params = code, params


MAX_USER_ID = 2**63 - 1  # the database's integer range: larger ids name nobody


def parse_session_id(session_id: object) -> tuple[int | None, str]:
    """The user id and session token of a session's "id.token" (User.get_id)."""
    raw_id, _, token = str(session_id).partition(".")
    if not raw_id.isdigit() or not token or not 0 < int(raw_id) <= MAX_USER_ID:
        return None, ""
    return int(raw_id), token


def same_token(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.encode())


def end_sessions(user: User) -> None:
    """End every session of `user`, on every app server: their cookies name an old token."""
    user.session_token = new_session_token()


def logout(user: User) -> None:
    """Logging out ends every session of the user (a cookie copied before is worth nothing)."""
    end_sessions(user)
    audit.record(user, "user.logout", user, user.organisation_id)


def hash_password(password: str) -> str:
    """A new hash of `password` with the configured method (scrypt unless set otherwise)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    """A real hash, made with the configured method, to compare against when the email is
    unknown, so that the time taken does not reveal whether an account exists."""
    return generate_password_hash("not-a-real-password", method=method)


def password_problem(password: str, email: str = "") -> UserError | None:
    """Why a password is refused, as the error to raise, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return UserError("password_short",
                         f"password too short (at least {MIN_PASSWORD_LENGTH} characters)",
                         minimum=MIN_PASSWORD_LENGTH)
    if password.isdigit() or len(set(password)) < 4:
        return UserError("password_simple", "password too simple (vary the characters)")
    if password.lower() in COMMON_PASSWORDS:
        return UserError("password_common", "password too common")
    local = email.split("@")[0].lower()
    if local and len(local) >= 4 and local in password.lower():
        return UserError("password_email", "password must not contain the email")
    return None


def get_or_create_organisation(name: str) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if organisation is None:
        organisation = Organisation(name=name)
        db.session.add(organisation)
        db.session.flush()
        audit.record(None, "organisation.created", organisation, organisation.id, name=name)
    return organisation


def find_by_email(email: str) -> User | None:
    return db.session.scalar(
        select(User).where(func.lower(User.email) == email.strip().lower())
    )


def create_user(
    email: str, name: str, role: str, organisation: str, password: str, actor: User | None = None
) -> User:
    email = email.strip().lower()
    if role not in ROLES:
        raise UserError("unknown_role",
                        f"unknown role '{role}' (expected one of {', '.join(ROLES)})")
    if "@" not in email:
        raise UserError("invalid_email", f"invalid email '{email}'")
    problem = password_problem(password, email)
    if problem:
        raise problem
    if find_by_email(email) is not None:
        raise UserError("email_taken", f"a user with email '{email}' already exists")
    org = get_or_create_organisation(organisation.strip())
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        organisation=org,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    audit.record(actor, "user.created", user, org.id, email=email, role=role)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user if the password is right and the account active; None otherwise, in the same
    time whether the account exists or not. Repeated failures are slowed down by the login
    form's limits (web/throttle.py)."""
    email = email.strip().lower()
    user = find_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    audit.record(user, "user.login", user, user.organisation_id)
    return user
