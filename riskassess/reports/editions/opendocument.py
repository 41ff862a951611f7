"""The report as an OpenDocument text (odfpy), from the neutral blocks of
reports/editions/blocks.py. Text goes through odfpy's element API (escaped), with line breaks as
<text:line-break/>."""

from __future__ import annotations

import io

from odf.dc import Language, Title
from odf.draw import Frame
from odf.draw import Image as DrawImage
from odf.opendocument import OpenDocumentText
from odf.style import (
    GraphicProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, LineBreak, P

from riskassess.reports.editions.blocks import Block

SIZES = {"title": "22pt", "subtitle": "13pt", "body": "10pt", "small": "8.5pt",
         "muted": "8.5pt", "mono": "7.5pt", "question": "10pt", "cell": "8.5pt",
         "header": "8.5pt"}


def _styles(document: OpenDocumentText) -> dict[str, Style]:
    styles = {}
    for name, size in SIZES.items():
        style = Style(name=f"ra-{name}", family="paragraph")
        style.addElement(ParagraphProperties(marginbottom="0.8mm" if name in ("cell", "header")
                                             else "2mm"))
        style.addElement(TextProperties(
            fontsize=size, fontweight="bold" if name in ("title", "question", "header")
            else "normal", fontstyle="italic" if name == "muted" else "normal"))
        document.automaticstyles.addElement(style)
        styles[name] = style
    breaking = Style(name="ra-break", family="paragraph")
    breaking.addElement(ParagraphProperties(breakbefore="page"))
    document.automaticstyles.addElement(breaking)
    styles["break"] = breaking
    for level in (1, 2):
        heading = Style(name=f"Heading_{level}", family="paragraph", defaultoutlinelevel=level)
        heading.addElement(TextProperties(fontsize="16pt" if level == 1 else "12.5pt",
                                          fontweight="bold"))
        document.styles.addElement(heading)
        styles[f"h{level}"] = heading
    cell = Style(name="ra-cell-box", family="table-cell")
    cell.addElement(TableCellProperties(border="0.5pt solid #999999", padding="1mm"))
    document.automaticstyles.addElement(cell)
    styles["cell-box"] = cell
    frame = Style(name="ra-frame", family="graphic")
    frame.addElement(GraphicProperties(anchortype="paragraph"))
    document.automaticstyles.addElement(frame)
    styles["frame"] = frame
    return styles


def _lines(element, text: str):
    lines = text.split("\n")
    for index, line in enumerate(lines):
        element.addText(line)
        if index + 1 < len(lines):
            element.addElement(LineBreak())
    return element


def _table(document, styles, block: Block, number: int) -> None:
    width = max(len(row) for row in block.rows)
    column = Style(name=f"ra-col-{number}", family="table-column")
    column.addElement(TableColumnProperties(columnwidth=f"{170 / width:.1f}mm"))
    document.automaticstyles.addElement(column)
    table = Table(name=f"Table{number}")
    table.addElement(TableColumn(numbercolumnsrepeated=width, stylename=column))
    for index, row in enumerate(block.rows):
        line = TableRow()
        for text in row:
            cell = TableCell(valuetype="string", stylename=styles["cell-box"])
            style = styles["header"] if block.header and index == 0 else styles["cell"]
            cell.addElement(_lines(P(stylename=style), text))
            line.addElement(cell)
        table.addElement(line)
    document.text.addElement(table)


def build_odt(blocks: list[Block], title: str, lang: str) -> bytes:
    document = OpenDocumentText()
    styles = _styles(document)
    document.meta.addElement(Title(text=title))
    document.meta.addElement(Language(text=lang))
    for number, block in enumerate(blocks):
        if block.kind == "page_break":  # an empty paragraph that starts the next page
            document.text.addElement(P(stylename=styles["break"]))
        elif block.kind == "heading":
            element = H(outlinelevel=block.level, stylename=styles[f"h{block.level}"])
            document.text.addElement(_lines(element, block.text))
        elif block.kind == "paragraph":
            style = styles.get(block.style, styles["body"])
            document.text.addElement(_lines(P(stylename=style), block.text))
        elif block.kind == "table":
            _table(document, styles, block, number)
        elif block.kind == "image":
            path = document.addPicture(f"Pictures/figure{number}.png", "image/png", block.image)
            width = min(block.width_mm, 170)
            frame = Frame(stylename=styles["frame"], width=f"{width:.1f}mm",
                          height=f"{width * _ratio(block.image):.1f}mm", anchortype="paragraph")
            frame.addElement(DrawImage(href=path))
            holder = P(stylename=styles["body"])
            holder.addElement(frame)
            document.text.addElement(holder)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _ratio(image: bytes) -> float:
    """Height over width of a PNG, from its header."""
    width = int.from_bytes(image[16:20], "big")
    height = int.from_bytes(image[20:24], "big")
    return height / width if width else 1
