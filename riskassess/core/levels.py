"""Levels of a risk and the reasons behind them: the two scales (severity and likelihood, 1
to 4, the CNIL method's), the zones of the risk map, and what each answer, measure or
measurement contributed. Shared by the scoring (core/scoring.py) and its calculation trail
(core/trail.py)."""

from __future__ import annotations

from dataclasses import dataclass

from riskassess.core.i18n import Text

LEVEL_MIN, LEVEL_MAX = 1, 4
MAX_REDUCTION = {"severity": 1, "likelihood": 2}

def clamp(value: int) -> int:
    return max(LEVEL_MIN, min(LEVEL_MAX, value))


def zone(severity: int, likelihood: int) -> str:
    """Zone of a cell of the risk map: "high" when severity and likelihood are both
    significant or maximum (3-4); "medium" when one of them is and the other is at least
    limited (2); "low" otherwise. On the CNIL scales a negligible likelihood means the risk
    "does not seem able to materialise" and a negligible severity that people "will not be
    affected or may meet a few inconveniences they will overcome without difficulty": such a
    risk is acceptable whatever the other figure."""
    if severity >= 3 and likelihood >= 3:
        return "high"
    if min(severity, likelihood) >= 2 and max(severity, likelihood) >= 3:
        return "medium"
    return "low"


@dataclass(frozen=True)
class Level:
    severity: int
    likelihood: int

    @property
    def zone(self) -> str:
        return zone(self.severity, self.likelihood)


@dataclass(frozen=True)
class Reason:
    """One contribution to a risk: which answer, what it did, and why.

    kind: "raises" (aggravates the risk), "existing" (a protection in place, counted in the
    initial and residual levels), "planned" (counted in the residual level only), "cap"
    (protections beyond the maximum reduction), "inference" (what the declared data can
    reveal), "evidence" (measured on a data sample: its floors hold after every protection),
    "contradiction" (a declaration a measurement contradicts: not counted), "set_aside" (a
    factor of a risk that does not arise for this processing: not counted).
    """

    question_id: str
    question: Text
    answer: Text
    effect: Text  # e.g. "severity ≥ 3, likelihood +1"
    explanation: Text
    kind: str = "raises"

    @property
    def has_answer(self) -> bool:
        """Whether the reason names a question and an answer (not only an explanation)."""
        return bool(self.answer.fr or self.answer.en)
