"""Adding, changing and removing the measures of the owner's own (core/custom_measures.py),
while the assessment is edited; each change is audited and bumps the assessment's version
(the pages and the outcome follow)."""

from __future__ import annotations

from collections.abc import Sequence

from riskassess.core import permissions
from riskassess.core.custom_measures import PREFIX, check
from riskassess.extensions import db
from riskassess.models import Assessment, CustomMeasure, User, utcnow
from riskassess.services import audit
from riskassess.services.catalogue import catalogue_for
from riskassess.services.errors import PermissionDenied


def _checked(assessment: Assessment, title: str, risks: Sequence[str], effect: str,
             justification: str) -> tuple:
    return check(title, risks, effect, justification,
                 (r.id for r in catalogue_for(assessment).risks))


def add(user: User, assessment: Assessment, title: str, risks: Sequence[str], effect: str,
        justification: str) -> CustomMeasure:
    """Raises PermissionDenied or CustomMeasureError (nothing kept)."""
    if not permissions.can_edit(user, assessment):
        raise PermissionDenied
    title, risks, effect, justification = _checked(assessment, title, risks, effect,
                                                   justification)
    measure = CustomMeasure(title=title, risks=list(risks), effect=effect,
                            justification=justification, created_by_id=user.id)
    assessment.custom_measures.append(measure)
    assessment.updated_at = utcnow()
    db.session.flush()
    audit.record(user, "custom_measure.added", assessment, measure=measure.id, title=title,
                 risks=list(risks), effect=effect)
    return measure


def change(user: User, assessment: Assessment, measure: CustomMeasure, title: str,
           risks: Sequence[str], effect: str, justification: str) -> None:
    if not permissions.can_edit(user, assessment) or measure.assessment_id != assessment.id:
        raise PermissionDenied
    title, risks, effect, justification = _checked(assessment, title, risks, effect,
                                                   justification)
    measure.title, measure.risks, measure.effect = title, list(risks), effect
    measure.justification = justification
    assessment.updated_at = utcnow()
    audit.record(user, "custom_measure.changed", assessment, measure=measure.id, title=title,
                 risks=list(risks), effect=effect)


def remove(user: User, assessment: Assessment, measure: CustomMeasure) -> None:
    """The measure, its answer and its follow-up go."""
    if not permissions.can_edit(user, assessment) or measure.assessment_id != assessment.id:
        raise PermissionDenied
    question_id = f"{PREFIX}{measure.id}"
    for answer in [a for a in assessment.answers if a.question_id == question_id]:
        assessment.answers.remove(answer)
    for follow_up in [f for f in assessment.follow_ups if f.question_id == question_id]:
        assessment.follow_ups.remove(follow_up)
    audit.record(user, "custom_measure.removed", assessment, measure=measure.id,
                 title=measure.title)
    assessment.custom_measures.remove(measure)
    assessment.updated_at = utcnow()
