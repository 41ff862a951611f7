"""Report use cases: assemble the report data of an assessment, render it, store it."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from riskassess.core.answers import is_empty, is_visible, visible_answers
from riskassess.core.conditions import is_unknown
from riskassess.core.inference import chain_text
from riskassess.core.questionnaire import Question
from riskassess.core.risk_profile import Profile, to_dict
from riskassess.core.timeutil import as_utc
from riskassess.core.workflow import departs
from riskassess.extensions import db
from riskassess.labels import (
    DECISION_LABELS,
    EVALUATION_LABELS,
    OPINION_LABELS,
    filesize,
    format_answer,
    status_label,
)
from riskassess.models import Assessment, Report
from riskassess.reports.data import AnsweredQuestion, ReportData, ReportSection, RiskDetail
from riskassess.services.assessments import profile
from riskassess.services.catalogue import (
    catalogue_for,
    questionnaire_for,
    risk_catalogue,
    sector_label,
)


def _state(question: Question, counted, answers) -> str:
    if not is_visible(question, counted):
        return "not_applicable"
    value = counted.get(question.id)
    if is_empty(value):
        return "unanswered"
    return "unknown" if is_unknown(value) else "answered"


def _sections(assessment: Assessment, questionnaire, lang: str) -> list[ReportSection]:
    """Every module with every question, each marked answered, unknown, unanswered or not
    applicable, and the DPO's evaluation of the module in this revision."""
    answers = assessment.answer_values()
    counted = visible_answers(questionnaire, answers)
    evaluations = {e.module_id: (str(EVALUATION_LABELS[e.status]), e.comment or "")
                   for e in assessment.evaluations if e.revision == assessment.revision}
    sections = []
    for module in questionnaire.modules:
        items = [AnsweredQuestion(q.text.get(lang), format_answer(q, counted.get(q.id), lang),
                                  _state(q, counted, answers))
                 for q in module.questions]
        kept = [(f"[{k['reference']}] {k['label']}", k["text"])
                for k in (assessment.pia_kept or {}).get(module.id, [])]
        sections.append(ReportSection(module.title.get(lang), items, module.id,
                                      evaluations.get(module.id), kept))
    return sections


def _measure_answer(question: Question, value: object, lang: str) -> str:
    """A measure's status with how it is applied; one in place or planned without that
    description says so, since the reader (a DPO, the authority) needs it to judge it."""
    text = format_answer(question, value, lang)
    if isinstance(value, dict) and value.get("status") in ("existing", "planned") \
            and not value.get("description"):
        text = _("%(answer)s — how it is applied is not described", answer=text)
    return text


def _risk_details(assessment: Assessment, lang: str) -> dict[str, RiskDetail]:
    """Per risk: its catalogue texts and the measures addressing it with their answers (a
    measure that does not apply given other answers shows as not answered, as in the annex)."""
    counted = visible_answers(questionnaire_for(assessment), assessment.answer_values())
    details = {}
    for risk_id, info in risk_catalogue(assessment).items():
        risk = info["risk"]
        details[risk_id] = RiskDetail(
            description=risk.description.get(lang),
            impacts=risk.impacts.get(lang) if risk.impacts else "",
            sources=risk.sources.get(lang) if risk.sources else "",
            measures=[(q.text.get(lang), _measure_answer(q, counted.get(q.id), lang))
                      for q in info["measures"]],
            estimate=(assessment.pia_estimates or {}).get(risk_id),
        )
    return details


def _canonical(value):
    """Datetimes in UTC whatever the database returned (SQLite drops the time zone)."""
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    return str(value)


def fingerprint(data: ReportData) -> str:
    """SHA-256 of what the report says (answers, profile, review, decision), independent of
    the layout: two reports with the same fingerprint carry the same content."""
    content = {
        "lang": data.lang, "title": data.title, "organisation": data.organisation,
        "authors": data.authors, "revision": data.revision, "status": data.status,
        "description": data.description, "created_at": data.created_at,
        "sections": [[s.module_id, s.evaluation, [[i.question, i.answer, i.state]
                                                  for i in s.items]] for s in data.sections],
        "profile": to_dict(data.profile, data.lang),
        "decision": [data.decision, data.dpo_name, data.decided_at, data.opinion],
        "opinion": [data.opinion_kind, data.opinion_at, data.decider_name, data.decision_text],
        "evaluations": data.evaluations, "adjustments": data.adjustments,
        "data_subjects": [data.data_subjects_sought, data.data_subjects_opinion],
    }
    if data.files:  # absent from reports made before files existed, which keep their print
        content["files"] = data.files
    if data.imported:  # likewise: printed only since imported provenance is
        content["imported"] = data.imported
    if data.submitted_at:  # likewise: printed in the validation table since issue 21
        content["submitted_at"] = data.submitted_at
    kept = {s.module_id: s.kept for s in data.sections if s.kept}
    if kept:  # likewise
        content["kept"] = kept
    estimates = {k: d.estimate for k, d in data.risk_details.items() if d.estimate}
    if estimates:  # likewise
        content["estimates"] = estimates
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=_canonical)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def report_data(assessment: Assessment, lang: str = "fr",
                full: Profile | None = None) -> ReportData:
    """Everything the report says, with interface labels in `lang`; `full` is the
    assessment's profile when the caller has it already (an approval: computed once)."""
    with force_locale(lang):
        return _report_data(assessment, lang, full)


