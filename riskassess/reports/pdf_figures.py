"""Vector figures of the report: the risk map (initial → residual, with arrows) and the ethics
pillar chart. The map uses the same geometry as the page's SVG (reports/riskmap.py); y is
flipped because PDF coordinates grow upwards."""

from __future__ import annotations

import math

from flask_babel import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from riskassess.core.scoring import LEVEL_NAMES
from riskassess.labels import ZONE_LABELS
from riskassess.reports import riskmap
from riskassess.reports.styles import BOLD, FONT, ZONE_COLOURS

INK = colors.HexColor("#1d2330")
LEVEL_COLOURS = {1: ZONE_COLOURS["low"], 2: ZONE_COLOURS["medium"], 3: ZONE_COLOURS["high"],
                 4: colors.HexColor("#e0695f")}


def _scaled(drawing: Drawing, width: float) -> Drawing:
    """The drawing scaled to `width` points, keeping its proportions."""
    factor = width / drawing.width
    outer = Drawing(width, drawing.height * factor)
    group = Group(*drawing.contents)
    group.scale(factor, factor)
    outer.add(group)
    return outer


def _arrow(x1: float, y1: float, x2: float, y2: float) -> list:
    angle = math.atan2(y2 - y1, x2 - x1)
    # stop at the edge of the residual square, head drawn as a small triangle
    tip_x, tip_y = x2 - 12 * math.cos(angle), y2 - 12 * math.sin(angle)
    left = (tip_x - 7 * math.cos(angle - 0.45), tip_y - 7 * math.sin(angle - 0.45))
    right = (tip_x - 7 * math.cos(angle + 0.45), tip_y - 7 * math.sin(angle + 0.45))
    return [Line(x1, y1, tip_x, tip_y, strokeColor=INK, strokeWidth=1.2),
            Polygon([tip_x, tip_y, *left, *right], fillColor=INK, strokeColor=INK)]


def risk_map(profile, lang: str, width: float = 165 * mm) -> Drawing:
    """Severity upwards, likelihood rightwards; circles initial, dashed squares residual."""
    layout = riskmap.layout(profile)
    height = layout.height

    def flip(y: float) -> float:
        return height - y

    d = Drawing(layout.width, height)
    for cell in layout.cells:
        d.add(Rect(cell.x, flip(cell.y + riskmap.CELL), riskmap.CELL, riskmap.CELL,
                   fillColor=ZONE_COLOURS[cell.zone], strokeColor=colors.white, strokeWidth=2))
        d.add(String(cell.x + riskmap.CELL - 4, flip(cell.y + riskmap.CELL - 6),
                     str(ZONE_LABELS[cell.zone]), fontName=FONT, fontSize=8,
                     fillColor=colors.HexColor("#4a5160"), textAnchor="end"))
    for level in range(1, 5):
        name = f"{level} · {LEVEL_NAMES[level].get(lang)}"
        d.add(String(riskmap.LEFT - 8, flip(riskmap.TOP + (4 - level) * riskmap.CELL + 55),
                     name, fontName=FONT, fontSize=9, textAnchor="end", fillColor=INK))
        d.add(String(riskmap.LEFT + (level - 1) * riskmap.CELL + 50, flip(428), name,
                     fontName=FONT, fontSize=9, textAnchor="middle", fillColor=INK))
    severity = String(0, 0, _("Severity"), fontName=BOLD, fontSize=10, textAnchor="middle",
                      fillColor=INK)
    axis = Group(severity)
    axis.translate(16, flip(215))  # then rotated about its own origin: reads upwards
    axis.rotate(90)
    d.add(axis)
    d.add(String(riskmap.LEFT + 2 * riskmap.CELL, flip(452), _("Likelihood"), fontName=BOLD,
                 fontSize=10, textAnchor="middle", fillColor=INK))
    for arrow in layout.arrows:
        for shape in _arrow(arrow.x1, flip(arrow.y1), arrow.x2, flip(arrow.y2)):
            d.add(shape)
    half = riskmap.MARK / 2
    for marker in layout.markers:
        x, y = marker.x, flip(marker.y)
        if marker.phase == "initial":
            d.add(Circle(x, y, half, fillColor=colors.white, strokeColor=INK, strokeWidth=1.2))
        else:
            d.add(Rect(x - half, y - half, 2 * half, 2 * half, fillColor=colors.white,
                       strokeColor=INK, strokeWidth=1.2, strokeDashArray=[3, 2]))
        d.add(String(x, y - 3.5, str(marker.number), fontName=BOLD, fontSize=10,
                     textAnchor="middle", fillColor=INK))
    return _scaled(d, width)


def pillar_chart(pillars, lang: str, width: float = 165 * mm) -> Drawing:
    """One bar per ethics pillar: the score (0-100) of its worst residual risk."""
    row, label_width, track = 30, 150, 300
    height = 10 + len(pillars) * row
    d = Drawing(label_width + track + 70, height)
    for index, pillar in enumerate(pillars):
        y = height - 10 - (index + 1) * row + 6
        d.add(String(label_width - 8, y + 7, pillar.label.get(lang), fontName=FONT, fontSize=10,
                     textAnchor="end", fillColor=INK))
        d.add(Rect(label_width, y, track, 20, fillColor=colors.HexColor("#eef0f4"),
                   strokeColor=None))
        d.add(Rect(label_width, y, track * pillar.score / 100, 20,
                   fillColor=LEVEL_COLOURS[pillar.level], strokeColor=INK, strokeWidth=0.5))
        d.add(String(label_width + track + 8, y + 7, f"{pillar.score}/100", fontName=FONT,
                     fontSize=10, fillColor=INK))
    return _scaled(d, min(width, d.width))
