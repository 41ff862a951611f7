"""The follow-up of planned measures and the organisation's action list.

`follow_up` records what became of one planned measure (core/follow_up.py says what each
status needs); the risk profile counts it at once (services/assessments.profile), and the
assessment's outcome, rewritten in the same transaction, rewrites its rows of the action list
(`item_rows`, called by services/outcomes.py), which `page` reads in the order of an index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from riskassess.core import limits, permissions
from riskassess.core.follow_up import OPEN, FollowUpError, check, is_planned
from riskassess.core.questionnaire import Question
from riskassess.extensions import db
from riskassess.models import ActionFollowUp, ActionItem, Assessment, User, utcnow
from riskassess.pagination import PAGE_SIZE, Page, paginate
from riskassess.services import attachments, audit, lists
from riskassess.services.catalogue import questionnaire_for
from riskassess.services.errors import PermissionDenied

MAX_OWNER = 200


@dataclass(frozen=True)
class Change:
    status: str
    owner_user_id: int | None = None
    owner_name: str = ""
    due: date | None = None
    reason: str = ""
    evidence: str = ""
    file: tuple[bytes, str] | None = None  # (content, name) of an evidence file


def planned_measure(assessment: Assessment, question_id: str) -> Question:
    question = questionnaire_for(assessment).question(question_id)
    if question is None or not question.is_measure or not is_planned(
            assessment.answer_values().get(question_id)):
        raise FollowUpError("not_planned")
    return question


def follow_up(user: User, assessment: Assessment, question_id: str,
              change: Change) -> ActionFollowUp:
    """Record what became of a planned measure. Raises PermissionDenied, FollowUpError
    ("not_planned", "status", "evidence_required", "reason_required", "owner",
    "too_long") or AttachmentError for a refused file."""
    if not permissions.can_follow_up(user, assessment):
        raise PermissionDenied
    planned_measure(assessment, question_id)
    check(change.status, change.evidence, change.file is not None, change.reason)
    if len(change.owner_name) > MAX_OWNER or max(len(change.reason),
                                                 len(change.evidence)) > limits.TEXT:
        raise FollowUpError("too_long")
    owner = None
    if change.owner_user_id is not None:
        owner = db.session.get(User, change.owner_user_id)
        if owner is None or owner.organisation_id != assessment.organisation_id:
            raise FollowUpError("owner")
    stored = None
    if change.file is not None:  # a refused file refuses the follow-up before it is written
        data, name = change.file
        stored = attachments.store(user, assessment, data, name, question_id, change.evidence)
    row = next((f for f in assessment.follow_ups if f.question_id == question_id), None)
    if row is None:
        row = ActionFollowUp(question_id=question_id)
        assessment.follow_ups.append(row)
    previous = row.status
    row.status, row.owner_user_id = change.status, owner.id if owner else None
    row.owner_name = "" if owner else change.owner_name.strip()
    row.due, row.updated_by_id = change.due, user.id
    row.reason = change.reason.strip() if change.status == "abandoned" else ""
    row.evidence = change.evidence.strip() if change.status == "done" else ""
    row.done_at = utcnow() if change.status == "done" else None
    if stored is not None:
        row.evidence_file_id = stored.id
    elif change.status != "done":
        row.evidence_file_id = None
    audit.record(user, "action.followed_up", assessment, measure=question_id,
                 previous=previous, status=row.status, due=row.due and row.due.isoformat(),
                 owner=owner.name if owner else row.owner_name, reason=row.reason or None,
                 evidence_file=row.evidence_file_id)
    return row


def item_rows(assessment: Assessment) -> list[dict]:
    """The assessment's rows of the action list: every measure answered "planned", as its
    follow-up says (planned by default, owner and due date from the answer)."""
    questionnaire = questionnaire_for(assessment)
    answers = assessment.answer_values()
    follow_ups = {f.question_id: f for f in assessment.follow_ups}
    rows = []
    for question in questionnaire.questions:
        value = answers.get(question.id)
        if not question.is_measure or not is_planned(value):
            continue
        followed = follow_ups.get(question.id)
        owner = value.get("owner") or ""
        due = date.fromisoformat(value["due"]) if value.get("due") else None
        if followed is not None:
            owner = (followed.owner_user.name if followed.owner_user
                     else followed.owner_name) or owner
            due = followed.due or due
        rows.append({"organisation_id": assessment.organisation_id,
                     "assessment_id": assessment.id, "assessment_status": assessment.status,
                     "question_id": question.id, "title_fr": question.text.fr,
                     "title_en": question.text.en,
                     "status": followed.status if followed else "planned",
                     "owner": owner[:MAX_OWNER],
                     "owner_user_id": followed.owner_user_id if followed else None,
                     "due": due})
    return rows


ACTION_FILTERS = ("open", "late", "due", "done", "abandoned")


def _query(user: User, shown: str, today: date) -> Select:
    allowed = lists.role_statuses(user)
    visible = lists.visible_query(user).order_by(None).with_only_columns(Assessment.id)
    query = select(ActionItem).where(ActionItem.organisation_id == user.organisation_id)
    if allowed is None:
        pass  # an administrator sees every assessment of the organisation
    elif "owner" in permissions.roles_of(user):
        query = query.where(ActionItem.assessment_id.in_(visible))
    else:
        query = query.where(ActionItem.assessment_status.in_(sorted(allowed)))
    statuses = {"done": ("done",), "abandoned": ("abandoned",)}.get(shown, OPEN)
    query = query.where(ActionItem.status.in_(statuses))
    if shown == "late":
        query = query.where(ActionItem.due < today)
    elif shown == "due":
        query = query.where(ActionItem.due.between(today, today + lists.DUE_SOON))
    return query.order_by(ActionItem.due, ActionItem.id)


def page(user: User, shown: str, number: int, size: int = PAGE_SIZE,
         today: date | None = None) -> Page:
    """One page of the organisation's actions the user may see, earliest due first."""
    query = _query(user, shown, today or date.today()).options(
        selectinload(ActionItem.assessment))
    found = paginate(query, number, size)
    checked = [i for i in found.items if permissions.can_view(user, i.assessment)]
    return Page(items=checked, number=found.number, size=found.size, has_next=found.has_next)


def every(user: User, shown: str, today: date | None = None) -> list[ActionItem]:
    """Every action of the list (for its CSV), read in batches."""
    query = _query(user, shown, today or date.today()).options(
        selectinload(ActionItem.assessment))
    return [i for i in db.session.scalars(query.execution_options(yield_per=500))
            if permissions.can_view(user, i.assessment)]
