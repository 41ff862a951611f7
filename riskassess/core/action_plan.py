"""The action plan: planned measures (owner, due date) and recommended measures to add."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from riskassess.core.answers import Answers, is_visible, visible_answers
from riskassess.core.conditions import is_unknown
from riskassess.core.i18n import Text, both
from riskassess.core.questionnaire import Questionnaire

STATUS_LABELS = {
    "planned": both("core/action_plan", "Planned"),
    "suggested": both("core/action_plan", "Recommended, to decide"),
}


@dataclass(frozen=True)
class Action:
    question_id: str
    measure: Text
    risks: tuple[str, ...]
    status: str  # planned | suggested
    owner: str | None = None
    due: str | None = None


def action_plan(questionnaire: Questionnaire, answers: Answers,
                levels: Mapping[str, int] | None = None) -> list[Action]:
    """Planned measures first (by due date), then recommended measures that are absent,
    unknown or not yet answered, those addressing the highest final risk level first
    (`levels`: severity × likelihood of each risk, the DPO's where they set one)."""
    counted = visible_answers(questionnaire, answers)
    planned: list[Action] = []
    suggested: list[Action] = []
    for question in questionnaire.questions:
        if not question.is_measure or not is_visible(question, counted):
            continue
        risks = tuple(dict.fromkeys(e.risk for e in question.addresses))
        value = counted.get(question.id)
        status = value.get("status") if isinstance(value, dict) and not is_unknown(value) \
            else None
        if status == "planned":
            planned.append(Action(question.id, question.text, risks, "planned",
                                  value.get("owner"), value.get("due")))
        elif question.recommended and status in (None, "absent"):
            suggested.append(Action(question.id, question.text, risks, "suggested"))
    levels = levels or {}

    def priority(action: Action) -> int:
        return -max((levels.get(risk, 0) for risk in action.risks), default=0)

    return (sorted(planned, key=lambda a: (a.due or "", a.question_id))
            + sorted(suggested, key=priority))  # stable: questionnaire order among equals
