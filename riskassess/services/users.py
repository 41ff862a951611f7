"""User accounts: creation with hashed passwords, and authentication."""

from __future__ import annotations

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from riskassess.core.permissions import ROLES
from riskassess.extensions import db
from riskassess.models import Organisation, User
from riskassess.services import audit

MIN_PASSWORD_LENGTH = 8
# A real hash to compare against when the email is unknown, so timing does not reveal it.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class UserError(ValueError):
    """Invalid user data, with a message for the person creating the account."""


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
        raise UserError(f"unknown role '{role}' (expected one of {', '.join(ROLES)})")
    if "@" not in email:
        raise UserError(f"invalid email '{email}'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"password too short (at least {MIN_PASSWORD_LENGTH} characters)")
    if find_by_email(email) is not None:
        raise UserError(f"a user with email '{email}' already exists")
    org = get_or_create_organisation(organisation.strip())
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        organisation=org,
        password_hash=generate_password_hash(password),
    )
    db.session.add(user)
    audit.record(actor, "user.created", user, org.id, email=email, role=role)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    audit.record(user, "user.login", user, user.organisation_id)
    db.session.commit()
    return user
