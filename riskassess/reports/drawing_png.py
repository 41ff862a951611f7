"""The report's figures (ReportLab drawings: the risk map, the pillar chart) as PNG images,
for the Word and OpenDocument editions.

Hand-written on purpose: ReportLab 5 rasterises drawings only through its cairo backend
(rlPyCairo), whose pycairo dependency is built from source against the system's cairo
libraries, which a fresh machine does not have. The figures use a handful of shapes (rectangles,
circles, lines, polygons, strings, groups with translations, rotations and scales), drawn here
with Pillow at the same geometry; anything else raises, so that a new kind of shape is noticed
by the tests rather than silently dropped."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String

from riskassess.reports.styles import BOLD, FONT, FONT_DIR

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
FILES = {FONT: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n, as ReportLab composes a group's transform with its parent's."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
            a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def _colour(value) -> tuple[int, int, int] | None:
    if value is None:
        return None
    return tuple(round(channel * 255) for channel in value.rgb())


class _Painter:
    def __init__(self, drawing: Drawing, scale: float):
        self.scale, self.height = scale, drawing.height
        size = (math.ceil(drawing.width * scale), math.ceil(drawing.height * scale))
        self.image = Image.new("RGB", size, "white")
        self.pen = ImageDraw.Draw(self.image)

    def point(self, m: Matrix, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = m
        px, py = a * x + c * y + e, b * x + d * y + f
        return px * self.scale, (self.height - py) * self.scale  # y grows downwards in PNG

    def stretch(self, m: Matrix) -> float:
        return math.hypot(m[0], m[1]) * self.scale

    def shape(self, node, m: Matrix) -> None:
        if isinstance(node, Group):
            inner = _multiply(m, tuple(node.transform))
            for child in node.contents:
                self.shape(child, inner)
        elif isinstance(node, Rect):
            corners = [self.point(m, x, y) for x, y in (
                (node.x, node.y), (node.x + node.width, node.y),
                (node.x + node.width, node.y + node.height), (node.x, node.y + node.height))]
            self.pen.polygon(corners, fill=_colour(node.fillColor),
                             outline=_colour(node.strokeColor),
                             width=max(1, round((node.strokeWidth or 0) * self.stretch(m)))
                             if node.strokeColor is not None else 0)
        elif isinstance(node, Circle):
            x, y = self.point(m, node.cx, node.cy)
            r = node.r * self.stretch(m)
            self.pen.ellipse((x - r, y - r, x + r, y + r), fill=_colour(node.fillColor),
                             outline=_colour(node.strokeColor),
                             width=max(1, round((node.strokeWidth or 1) * self.stretch(m))))
        elif isinstance(node, Line):
            self.pen.line([self.point(m, node.x1, node.y1), self.point(m, node.x2, node.y2)],
                          fill=_colour(node.strokeColor),
                          width=max(1, round((node.strokeWidth or 1) * self.stretch(m))))
        elif isinstance(node, Polygon):
            points = list(zip(node.points[::2], node.points[1::2], strict=True))
            self.pen.polygon([self.point(m, x, y) for x, y in points],
                             fill=_colour(node.fillColor), outline=_colour(node.strokeColor))
        elif isinstance(node, String):
            self.text(node, m)
        else:
            raise TypeError(f"no PNG rendering for {type(node).__name__}")

    def text(self, node: String, m: Matrix) -> None:
        size = max(1, round(node.fontSize * self.stretch(m)))
        font = ImageFont.truetype(str(FONT_DIR / FILES.get(node.fontName, FILES[FONT])), size)
        width = self.pen.textlength(node.text, font=font)
        ascent = font.getmetrics()[0]
        shift = {"start": 0, "middle": -width / 2, "end": -width}.get(node.textAnchor, 0)
        angle = math.degrees(math.atan2(m[1], m[0]))
        x, y = self.point(m, node.x, node.y)  # the baseline's anchor
        if abs(angle) < 0.01:
            self.pen.text((x + shift, y - ascent), node.text, font=font,
                          fill=_colour(node.fillColor))
            return
        label = Image.new("RGBA", (math.ceil(width) + 2, size * 2), (255, 255, 255, 0))
        ImageDraw.Draw(label).text((0, size * 2 - ascent - size // 2 - 1), node.text,
                                   font=font, fill=_colour(node.fillColor))
        turned = label.rotate(angle, expand=True)
        self.image.paste(turned, (round(x - turned.width / 2), round(y - turned.height / 2)),
                         turned)


def png(drawing: Drawing, dpi: int = 150) -> bytes:
    """The drawing as a PNG at `dpi` (a drawing's unit is the point, 1/72 inch)."""
    painter = _Painter(drawing, dpi / 72)
    for node in drawing.contents:
        painter.shape(node, tuple(getattr(drawing, "transform", IDENTITY)))
    out = io.BytesIO()
    painter.image.save(out, format="PNG", optimize=True)
    return out.getvalue()
