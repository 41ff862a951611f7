"""Who may see and do what: the single source of truth used by views, templates and services.

Predicates take duck-typed objects: a user with `id`, `role` (and optionally `roles`,
every role they hold: a user may hold several), `organisation_id` and `is_active`; an
assessment with `owner_id`, `coauthor_ids`, `organisation_id` and `status`.
Views answer 404 when `can_view` is false (so existence is not revealed) and 403 when the
user may look but not act.
"""

from __future__ import annotations

from typing import Any

from riskassess.core.workflow import AWAITING_DECISION, EDITABLE, FROZEN, IN_REVIEW, Status

# The decider is the controller's representative ("responsable de traitement"), who takes
# the decision after the DPO's opinion (GDPR Art. 24, Art. 35(1) and (2), Art. 39(1)(c)).
ROLES = ("owner", "dpo", "decider", "auditor", "admin")
REVIEWED = frozenset(set(Status) - {Status.DRAFT})
PUBLISHED = frozenset({Status.APPROVED, Status.ARCHIVED})  # what auditors read


def roles_of(user: Any) -> frozenset[str]:
    """Every role the user holds."""
    held = getattr(user, "roles", None)
    return frozenset(held) if held else frozenset({user.role})


def has_role(user: Any, *roles: str) -> bool:
    """The user is active and holds one of `roles`."""
    return bool(user.is_active) and bool(roles_of(user) & set(roles))


def _same_org(user: Any, assessment: Any) -> bool:
    return bool(user.is_active) and user.organisation_id == assessment.organisation_id


def is_author(user: Any, assessment: Any) -> bool:
    """The owner, or a co-author added by the owner."""
    return assessment.owner_id == user.id or user.id in getattr(assessment, "coauthor_ids", ())


def can_view(user: Any, assessment: Any) -> bool:
    if not _same_org(user, assessment):
        return False
    status, held = Status(assessment.status), roles_of(user)
    return (
        ("owner" in held and is_author(user, assessment))
        or (bool(held & {"dpo", "decider"}) and status in REVIEWED)
        or ("auditor" in held and status in PUBLISHED)
        or "admin" in held
    )


def can_create(user: Any) -> bool:
    return has_role(user, "owner")


def can_duplicate(user: Any, assessment: Any) -> bool:
    """Whoever may create assessments and read this one starts a draft from it."""
    return can_create(user) and can_view(user, assessment)


def can_edit(user: Any, assessment: Any) -> bool:
    return (
        can_view(user, assessment)
        and has_role(user, "owner")
        and is_author(user, assessment)
        and Status(assessment.status) in EDITABLE
    )


def can_submit(user: Any, assessment: Any) -> bool:
    return can_edit(user, assessment)


def can_review(user: Any, assessment: Any) -> bool:
    """The DPO reviews and gives the opinion; never on an assessment they wrote (a DPO has no
    conflict of interest in their tasks, GDPR Art. 38(6))."""
    return (
        can_view(user, assessment)
        and has_role(user, "dpo")
        and not is_author(user, assessment)
        and Status(assessment.status) in IN_REVIEW
    )


def can_decide(user: Any, assessment: Any) -> bool:
    """The decider decides once the DPO's opinion is given; never a DPO, who may not decide
    on the purposes and means of a processing (GDPR Art. 38(6); EDPB WP243 rev.01, 3.5)."""
    return (
        can_view(user, assessment)
        and has_role(user, "decider")
        and "dpo" not in roles_of(user)
        and Status(assessment.status) in AWAITING_DECISION
    )


INCOMPATIBLE = frozenset({"dpo", "decider"})  # roles one person may not hold together


def can_download_report(user: Any, assessment: Any) -> bool:
    return can_view(user, assessment) and Status(assessment.status) in PUBLISHED


