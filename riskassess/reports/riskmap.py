"""Geometry of the risk map (severity × likelihood, initial → residual), shared by the HTML
page (SVG) and the PDF report. Pure layout: no Flask, no ReportLab."""

from __future__ import annotations

from dataclasses import dataclass

from riskassess.core.scoring import RiskProfile, zone

CELL = 100
LEFT, TOP, BOTTOM = 130, 10, 60
MARK = 22  # marker size
WIDTH, HEIGHT = LEFT + 4 * CELL + 10, TOP + 4 * CELL + BOTTOM


@dataclass(frozen=True)
class Cell:
    severity: int
    likelihood: int
    x: int
    y: int
    zone: str


@dataclass(frozen=True)
class Marker:
    number: int
    risk_id: str
    phase: str  # initial | residual
    x: float  # centre
    y: float


@dataclass(frozen=True)
class Arrow:
    number: int
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class RiskMap:
    cells: tuple[Cell, ...]
    markers: tuple[Marker, ...]
    arrows: tuple[Arrow, ...]
    width: int = WIDTH
    height: int = HEIGHT


def cell_origin(severity: int, likelihood: int) -> tuple[int, int]:
    return LEFT + (likelihood - 1) * CELL, TOP + (4 - severity) * CELL


def layout(profile: RiskProfile) -> RiskMap:
    """Initial markers in the upper half of their cell, residual ones in the lower half (at
    the final level: the DPO's where they set one), an arrow from one to the other when the
    measures or the DPO move the risk."""
    cells = tuple(Cell(s, lik, *cell_origin(s, lik), zone(s, lik))
                  for s in range(4, 0, -1) for lik in range(1, 5))
    numbers = {r.id: i + 1 for i, r in enumerate(profile.risks)}
    positions: dict[tuple[str, str], tuple[float, float]] = {}
    markers = []
    for phase, half in (("initial", 0), ("residual", 1)):
        level = "final" if phase == "residual" else phase
        for (severity, likelihood), risks in sorted(profile.cells(level).items()):
            x0, y0 = cell_origin(severity, likelihood)
            for index, risk in enumerate(risks):
                row, col = divmod(index, 4)
                x = x0 + 14 + col * (MARK + 2)
                y = y0 + 14 + half * 48 + row * (MARK + 2)
                positions[(risk.id, phase)] = (x, y)
                markers.append(Marker(numbers[risk.id], risk.id, phase, x, y))
    arrows = []
    for risk in profile.risks:
        if risk.initial != risk.final:
            (x1, y1), (x2, y2) = positions[(risk.id, "initial")], positions[(risk.id, "residual")]
            arrows.append(Arrow(numbers[risk.id], x1, y1, x2, y2))
    return RiskMap(cells, tuple(markers), tuple(arrows))
