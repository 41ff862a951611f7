"""Bar charts drawn by the server as SVG (templates/_charts.html): the geometry only, so that
the page needs no chart library and the figures stay readable as text beside each bar."""

from __future__ import annotations

from dataclasses import dataclass

ROW = 40  # height of one row (its label above its bar), in SVG units
WIDTH = 320  # of the drawing, in SVG units
BAR_SPACE = 280  # the longest bar; the rest is for its figure


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    count: int
    href: str
    y: int  # top of the row
    width: float  # of the bar, in SVG units (at least a sliver when the count is not 0)


def bars(rows: list[tuple[str, str, int, str]]) -> list[Bar]:
    """(key, label, count, link) rows as bars scaled to the largest count."""
    largest = max((count for _k, _l, count, _h in rows), default=0)
    placed = []
    for index, (key, label, count, href) in enumerate(rows):
        share = BAR_SPACE * count / largest if largest else 0
        placed.append(Bar(key, label, count, href, index * ROW,
                          round(max(share, 4), 1) if count else 0))
    return placed


def height(placed: list[Bar]) -> int:
    return max(len(placed), 1) * ROW
