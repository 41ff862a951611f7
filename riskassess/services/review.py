"""The review: the DPO's send-back and opinion, the decider's decision (approve, with
conditions, refuse), threaded comments, module evaluations,
residual adjustments; the data subjects' opinion; freezing approved versions, archiving and
new revisions."""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _

from riskassess.core import limits, permissions, remarks
from riskassess.core.periodic_review import acceptable, review_date_by_default
from riskassess.core.workflow import DECISIONS, Action, Status, departs, transition
from riskassess.extensions import db
from riskassess.models import (
    Assessment,
    ModuleEvaluation,
    ReviewComment,
    RiskAdjustment,
    User,
    utcnow,
)
from riskassess.services import audit, notify, report_builds
from riskassess.services.approved import fingerprint, freeze
from riskassess.services.assessments import profile
from riskassess.services.catalogue import questionnaire_for
from riskassess.services.errors import PermissionDenied

KIND_BY_ACTION = {
    Action.REQUEST_CHANGES: "changes_requested",
    Action.GIVE_OPINION: "opinion",
    Action.APPROVE: "decision",
    Action.APPROVE_WITH_CONDITIONS: "decision",
    Action.REJECT: "decision",
}
EVALUATIONS = ("acceptable", "to_improve", "to_correct")
OPINIONS = ("favourable", "reservations", "unfavourable")


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


def advise(dpo: User, assessment: Assessment, action: str, text: str,
           justification: str = "", opinion: str = "") -> None:
    """The DPO's part: send the assessment back to its authors, or give the opinion
    (`opinion` one of OPINIONS) that the decider then follows or departs from. Giving the
    opinion while modules are "to correct" or remarks unresolved needs a `justification`,
    kept with it.

    Raises PermissionDenied, ReviewError ("unsettled", "opinion", "too_long"), or
    TransitionError when the move is not allowed now.
    """
    if not permissions.can_review(dpo, assessment):
        raise PermissionDenied
    action = _one_of(action, (Action.REQUEST_CHANGES, Action.GIVE_OPINION))
    text, justification = _bounded(text), _bounded(justification)
    if action == Action.GIVE_OPINION and opinion not in OPINIONS:
        raise ReviewError("opinion")
    pending = unsettled(assessment)
    opining = action == Action.GIVE_OPINION
    if opining and any(pending.values()) and not justification:
        raise ReviewError("unsettled")
    previous = assessment.status
    assessment.status = transition(assessment.status, action, permissions.roles_of(dpo), text)
    assessment.comments.append(ReviewComment(author_id=dpo.id, kind=KIND_BY_ACTION[action],
                                             body=text, revision=assessment.revision))
    if opining:
        if any(pending.values()):
            assessment.comments.append(ReviewComment(
                author_id=dpo.id, kind="unsettled_justification", body=justification,
                revision=assessment.revision))
            audit.record(dpo, "assessment.opinion_with_unsettled_points", assessment,
                         revision=assessment.revision, **pending)
        assessment.dpo_opinion, assessment.opinion_kind = text, opinion
        assessment.opinion_by, assessment.opinion_at = dpo, utcnow()
    audit.record(dpo, f"assessment.{action.value}", assessment, previous=previous,
                 revision=assessment.revision, **({"opinion": opinion} if opining else {}))
    notify.review_event(dpo, assessment, action.value, text)


def decide(decider: User, assessment: Assessment, action: str, text: str,
           review_on: date | None = None) -> None:
    """The decider's decision after the DPO's opinion: approve, approve with conditions (the
    conditions in `text`) or refuse; `text` justifies a decision that departs from the
    opinion. Approval freezes the version, asks the background worker for the PDF report's
    editions (services/report_builds.py) and sets the date of the next periodic review
    (`review_on`, three years by default).

    Raises PermissionDenied, ReviewError ("departure", "too_long", "review_date"), or
    TransitionError.
    """
    if not permissions.can_decide(decider, assessment):
        raise PermissionDenied
    action = _one_of(action, DECISIONS)
    text = _bounded(text)
    if departs(assessment.opinion_kind, action) and not text:
        raise ReviewError("departure")
    today = date.today()
    if review_on is not None and not acceptable(review_on, today):
        raise ReviewError("review_date")
    if action != Action.REJECT:
        assessment.review_due_on = review_on or review_date_by_default(today)
    previous = assessment.status
    assessment.status = transition(assessment.status, action, permissions.roles_of(decider),
                                   text)
    assessment.comments.append(ReviewComment(author_id=decider.id, kind="decision",
                                             body=text, revision=assessment.revision))
    assessment.decision_kind, assessment.decision_text = action.value, text or None
    assessment.decided_by, assessment.decided_at = decider, utcnow()
    notify.review_event(decider, assessment, action.value, text)
    if assessment.status != Status.APPROVED:
        audit.record(decider, f"assessment.{action.value}", assessment, previous=previous,
                     revision=assessment.revision)
        return
    db.session.flush()
    full = profile(assessment)  # once: both editions and the frozen version read it
    editions = report_builds.request_editions(decider, assessment, full)
    version = freeze(assessment, None, full)
    # What an auditor relies on, sealed in the keyed chain: the content approved and what
    # each edition says (the worker seals each file's SHA-256 when it has laid it out;
    # services/integrity.py checks both against the stored rows).
    audit.record(decider, f"assessment.{action.value}", assessment, previous=previous,
                 revision=assessment.revision, fingerprint=fingerprint(version),
                 review_due_on=assessment.review_due_on.isoformat(),
                 report_content={build.lang: build.content for build in editions})
    report_builds.after_decision()


