"""DPO review use cases: send back with a comment, approve or reject with an opinion."""

from __future__ import annotations

from riskassess.core import permissions
from riskassess.core.workflow import Action, Status, transition
from riskassess.extensions import db
from riskassess.models import Assessment, ReviewComment, User, utcnow
from riskassess.services import audit, reports
from riskassess.services.assessments import PermissionDenied

KIND_BY_ACTION = {
    Action.REQUEST_CHANGES: "changes_requested",
    Action.APPROVE: "approval",
    Action.REJECT: "rejection",
}


def decide(dpo: User, assessment: Assessment, action: str, text: str) -> None:
    """Apply a DPO decision; on approval generate and store the signed-off PDF report.

    Raises PermissionDenied, or TransitionError when the decision is not allowed now.
    """
    if not permissions.can_review(dpo, assessment):
        raise PermissionDenied
    action = Action(action)
    previous = assessment.status
    assessment.status = transition(assessment.status, action, dpo.role, text)
    text = text.strip()
    assessment.comments.append(
        ReviewComment(author_id=dpo.id, kind=KIND_BY_ACTION[action], body=text)
    )
    if action in (Action.APPROVE, Action.REJECT):
        assessment.dpo_opinion = text
        assessment.decided_by = dpo
        assessment.decided_at = utcnow()
    audit.record(dpo, f"assessment.{action.value}", assessment, previous=previous)
    if assessment.status == Status.APPROVED:
        db.session.flush()
        report = reports.store_report(assessment)
        audit.record(dpo, "report.generated", report, assessment.organisation_id,
                     assessment_id=assessment.id, sha256=report.sha256)
    db.session.commit()
