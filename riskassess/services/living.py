"""The living DPIA: an assessment stays tied to what it relied on, and is out of date as soon
as one of these says something else:

- its register record (if it was started from one): a field its answers came from (a new
  recipient, a transfer, another data category, another legal basis…), compared answer by
  answer; and the record's other fields that bear on answers (third-party recipients,
  retention, data subjects…), compared with the record as it was when the assessment was last
  approved (or started);
- a measurement taken on the approved assessment to monitor it, worse than the one its
  decision relied on (core/monitoring.py);
- a newer questionnaire content under which its screening verdict, AI Act tier or conclusion
  would change, or some answers would not carry over (services/content_impact.py), for an
  approved assessment (a draft adopts the newer content itself).

What is out of date is computed, not stored: the items affected (old → new), and what the new
values would change in the risk levels, the conclusion and the screening verdict. Once a new
revision takes them into account and is approved, nothing is out of date any more. Only the
fact that people were told of a measurement or of a content version is stored, so that they
are told once (LivingNotice)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from riskassess.core.answers import AnswerError, parse_answer
from riskassess.core.i18n import Text
from riskassess.core.monitoring import FIGURES, baseline, worsened
from riskassess.core.register import BY_NAME
from riskassess.core.register_dpia import FIELD_QUESTIONS, answers_from
from riskassess.extensions import db
from riskassess.models import (
    Assessment,
    LivingNotice,
    Measurement,
    RegisterRecord,
    RegisterVersion,
    User,
)
from riskassess.services import notify
from riskassess.services.assessments import profile, profile_of_answers
from riskassess.services.catalogue import current, questionnaire_for
from riskassess.services.content_impact import Impact, impact_of, older_query


@dataclass
class OutOfDate:
    record: RegisterRecord | None = None
    answers: list[tuple[str, object, object]] = field(default_factory=list)  # (q, old, new)
    notes: dict[str, str] = field(default_factory=dict)  # what the record says instead
    # the record's other fields changed since the last approval: (field, old, new, questions)
    fields: list[tuple[Text, str, str, tuple[str, ...]]] = field(default_factory=list)
    # monitoring measurements worse than the decision's: (measurement, [(figure, old, new)])
    measurements: list[tuple[Measurement, list[tuple[Text, str, str]]]] = field(
        default_factory=list)
    content: Impact | None = None
    risks: list[tuple[str, str, str]] = field(default_factory=list)  # (risk, old, new zone)
    conclusion: tuple[str, str] | None = None
    screening: tuple[str, str] | None = None

    @property
    def question_ids(self) -> list[str]:
        """The questions to answer again, in the order they are listed."""
        found = [q for q, _old, _new in self.answers]
        for *_values, questions in self.fields:
            found += questions
        return list(dict.fromkeys(found))

    def __bool__(self) -> bool:
        return bool(self.answers or self.fields or self.measurements or self.content)


def record_of(assessment: Assessment) -> RegisterRecord | None:
    return db.session.scalar(select(RegisterRecord).where(
        RegisterRecord.assessment_id == assessment.id))


def out_of_date(assessment: Assessment) -> OutOfDate | None:
    """What the assessment relied on that now says otherwise, and what it would change; None
    when nothing does."""
    found = OutOfDate(record=record_of(assessment))
    changed: dict[str, object] = {}
    if found.record is not None:
        changed = _record_answers(assessment, found)
        _record_fields(assessment, found)
    _measurements(assessment, found)
    if assessment.status == "approved" and assessment.snapshot is not None \
            and assessment.snapshot.sha256 != current().sha256:
        impact = impact_of(assessment)
        found.content = impact if impact is not None and impact.changed else None
    if not found:
        return None
    if changed or found.measurements:
        _consequences(assessment, found, changed)
    return found


def _record_answers(assessment: Assessment, found: OutOfDate) -> dict[str, object]:
    questionnaire = questionnaire_for(assessment)
    current_answers = assessment.answer_values()
    changed = {}
    for question_id, raw in answers_from(found.record.values).items():
        question = questionnaire.question(question_id)
        if question is None:
            continue
        try:
            value = parse_answer(question, raw)
        except AnswerError:
            continue
        if value != current_answers.get(question_id):
            found.answers.append((question_id, current_answers.get(question_id), value))
            changed[question_id] = value
    transfers = str(found.record.values.get("transfers") or "").strip()
    if transfers and current_answers.get("ctx_transfers") == "none":
        # the record now names transfers; which safeguard they rest on is the owner's answer
        found.answers.append(("ctx_transfers", "none", None))
        found.notes["ctx_transfers"] = transfers
    return changed


def _record_fields(assessment: Assessment, found: OutOfDate) -> None:
    """The record's fields that bear on answers without giving them (free text), changed
    since the assessment was last approved, or started."""
    since = max((v.frozen_at for v in assessment.versions), default=assessment.created_at)
    then = db.session.scalar(
        select(RegisterVersion).where(RegisterVersion.record_id == found.record.id,
                                      RegisterVersion.changed_at <= since)
        .order_by(RegisterVersion.number.desc()).limit(1))
    if then is None:
        return
    listed = {q for q, _old, _new in found.answers}
    questionnaire = questionnaire_for(assessment)
    for name, questions in FIELD_QUESTIONS.items():
        old = str(then.values.get(name) or "").strip()
        new = str(found.record.values.get(name) or "").strip()
        questions = tuple(q for q in questions if questionnaire.question(q) is not None)
        if old != new and not (questions and set(questions) <= listed):
            found.fields.append((BY_NAME[name].label, old, new, questions))


def _worse(assessment: Assessment, measurement: Measurement) -> list[tuple[str, float, float]]:
    """The figures of a monitoring measurement worse than those of the counted measurement
    it compares with (core/monitoring.py)."""
    counted = [(m.kind, m.results) for m in assessment.measurements if not m.pending]
    before = baseline(measurement.kind, measurement.results, counted)
    return worsened(measurement.kind, before, measurement.results) if before else []


def _measurements(assessment: Assessment, found: OutOfDate) -> None:
    """The latest monitoring measurement of each kind (and stage) is what the data is now:
    listed when it is worse than the one the decision relied on."""
    latest = {(m.kind, m.results.get("stage")): m for m in assessment.measurements
              if m.pending}
    for measurement in latest.values():
        if worse := _worse(assessment, measurement):
            found.measurements.append((measurement, [(FIGURES[name], _figure(old), _figure(new))
                                                     for name, old, new in worse]))


def _consequences(assessment: Assessment, found: OutOfDate, changed: dict) -> None:
    """What the record's values and the monitoring measurements would change in the levels,
    the conclusion and the screening verdict."""
    before = profile(assessment)
    pending = {m.kind: m.results for m, _worse in found.measurements}
    after = profile_of_answers(assessment, {**assessment.answer_values(), **changed},
                               measurements=pending)
    old_levels = {r.id: r.final.zone for r in before.risks.risks}
    found.risks = [(risk.title, old_levels.get(risk.id) or "", risk.final.zone)
                   for risk in after.risks.risks if old_levels.get(risk.id) != risk.final.zone]
    if before.conclusion != after.conclusion:
        found.conclusion = (before.conclusion, after.conclusion)
    if before.screening.verdict != after.screening.verdict:
        found.screening = (before.screening.verdict, after.screening.verdict)


def _tell(actor: User | None, assessment: Assessment, where: dict[str, str],
          cause: str) -> None:
    notify.tell(notify.authors_and_dpos(assessment), actor, "out_of_date", assessment,
                notify.path_for("assessments.show", assessment_id=assessment.id)
                + "#out-of-date", {"where": where, "cause": cause})


def tell_if_out_of_date(actor: User, record: RegisterRecord, fields: dict[str, str]) -> bool:
    """After a change to a record, tell the authors and the DPO of its DPIA when the DPIA no
    longer agrees with it (in the same transaction as the change); `fields` names the
    fields changed, by language."""
    if record.assessment is None:
        return False
    found = out_of_date(record.assessment)
    if found is None or not (found.answers or found.fields):
        return False
    _tell(actor, record.assessment, fields, "record")
    return True


def _once(assessment: Assessment, cause: str, key: str) -> bool:
    """Note that people are told of this cause; False when they already were."""
    try:
        with db.session.begin_nested():
            db.session.add(LivingNotice(assessment_id=assessment.id, cause=cause, key=key))
    except IntegrityError:
        return False
    return True


def tell_if_worse(actor: User, assessment: Assessment, measurement: Measurement) -> bool:
    """After a monitoring measurement (in its transaction): tell the authors and the DPO when
    it is worse than the one the decision relied on."""
    worse = _worse(assessment, measurement)
    if not worse or not _once(assessment, "measurement", str(measurement.id)):
        return False
    _tell(actor, assessment, {lang: ", ".join(
        f"{FIGURES[name].get(lang)} {_figure(old)} → {_figure(new)}" for name, old, new in worse)
        for lang in ("fr", "en")}, "measurement")
    return True


def _figure(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.2f}"


def tell_content_changes() -> int:
    """Tell the authors and the DPO of each approved assessment that the current
    questionnaire content would change (its verdict, tier, conclusion or answers), once per
    content version; run by `flask init-db` and the worker's daily pass. Returns how many
    assessments were concerned this time."""
    told = 0
    sha = current().sha256
    query = older_query().where(Assessment.status == "approved").where(
        ~select(LivingNotice.id).where(LivingNotice.assessment_id == Assessment.id,
                                       LivingNotice.cause == "content",
                                       LivingNotice.key == sha).exists())
    for assessment in db.session.scalars(query).all():
        impact = impact_of(assessment)
        if impact is None or not _once(assessment, "content", sha):
            continue
        if impact.changed:
            _tell(None, assessment, {lang: _impact_text(impact, lang)
                                     for lang in ("fr", "en")}, "content")
            told += 1
    return told


def _impact_text(impact: Impact, lang: str) -> str:
    from riskassess.core.ai_act import TIER_LABELS
    from riskassess.core.screening import VERDICT_LABELS
    from riskassess.labels import CONCLUSION_LABELS

    parts = []
    for labels, old, new in zip((VERDICT_LABELS, TIER_LABELS, CONCLUSION_LABELS),
                                impact.before, impact.after, strict=True):
        if old != new:
            parts.append(f"{_label(labels, old, lang)} → {_label(labels, new, lang)}")
    if impact.dropped:
        parts.append(", ".join(impact.dropped))
    return "; ".join(parts)


def _label(labels: dict, key: str, lang: str) -> str:
    from flask_babel import force_locale

    value = labels.get(key, key)
    if hasattr(value, "get"):
        return value.get(lang)
    with force_locale(lang):
        return str(value)

