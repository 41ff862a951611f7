"""DPO review: decisions (send back, approve, reject), threaded comments, module evaluations,
residual adjustments; the data subjects' opinion; freezing approved versions, archiving and
new revisions."""

from __future__ import annotations

from riskassess.core import limits, permissions, remarks
from riskassess.core.fingerprint import version_fingerprint
from riskassess.core.profile import to_dict
from riskassess.core.workflow import Action, Status, transition
from riskassess.extensions import db
from riskassess.models import (
    Assessment,
    AssessmentVersion,
    ModuleEvaluation,
    ReviewComment,
    RiskAdjustment,
    User,
    utcnow,
)
from riskassess.services import audit, reports
from riskassess.services.assessments import PermissionDenied, profile
from riskassess.services.catalogue import questionnaire_for

KIND_BY_ACTION = {
    Action.REQUEST_CHANGES: "changes_requested",
    Action.APPROVE: "approval",
    Action.REJECT: "rejection",
}
EVALUATIONS = ("acceptable", "to_improve", "to_correct")


class ReviewError(ValueError):
    """Input the review refuses; `code` says which, for a message in the user's language."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def unsettled(assessment: Assessment) -> dict[str, list]:
    """What the review has not settled in the current revision: modules evaluated "to
    correct" and remark threads not resolved."""
    return {
        "to_correct": [e.module_id for e in assessment.evaluations
                       if e.revision == assessment.revision and e.status == "to_correct"],
        "open_remarks": [t.root.id for t in remarks.unresolved(
            remarks.threads(assessment.comments, assessment.revision))],
    }


def decide(dpo: User, assessment: Assessment, action: str, text: str,
           justification: str = "") -> None:
    """Apply a DPO decision; approval generates the PDF report and freezes the version.
    Approving or rejecting while modules are "to correct" or remarks are unresolved needs a
    `justification`, kept with the decision.

    Raises PermissionDenied, ReviewError("unsettled"), or TransitionError when the decision
    is not allowed now.
    """
    if not permissions.can_review(dpo, assessment):
        raise PermissionDenied
    action = Action(action)
    text, justification = _bounded(text), _bounded(justification)
    pending = unsettled(assessment)
    deciding = action in (Action.APPROVE, Action.REJECT)
    if deciding and any(pending.values()) and not justification:
        raise ReviewError("unsettled")
    previous = assessment.status
    assessment.status = transition(assessment.status, action, dpo.role, text)
    assessment.comments.append(ReviewComment(author_id=dpo.id, kind=KIND_BY_ACTION[action],
                                             body=text, revision=assessment.revision))
    if deciding and any(pending.values()):
        assessment.comments.append(ReviewComment(
            author_id=dpo.id, kind="unsettled_justification", body=justification,
            revision=assessment.revision))
        audit.record(dpo, "assessment.decided_with_unsettled_points", assessment,
                     revision=assessment.revision, **pending)
    if action in (Action.APPROVE, Action.REJECT):
        assessment.dpo_opinion = text
        assessment.decided_by = dpo
        assessment.decided_at = utcnow()
    if assessment.status != Status.APPROVED:
        audit.record(dpo, f"assessment.{action.value}", assessment, previous=previous,
                     revision=assessment.revision)
        db.session.commit()
        return
    db.session.flush()
    stored = [reports.store_report(assessment, lang) for lang in reports.EDITIONS]
    version = freeze(assessment, stored[0].id)
    # What an auditor relies on, sealed in the keyed chain: the content approved and the
    # report files (services/integrity.py checks both against the stored rows).
    audit.record(dpo, f"assessment.{action.value}", assessment, previous=previous,
                 revision=assessment.revision, fingerprint=fingerprint(version),
                 reports={report.lang: report.sha256 for report in stored})
    for report in stored:
        audit.record(dpo, "report.generated", report, assessment.organisation_id,
                     assessment_id=assessment.id, sha256=report.sha256,
                     revision=assessment.revision, lang=report.lang)
    db.session.commit()


