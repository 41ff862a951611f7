"""Test helpers that build answers from the shipped questionnaire itself, so tests follow the
content as it evolves instead of hard-coding a copy of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from riskassess.core.answers import is_visible, visible_answers
from riskassess.core.questionnaire import Question, Questionnaire
from riskassess.web.answer_form import UNKNOWN_FORM_VALUE


def _text(question: Question) -> str:
    return f"Réponse de test à « {question.text.fr[:40]} »"


# A plausible stored answer for each question kind (riskassess/core/question_types.py; a
# unit test checks that every kind has one).
SAMPLES: dict[str, Callable[[Question], Any]] = {
    "choice": lambda q: q.options[0].value,
    "multi": lambda q: [q.options[0].value],
    "categories": lambda q: [q.options[0].value],
    "measure": lambda q: {"status": "existing"},
    "number": lambda q: 1200,
    "date": lambda q: "2027-01-31",
    "text": _text,
    "textarea": _text,
}


def form_value(question: Question) -> tuple[dict[str, Any], Any]:
    """Form fields answering `question` plausibly, and the value they store."""
    value = SAMPLES[question.type](question)
    return form_fields(question, value), value


def form_fields(question: Question, value: Any) -> dict[str, Any]:
    """The form fields that send `value` (a stored answer) back for `question`."""
    parts = question.kind.form_parts
    if isinstance(value, dict) and value.get("unknown"):
        if parts:
            return {f"{question.id}__{parts[0]}": UNKNOWN_FORM_VALUE}
        if question.has_options:
            return {question.id: UNKNOWN_FORM_VALUE}
        return {f"{question.id}__unknown": "1"}
    if parts:
        return {f"{question.id}__{key}": item for key, item in value.items()}
    return {question.id: value if isinstance(value, list) else str(value)}


def required_form_data(questionnaire: Questionnaire, given: dict[str, Any] | None = None
                       ) -> dict[str, dict[str, Any]]:
    """Per module, the form data answering every required question that is visible given the
    answers so far; `given` answers are kept, and sent again with their module's form (a form
    post replaces the whole module)."""
    stored: dict[str, Any] = dict(given or {})
    per_module: dict[str, dict[str, Any]] = {}
    for module in questionnaire.modules:
        data: dict[str, Any] = {}
        for question in module.questions:
            counted = visible_answers(questionnaire, stored)
            if question.id in stored:
                data.update(form_fields(question, stored[question.id]))
                continue
            if not question.required:
                continue
            if not is_visible(question, counted):
                continue
            fields, value = form_value(question)
            data.update(fields)
            stored[question.id] = value
        per_module[module.id] = data
    return per_module
