"""The AIPD-style PDF report.

`build_pdf(data)` lays out a `ReportData` and returns the PDF bytes: cover, contents, executive
summary, 1 context, 2 fundamental principles, 3 risks (map and details), 4 ethics and evidence,
5 action plan, 6 opinions and validation, annex of every question. Every user-supplied string
is escaped before it reaches ReportLab's paragraph markup (reports/paragraphs.py). Interface strings
come from Flask-Babel's gettext, so the caller chooses the language with `force_locale`.
"""

from __future__ import annotations

import io

from flask_babel import gettext as _

from riskassess.reports import pdf_annex, pdf_body, pdf_evidence, pdf_front
from riskassess.reports.contents import contents_lines
from riskassess.reports.data import (  # noqa: F401 -- the data's home; named here too
    STATES,
    AnsweredQuestion,
    ReportData,
    ReportSection,
    RiskDetail,
)
from riskassess.reports.document import ReportTemplate, canvas_maker
from riskassess.reports.styles import MARGIN, PAGE_SIZE, STYLES


def story_body(data: ReportData) -> list:
    """Every section after the cover and the contents, as ReportLab flowables (also read by
    the Word and OpenDocument editions, reports/editions/blocks.py)."""
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
    mark = data.classification[:50]
    header = f"riskassess — {data.title}"[:90 - len(mark)]
    doc.build(story, canvasmaker=canvas_maker(header, data.decided_at, mark))
    return buffer.getvalue()