def _bounded(text: str) -> str:
    """`text` stripped; ReviewError("too_long") past limits.TEXT (a form, a crafted request)."""
    try:
        return limits.bounded(text)
    except limits.TooLong:
        raise ReviewError("too_long") from None


def freeze(assessment: Assessment, report_id: int | None) -> AssessmentVersion:
    """Record what was approved; the row is never changed afterwards."""
    version = AssessmentVersion(
        assessment_id=assessment.id,
        revision=assessment.revision,
        questionnaire_version=assessment.questionnaire_version,
        answers=assessment.answer_values(),
        profile=to_dict(profile(assessment), "fr"),
        review=review_snapshot(assessment),
        report_id=report_id,
    )
    db.session.add(version)
    return version


def review_snapshot(assessment: Assessment) -> dict:
    """The review of the current revision as frozen at approval, and as compared afterwards
    with the live rows (services/integrity.py)."""
    revision = assessment.revision
    return {
        "comments": [{"author": c.author.name if c.author else None, "kind": c.kind,
                      "body": c.body, "target": [c.target_type, c.target_id]}
                     for c in assessment.comments if c.revision == revision],
        "evaluations": {e.module_id: [e.status, e.comment] for e in assessment.evaluations
                        if e.revision == revision},
        "adjustments": {a.risk_id: [a.severity, a.likelihood, a.justification]
                        for a in assessment.adjustments if a.revision == revision},
        "opinion": assessment.dpo_opinion,
        "data_subjects_opinion": assessment.data_subjects_opinion,
    }


def fingerprint(version: AssessmentVersion) -> str:
    return version_fingerprint(version.assessment_id, version.revision,
                               version.questionnaire_version, version.answers, version.profile,
                               version.review)


def revise(owner: User, assessment: Assessment) -> None:
    """Start a new revision from an approved version (which stays frozen)."""
    if not permissions.can_revise(owner, assessment):
        raise PermissionDenied
    assessment.status = transition(assessment.status, Action.REVISE, owner.role)
    assessment.revision += 1
    assessment.decided_at = None
    audit.record(owner, "assessment.revision_started", assessment,
                 revision=assessment.revision)
    db.session.commit()


def archive(user: User, assessment: Assessment) -> None:
    if not permissions.can_archive(user, assessment):
        raise PermissionDenied
    previous = assessment.status
    assessment.status = transition(assessment.status, Action.ARCHIVE, user.role)
    audit.record(user, "assessment.archive", assessment, previous=previous)
    db.session.commit()


def comment(user: User, assessment: Assessment, body: str, target_type: str = "assessment",
            target_id: str | None = None, parent_id: int | None = None) -> ReviewComment:
    if not permissions.can_comment(user, assessment):
        raise PermissionDenied
    body = _bounded(body)
    if not body:
        raise ReviewError("empty")
    if parent_id is not None:
        parent = db.session.get(ReviewComment, parent_id)
        if parent is None or parent.assessment_id != assessment.id:
            raise ReviewError("parent")
        target_type, target_id = parent.target_type, parent.target_id
    elif not _target_exists(assessment, target_type, target_id):
        raise ReviewError("target")
    note = ReviewComment(author_id=user.id, kind="comment", body=body, parent_id=parent_id,
                         target_type=target_type, target_id=target_id,
                         revision=assessment.revision)
    assessment.comments.append(note)
    audit.record(user, "comment.added", assessment, about=[target_type, target_id],
                 reply_to=parent_id)
    db.session.commit()
    return note


def resolve(dpo: User, assessment: Assessment, comment_id: int) -> ReviewComment:
    """The DPO closes a remark's thread. Raises PermissionDenied, or ReviewError("parent")
    when the comment is not a remark of this assessment's current revision."""
    if not permissions.can_resolve(dpo, assessment):
        raise PermissionDenied
    note = db.session.get(ReviewComment, comment_id)
    if note is None or note.assessment_id != assessment.id or note.parent_id is not None \
            or note.kind != "comment" or note.revision != assessment.revision:
        raise ReviewError("parent")
    if note.resolved_at is None:
        note.resolved_at, note.resolved_by_id = utcnow(), dpo.id
        audit.record(dpo, "comment.resolved", assessment, comment=note.id,
                     about=[note.target_type, note.target_id])
        db.session.commit()
    return note


