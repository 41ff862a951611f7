"""Test helpers that build answers from the shipped questionnaire itself, so tests follow the
content as it evolves instead of hard-coding a copy of it."""

from __future__ import annotations

from typing import Any

from riskassess.core.answers import is_visible, visible_answers
from riskassess.core.questionnaire import Question, Questionnaire


def form_value(question: Question) -> tuple[dict[str, Any], Any]:
    """Form fields answering `question` plausibly, and the value they store."""
    if question.type == "choice":
        value = question.options[0].value
        return {question.id: value}, value
    if question.is_multiple:
        value = [question.options[0].value]
        return {question.id: value}, value
    if question.type == "measure":
        return {f"{question.id}__status": "existing"}, {"status": "existing"}
    if question.type == "number":
        return {question.id: "1200"}, 1200
    if question.type == "date":
        return {question.id: "2027-01-31"}, "2027-01-31"
    text = f"Réponse de test à « {question.text.fr[:40]} »"
    return {question.id: text}, text


def form_fields(question: Question, value: Any) -> dict[str, Any]:
    """The form fields that send `value` (a stored answer) back for `question`."""
    if isinstance(value, dict) and value.get("unknown"):
        if question.has_options:
            return {question.id: "__unknown__"}
        if question.type == "measure":
            return {f"{question.id}__status": "__unknown__"}
        return {f"{question.id}__unknown": "1"}
    if question.type == "measure":
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
