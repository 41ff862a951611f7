"""Reminders of planned measures (owner, due date): due within REMIND_DAYS, or late. Each
measure is told once per due date and kind, to the assessment's authors (in the app and by
e-mail through the outbox). Run by the worker once a day."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import groupby

from sqlalchemy import select

from riskassess.core.follow_up import OPEN
from riskassess.core.workflow import Status
from riskassess.extensions import db
from riskassess.models import ActionItem, Assessment, Notification, User
from riskassess.services import notify

REMIND_DAYS = 14
FOLLOWED = tuple(s.value for s in Status if s not in (Status.ARCHIVED, Status.REJECTED))


def due_kind(due: str | None, today: date) -> str | None:
    """"action_late", "action_due" (within REMIND_DAYS) or None for this due date."""
    try:
        day = date.fromisoformat(due or "")
    except ValueError:
        return None
    if day < today:
        return "action_late"
    return "action_due" if day <= today + timedelta(days=REMIND_DAYS) else None


def scan(today: date | None = None) -> int:
    """Tell what is due or late and was not told yet; returns how many were told. Reads the
    open actions due within REMIND_DAYS from the action list (services/actions.py): done and
    abandoned measures are never reminded, and the cost follows the actions due, not the
    number of assessments."""
    today = today or date.today()
    due = db.session.scalars(
        select(ActionItem).where(ActionItem.status.in_(OPEN),
                                 ActionItem.assessment_status.in_(FOLLOWED),
                                 ActionItem.due <= today + timedelta(days=REMIND_DAYS))
        .order_by(ActionItem.assessment_id, ActionItem.id))
    told = 0
    for assessment_id, group in groupby(due, key=lambda item: item.assessment_id):
        told += _scan_one(db.session.get(Assessment, assessment_id), list(group), today)
    return told


def _scan_one(assessment: Assessment, items: list[ActionItem], today: date) -> int:
    already = {(n.kind, (n.details or {}).get("measure"), (n.details or {}).get("due"))
               for n in db.session.scalars(select(Notification).where(
                   Notification.assessment_id == assessment.id,
                   Notification.kind.in_(("action_due", "action_late"))))}
    told = 0
    link = notify.path_for("assessments.action_plan", assessment_id=assessment.id)
    for item in items:
        due = item.due.isoformat()
        kind = due_kind(due, today)
        if kind is None or (kind, item.question_id, due) in already:
            continue
        people = notify.authors(assessment)
        if item.owner_user_id and item.owner_user_id not in {p.id for p in people}:
            owner = db.session.get(User, item.owner_user_id)
            people = [*people, owner] if owner is not None and owner.active else people
        notify.tell(people, None, kind, assessment, link,
                    {"measure": item.question_id, "due": due,
                     "where": {"fr": item.title_fr, "en": item.title_en}})
        told += 1
    return told
