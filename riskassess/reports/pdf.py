"""The AIPD-style PDF report: cover, context answers, risk map and table, DPO decision.

`build_pdf(data)` lays out a `ReportData` and returns the PDF bytes. Every user-supplied string
is escaped before it reaches ReportLab's paragraph markup. Interface strings come from
Flask-Babel's gettext, so the caller chooses the language with `force_locale`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from riskassess.core.profile import Profile
from riskassess.core.scoring import RiskProfile, zone
from riskassess.reports import pdf_evidence
from riskassess.reports.document import ReportTemplate, canvas_maker
from riskassess.reports.styles import MARGIN, PAGE_SIZE, STYLES, ZONE_COLOURS


@dataclass
class AnsweredQuestion:
    question: str
    answer: str  # already rendered in the report's language; "" when unanswered


@dataclass
class ReportSection:
    title: str
    items: list[AnsweredQuestion] = field(default_factory=list)


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
    decision: str | None = None
    dpo_name: str | None = None
    decided_at: datetime | None = None
    opinion: str | None = None
    chains: dict = field(default_factory=dict)  # trait id -> Text of its inference chain
    evaluations: list = field(default_factory=list)  # (module, evaluation, comment)
    adjustments: list = field(default_factory=list)  # (risk, severity, likelihood, why, who)
    data_subjects_sought: bool = False
    data_subjects_opinion: str | None = None


def _p(text: str, style: str = "body") -> Paragraph:
    """A paragraph of user text: escaped, with line breaks kept."""
    return Paragraph(escape(text or "").replace("\n", "<br/>"), STYLES[style])


def _date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def _cover(data: ReportData) -> list:
    rows = [
        (_("Organisation"), data.organisation),
        (_("Project owner"), data.owner),
        (_("Sector"), data.sector),
        (_("Status"), data.status),
        (_("Created"), _date(data.created_at)),
        (_("Decision date"), _date(data.decided_at)),
    ]
    table = Table(
        [[_p(k, "question"), _p(v)] for k, v in rows], colWidths=[45 * mm, 115 * mm]
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [
        Spacer(1, 40 * mm),
        _p(_("Privacy and ethics impact assessment (AIPD)"), "subtitle"),
        Spacer(1, 8 * mm),
        _p(data.title, "title"),
        Spacer(1, 12 * mm),
        table,
        PageBreak(),
    ]


def _context(data: ReportData) -> list:
    story: list = [_p(_("1. Context and answers"), "h1")]
    if data.description:
        story += [_p(_("Description"), "h2"), _p(data.description)]
    for section in data.sections:
        story.append(_p(section.title, "h2"))
        for item in section.items:
            answer = item.answer or _("(not answered)")
            story.append(KeepTogether([_p(item.question, "question"), _p(answer)]))
    return story


def _risk_map(profile: RiskProfile, lang: str) -> Table:
    """A 4×4 grid, severity upwards, likelihood rightwards; I = initial, R = residual."""
    numbers = {r.id: str(i + 1) for i, r in enumerate(profile.risks)}
    initial, residual = profile.cells("initial"), profile.cells("residual")
    header = [_p(_("Severity") + " \\ " + _("Likelihood"), "cell")]
    header += [_p(str(lik), "cell") for lik in range(1, 5)]
    rows = [header]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for row, severity in enumerate(range(4, 0, -1), start=1):
        cells = [_p(str(severity), "cell")]
        for col, likelihood in enumerate(range(1, 5), start=1):
            marks = [f"I{numbers[r.id]}" for r in initial.get((severity, likelihood), [])]
            marks += [f"R{numbers[r.id]}" for r in residual.get((severity, likelihood), [])]
            cells.append(_p(" ".join(marks), "cell"))
            style.append(
                ("BACKGROUND", (col, row), (col, row), ZONE_COLOURS[zone(severity, likelihood)])
            )
        rows.append(cells)
    table = Table(rows, colWidths=[30 * mm] + [25 * mm] * 4, rowHeights=[10 * mm] + [14 * mm] * 4)
    table.setStyle(TableStyle(style))
    return table


def _summary(data: ReportData) -> list:
    """The verdicts: is an AIPD required, which AI Act tier, the overall conclusion."""
    profile, lang = data.profile, data.lang
    story: list = [_p(_("Summary"), "h1")]
    for title, value, reasons in (
        (_("DPIA screening"), profile.screening.label, profile.screening.reasons),
        (_("EU AI Act"), profile.ai_act.label, profile.ai_act.reasons),
        (_("Conclusion (residual risks)"), profile.conclusion_text, ()),
    ):
        story += [_p(f"{title} : {value.get(lang)}" if lang == "fr"
                     else f"{title}: {value.get(lang)}", "question")]
        story += [_p(f"• {reason.get(lang)}", "small") for reason in reasons]
    story.append(_p(_("Pillar summary"), "h2"))
    story += [_p(f"{p.label.get(lang)} : {p.score}/100" if lang == "fr"
                 else f"{p.label.get(lang)}: {p.score}/100", "body") for p in profile.pillars]
    return [*story, PageBreak()]


def _action_plan(data: ReportData) -> list:
    lang = data.lang
    titles = {r.id: r.title.get(lang) for r in data.profile.risks.risks}
    rows = [[_p(_("Measure"), "question"), _p(_("Risks addressed"), "question"),
             _p(_("Owner"), "question"), _p(_("Due date"), "question"),
             _p(_("Status"), "question")]]
    for action in data.profile.action_plan:
        status = _("Planned") if action.status == "planned" else _("Suggested")
        rows.append([_p(action.measure.get(lang), "small"),
                     _p(", ".join(titles[r] for r in action.risks), "small"),
                     _p(action.owner or "—", "small"), _p(action.due or "—", "small"),
                     _p(status, "small")])
    story: list = [_p(_("Action plan"), "h2")]
    if len(rows) == 1:
        return [*story, _p(_("None."))]
    table = Table(rows, colWidths=[62 * mm, 45 * mm, 25 * mm, 20 * mm, 18 * mm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [*story, table]


def _risks(data: ReportData) -> list:
    profile = data.profile.risks
    story: list = [PageBreak(), _p(_("2. Risks"), "h1"), _p(_("Risk map"), "h2")]
    story += [_risk_map(profile, data.lang), Spacer(1, 3 * mm)]
    story.append(_p(_("I = initial risk, R = residual risk after measures."), "small"))
    for number, risk in enumerate(profile.risks, start=1):
        story.append(_p(f"{number}. {risk.title.get(data.lang)}", "h2"))
        story.append(
            _p(
                _("Initial: severity %(s)d, likelihood %(l)d. Residual: severity %(rs)d, "
                  "likelihood %(rl)d.", s=risk.initial.severity, l=risk.initial.likelihood,
                  rs=risk.residual.severity, rl=risk.residual.likelihood)
            )
        )
        if not risk.reasons:
            story.append(_p(_("No answer raised or lowered this risk."), "small"))
        for reason in risk.reasons:
            story.append(
                _p(
                    f"• {reason.question.get(data.lang)} → {reason.answer.get(data.lang)} "
                    f"({reason.effect.get(data.lang)}): {reason.explanation.get(data.lang)}"
                    if reason.has_answer else f"• {reason.explanation.get(data.lang)}",
                    "small",
                )
            )
    return [*story, *_action_plan(data), *pdf_evidence.evidence(data, _p)]


def _decision(data: ReportData) -> list:
    story: list = [_p(_("3. DPO opinion and decision"), "h1"), *pdf_evidence.review(data, _p)]
    if not data.decision:
        return [*story, _p(_("No decision has been recorded yet."))]
    story += [
        _p(_("Decision: %(decision)s", decision=data.decision), "question"),
        _p(_("By %(name)s on %(date)s", name=data.dpo_name or "—", date=_date(data.decided_at))),
        _p(_("Opinion"), "h2"),
        _p(data.opinion or ""),
    ]
    return story


def _contents() -> list:
    toc = TableOfContents()
    toc.levelStyles = [STYLES["toc1"], STYLES["toc2"]]
    return [_p(_("Contents"), "subtitle"), Spacer(1, 4 * mm), toc, PageBreak()]


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
        author=data.owner,
        subject=_("Privacy and ethics impact assessment (AIPD)"),
        creator="riskassess",
        invariant=1,
    )
    story = (_cover(data) + _contents() + _summary(data) + _context(data) + _risks(data)
             + _decision(data))
    header = f"riskassess — {data.title}"[:90]
    doc.multiBuild(story, canvasmaker=canvas_maker(header, data.decided_at))
    return buffer.getvalue()
