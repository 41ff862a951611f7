"""Page furniture and document structure of the report: running header, "page X of Y"
footer, PDF outline (bookmarks) and table of contents, and a creation date taken from the
approval time so that the same data always gives the same bytes."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from riskassess.reports.styles import MARGIN, PAGE_SIZE

OUTLINE_LEVELS = {"h1": 0, "h2": 1}


def fixed_timestamp(moment: datetime) -> TimeStamp:
    stamp = TimeStamp(invariant=True)
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    stamp.t = aware.timestamp()
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def canvas_maker(header: str, created: datetime | None):
    """A canvas that numbers pages "X of Y" once the total is known."""

    class ReportCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if created is not None:
                self._doc._timeStamp = fixed_timestamp(created)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 -- ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            self.saveState()
            self.setFont("Helvetica", 8)
            self.setFillColor(colors.grey)
            if self._pageNumber > 1:
                self.drawString(MARGIN, PAGE_SIZE[1] - 12 * mm, header)
            self.drawRightString(PAGE_SIZE[0] - MARGIN, 10 * mm,
                                 _("Page %(page)d of %(total)d", page=self._pageNumber,
                                   total=total))
            self.restoreState()

    return ReportCanvas


class ReportTemplate(SimpleDocTemplate):
    """Headings become bookmarks of the PDF outline and entries of the table of contents."""

    def afterFlowable(self, flowable):  # noqa: N802 -- ReportLab's name
        if not isinstance(flowable, Paragraph):
            return
        level = OUTLINE_LEVELS.get(flowable.style.name)
        if level is None:
            return
        text = flowable.getPlainText()
        key = f"h{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        self.notify("TOCEntry", (level, text, self.page, key))