def can_comment(user: Any, assessment: Any) -> bool:
    """Authors and the DPO discuss an assessment until it is decided (then it is frozen)."""
    if not can_view(user, assessment) or Status(assessment.status) in FROZEN:
        return False
    return (has_role(user, "owner") and is_author(user, assessment)) \
        or has_role(user, "dpo", "decider")


def can_resolve(user: Any, assessment: Any) -> bool:
    """The DPO closes a remark's thread (the owner answers it, the DPO says it is settled)."""
    return can_comment(user, assessment) and has_role(user, "dpo")


def can_revise(user: Any, assessment: Any) -> bool:
    return (can_view(user, assessment) and has_role(user, "owner")
            and is_author(user, assessment) and assessment.status == Status.APPROVED)


def can_monitor(user: Any, assessment: Any) -> bool:
    """Measure a data sample again on an approved assessment, to monitor it: its authors and
    the DPO. The measurement waits for the next revision (services/living.py)."""
    return (can_view(user, assessment) and assessment.status == Status.APPROVED
            and (has_role(user, "dpo") or (has_role(user, "owner")
                                           and is_author(user, assessment))))


def can_measure(user: Any, assessment: Any) -> bool:
    return can_edit(user, assessment) or can_monitor(user, assessment)


def can_bring_up_to_date(user: Any, assessment: Any) -> bool:
    """Answer again what an out-of-date assessment relies on: its authors, in the revision
    being edited or by opening a new one from the approved version."""
    return can_edit(user, assessment) or can_revise(user, assessment)


def can_archive(user: Any, assessment: Any) -> bool:
    return (can_view(user, assessment) and has_role(user, "dpo", "admin")
            and Status(assessment.status) in (Status.APPROVED, Status.REJECTED))


def can_see_review_queue(user: Any) -> bool:
    return has_role(user, "dpo", "decider", "admin")


def can_see_approved_list(user: Any) -> bool:
    return has_role(user, "dpo", "decider", "auditor", "admin")


def can_follow_up(user: Any, assessment: Any) -> bool:
    """Authors, the DPO and administrators follow the planned measures up, from the draft to
    long after approval; not once the assessment is archived or refused."""
    return (can_view(user, assessment)
            and Status(assessment.status) not in (Status.ARCHIVED, Status.REJECTED)
            and ((has_role(user, "owner") and is_author(user, assessment))
                 or has_role(user, "dpo", "admin")))


def can_view_record(user: Any, record: Any) -> bool:
    """Everyone of the organisation reads its register of processing activities."""
    return _same_org(user, record) and bool(roles_of(user) & set(ROLES))


def can_add_record(user: Any) -> bool:
    return bool(user.is_active) and has_role(user, "owner", "dpo", "admin")


def can_edit_record(user: Any, record: Any) -> bool:
    """Owners edit the records they keep, DPOs and administrators every record; auditors and
    deciders read."""
    return can_view_record(user, record) and (
        has_role(user, "dpo", "admin")
        or (has_role(user, "owner") and record.owner_id == user.id))


def can_see_dashboard(user: Any) -> bool:
    """DPOs, deciders, auditors and administrators see their organisation's dashboard (each
    what they may see of it)."""
    return has_role(user, "dpo", "decider", "auditor", "admin")


def can_see_audit(user: Any) -> bool:
    """DPOs, deciders, auditors and administrators read their organisation's audit trail."""
    return has_role(user, "dpo", "decider", "auditor", "admin")


def can_verify_reports(user: Any) -> bool:
    return has_role(user, "dpo", "decider", "auditor", "admin")


def can_manage_coauthors(user: Any, assessment: Any) -> bool:
    """Only the owner adds or removes co-authors."""
    return can_view(user, assessment) and assessment.owner_id == user.id


def can_admin_users(user: Any) -> bool:
    return has_role(user, "admin")


def can_use_api(user: Any) -> bool:
    """Holding API tokens. The read-only API serves each user exactly what the interface
    shows them (`can_view`, `can_download_report`), so every active user may have tokens."""
    return has_role(user, *ROLES)
