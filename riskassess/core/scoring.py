"""Risk scoring: answers -> severity and likelihood of each risk, initial and residual.

The rule, applied to each risk of the catalogue, on the CNIL 1-4 scale:

* initial level = min(4, max(baseline, every `*_at_least` floor) + sum of every `*_plus`)
* residual level = max(1, initial - sum of every `*_minus`)   (protective measures)

Only the options chosen for visible questions count. The rule is monotonic: a further
aggravating answer never lowers an initial level, a further measure never raises a residual
level, and residual never exceeds initial. Every contribution is kept as a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from riskassess.core.answers import Answers, visible_answers
from riskassess.core.i18n import Text
from riskassess.core.questionnaire import Catalogue, Effect, Questionnaire

LEVEL_MIN, LEVEL_MAX = 1, 4
LEVEL_NAMES = {
    1: Text(fr="Négligeable", en="Negligible"),
    2: Text(fr="Limitée", en="Limited"),
    3: Text(fr="Importante", en="Significant"),
    4: Text(fr="Maximale", en="Maximum"),
}


def clamp(value: int) -> int:
    return max(LEVEL_MIN, min(LEVEL_MAX, value))


def zone(severity: int, likelihood: int) -> str:
    """Zone of a cell of the CNIL risk map: "high" when both figures are 3 or more or either
    is 4, "medium" when they add up to 5 or more, "low" otherwise."""
    if (severity >= 3 and likelihood >= 3) or 4 in (severity, likelihood):
        return "high"
    if severity + likelihood >= 5:
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
    """One contribution to a risk: which answer, what it did, and why."""

    question_id: str
    question: Text
    answer: Text
    effect: str  # e.g. "severity ≥ 3", "likelihood +1", "likelihood −1"
    explanation: Text


@dataclass(frozen=True)
class RiskResult:
    id: str
    title: Text
    initial: Level
    residual: Level
    reasons: tuple[Reason, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RiskProfile:
    risks: tuple[RiskResult, ...]

    def risk(self, risk_id: str) -> RiskResult | None:
        return next((r for r in self.risks if r.id == risk_id), None)

    def cells(self, phase: str) -> dict[tuple[int, int], list[RiskResult]]:
        """Risks per (severity, likelihood) cell, for the initial or residual map."""
        grid: dict[tuple[int, int], list[RiskResult]] = {}
        for result in self.risks:
            level = getattr(result, phase)
            grid.setdefault((level.severity, level.likelihood), []).append(result)
        return grid


def _describe(effect: Effect) -> list[str]:
    parts = []
    for key, label in (("severity", "severity"), ("likelihood", "likelihood")):
        if getattr(effect, f"{key}_at_least"):
            parts.append(f"{label} ≥ {getattr(effect, f'{key}_at_least')}")
        if getattr(effect, f"{key}_plus"):
            parts.append(f"{label} +{getattr(effect, f'{key}_plus')}")
        if getattr(effect, f"{key}_minus"):
            parts.append(f"{label} −{getattr(effect, f'{key}_minus')}")
    return parts


def score(catalogue: Catalogue, questionnaire: Questionnaire, answers: Answers) -> RiskProfile:
    counted = visible_answers(questionnaire, answers)
    chosen: dict[str, list[tuple[Effect, Reason]]] = {r.id: [] for r in catalogue.risks}
    for question in questionnaire.questions:
        value = counted.get(question.id)
        if question.type not in ("choice", "multi") or value is None:
            continue
        for option_value in value if isinstance(value, list) else [value]:
            option = question.option(option_value)
            if option is None:
                continue
            for effect in option.effects:
                reason = Reason(
                    question.id,
                    question.text,
                    option.label,
                    ", ".join(_describe(effect)),
                    effect.reason,
                )
                chosen.setdefault(effect.risk, []).append((effect, reason))

    results = []
    for risk in catalogue.risks:
        effects = [e for e, _ in chosen[risk.id]]
        initial = Level(
            clamp(
                max([risk.baseline_severity, *(e.severity_at_least for e in effects)])
                + sum(e.severity_plus for e in effects)
            ),
            clamp(
                max([risk.baseline_likelihood, *(e.likelihood_at_least for e in effects)])
                + sum(e.likelihood_plus for e in effects)
            ),
        )
        residual = Level(
            clamp(initial.severity - sum(e.severity_minus for e in effects)),
            clamp(initial.likelihood - sum(e.likelihood_minus for e in effects)),
        )
        reasons = tuple(r for _, r in chosen[risk.id])
        results.append(RiskResult(risk.id, risk.title, initial, residual, reasons))
    return RiskProfile(tuple(results))
