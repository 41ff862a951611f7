"""Measures of the owner's own, as questions of the questionnaire: each becomes a measure
question (id `custom_<n>`) of a last module, "Own measures", whose protections are the effect
the owner stated on the risks they chose, so that scoring, the action plan, the review, the
report and the exports treat it like every other measure. The effect is what the questionnaire's
own measures state: one level less of likelihood, of severity, or both (core/scoring.py caps
what protections may lower altogether)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from riskassess.core import limits
from riskassess.core.i18n import Text, both
from riskassess.core.questionnaire import Effect, Module, Question, Questionnaire

MODULE_ID = "custom_measures"
PREFIX = "custom_"
EFFECTS = ("likelihood", "severity", "both", "none")
EFFECT_LABELS = {
    "likelihood": both("core/custom_measures", "likelihood one level lower"),
    "severity": both("core/custom_measures", "severity one level lower"),
    "both": both("core/custom_measures", "severity and likelihood one level lower"),
    "none": both("core/custom_measures", "no effect stated yet: it lowers no level"),
}
MODULE_TITLE = both("core/custom_measures", "Own measures")
MODULE_DESCRIPTION = both("core/custom_measures",
                          "The measures you added, with the effect you give them and its "
                          "justification, reviewed by the DPO like the others.")


class CustomMeasureError(Exception):
    """A measure that cannot be kept: `problems` maps each field to what is wrong."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class Definition:
    number: int
    title: str
    risks: tuple[str, ...]
    effect: str
    justification: str

    @property
    def question_id(self) -> str:
        return f"{PREFIX}{self.number}"


def check(title: str, risks: Sequence[str], effect: str, justification: str,
          known_risks: Iterable[str]) -> tuple[str, tuple[str, ...], str, str]:
    """The fields cleaned, or CustomMeasureError naming every problem."""
    title, justification = (title or "").strip(), (justification or "").strip()
    known = set(known_risks)
    chosen = tuple(dict.fromkeys(r for r in risks if r))
    problems = {}
    if not title:
        problems["title"] = "required"
    elif len(title) > limits.SHORT:
        problems["title"] = "too_long"
    stated = effect != "none"  # an effect is stated, on risks, and justified
    if not chosen and stated:
        problems["risks"] = "required"
    elif any(r not in known for r in chosen):
        problems["risks"] = "unknown"
    if effect not in EFFECTS:
        problems["effect"] = "required"
    if not justification and stated:
        problems["justification"] = "required"
    elif len(justification) > limits.TEXT:
        problems["justification"] = "too_long"
    if problems:
        raise CustomMeasureError(problems)
    return title, chosen, effect, justification


def question(definition: Definition) -> Question:
    severity = 1 if definition.effect in ("severity", "both") else 0
    likelihood = 1 if definition.effect in ("likelihood", "both") else 0
    return Question(
        id=definition.question_id, type="measure",
        text=Text(fr=definition.title, en=definition.title),
        addresses=tuple(Effect(risk, None, severity_minus=severity,
                               likelihood_minus=likelihood) for risk in definition.risks
                        if severity or likelihood))


def with_custom(questionnaire: Questionnaire,
                definitions: Sequence[Definition]) -> Questionnaire:
    """The questionnaire with a last module holding these measures (unchanged without)."""
    if not definitions:
        return questionnaire
    module = Module(MODULE_ID, MODULE_TITLE, tuple(question(d) for d in definitions),
                    MODULE_DESCRIPTION)
    return replace(questionnaire, modules=(*questionnaire.modules, module))
