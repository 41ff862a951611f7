"""The register of processing activities as a PDF, in the house style of the report
(reports/styles.py, page numbers and outline from reports/document.py): a cover line, then one
section per record with its fields as a two-column table. Every user-supplied string is
escaped on its way into ReportLab's markup (reports/paragraphs.py `p`)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from reportlab.lib.units import mm

from riskassess.core import register as rules
from riskassess.reports.document import ReportTemplate, canvas_maker
from riskassess.reports.paragraphs import grid, p
from riskassess.reports.styles import MARGIN, PAGE_SIZE


def _value(field: rules.Field, value: Any, categories: Mapping[str, Any], lang: str) -> str:
    if field.kind == "categories":
        names = []
        for c in value or []:
            label = categories[c].label.get(lang) if c in categories else c
            special = c in categories and categories[c].special != "none"
            names.append(_("%(category)s (sensitive)", category=label) if special else label)
        return ", ".join(names) or "—"
    if field.kind == "legal_basis":
        return rules.LEGAL_BASES[value].get(lang) if value in rules.LEGAL_BASES else "—"
    return str(value or "—")


def build(organisation: str, records: Iterable[Any], categories: Mapping[str, Any],
          lang: str, made_at: datetime) -> bytes:
    """The PDF; `records` carry `kind`, `name`, `values` and `updated_at`."""
    buffer = io.BytesIO()
    title = _("Register of processing activities")
    doc = ReportTemplate(buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN, bottomMargin=MARGIN, title=title,
                         author=organisation, creator="riskassess", lang=lang, invariant=1)
    story: list = [p(title, "title"), p(organisation, "subtitle"),
                   p(_("GDPR Article 30. Made on %(day)s.",
                       day=made_at.strftime("%Y-%m-%d")), "muted")]
    count = 0
    for record in records:
        count += 1
        rows = [[p(field.label.get(lang), "small"),
                 p(_value(field, record.values.get(field.name), categories, lang), "small")]
                for field in rules.fields_of(record.kind)]
        story += [p(record.name, "h1"),
                  p(f"{rules.KIND_LABELS[record.kind].get(lang)} — "
                    + _("last change %(day)s", day=record.updated_at.strftime("%Y-%m-%d")),
                    "muted"),
                  grid(rows, [55 * mm, 115 * mm], header=False)]
    if not count:
        story.append(p(_("The register is empty."), "body"))
    doc.build(story, canvasmaker=canvas_maker(f"riskassess — {title}"[:90], made_at))
    return buffer.getvalue()
