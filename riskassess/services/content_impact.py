"""What a new version of the questionnaire content (rules, flags, risks, inference knowledge)
would change, before anyone adopts it: for every assessment started with older content, its
screening verdict, AI Act tier and conclusion now and under the current content, and the
answers that would not carry over. A dry run: nothing is written."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, select

from riskassess.core.answers import AnswerError, parse_answer
from riskassess.core.risk_profile import Profile
from riskassess.extensions import db
from riskassess.models import Assessment, QuestionnaireSnapshot
from riskassess.services.assessments import profile, profile_of_answers
from riskassess.services.catalogue import catalogue, current, newer_version


@dataclass
class Impact:
    assessment: Assessment
    before: tuple[str, str, str]  # screening verdict, AI Act tier, conclusion
    after: tuple[str, str, str]
    dropped: list[str] = field(default_factory=list)  # answers that would not carry over

    @property
    def changed(self) -> bool:
        return self.before != self.after or bool(self.dropped)


def _summary(found: Profile) -> tuple[str, str, str]:
    return found.screening.verdict, found.ai_act.tier, found.conclusion


def older_query(organisation_id: int | None = None) -> Select:
    """Assessments started with other content than the current files, oldest first."""
    query = (select(Assessment).join(QuestionnaireSnapshot,
                                     QuestionnaireSnapshot.id == Assessment.snapshot_id)
             .where(QuestionnaireSnapshot.sha256 != current().sha256)
             .order_by(Assessment.id))
    if organisation_id is not None:
        query = query.where(Assessment.organisation_id == organisation_id)
    return query


def impact_of(assessment: Assessment) -> Impact | None:
    latest = newer_version(assessment)
    if latest is None:
        return None
    carried, dropped = {}, []
    for question_id, value in assessment.answer_values().items():
        question = latest.question(question_id)
        try:
            if question is None:
                raise AnswerError("gone", "question removed")
            carried[question_id] = parse_answer(question, value)
        except AnswerError:
            dropped.append(question_id)
    after = profile_of_answers(assessment, carried, (catalogue(), latest))
    return Impact(assessment, _summary(profile(assessment)), _summary(after), sorted(dropped))


def impacts(organisation_id: int | None = None) -> list[Impact]:
    found = (impact_of(a) for a in db.session.scalars(older_query(organisation_id)))
    return [i for i in found if i is not None]
