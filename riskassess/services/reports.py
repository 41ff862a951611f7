"""Report use cases: assemble the report data of an assessment, render it, store it."""

from __future__ import annotations

import hashlib

from flask_babel import force_locale
from flask_babel import gettext as _

from riskassess.core.answers import is_empty, is_visible, visible_answers
from riskassess.core.conditions import is_unknown
from riskassess.core.inference import chain_text
from riskassess.core.questionnaire import Question
from riskassess.extensions import db
from riskassess.labels import EVALUATION_LABELS, MEASURE_LABELS, sector_label, status_label
from riskassess.models import Assessment, Report
from riskassess.reports.pdf import AnsweredQuestion, ReportData, ReportSection, build_pdf
from riskassess.services.assessments import profile
from riskassess.services.catalogue import catalogue_for, questionnaire_for


def format_answer(question: Question, value, lang: str) -> str:
    """An answer as a person reads it, in the report's language."""
    if is_empty(value):
        return ""
    if is_unknown(value):
        return _("I don't know")
    if question.has_options:
        values = value if isinstance(value, list) else [value]
        labels = [o.label.get(lang) for o in question.options if o.value in values]
        return ", ".join(labels)
    if question.type == "measure":
        status = str(MEASURE_LABELS[value["status"]])
        if value.get("due"):
            return _("%(status)s: %(owner)s, by %(due)s", status=status, owner=value["owner"],
                     due=value["due"])
        return status
    return str(value)


def report_data(assessment: Assessment, lang: str = "fr") -> ReportData:
    questionnaire = questionnaire_for(assessment)
    answers = assessment.answer_values()
    counted = visible_answers(questionnaire, answers)
    sections = []
    for module in questionnaire.modules:
        items = [
            AnsweredQuestion(q.text.get(lang), format_answer(q, counted.get(q.id), lang))
            for q in module.questions
            if is_visible(q, counted)
        ]
        sections.append(ReportSection(module.title.get(lang), items))
    decided = assessment.status in ("approved", "rejected", "archived")
    full = profile(assessment)
    catalogue = catalogue_for(assessment)
    revision = assessment.revision
    titles = {r.id: r.title.get(lang) for r in catalogue.risks}
    return ReportData(
        lang=lang,
        title=assessment.title,
        organisation=assessment.organisation.name,
        owner=assessment.owner.name,
        sector=sector_label(assessment.sector),
        description=assessment.description,
        status=status_label(assessment.status),
        created_at=assessment.created_at,
        sections=sections,
        profile=full,
        decision=status_label(assessment.status) if decided else None,
        dpo_name=assessment.decided_by.name if assessment.decided_by else None,
        decided_at=assessment.decided_at,
        opinion=assessment.dpo_opinion,
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
    )


def render_pdf(assessment: Assessment, lang: str = "fr") -> bytes:
    with force_locale(lang):
        return build_pdf(report_data(assessment, lang))


def store_report(assessment: Assessment, lang: str = "fr") -> Report:
    pdf = render_pdf(assessment, lang)
    report = Report(assessment=assessment, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())
    db.session.add(report)
    db.session.flush()
    return report


def title_for_download(assessment: Assessment) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in assessment.title.lower()).strip("-")
    return f"aipd-{assessment.id}-{safe[:40] or 'report'}.pdf"

