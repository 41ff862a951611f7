"""The report as a Word document (python-docx), from the neutral blocks of
reports/editions/blocks.py. Text is added as text runs, never as markup, so user content
cannot become Word fields or formatting."""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Mm, Pt

from riskassess.reports.editions.blocks import Block

SIZES = {"title": 22, "subtitle": 13, "small": 8.5, "muted": 8.5, "mono": 7.5, "question": 10}


def _paragraph(document, block: Block):
    paragraph = document.add_paragraph()
    lines = block.text.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.font.size = Pt(SIZES.get(block.style, 10))
        run.bold = block.style in ("title", "question")
        run.italic = block.style == "muted"
        if block.style == "mono":
            run.font.name = "DejaVu Sans Mono"
        if index + 1 < len(lines):
            run.add_break()
    return paragraph


def _table(document, block: Block) -> None:
    width = max(len(row) for row in block.rows)
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for number, row in enumerate(block.rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.font.size = Pt(8.5)
            run.bold = block.header and number == 0


def build_docx(blocks: list[Block], title: str, lang: str) -> bytes:
    document = Document()
    document.core_properties.title = title
    document.core_properties.language = lang
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    new_page = False
    for block in blocks:
        if block.kind == "page_break":  # the next paragraph starts a page
            new_page = True
            continue
        if block.kind == "heading":
            paragraph = document.add_heading(block.text, level=block.level)
        elif block.kind == "paragraph":
            paragraph = _paragraph(document, block)
        else:
            paragraph = document.add_paragraph() if new_page else None
            if block.kind == "table":
                _table(document, block)
            elif block.kind == "image":
                document.add_picture(io.BytesIO(block.image),
                                     width=Mm(min(block.width_mm, 170)))
        if new_page and paragraph is not None:
            paragraph.paragraph_format.page_break_before = True
        new_page = False
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
