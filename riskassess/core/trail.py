"""The calculation trail of a risk: how each of its two figures goes from the catalogue's
baseline to the initial and residual levels, one step per contribution, in the order of the
scoring rule (core/scoring.py): the baseline, the highest floor, each increment (capped at 4),
each protection in place (within the maximum reduction), a floor measured on data or held
because the harm is the purpose itself, each planned measure. A step that changes nothing
says why (`note`). Pure functions; the property tests check that the trail ends on the
levels the scoring rule gives."""

from __future__ import annotations

from dataclasses import dataclass

from riskassess.core.levels import LEVEL_MAX, LEVEL_MIN, MAX_REDUCTION, Level, Reason
from riskassess.core.questionnaire import Effect

PROTECTING = ("existing", "evidence", "inference")


@dataclass(frozen=True)
class Step:
    dimension: str  # severity | likelihood
    kind: str  # base | floor | plus | existing | measured_floor | held_floor | planned
    amount: int  # the level of a base or floor, the +n or −n of an effect
    counted: int  # what the step changed (0 when it changed nothing)
    level: int  # the figure after the step
    reason: Reason | None = None
    note: str = ""  # why a step changed nothing or less: top, cap, minimum
    phase: str = "initial"  # initial (up to the initial level) or residual (planned measures)


def _reductions(dimension: str, items: list[tuple[Effect, Reason]], level: int,
                budget: int, kind: str) -> tuple[list[Step], int, int]:
    steps = []
    for effect, reason in items:
        amount = getattr(effect, f"{dimension}_minus")
        if not amount:
            continue
        counted = min(amount, budget, level - LEVEL_MIN)
        note = "" if counted == amount else ("cap" if budget < amount else "minimum")
        budget -= min(amount, budget)
        level -= counted
        steps.append(Step(dimension, kind, -amount, -counted, level, reason, note,
                          "residual" if kind == "planned" else "initial"))
    return steps, level, budget


def trail(baseline: Level, found: list[tuple[Effect, Reason]]) -> tuple[Step, ...]:
    steps: list[Step] = []
    for dimension, cap in MAX_REDUCTION.items():
        level = getattr(baseline, dimension)
        steps.append(Step(dimension, "base", level, 0, level))
        floors = [(getattr(e, f"{dimension}_at_least"), r) for e, r in found
                  if getattr(e, f"{dimension}_at_least")]
        if floors:
            top, reason = max(floors, key=lambda floor: floor[0])
            if top > level:
                steps.append(Step(dimension, "floor", top, top - level, top, reason))
                level = top
        for effect, reason in found:
            amount = getattr(effect, f"{dimension}_plus")
            if amount:
                after = min(LEVEL_MAX, level + amount)
                steps.append(Step(dimension, "plus", amount, after - level, after, reason,
                                  "" if after - level == amount else "top"))
                level = after
        existing = [(e, r) for e, r in found if r.kind in PROTECTING]
        made, level, budget = _reductions(dimension, existing, level, cap, "existing")
        steps += made
        by_data = max([LEVEL_MIN, *(getattr(e, f"{dimension}_at_least") for e, r in found
                                    if r.kind == "evidence")])
        by_purpose = max([LEVEL_MIN, *(getattr(e, f"{dimension}_at_least") for e, _ in found
                                       if e.holds)])
        measured = max(by_data, by_purpose)
        held = "measured_floor" if by_data >= by_purpose else "held_floor"
        if measured > level:
            steps.append(Step(dimension, held, measured, measured - level, measured))
            level = measured
        planned = [(e, r) for e, r in found if r.kind == "planned"]
        made, level, _ = _reductions(dimension, planned, level, budget, "planned")
        steps += made
        if measured > level:  # the floor holds after planned measures too
            steps.append(Step(dimension, held, measured, measured - level, measured,
                              phase="residual"))
    return tuple(steps)


def ends(steps: tuple[Step, ...], phase: str) -> Level:
    """The levels the trail reaches at the end of a phase (initial or residual)."""
    figures = {}
    for dimension in MAX_REDUCTION:
        mine = [s for s in steps if s.dimension == dimension
                and (phase == "residual" or s.phase == "initial")]
        figures[dimension] = mine[-1].level
    return Level(**figures)


def drivers(steps: tuple[Step, ...], count: int = 3) -> list[Step]:
    """The steps that moved a figure most, largest first: what the page shows before the
    whole trail."""
    moving = [s for s in steps if s.counted and s.kind != "base"]
    return sorted(moving, key=lambda s: -abs(s.counted))[:count]
