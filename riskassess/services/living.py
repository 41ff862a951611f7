"""The living DPIA: an assessment started from a register record stays tied to it, and is out
of date as soon as the record says something else than its answers (a new recipient, a
transfer, another data category, another legal basis…). What is out of date is computed, not
stored: the answers that differ (old → new), and what the new values would change in the risk
levels, the conclusion and the screening verdict; once the answers agree with the record again
(through a new revision, reviewed as usual), nothing is out of date any more."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from riskassess.core.answers import AnswerError, parse_answer
from riskassess.core.register_dpia import answers_from
from riskassess.extensions import db
from riskassess.models import Assessment, RegisterRecord, User
from riskassess.services import notify
from riskassess.services.assessments import profile, profile_of_answers
from riskassess.services.catalogue import questionnaire_for


@dataclass
class OutOfDate:
    record: RegisterRecord
    answers: list[tuple[str, object, object]] = field(default_factory=list)  # (q, old, new)
    risks: list[tuple[str, str, str]] = field(default_factory=list)  # (risk, old, new zone)
    conclusion: tuple[str, str] | None = None
    screening: tuple[str, str] | None = None
    notes: dict[str, str] = field(default_factory=dict)  # what the record says instead


def record_of(assessment: Assessment) -> RegisterRecord | None:
    return db.session.scalar(select(RegisterRecord).where(
        RegisterRecord.assessment_id == assessment.id))


def out_of_date(assessment: Assessment) -> OutOfDate | None:
    """What the assessment's register record now says otherwise, and what it would change;
    None when the assessment has no record or agrees with it."""
    record = record_of(assessment)
    if record is None:
        return None
    questionnaire = questionnaire_for(assessment)
    current = assessment.answer_values()
    found = OutOfDate(record)
    changed = {}
    for question_id, raw in answers_from(record.values).items():
        question = questionnaire.question(question_id)
        if question is None:
            continue
        try:
            value = parse_answer(question, raw)
        except AnswerError:
            continue
        if value != current.get(question_id):
            found.answers.append((question_id, current.get(question_id), value))
            changed[question_id] = value
    transfers = str(record.values.get("transfers") or "").strip()
    if transfers and current.get("ctx_transfers") == "none":
        # the record now names transfers; which safeguard they rest on is the owner's answer
        found.answers.append(("ctx_transfers", "none", None))
        found.notes["ctx_transfers"] = transfers
    if not found.answers:
        return None
    if not changed:
        return found
    before, after = profile(assessment), profile_of_answers(assessment, {**current, **changed})
    old_levels = {r.id: r.final.zone for r in before.risks.risks}
    found.risks = [(risk.title, old_levels.get(risk.id) or "", risk.final.zone)
                   for risk in after.risks.risks if old_levels.get(risk.id) != risk.final.zone]
    if before.conclusion != after.conclusion:
        found.conclusion = (before.conclusion, after.conclusion)
    if before.screening.verdict != after.screening.verdict:
        found.screening = (before.screening.verdict, after.screening.verdict)
    return found


def tell_if_out_of_date(actor: User, record: RegisterRecord, fields: dict[str, str]) -> bool:
    """After a change to a record, tell the authors and the DPO of its DPIA when the DPIA no
    longer agrees with it (in the same transaction as the change); `fields` names the
    fields changed, by language."""
    if record.assessment is None:
        return False
    found = out_of_date(record.assessment)
    if found is None:
        return False
    notify.tell(notify.authors_and_dpos(record.assessment), actor, "out_of_date",
                record.assessment,
                notify.path_for("assessments.show", assessment_id=record.assessment.id)
                + "#out-of-date",
                {"where": fields})
    return True
