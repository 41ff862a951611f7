"""The report's editable editions (Word and OpenDocument): the same sections, tables, figures
and annex as the PDF, read from the PDF's own story (reports/pdf.py) so that the editions
cannot drift apart, as a list of neutral blocks that reports/editions/word.py and
reports/editions/opendocument.py write. They are working copies: only the stored PDF is
the verifiable report, which their first lines say."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table

from riskassess.reports import pdf_front
from riskassess.reports.drawing_png import png
from riskassess.reports.pdf import ReportData, story_body
from riskassess.reports.pdf_front import Logo

TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Block:
    kind: str  # heading | paragraph | table | image | page_break
    text: str = ""
    style: str = "body"  # a paragraph's: title, subtitle, body, small, muted, question, mono
    level: int = 0  # a heading's: 1 or 2
    rows: tuple[tuple[str, ...], ...] = ()  # a table's, the first one its header
    header: bool = True
    image: bytes = b""  # a figure's PNG
    width_mm: float = 0


def _text(paragraph: Paragraph) -> str:
    """A paragraph's words: its markup (line breaks aside) removed, entities decoded."""
    return html.unescape(TAG.sub("", paragraph.text.replace("<br/>", "\n")))


def _cell(value) -> str:
    if isinstance(value, Paragraph):
        return _text(value)
    if isinstance(value, list | tuple):
        return "\n".join(_cell(v) for v in value)
    if isinstance(value, Table):  # a table in a cell (the cover's classification mention)
        return _cell([c for row in value._cellvalues for c in row])
    if isinstance(value, Logo):  # a block of its own (_images)
        return ""
    return "" if value is None else str(value)


def _images(table: Table) -> list[Block]:
    """The images in a table's cells (the cover's logo, beside the mention), as blocks before
    the table: an edition's table cell holds text."""
    return [Block("image", image=cell.png, width_mm=cell.drawWidth / mm)
            for row in table._cellvalues for cell in row if isinstance(cell, Logo)]


def _blocks(flowables) -> list[Block]:
    found: list[Block] = []
    for item in flowables:
        if isinstance(item, KeepTogether):
            found += _blocks(item._content)
        elif isinstance(item, Paragraph):
            style = item.style.name
            if style in ("h1", "h2"):
                found.append(Block("heading", _text(item), level=int(style[1])))
            else:
                found.append(Block("paragraph", _text(item), style=style))
        elif isinstance(item, Table):
            found += _images(item)
            found.append(Block("table", rows=tuple(tuple(_cell(c) for c in row)
                                                   for row in item._cellvalues),
                               header=bool(item.repeatRows)))
        elif isinstance(item, Drawing):
            found.append(Block("image", image=png(item), width_mm=item.width / 72 * 25.4))
        elif isinstance(item, PageBreak):
            found.append(Block("page_break"))
        elif isinstance(item, Spacer):
            continue
        else:
            raise TypeError(f"no editable rendering for {type(item).__name__}")
    return found


def blocks(data: ReportData) -> list[Block]:
    """The report as blocks (call within the report's locale)."""
    working_copy = _(
        "Working copy for editing. Only the PDF report stored at approval is the verifiable "
        "report (its SHA-256 is checked by the verification page).")
    return [Block("paragraph", working_copy, style="muted"),
            *_blocks(pdf_front.cover(data)), *_blocks(story_body(data))]