def _report_data(assessment: Assessment, lang: str, full: Profile | None) -> ReportData:
    questionnaire = questionnaire_for(assessment)
    decided = assessment.status in ("approved", "rejected", "archived")
    full = full or profile(assessment)
    catalogue = catalogue_for(assessment)
    revision = assessment.revision
    titles = {r.id: r.title.get(lang) for r in catalogue.risks}
    data = ReportData(
        lang=lang,
        title=assessment.title,
        organisation=assessment.organisation.name,
        owner=assessment.owner.name,
        sector=sector_label(assessment.sector),
        description=assessment.description,
        status=status_label(assessment.status),
        created_at=assessment.created_at,
        submitted_at=assessment.submitted_at,
        sections=_sections(assessment, questionnaire, lang),
        profile=full,
        decision=(str(DECISION_LABELS.get(assessment.decision_kind, ""))
                  or status_label(assessment.status)) if decided else None,
        dpo_name=(assessment.opinion_by or assessment.decided_by).name
        if (assessment.opinion_by or assessment.decided_by) else None,
        decided_at=assessment.decided_at,
        opinion=assessment.dpo_opinion,
        opinion_kind=str(OPINION_LABELS[assessment.opinion_kind])
        if assessment.opinion_kind in OPINION_LABELS else None,
        opinion_at=assessment.opinion_at,
        decider_name=assessment.decided_by.name
        if decided and assessment.decided_by else None,
        decision_text=assessment.decision_text,
        departs=bool(decided and departs(assessment.opinion_kind,
                                         assessment.decision_kind or "")),
        chains={i.trait.id: chain_text(catalogue, i) for i in full.inferences},
        evaluations=[(questionnaire.module(e.module_id).title.get(lang),
                      str(EVALUATION_LABELS[e.status]), e.comment)
                     for e in assessment.evaluations
                     if e.revision == revision and questionnaire.module(e.module_id)],
        adjustments=[(titles.get(a.risk_id, a.risk_id), a.severity, a.likelihood,
                      a.justification, a.author.name)
                     for a in assessment.adjustments if a.revision == revision],
        data_subjects_sought=assessment.data_subjects_sought,
        data_subjects_opinion=assessment.data_subjects_opinion,
        revision=revision,
        authors=[assessment.owner.name, *sorted(u.name for u in assessment.coauthors)],
        risk_details=_risk_details(assessment, lang),
        files=[(f.name, questionnaire.question(f.question_id).text.get(lang)
                if f.question_id and questionnaire.question(f.question_id)
                else _("The whole assessment"), filesize(f.size), f.sha256)
               for f in assessment.files],
        imported=assessment.imported_review,
        logo=assessment.organisation.logo,
        classification=assessment.organisation.classification or _("Restricted distribution"),
    )
    data.fingerprint = fingerprint(data)
    return data


def render_pdf(assessment: Assessment, lang: str = "fr", full: Profile | None = None) -> bytes:
    from riskassess.reports.pdf import build_pdf  # ReportLab, loaded when a report is built

    with force_locale(lang):
        return build_pdf(report_data(assessment, lang, full))


EDITIONS = ("fr", "en")  # the French edition is the one filed; English is offered beside it


def store_report(assessment: Assessment, lang: str = "fr",
                 full: Profile | None = None) -> Report:
    pdf = render_pdf(assessment, lang, full)
    report = Report(assessment=assessment, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(),
                    lang=lang, revision=assessment.revision)
    db.session.add(report)
    db.session.flush()
    return report


def title_for_download(assessment: Assessment, lang: str = "fr") -> str:
    safe = "".join(c if c.isalnum() else "-" for c in assessment.title.lower()).strip("-")
    suffix = "" if lang == "fr" else f"-{lang}"
    return f"aipd-{assessment.id}-{safe[:40] or 'report'}{suffix}.pdf"


def render_edition(assessment: Assessment, kind: str, lang: str = "fr") -> bytes:
    """The report of the current revision as an editable working copy: "docx" (Word) or
    "odt" (OpenDocument), with the same sections, tables, figures and annex as the PDF."""
    from riskassess.reports.editions.blocks import blocks
    from riskassess.reports.editions.opendocument import build_odt
    from riskassess.reports.editions.word import build_docx

    build = {"docx": build_docx, "odt": build_odt}[kind]
    with force_locale(lang):
        data = report_data(assessment, lang)
        return build(blocks(data), data.title, lang)
