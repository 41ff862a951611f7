"""Risk scoring: answers -> severity and likelihood of each risk, initial and residual.

For each risk of the catalogue, on the CNIL 1-4 scale (1 négligeable … 4 maximale), and for
severity and likelihood separately:

* raw      = min(4, max(baseline, every floor `*_at_least`) + every increment `*_plus`)
* initial  = max(1, raw − existing protections)           (before planned measures)
* residual = max(1, raw − existing and planned protections)

Existing protections are the `*_minus` effects of answers that describe the current state and
the `addresses` of measures declared existing; planned protections are those of measures
declared planned. Protections lower severity by at most one level and likelihood by at most two
in total: measures make harm less likely far more than they make it less serious.

Only answers to visible questions count. The rule is monotonic: an aggravating answer never
lowers a figure, a further measure never raises one, and residual never exceeds initial.
Every contribution is kept as a reason, in the words of the content files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from riskassess.core.answers import Answers, visible_answers
from riskassess.core.conditions import is_unknown
from riskassess.core.i18n import Text, both
from riskassess.core.levels import LEVEL_MAX as LEVEL_MAX
from riskassess.core.levels import LEVEL_MIN as LEVEL_MIN
from riskassess.core.levels import MAX_REDUCTION as MAX_REDUCTION
from riskassess.core.levels import Level as Level
from riskassess.core.levels import Reason as Reason
from riskassess.core.levels import clamp as clamp
from riskassess.core.levels import zone as zone
from riskassess.core.questionnaire import Catalogue, Effect, Question, Questionnaire
from riskassess.core.trail import trail

LEVEL_NAMES = {
    1: both("core/scoring", "Negligible"),
    2: both("core/scoring", "Limited"),
    3: both("core/scoring", "Significant"),
    4: both("core/scoring", "Maximum"),
}
DIMENSIONS = {"severity": both("core/scoring", "severity"),
              "likelihood": both("core/scoring", "likelihood")}
MEASURE_STATUS_LABELS = {
    "existing": both("core/scoring", "Existing measure"),
    "planned": both("core/scoring", "Planned measure"),
    "absent": both("core/scoring", "Measure absent"),
}
MEASURE_REASONS = {
    "existing": both("core/scoring", "This measure, in place, reduces the risk."),
    "planned": both("core/scoring", "This planned measure will reduce the risk once implemented."),
}
UNKNOWN_LABEL = both("core/scoring", "I don't know")
CAP_REASON = both("core/scoring",
                  "Measures lower severity by one level and likelihood by two levels at most: "
                  "any further effect is not counted.")


@dataclass(frozen=True)
class Adjustment:
    """The residual level the DPO set for a risk, who set it and why: the final level."""

    level: Level
    justification: str
    author: str = ""


@dataclass(frozen=True)
class RiskResult:
    id: str
    title: Text
    initial: Level
    residual: Level  # as computed from the answers
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    pillar: str = "privacy"
    adjustment: Adjustment | None = None
    trail: tuple = ()  # core/trail.Step, how each figure was reached

    @property
    def final(self) -> Level:
        """The level that counts: the DPO's when they set one, else the computed residual."""
        return self.adjustment.level if self.adjustment else self.residual


@dataclass(frozen=True)
class RiskProfile:
    risks: tuple[RiskResult, ...]

    def risk(self, risk_id: str) -> RiskResult | None:
        return next((r for r in self.risks if r.id == risk_id), None)

    def cells(self, phase: str) -> dict[tuple[int, int], list[RiskResult]]:
        """Risks per (severity, likelihood) cell: phase "initial", "residual" (computed) or
        "final" (the DPO's level where they set one)."""
        grid: dict[tuple[int, int], list[RiskResult]] = {}
        for result in self.risks:
            level = getattr(result, phase)
            grid.setdefault((level.severity, level.likelihood), []).append(result)
        return grid


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


def _reason(question: Question, answer: Text, effect: Effect, explanation: Text | None,
            kind: str) -> Reason:
    return Reason(question.id, question.text, answer, describe(effect),
                  explanation or Text("", ""), kind)


def _kind(effect: Effect) -> str:
    return "existing" if effect.severity_minus or effect.likelihood_minus else "raises"


