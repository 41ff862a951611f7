"""The AIPD-style PDF report.

`build_pdf(data)` lays out a `ReportData` and returns the PDF bytes: cover, contents, executive
summary, 1 context, 2 fundamental principles, 3 risks (map and details), 4 ethics and evidence,
5 action plan, 6 opinions and validation, annex of every question. Every user-supplied string
is escaped before it reaches ReportLab's paragraph markup (reports/flow.py). Interface strings
come from Flask-Babel's gettext, so the caller chooses the language with `force_locale`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _

from riskassess.core.profile import Profile
from riskassess.reports import pdf_annex, pdf_body, pdf_evidence, pdf_front
from riskassess.reports.contents import contents_lines
from riskassess.reports.document import ReportTemplate, canvas_maker
from riskassess.reports.styles import MARGIN, PAGE_SIZE, STYLES

STATES = ("answered", "unknown", "unanswered", "not_applicable")


@dataclass
class AnsweredQuestion:
    question: str
    answer: str  # already rendered in the report's language; "" when unanswered
    state: str = "answered"  # one of STATES


@dataclass
class ReportSection:
    title: str
    items: list[AnsweredQuestion] = field(default_factory=list)
    module_id: str = ""
    evaluation: tuple[str, str] | None = None  # (DPO's evaluation, comment)
    kept: list[tuple[str, str]] = field(default_factory=list)  # from an imported CNIL PIA

    @property
    def shown(self) -> list[AnsweredQuestion]:
        """What the body of the report shows: answers given, "I don't know" included."""
        return [i for i in self.items if i.state in pdf_body.SHOWN_IN_BODY]


@dataclass
class RiskDetail:
    description: str
    impacts: str = ""
    sources: str = ""
    measures: list[tuple[str, str]] = field(default_factory=list)  # (measure, its answer)
    estimate: dict | None = None  # the assessor's estimate of an imported CNIL PIA


@dataclass
class ReportData:
    lang: str
    title: str
    organisation: str
    owner: str
    sector: str
    description: str
    status: str
    created_at: datetime
    sections: list[ReportSection]
    profile: Profile
    decision: str | None = None  # the decision's label (approved, with conditions, refused)
    dpo_name: str | None = None  # who gave the opinion
    decided_at: datetime | None = None
    opinion: str | None = None  # the DPO's opinion, its text
    opinion_kind: str | None = None  # its label (favourable…); None: decided by the DPO alone
    opinion_at: datetime | None = None
    decider_name: str | None = None
    decision_text: str | None = None  # conditions, or the reasons of the decision
    departs: bool = False  # the decision departs from the DPO's opinion
    chains: dict = field(default_factory=dict)  # trait id -> Text of its inference chain
    evaluations: list = field(default_factory=list)  # (module, evaluation, comment)
    adjustments: list = field(default_factory=list)  # (risk, severity, likelihood, why, who)
    data_subjects_sought: bool = False
    data_subjects_opinion: str | None = None
    revision: int = 1
    authors: list[str] = field(default_factory=list)
    risk_details: dict[str, RiskDetail] = field(default_factory=dict)
    fingerprint: str = ""  # SHA-256 of the content, printed on the cover
    files: list[tuple[str, str, str, str]] = field(default_factory=list)  # evidence files:
    # (name, what it concerns, size, SHA-256)
    imported: dict | None = None  # what an imported file said of its review (provenance)

    def section(self, module_id: str) -> ReportSection | None:
        return next((s for s in self.sections if s.module_id == module_id), None)


def story_body(data: ReportData) -> list:
    """Every section after the cover and the contents, as ReportLab flowables (also read by
    the Word and OpenDocument editions, interchange/editions/blocks.py)."""
    return [
        *pdf_front.summary(data), *pdf_body.context(data), *pdf_body.principles(data),
        *pdf_body.risks(data), *pdf_evidence.ethics(data), *pdf_body.action_plan(data),
        *pdf_annex.validation(data), *pdf_annex.annex(data),
    ]


def build_pdf(data: ReportData) -> bytes:
    """The report; the same data (and approval time) always gives the same bytes."""
    buffer = io.BytesIO()
    doc = ReportTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=data.title,
        author=", ".join(data.authors) or data.owner,
        subject=_("Privacy and ethics impact assessment (AIPD)"),
        keywords=data.fingerprint,
        creator="riskassess",
        lang=data.lang,
        invariant=1,
    )
    body = story_body(data)
    story = [*pdf_front.cover(data), *pdf_front.contents(contents_lines(body, STYLES)), *body]
    header = f"riskassess — {data.title}"[:90]
    doc.build(story, canvasmaker=canvas_maker(header, data.decided_at))
    return buffer.getvalue()
