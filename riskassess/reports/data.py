"""What the report says, built by services/reports.py and laid out by the PDF (pdf.py) and the
editable editions (reports/editions/): plain data, without ReportLab, so that reading or
building it does not load the layout engine (issue 20: start-up time)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from riskassess.core.risk_profile import Profile

SHOWN_IN_BODY = ("answered", "unknown")  # the states of the answers a section prints

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
        return [i for i in self.items if i.state in SHOWN_IN_BODY]


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
    submitted_at: datetime | None = None  # the last submission to the DPO (None: never)
    # the organisation's logo (PNG, services/organisation.py) and classification mention:
    # layout, not content, so outside the fingerprint
    logo: bytes | None = None
    classification: str = ""

    @property
    def decided_by_dpo(self) -> bool:
        """Decided before the decider role existed: the DPO gave the opinion and took the
        decision (the validation table and the signatures then have no decider)."""
        return bool(self.decision and not self.opinion_kind)

    @property
    def dpo_said(self) -> tuple[str | None, datetime | None]:
        """What the DPO's line of the validation says, and when: the opinion, or the decision
        of a DPO who decided alone."""
        if self.decided_by_dpo:
            return self.decision, self.decided_at
        return self.opinion_kind, self.opinion_at

    def section(self, module_id: str) -> ReportSection | None:
        return next((s for s in self.sections if s.module_id == module_id), None)
