"""Administration of the users of an organisation, and co-authors of assessments."""

from __future__ import annotations

from riskassess.core import permissions
from riskassess.core.permissions import ROLES
from riskassess.extensions import db
from riskassess.models import Assessment, User
from riskassess.services import audit, users
from riskassess.services.errors import PermissionDenied


def _managed(admin: User, user_id: int) -> User:
    user = db.session.get(User, user_id)
    if not permissions.can_admin_users(admin) or user is None \
            or user.organisation_id != admin.organisation_id:
        raise PermissionDenied
    return user


def create(admin: User, email: str, name: str, role: str, password: str) -> User:
    if not permissions.can_admin_users(admin):
        raise PermissionDenied
    return users.create_user(email, name, role, admin.organisation.name, password, actor=admin)


def set_role(admin: User, user_id: int, role: str, extra: list[str] | None = None) -> User:
    """The user's main role and, when `extra` is given, the roles they hold besides it (a
    DPO who also audits, an owner who also decides…)."""
    user = _managed(admin, user_id)
    extra = user.extra_roles.split() if extra is None else extra
    if role not in ROLES or any(r not in ROLES for r in extra):
        raise users.UserError("unknown_role", f"unknown role '{role}'")
    if user.id == admin.id:
        raise users.UserError("own_role", "administrators cannot change their own role")
    if {role, *extra} >= permissions.INCOMPATIBLE:
        raise users.UserError("dpo_decider",
                              "a DPO cannot also be the decider (GDPR Art. 38(6))")
    previous = sorted(user.roles)
    user.role = role
    user.extra_roles = " ".join(r for r in ROLES if r in extra and r != role)
    users.end_sessions(user)  # pages and rights change: the user logs in again
    audit.record(admin, "user.role_changed", user, previous=previous, role=role,
                 extra=user.extra_roles.split())
    return user


def set_active(admin: User, user_id: int, active: bool) -> User:
    user = _managed(admin, user_id)
    if user.id == admin.id:
        raise users.UserError("deactivate_self", "administrators cannot deactivate themselves")
    user.active = active
    users.end_sessions(user)
    audit.record(admin, "user.activated" if active else "user.deactivated", user)
    return user


def reset_password(admin: User, user_id: int, password: str) -> User:
    user = _managed(admin, user_id)
    problem = users.password_problem(password, user.email)
    if problem:
        raise problem
    user.password_hash = users.hash_password(password)
    users.end_sessions(user)  # whoever knew the old password is logged out
    audit.record(admin, "user.password_reset", user)
    return user


def add_coauthor(owner: User, assessment: Assessment, email: str) -> User:
    if not permissions.can_manage_coauthors(owner, assessment):
        raise PermissionDenied
    user = users.find_by_email(email)
    if user is None or user.organisation_id != assessment.organisation_id \
            or user.role != "owner" or not user.active or user.id == assessment.owner_id:
        raise users.UserError("coauthor",
                              "co-authors are active project owners of the same organisation")
    if user not in assessment.coauthors:
        assessment.coauthors.append(user)
        audit.record(owner, "assessment.coauthor_added", assessment, user=user.email)
    return user


def remove_coauthor(owner: User, assessment: Assessment, user_id: int) -> None:
    if not permissions.can_manage_coauthors(owner, assessment):
        raise PermissionDenied
    user = db.session.get(User, user_id)
    if user is not None and user in assessment.coauthors:
        assessment.coauthors.remove(user)
        audit.record(owner, "assessment.coauthor_removed", assessment, user=user.email)
