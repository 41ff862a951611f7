"""A table of contents laid out in a single pass.

ReportLab's TableOfContents needs the document built two or three times (the first pass finds
the pages, the next ones print them). Here the headings are known before the build (they are
in the story), so each line of the contents is drawn at once with its leader dots, and its page
number is written when the document is saved, like the "page X of Y" footer: the same canvas
knows by then on which page every heading landed.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

NUMBER_WIDTH = 12 * mm
OUTLINE_LEVELS = {"h1": 0, "h2": 1}


def heading(flowable) -> tuple[int, str, str] | None:
    """(outline level, text, bookmark key) of a heading paragraph, None for anything else."""
    if not isinstance(flowable, Paragraph):
        return None
    level = OUTLINE_LEVELS.get(flowable.style.name)
    if level is None:
        return None
    return level, flowable.getPlainText(), f"h{id(flowable)}"


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


class ContentsLine(Flowable):
    """One heading in the contents: its text, leader dots, a link to it, and a slot for its
    page number, filled in by the canvas when it saves the document."""

    def __init__(self, level: int, text: str, key: str, style) -> None:
        super().__init__()
        self.level, self.text, self.key, self.style = level, text, key, style

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.style.leading

    def draw(self) -> None:
        canv, style = self.canv, self.style
        font, size = style.fontName, style.fontSize
        baseline = (style.leading - size) / 2 + 1
        indent = style.leftIndent
        room = self.width - indent - NUMBER_WIDTH - 6
        text = _fit(self.text, font, size, room)
        canv.setFont(font, size)
        canv.drawString(indent, baseline, text)
        start = indent + stringWidth(text, font, size) + 4
        dot = stringWidth(" .", font, size)
        count = int((self.width - NUMBER_WIDTH - start) / dot)
        if count > 0:
            canv.drawRightString(self.width - NUMBER_WIDTH, baseline, " ." * count)
        x, y = canv.absolutePosition(self.width, baseline)
        left, bottom = canv.absolutePosition(indent, 0)
        canv.linkAbsolute("", self.key, Rect=(left, bottom, x, bottom + style.leading))
        canv.contents_slots.append((canv.getPageNumber(), x, y, self.key, font, size))


def contents_lines(story: list, styles: dict) -> list[ContentsLine]:
    """A line for every h1 and h2 heading of the story, in order."""
    return [ContentsLine(level, text, key, styles[f"toc{level + 1}"])
            for level, text, key in filter(None, map(heading, story))]