def contributions(questionnaire: Questionnaire, answers: Answers
                  ) -> Iterator[tuple[Effect, Reason]]:
    """Every effect that the visible answers trigger, with the reason to show for it."""
    counted = visible_answers(questionnaire, answers)
    for question in questionnaire.questions:
        value = counted.get(question.id)
        if value is None:
            continue
        if is_unknown(value):
            for effect in question.unknown_effects:
                yield effect, _reason(question, UNKNOWN_LABEL, effect, effect.reason,
                                      _kind(effect))
        elif question.is_measure:
            status = value["status"]
            if status in ("existing", "planned"):
                for effect in question.addresses:
                    yield effect, _reason(question, MEASURE_STATUS_LABELS[status], effect,
                                          effect.reason or MEASURE_REASONS[status], status)
            elif status == "absent":
                for effect in question.absent_effects:
                    yield effect, _reason(question, MEASURE_STATUS_LABELS[status], effect,
                                          effect.reason, _kind(effect))
        elif question.has_options:
            for option_value in value if isinstance(value, list) else [value]:
                option = question.option(option_value)
                for effect in option.effects if option else ():
                    yield effect, _reason(question, option.label, effect, effect.reason,
                                          _kind(effect))


def _raw(baseline: int, effects: list[Effect], dimension: str) -> int:
    floors = [getattr(e, f"{dimension}_at_least") for e in effects]
    return clamp(max([baseline, *floors]) + sum(getattr(e, f"{dimension}_plus")
                                                 for e in effects))


def _levels(baseline: Level, found: list[tuple[Effect, Reason]]) -> tuple[Level, Level, bool]:
    effects = [e for e, _ in found]
    # protections in place: answers describing the current state, existing measures, and
    # favourable measurements
    existing = [e for e, r in found if r.kind in ("existing", "evidence", "inference")]
    planned = [e for e, r in found if r.kind == "planned"]
    # floors measured on data, or set by the purpose itself (`holds`)
    measured = [e for e, r in found if r.kind == "evidence" or e.holds]
    initial, residual, capped = {}, {}, False
    for dimension, cap in MAX_REDUCTION.items():
        raw = _raw(getattr(baseline, dimension), effects, dimension)
        now = sum(getattr(e, f"{dimension}_minus") for e in existing)
        later = now + sum(getattr(e, f"{dimension}_minus") for e in planned)
        capped = capped or later > cap
        # a measured floor holds after every protection: declarations cannot lower it
        floor = max([LEVEL_MIN, *(getattr(e, f"{dimension}_at_least") for e in measured)])
        initial[dimension] = max(floor, clamp(raw - min(cap, now)))
        residual[dimension] = max(floor, clamp(raw - min(cap, later)))
    return Level(**initial), Level(**residual), capped


def score(catalogue: Catalogue, questionnaire: Questionnaire, answers: Answers,
          evidence: Iterable[tuple[Effect, Reason]] = (),
          contradicted: Mapping[tuple[str, str], Text] | None = None,
          set_aside: Mapping[str, Text] | None = None) -> RiskProfile:
    """The initial and residual level of every risk, with their reasons. `evidence` adds
    effects measured on data (re-identification, fairness), with their own reasons;
    `contradicted` maps (question, risk) pairs that a measurement contradicts to why: those
    effects are not counted, and the reason says so; `set_aside` maps risks that do not
    arise for this processing to why (core/applicability.py): only measurements count
    there."""
    contradicted, set_aside = contradicted or {}, set_aside or {}
    found: dict[str, list[tuple[Effect, Reason]]] = {r.id: [] for r in catalogue.risks}
    for effect, reason in (*contributions(questionnaire, answers), *evidence):
        why = contradicted.get((reason.question_id, effect.risk))
        if why is not None:
            reason = replace(reason, explanation=why, kind="contradiction",
                             effect=both("core/scoring", "not counted"))
            effect = Effect(effect.risk, effect.reason)  # shown, counted for nothing
        elif effect.risk in set_aside and reason.kind != "evidence":
            reason = replace(reason, explanation=set_aside[effect.risk], kind="set_aside",
                             effect=both("core/scoring", "not counted"))
            effect = Effect(effect.risk, effect.reason)
        found.setdefault(effect.risk, []).append((effect, reason))
    results = []
    for risk in catalogue.risks:
        baseline = Level(risk.baseline_severity, risk.baseline_likelihood)
        initial, residual, capped = _levels(baseline, found[risk.id])
        reasons = [r for _, r in found[risk.id]]
        if capped:
            reasons.append(Reason("", Text("", ""), Text("", ""), Text("", ""), CAP_REASON,
                                  "cap"))
        results.append(RiskResult(risk.id, risk.title, initial, residual, tuple(reasons),
                                  risk.pillar, trail=trail(baseline, found[risk.id])))
    return RiskProfile(tuple(results))


def adjusted(profile: RiskProfile, adjustments: Mapping[str, Adjustment]) -> RiskProfile:
    """The profile with the DPO's levels set on the risks they adjusted."""
    if not adjustments:
        return profile
    return RiskProfile(tuple(replace(r, adjustment=adjustments.get(r.id, r.adjustment))
                             for r in profile.risks))
