"""What was approved, frozen: the version row written at approval (answers, profile, review)
and its fingerprint, sealed in the audit chain and checked against the live rows
(services/integrity.py)."""

from __future__ import annotations

from riskassess.core.fingerprint import version_fingerprint
from riskassess.core.risk_profile import Profile, to_dict
from riskassess.extensions import db
from riskassess.models import Assessment, AssessmentVersion
from riskassess.services import attachments
from riskassess.services.assessments import profile


def freeze(assessment: Assessment, report_id: int | None, full: Profile | None = None
           ) -> AssessmentVersion:
    """Record what was approved (`full`: its profile, if computed); never changed after."""
    version = AssessmentVersion(
        assessment_id=assessment.id,
        revision=assessment.revision,
        questionnaire_version=assessment.questionnaire_version,
        answers=assessment.answer_values(),
        profile=to_dict(full or profile(assessment), "fr"),
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
        "opinion_kind": assessment.opinion_kind,
        "decision": [assessment.decision_kind, assessment.decision_text],
        "data_subjects_opinion": assessment.data_subjects_opinion,
        "evidence_files": attachments.listing(assessment),
    }


def fingerprint(version: AssessmentVersion) -> str:
    return version_fingerprint(version.assessment_id, version.revision,
                               version.questionnaire_version, version.answers, version.profile,
                               version.review)
