"""Fonts, paragraph styles and colours shared by every report.

The DejaVu fonts ship with the package (riskassess/reports/fonts, Bitstream Vera licence) and
are embedded (subset) in every PDF, so French typography — ’ « » œ € — renders and extracts
the same on every machine.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics import shapes
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

PAGE_SIZE = A4
MARGIN = 20 * mm
ZONE_COLOURS = {
    "low": colors.HexColor("#d9f0d3"),
    "medium": colors.HexColor("#fee8a8"),
    "high": colors.HexColor("#f4b6b0"),
}
FONT_DIR = Path(__file__).with_name("fonts")
FONT, BOLD, MONO = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono"


def register_fonts() -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name in (FONT, BOLD, MONO):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    # figures (reportlab.graphics) start from this state: no Helvetica anywhere in a report
    shapes.STATE_DEFAULTS["fontName"] = FONT


register_fonts()

_base = getSampleStyleSheet()


def _style(name: str, parent: str = "BodyText", **kwargs) -> ParagraphStyle:
    kwargs.setdefault("fontName", FONT)
    return ParagraphStyle(name, parent=_base[parent], **kwargs)


# headings and questions never end a page: each stays with what follows it (keepWithNext)
STYLES = {
    "title": _style("title", "Title", fontName=BOLD, fontSize=22, leading=28),
    "subtitle": _style("subtitle", "Normal", fontSize=13, leading=18, alignment=TA_CENTER),
    "h1": _style("h1", "Heading1", fontName=BOLD, fontSize=16, leading=20, spaceBefore=10,
                 keepWithNext=1),
    "h2": _style("h2", "Heading2", fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=8,
                 keepWithNext=1),
    "body": _style("body", fontSize=10, leading=13.5),
    # the following lines of a text laid out one paragraph per line (reports/paragraphs.py)
    "line": _style("line", fontSize=10, leading=13.5, spaceBefore=0, spaceAfter=0),
    "small": _style("small", fontSize=8.5, leading=11),
    "muted": _style("muted", fontSize=8.5, leading=11, textColor=colors.HexColor("#555555")),
    "question": _style("question", fontName=BOLD, fontSize=10, leading=13, spaceBefore=6,
                 keepWithNext=1),
    "mono": _style("mono", fontName=MONO, fontSize=7.5, leading=10),
    "toc1": _style("toc1", fontName=BOLD, fontSize=10.5, leading=15, leftIndent=0),
    "toc2": _style("toc2", fontSize=9.5, leading=13, leftIndent=12),
    "cell": _style("cell", fontSize=8, leading=10, alignment=TA_CENTER),
    "classification": _style("classification", fontName=BOLD, fontSize=9, leading=11,
                             alignment=TA_CENTER, textColor=colors.HexColor("#8a1c1c")),
    "masthead": _style("masthead", fontName=BOLD, fontSize=13, leading=16),
}
# every table names its font: ReportLab's default cell font would be Helvetica
BASE_TABLE_STYLE = [("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")]
