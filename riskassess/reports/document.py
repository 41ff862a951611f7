"""Page furniture and document structure of the report: running header, "page X of Y"
footer, PDF outline (bookmarks) and table of contents, and a creation date taken from the
approval time so that the same data always gives the same bytes."""

from __future__ import annotations

import time
from datetime import datetime

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from riskassess.core.timeutil import as_utc
from riskassess.reports.contents import heading
from riskassess.reports.styles import FONT, MARGIN, PAGE_SIZE

MARK_COLOUR = colors.HexColor("#8a1c1c")  # the classification's, as on the cover


def fixed_timestamp(moment: datetime) -> TimeStamp:
    stamp = TimeStamp(invariant=True)
    stamp.t = as_utc(moment).timestamp()
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def canvas_maker(header: str, created: datetime | None, mark: str = ""):
    """A canvas that numbers pages "X of Y" once the total is known, and prints `header` and
    the classification `mark` at the top of every page after the cover."""

    class ReportCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if created is not None:
                self._doc._timeStamp = fixed_timestamp(created)
            self._pages: list[dict] = []
            self.contents_slots: list[tuple] = []  # filled by ContentsLine.draw
            self.heading_pages: dict[str, int] = {}  # bookmark key -> page number

        def showPage(self):  # noqa: N802 -- ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            slots, pages = self.contents_slots, self.heading_pages
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                self._contents_numbers(slots, pages)
                super().showPage()
            super().save()

        def _contents_numbers(self, slots: list[tuple], pages: dict[str, int]) -> None:
            for page, x, y, key, font, size in slots:
                if page == self._pageNumber and key in pages:
                    self.setFont(font, size)
                    self.drawRightString(x, y, str(pages[key]))

        def _furniture(self, total: int) -> None:
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(colors.grey)
            if self._pageNumber > 1:
                self.drawString(MARGIN, PAGE_SIZE[1] - 12 * mm, header)
                if mark:
                    self.setFillColor(MARK_COLOUR)
                    self.drawRightString(PAGE_SIZE[0] - MARGIN, PAGE_SIZE[1] - 12 * mm, mark)
                    self.setFillColor(colors.grey)
            self.drawRightString(PAGE_SIZE[0] - MARGIN, 10 * mm,
                                 _("Page %(page)d of %(total)d", page=self._pageNumber,
                                   total=total))
            self.restoreState()

    return ReportCanvas


class ReportTemplate(SimpleDocTemplate):
    """Headings become bookmarks of the PDF outline; their pages fill the contents' numbers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initialFontName", FONT)  # never fall back to Helvetica
        super().__init__(*args, **kwargs)

    def afterFlowable(self, flowable):  # noqa: N802 -- ReportLab's name
        entry = heading(flowable)
        if entry is None:
            return
        level, text, key = entry
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        self.canv.heading_pages[key] = self.page
