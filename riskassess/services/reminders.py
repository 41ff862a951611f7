"""Reminders of planned measures (owner, due date): due within REMIND_DAYS, or late. Each
measure is told once per due date and kind, to the assessment's authors (in the app and by
e-mail through the outbox). Run by the worker once a day."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from riskassess.core.action_plan import action_plan
from riskassess.core.workflow import Status
from riskassess.extensions import db
from riskassess.models import Assessment, Notification
from riskassess.services import notify
from riskassess.services.catalogue import questionnaire_for

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
    """Tell what is due or late and was not told yet; returns how many were told."""
    today = today or date.today()
    told = 0
    for assessment in db.session.scalars(select(Assessment).where(
            Assessment.status.in_(FOLLOWED)).order_by(Assessment.id)):
        told += _scan_one(assessment, today)
    db.session.commit()
    return told


def _scan_one(assessment: Assessment, today: date) -> int:
    questionnaire = questionnaire_for(assessment)
    due_now = [(a, kind) for a in action_plan(questionnaire, assessment.answer_values())
               if a.status == "planned" and (kind := due_kind(a.due, today))]
    if not due_now:
        return 0
    already = {(n.kind, (n.details or {}).get("measure"), (n.details or {}).get("due"))
               for n in db.session.scalars(select(Notification).where(
                   Notification.assessment_id == assessment.id,
                   Notification.kind.in_(("action_due", "action_late"))))}
    told = 0
    link = notify.path_for("assessments.action_plan", assessment_id=assessment.id)
    for action, kind in due_now:
        if (kind, action.question_id, action.due) in already:
            continue
        notify.tell(notify.authors(assessment), None, kind, assessment, link,
                    {"measure": action.question_id, "due": action.due,
                     "where": {"fr": action.measure.fr, "en": action.measure.en}})
        told += 1
    return told
