"""Who may see and do what: the single source of truth used by views, templates and services.

Predicates take duck-typed objects: a user with `id`, `role`, `organisation_id` and
`is_active`; an assessment with `owner_id`, `coauthor_ids`, `organisation_id` and `status`.
Views answer 404 when `can_view` is false (so existence is not revealed) and 403 when the
user may look but not act.
"""

from __future__ import annotations

from typing import Any

from riskassess.core.workflow import EDITABLE, FROZEN, IN_REVIEW, Status

ROLES = ("owner", "dpo", "auditor", "admin")
REVIEWED = frozenset(set(Status) - {Status.DRAFT})
PUBLISHED = frozenset({Status.APPROVED, Status.ARCHIVED})  # what auditors read


def _same_org(user: Any, assessment: Any) -> bool:
    return bool(user.is_active) and user.organisation_id == assessment.organisation_id


def is_author(user: Any, assessment: Any) -> bool:
    """The owner, or a co-author added by the owner."""
    return assessment.owner_id == user.id or user.id in getattr(assessment, "coauthor_ids", ())


def can_view(user: Any, assessment: Any) -> bool:
    if not _same_org(user, assessment):
        return False
    if user.role == "owner":
        return is_author(user, assessment)
    if user.role == "dpo":
        return Status(assessment.status) in REVIEWED
    if user.role == "auditor":
        return Status(assessment.status) in PUBLISHED
    return user.role == "admin"


def can_create(user: Any) -> bool:
    return bool(user.is_active) and user.role == "owner"


def can_edit(user: Any, assessment: Any) -> bool:
    return (
        can_view(user, assessment)
        and user.role == "owner"
        and is_author(user, assessment)
        and Status(assessment.status) in EDITABLE
    )


def can_submit(user: Any, assessment: Any) -> bool:
    return can_edit(user, assessment)


def can_review(user: Any, assessment: Any) -> bool:
    return (
        can_view(user, assessment)
        and user.role == "dpo"
        and Status(assessment.status) in IN_REVIEW
    )


def can_download_report(user: Any, assessment: Any) -> bool:
    return can_view(user, assessment) and Status(assessment.status) in PUBLISHED


def can_comment(user: Any, assessment: Any) -> bool:
    """Authors and the DPO discuss an assessment until it is decided (then it is frozen)."""
    if not can_view(user, assessment) or Status(assessment.status) in FROZEN:
        return False
    return (user.role == "owner" and is_author(user, assessment)) or user.role == "dpo"


def can_resolve(user: Any, assessment: Any) -> bool:
    """The DPO closes a remark's thread (the owner answers it, the DPO says it is settled)."""
    return can_comment(user, assessment) and user.role == "dpo"


def can_revise(user: Any, assessment: Any) -> bool:
    return (can_view(user, assessment) and user.role == "owner"
            and is_author(user, assessment) and assessment.status == Status.APPROVED)


def can_archive(user: Any, assessment: Any) -> bool:
    return (can_view(user, assessment) and user.role in ("dpo", "admin")
            and Status(assessment.status) in (Status.APPROVED, Status.REJECTED))


def can_see_review_queue(user: Any) -> bool:
    return bool(user.is_active) and user.role in ("dpo", "admin")


def can_see_approved_list(user: Any) -> bool:
    return bool(user.is_active) and user.role in ("dpo", "auditor", "admin")


def can_see_audit(user: Any) -> bool:
    """DPOs, auditors and administrators read their organisation's audit trail."""
    return bool(user.is_active) and user.role in ("dpo", "auditor", "admin")


def can_verify_reports(user: Any) -> bool:
    return bool(user.is_active) and user.role in ("dpo", "auditor", "admin")


def can_manage_coauthors(user: Any, assessment: Any) -> bool:
    """Only the owner adds or removes co-authors."""
    return can_view(user, assessment) and assessment.owner_id == user.id


def can_admin_users(user: Any) -> bool:
    return bool(user.is_active) and user.role == "admin"


def can_use_api(user: Any) -> bool:
    """Holding API tokens. The read-only API serves each user exactly what the interface
    shows them (`can_view`, `can_download_report`), so every active user may have tokens."""
    return bool(user.is_active) and user.role in ROLES