def _target_exists(assessment: Assessment, target_type: str, target_id: str | None) -> bool:
    questionnaire = questionnaire_for(assessment)
    if target_type == "assessment":
        return target_id is None
    if target_type == "module":
        return questionnaire.module(target_id or "") is not None
    if target_type == "question":
        return questionnaire.question(target_id or "") is not None
    if target_type == "risk":
        return any(r.id == target_id for r in profile(assessment).risks.risks)
    return False


def _of_revision(assessment: Assessment, items: list, model, **key: str):
    """The item of the current revision with this key, added to `items` if there is none."""
    found = next((item for item in items if item.revision == assessment.revision
                  and all(getattr(item, k) == v for k, v in key.items())), None)
    if found is None:
        found = model(assessment_id=assessment.id, revision=assessment.revision, **key)
        items.append(found)
    return found


def evaluate(dpo: User, assessment: Assessment, module_id: str, status: str,
             text: str) -> None:
    """The DPO's evaluation of a module; "to improve" and "to correct" need a comment."""
    evaluate_all(dpo, assessment, {module_id: (status, text)})


def evaluate_all(dpo: User, assessment: Assessment,
                 entries: dict[str, tuple[str, str]]) -> int:
    """The DPO's evaluations of several modules at once, all or none: each entry is a
    (status, comment) pair; an empty status leaves that module as it was. Returns how many
    were recorded."""
    if not permissions.can_review(dpo, assessment):
        raise PermissionDenied
    questionnaire = questionnaire_for(assessment)
    checked = {}
    for module_id, (status, text) in entries.items():
        if not status:
            continue
        if status not in EVALUATIONS or questionnaire.module(module_id) is None:
            raise ReviewError("evaluation")
        text = _bounded(text)
        if status != "acceptable" and not text:
            raise ReviewError("comment_required")
        checked[module_id] = (status, text)
    if not checked:
        raise ReviewError("evaluation")
    for module_id, (status, text) in checked.items():
        existing = _of_revision(assessment, assessment.evaluations, ModuleEvaluation,
                                module_id=module_id)
        existing.status, existing.comment, existing.author_id = status, text, dpo.id
        audit.record(dpo, "module.evaluated", assessment, module=module_id, status=status)
    db.session.commit()
    return len(checked)


def adjust(dpo: User, assessment: Assessment, risk_id: str, severity: int, likelihood: int,
           justification: str) -> None:
    """The DPO sets a residual level of their own, kept apart from the owner's figures."""
    if not permissions.can_review(dpo, assessment):
        raise PermissionDenied
    if not (1 <= severity <= 4 and 1 <= likelihood <= 4) or not _target_exists(
            assessment, "risk", risk_id):
        raise ReviewError("adjustment")
    justification = _bounded(justification)
    if not justification:
        raise ReviewError("justification_required")
    existing = _of_revision(assessment, assessment.adjustments, RiskAdjustment, risk_id=risk_id)
    existing.severity, existing.likelihood = severity, likelihood
    existing.justification, existing.author_id = justification.strip(), dpo.id
    audit.record(dpo, "risk.adjusted", assessment, risk=risk_id, severity=severity,
                 likelihood=likelihood)
    db.session.commit()


def data_subjects(user: User, assessment: Assessment, sought: bool, opinion: str) -> None:
    """Record whether the data subjects' opinion was sought (GDPR Art. 35(9)) and what it was."""
    if not permissions.can_edit(user, assessment):
        raise PermissionDenied
    opinion = _bounded(opinion)
    assessment.data_subjects_sought = sought
    assessment.data_subjects_opinion = opinion or None
    assessment.updated_at = utcnow()
    audit.record(user, "data_subjects.opinion_recorded", assessment, sought=sought)
    db.session.commit()
