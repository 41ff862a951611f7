"""CNIL PIA files: export an assessment (its current revision) as a document of the CNIL's PIA
tool, and import such a document as a new draft of the importing owner.

The mapping itself is pure (interchange/cnil/mapping.py, documented in docs/pia-format.md).
An import keeps
whatever has no place in our model in the new assessment's description, and returns it so
that the page or the command reports it.
"""

from __future__ import annotations

from typing import Any

from riskassess.core import limits, provenance
from riskassess.core.answers import AnswerError, parse_answer, visible_answers
from riskassess.core.custom_measures import Definition, question
from riskassess.core.timeutil import as_utc
from riskassess.extensions import db
from riskassess.interchange.cnil.mapping import (
    PiaContent,
    PiaError,
    PiaSource,
    RiskLevels,
    Unmapped,
    from_pia,
    kept_by_module,
    report_text,
    to_pia,
)
from riskassess.models import Assessment, CustomMeasure, User, utcnow
from riskassess.services import assessments, audit
from riskassess.services.catalogue import (
    SECTOR_QUESTION,
    catalogue_for,
    default_questionnaire,
    questionnaire_for,
)

__all__ = ["PiaError", "Unmapped", "export_pia", "import_pia"]
DEFAULT_SECTOR = "other"  # the CNIL format has no sector: the owner answers ctx_sector


def _time(value) -> str | None:
    """ISO time in UTC, as the CNIL tool writes it (SQLite returns naive UTC datetimes)."""
    if not value:
        return None
    return as_utc(value).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _source(assessment: Assessment, lang: str) -> PiaSource:
    questionnaire = questionnaire_for(assessment)
    revision = assessment.revision
    evaluations = [e for e in assessment.evaluations if e.revision == revision]
    adjustments = [a for a in assessment.adjustments if a.revision == revision]
    reviewers = sorted({item.author.name for item in evaluations + adjustments if item.author})
    # the CNIL tool's validator is our decider; its DPO is who gave the opinion
    decider = assessment.decided_by.name if assessment.decided_by else ""
    adviser = assessment.opinion_by.name if assessment.opinion_by else decider
    risks = {
        risk.id: RiskLevels(
            (risk.initial.severity, risk.initial.likelihood),
            (risk.residual.severity, risk.residual.likelihood),
            tuple(reason.explanation.get(lang) for reason in risk.reasons
                  if reason.kind == "raises"))
        for risk in assessments.profile(assessment).risks.risks}
    return PiaSource(
        title=assessment.title, status=assessment.status,
        answers=visible_answers(questionnaire, assessment.answer_values()),
        author=assessment.owner.name, evaluator=", ".join(reviewers), validator=decider,
        dpo_names=adviser or ", ".join(reviewers), risks=risks,
        evaluations={e.module_id: (e.status, e.comment) for e in evaluations},
        adjustments={a.risk_id: (a.severity, a.likelihood, a.justification)
                     for a in adjustments},
        comments=tuple((c.target_type, c.target_id, c.body) for c in assessment.comments
                       if c.revision == revision),
        dpo_opinion=assessment.dpo_opinion,
        data_subjects_sought=assessment.data_subjects_sought,
        data_subjects_opinion=assessment.data_subjects_opinion,
        created_at=_time(assessment.created_at), updated_at=_time(assessment.updated_at),
    )


def export_pia(assessment: Assessment, lang: str = "fr") -> dict[str, Any]:
    """The assessment's current revision as a CNIL PIA document."""
    return to_pia(_source(assessment, lang), questionnaire_for(assessment),
                  catalogue_for(assessment).risks, lang)


def _imported_review(content: PiaContent) -> dict[str, Any] | None:
    """The CNIL file's status, DPO opinion, evaluations and adjustments, as provenance
    (core/provenance.py): nobody of this instance made them."""
    return provenance.imported_review(
        "cnil-pia", status=content.pia_status, opinion=content.dpo_opinion,
        evaluations=[{"module": module_id, "status": status, "comment": comment}
                     for module_id, (status, comment) in content.evaluations.items()],
        adjustments=[{"risk": risk_id, "severity": severity, "likelihood": likelihood,
                      "justification": why}
                     for risk_id, (severity, likelihood, why) in content.adjustments.items()],
        people=list(content.people))


def _own_measures(importer: User, assessment: Assessment, content: PiaContent) -> list[str]:
    """The CNIL measures that are not ours, as measures of the owner's own with no effect
    stated (the owner states it): their titles."""
    made = []
    for measure in (m for m in content.measures if m.question_id is None):
        own = CustomMeasure(title=measure.title, risks=list(measure.risks), effect="none",
                            justification="", created_by_id=importer.id)
        assessment.custom_measures.append(own)
        db.session.flush()
        definition = Definition(own.id, own.title, tuple(own.risks), own.effect, "")
        try:
            value = parse_answer(question(definition), measure.value)
        except AnswerError:  # e.g. planned without a date: existing, its words kept
            value = {"status": "existing",
                     **({"description": measure.content[:limits.TEXT]}
                        if measure.content else {})}
        assessments.store_answers(assessment, {definition.question_id: value})
        made.append(measure.title)
    return made


def _check_lengths(content: PiaContent, kept: str) -> None:
    """Every text an import stores within its limit (core/limits.py), all problems named."""
    problems = [f"answers: {question_id}: too long (at most {limits.TEXT} characters)"
                for question_id, value in content.answers.items()
                if isinstance(value, str) and len(value) > limits.TEXT]
    for name, value in (("pia.dpo_opinion", content.dpo_opinion),
                        ("pia.concerned_people_opinion", content.data_subjects_opinion)):
        if value and len(value) > limits.TEXT:
            problems.append(f"{name}: too long (at most {limits.TEXT} characters)")
    if len(kept) > limits.KEPT:
        problems.append(f"content without a place in the questionnaire: too long (at most "
                        f"{limits.KEPT} characters in all)")
    if problems:
        raise PiaError("; ".join(problems))


def import_pia(importer: User, document: Any, lang: str = "fr"
               ) -> tuple[Assessment, tuple[Unmapped, ...], tuple[str, ...]]:
    """A new draft of `importer` from a CNIL PIA document; returns it with the content that
    has no place in our model (kept in its description) and the warnings on known defects of
    the file that were tolerated, each naming its place.

    Raises PiaError for a malformed document (nothing is created) and
    services.errors.PermissionDenied when the importer may not create assessments.
    """
    content = from_pia(document, default_questionnaire(), lang)
    kept = report_text(content, lang)
    _check_lengths(content, kept)
    assessment = assessments.create(importer, content.title, kept, DEFAULT_SECTOR)
    # create() answers the sector question from the sector given; the CNIL file has none.
    assessments.store_answers(assessment, {SECTOR_QUESTION: None, **content.answers})
    own = _own_measures(importer, assessment, content)
    assessment.pia_estimates = content.estimates or None
    assessment.pia_kept = kept_by_module(content) or None
    assessment.imported_review = _imported_review(content)
    assessment.data_subjects_sought = content.data_subjects_sought
    assessment.data_subjects_opinion = content.data_subjects_opinion
    assessment.updated_at = utcnow()
    audit.record(importer, "assessment.imported", assessment, title=assessment.title,
                 format="cnil-pia", pia_status=content.pia_status,
                 answers=sorted(content.answers),
                 unmapped=[item.reference for item in content.unmapped],
                 own_measures=own,
                 warnings=list(content.warnings),
                 kept_as_provenance=provenance.counts(assessment.imported_review))
    return assessment, content.unmapped, content.warnings
