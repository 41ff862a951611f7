"""Duplicating an assessment: a new draft of the person duplicating, with the answers (the
measures among them) copied on the same questionnaire version; evidence, review, rounds and
decisions are not copied."""

from __future__ import annotations

import copy

from flask_babel import gettext as _

from riskassess.core import limits, permissions
from riskassess.core.custom_measures import PREFIX
from riskassess.extensions import db
from riskassess.models import Answer, Assessment, CustomMeasure, User
from riskassess.services import audit
from riskassess.services.errors import PermissionDenied


def duplicate(user: User, source: Assessment) -> Assessment:
    if not permissions.can_duplicate(user, source):
        raise PermissionDenied
    title = limits.bounded(_("%(title)s (copy)", title=source.title), limits.TITLE)
    copy_ = Assessment(
        title=title, description=source.description, sector=source.sector,
        organisation_id=user.organisation_id, owner_id=user.id, status="draft",
        questionnaire_id=source.questionnaire_id,
        questionnaire_version=source.questionnaire_version, snapshot_id=source.snapshot_id,
        template_id=source.template_id)
    db.session.add(copy_)
    keys = {}  # the measures of the owner's own are copied too, under their new ids
    for measure in source.custom_measures:
        mine = CustomMeasure(title=measure.title, risks=list(measure.risks),
                             effect=measure.effect, justification=measure.justification,
                             created_by_id=user.id)
        copy_.custom_measures.append(mine)
        db.session.flush()
        keys[f"{PREFIX}{measure.id}"] = f"{PREFIX}{mine.id}"
    for answer in source.answers:
        copy_.answers.append(Answer(question_id=keys.get(answer.question_id,
                                                         answer.question_id),
                                    value=copy.deepcopy(answer.value)))
    db.session.flush()
    audit.record(user, "assessment.duplicated", copy_, source=source.id,
                 revision=source.revision, answers=len(source.answers))
    return copy_
