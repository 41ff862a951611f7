"""Small builders shared by the report's sections: escaped paragraphs, dates, grid tables."""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText  # what Paragraph does first

from riskassess.reports.numbers import moment
from riskassess.reports.styles import BASE_TABLE_STYLE, STYLES

_PLAIN: dict[str, list] = {}  # style name -> the fragment of a one-word paragraph


def p(text: str, style: str = "body") -> Paragraph:
    """A paragraph of user text: escaped, with line breaks kept. Long words still wrap.

    A text on one line is given to ReportLab as its one fragment of plain text (Paragraph's
    `frags` argument) instead of being escaped and parsed again as markup: the same
    paragraph, whitespace collapsed by ReportLab's own cleaner, without the parse, which was a
    quarter of the report's time (issue 20)."""
    text = text or ""
    if "\n" in text or not text.strip():
        return Paragraph(escape(text).replace("\n", "<br/>"), STYLES[style])
    if style not in _PLAIN:
        _PLAIN[style] = Paragraph("x", STYLES[style]).frags
    (prototype,) = _PLAIN[style]
    return Paragraph(escape(text), STYLES[style],  # its markup, as the editions read it
                     frags=[prototype.clone(text=cleanBlockQuotedText(text))])


def text_lines(text: str) -> list:
    """A user's text, however long, as one paragraph per line. ReportLab breaks a paragraph
    into lines in a time that grows faster than its length (issue 20: a 2 000-word answer
    took 79.5 ms as one paragraph with line breaks, 11.3 ms as one paragraph per line), so a
    long answer is laid out line by line; the first line keeps the body style's space above,
    the others follow on without; a blank line is a line's height of space."""
    lines = (text or "").split("\n")
    return [p(line, "body" if index == 0 else "line") if index == 0 or line.strip()
            else Spacer(1, STYLES["line"].leading) for index, line in enumerate(lines)]


EXCERPT = 400  # characters of an answer repeated under each risk it concerns


def excerpt(text: str, limit: int = EXCERPT) -> tuple[str, bool]:
    """The start of a text printed in a place that repeats it (a measure's answer under each
    risk it addresses), and whether anything was left out: its first line, at most `limit`
    characters cut at a space and then ending with « … ». The whole text is laid out once, in
    the annex (issue 20: the report's time linear in its content, each answer laid out once
    per edition)."""
    text = (text or "").strip()
    first = text.split("\n", 1)[0].rstrip()
    if len(first) <= limit:
        return first, len(first) < len(text)
    head = first[:limit + 1]
    return (head.rsplit(" ", 1)[0] if " " in head else first[:limit]) + "…", True


def answered(question: str, answer: str, style: str = "question") -> list:
    """A question and its answer: the question kept with the answer's first line. Through
    keepWithNext rather than a KeepTogether, so that a heading before the question (itself
    keepWithNext) joins the group: ReportLab keeps a heading with the next flowable only when
    that flowable is not a container, and would leave it alone at the foot of a page."""
    first, *rest = text_lines(answer)
    asked = p(question, style)
    asked.keepWithNext = 1
    return [asked, first, *rest]


def date(value: datetime | None, lang: str) -> str:
    """A moment in the report's language (reports/numbers.py)."""
    return moment(value, lang)


def grid(rows: list, widths: list, header: bool = True) -> Table:
    """A table with thin grid lines; the header row repeats on every page it spans."""
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    style = [*BASE_TABLE_STYLE, ("GRID", (0, 0), (-1, -1), 0.3, colors.grey)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    table.setStyle(TableStyle(style))
    return table
