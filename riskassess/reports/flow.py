"""Small builders shared by the report's sections: escaped paragraphs, dates, grid tables."""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Table, TableStyle

from riskassess.reports.styles import BASE_TABLE_STYLE, STYLES


def p(text: str, style: str = "body") -> Paragraph:
    """A paragraph of user text: escaped, with line breaks kept. Long words still wrap."""
    return Paragraph(escape(text or "").replace("\n", "<br/>"), STYLES[style])


def date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def grid(rows: list, widths: list, header: bool = True) -> Table:
    """A table with thin grid lines; the header row repeats on every page it spans."""
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    style = [*BASE_TABLE_STYLE, ("GRID", (0, 0), (-1, -1), 0.3, colors.grey)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    table.setStyle(TableStyle(style))
    return table
