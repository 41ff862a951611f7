"""Risk scoring: answers -> severity and likelihood of each risk, initial and residual.

The rule, applied to each risk of the catalogue, on the CNIL 1-4 scale:

* initial level = min(4, max(baseline, every `*_at_least` floor) + sum of every `*_plus`)
* residual level = max(1, initial - sum of every `*_minus`)   (protective measures)

Only the options chosen for visible questions count. The rule is monotonic: a further
aggravating answer never lowers an initial level, a further measure never raises a residual
level, and residual never exceeds initial. Every contribution is kept as a reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from riskassess.core.answers import Answers, visible_answers
from riskassess.core.conditions import is_unknown
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
    effect: Text  # e.g. "severity ≥ 3, likelihood +1"
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


DIMENSIONS = {"severity": Text(fr="gravité", en="severity"),
              "likelihood": Text(fr="vraisemblance", en="likelihood")}


def describe(effect: Effect) -> Text:
    """What an effect does, e.g. "severity ≥ 3, likelihood +1", in both languages."""
    parts: dict[str, list[str]] = {"fr": [], "en": []}
    for key, name in DIMENSIONS.items():
        for suffix, sign in (("at_least", " ≥ "), ("plus", " +"), ("minus", " −")):
            amount = getattr(effect, f"{key}_{suffix}")
            if amount:
                for lang in parts:
                    parts[lang].append(f"{name.get(lang)}{sign}{amount}")
    return Text(fr=", ".join(parts["fr"]), en=", ".join(parts["en"]))


MEASURE_STATUS_LABELS = {
    "existing": Text(fr="Mesure existante", en="Existing measure"),
    "planned": Text(fr="Mesure prévue", en="Planned measure"),
    "absent": Text(fr="Mesure absente", en="Measure absent"),
}
MEASURE_REASONS = {
    "existing": Text(fr="Cette mesure en place réduit le risque.",
                     en="This measure, in place, reduces the risk."),
    "planned": Text(fr="Cette mesure prévue réduira le risque une fois mise en œuvre.",
                    en="This planned measure will reduce the risk once implemented."),
}
UNKNOWN_LABEL = Text(fr="Je ne sais pas", en="I don't know")


def _contributions(questionnaire: Questionnaire, answers: Answers
                   ) -> Iterator[tuple[Effect, Reason]]:
    """Every effect that the visible answers trigger, with the reason to show for it."""
    counted = visible_answers(questionnaire, answers)
    for question in questionnaire.questions:
        value = counted.get(question.id)
        if value is None:
            continue
        if is_unknown(value):
            for effect in question.unknown_effects:
                yield effect, _reason(question, UNKNOWN_LABEL, effect, effect.reason)
        elif question.type == "measure":
            status = value["status"]
            if status in ("existing", "planned"):
                for effect in question.addresses:
                    yield effect, _reason(question, MEASURE_STATUS_LABELS[status], effect,
                                          effect.reason or MEASURE_REASONS[status])
            elif status == "absent":
                for effect in question.absent_effects:
                    yield effect, _reason(question, MEASURE_STATUS_LABELS[status], effect,
                                          effect.reason)
        elif question.has_options:
            for option_value in value if isinstance(value, list) else [value]:
                option = question.option(option_value)
                for effect in option.effects if option else ():
                    yield effect, _reason(question, option.label, effect, effect.reason)


def _reason(question, answer: Text, effect: Effect, explanation: Text | None) -> Reason:
    return Reason(question.id, question.text, answer, describe(effect),
                  explanation or Text("", ""))


def raised_flags(questionnaire: Questionnaire, answers: Answers) -> dict[str, list[Reason]]:
    """The flags (screening criteria, AI Act markers) raised by the visible answers."""
    counted = visible_answers(questionnaire, answers)
    raised: dict[str, list[Reason]] = {}
    for question in questionnaire.questions:
        value = counted.get(question.id)
        if not question.has_options or value is None or is_unknown(value):
            continue
        for option_value in value if isinstance(value, list) else [value]:
            option = question.option(option_value)
            for flag in option.flags if option else ():
                raised.setdefault(flag, []).append(
                    Reason(question.id, question.text, option.label, Text("", ""),
                           Text("", "")))
    return raised


def score(catalogue: Catalogue, questionnaire: Questionnaire, answers: Answers) -> RiskProfile:
    chosen: dict[str, list[tuple[Effect, Reason]]] = {r.id: [] for r in catalogue.risks}
    for effect, reason in _contributions(questionnaire, answers):
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