def _one_of(action: str, allowed: tuple[Action, ...]) -> Action:
    """`action` as one of `allowed`, else PermissionDenied (the DPO advises, the decider
    decides: core/workflow.py)."""
    if action not in {a.value for a in allowed}:
        raise PermissionDenied
    return Action(action)


def _bounded(text: str) -> str:
    """`text` stripped; ReviewError("too_long") past limits.TEXT (a form, a crafted request)."""
    try:
        return limits.bounded(text)
    except limits.TooLong:
        raise ReviewError("too_long") from None


def revise(owner: User, assessment: Assessment) -> None:
    """Start a new revision from an approved version (which stays frozen)."""
    if not permissions.can_revise(owner, assessment):
        raise PermissionDenied
    assessment.status = transition(assessment.status, Action.REVISE,
                                   permissions.roles_of(owner))
    assessment.revision += 1
    for measurement in assessment.measurements:
        measurement.pending = False  # what monitored the approved version counts in this one
    assessment.decided_at = assessment.opinion_at = None
    assessment.opinion_kind = assessment.decision_kind = assessment.decision_text = None
    audit.record(owner, "assessment.revision_started", assessment,
                 revision=assessment.revision)


def archive(user: User, assessment: Assessment, reason: str) -> None:
    """Archive a decided assessment, saying why (ReviewError("archive_reason") without)."""
    if not permissions.can_archive(user, assessment):
        raise PermissionDenied
    reason = _bounded(reason)
    if not reason:
        raise ReviewError("archive_reason")
    previous = assessment.status
    assessment.status = transition(assessment.status, Action.ARCHIVE,
                                   permissions.roles_of(user))
    assessment.archive_reason = reason
    audit.record(user, "assessment.archive", assessment, previous=previous, reason=reason)


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
    db.session.flush()
    notify.remark_event(user, assessment, note, *remark_place(assessment, target_type,
                                                              target_id))
    return note


def remark_place(assessment: Assessment, target_type: str, target_id: str | None
                 ) -> tuple[dict[str, str], str]:
    """What a remark is about, in both languages, and the path of the page where it shows."""
    questionnaire = questionnaire_for(assessment)
    url_for = notify.path_for
    show = url_for("assessments.show", assessment_id=assessment.id)
    if target_type == "question" and questionnaire.question(target_id or ""):
        module = questionnaire.module_of(target_id)
        return (_both(questionnaire.question(target_id).text),
                url_for("wizard.module", assessment_id=assessment.id, module_id=module.id)
                + f"#block-{target_id}")
    if target_type == "module" and questionnaire.module(target_id or ""):
        return (_both(questionnaire.module(target_id).title),
                url_for("wizard.module", assessment_id=assessment.id, module_id=target_id)
                + "#step-review")
    if target_type == "risk":
        risk = profile(assessment).risks.risk(target_id or "")
        if risk is not None:
            return _both(risk.title), f"{show}#risk-{target_id}"
    whole = {}
    for lang in ("fr", "en"):
        with force_locale(lang):
            whole[lang] = _("the assessment as a whole")
    return whole, f"{show}#discussion"


def _both(text) -> dict[str, str]:
    return {"fr": text.get("fr"), "en": text.get("en")}


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


def data_subjects(user: User, assessment: Assessment, sought: bool, opinion: str) -> None:
    """Record whether the data subjects' opinion was sought (GDPR Art. 35(9)) and what it was."""
    if not permissions.can_edit(user, assessment):
        raise PermissionDenied
    opinion = _bounded(opinion)
    assessment.data_subjects_sought = sought
    assessment.data_subjects_opinion = opinion or None
    assessment.updated_at = utcnow()
    audit.record(user, "data_subjects.opinion_recorded", assessment, sought=sought)
