"""Fonts, paragraph styles and page furniture shared by every report."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm

PAGE_SIZE = A4
MARGIN = 20 * mm
ZONE_COLOURS = {
    "low": colors.HexColor("#d9f0d3"),
    "medium": colors.HexColor("#fee8a8"),
    "high": colors.HexColor("#f4b6b0"),
}

_base = getSampleStyleSheet()
STYLES = {
    "title": ParagraphStyle("title", parent=_base["Title"], fontSize=22, leading=28),
    "subtitle": ParagraphStyle("subtitle", parent=_base["Normal"], fontSize=13, leading=18,
                               alignment=TA_CENTER),
    "h1": ParagraphStyle("h1", parent=_base["Heading1"], fontSize=16, spaceBefore=10),
    "h2": ParagraphStyle("h2", parent=_base["Heading2"], fontSize=13, spaceBefore=8),
    "body": ParagraphStyle("body", parent=_base["BodyText"], fontSize=10, leading=13.5),
    "small": ParagraphStyle("small", parent=_base["BodyText"], fontSize=8.5, leading=11),
    "question": ParagraphStyle("question", parent=_base["BodyText"], fontSize=10, leading=13,
                               fontName="Helvetica-Bold", spaceBefore=6),
    "toc1": ParagraphStyle("toc1", parent=_base["BodyText"], fontSize=10.5, leading=15,
                           leftIndent=0, fontName="Helvetica-Bold"),
    "toc2": ParagraphStyle("toc2", parent=_base["BodyText"], fontSize=9.5, leading=13,
                           leftIndent=12),
    "cell": ParagraphStyle("cell", parent=_base["BodyText"], fontSize=8, leading=10,
                           alignment=TA_CENTER),
}
