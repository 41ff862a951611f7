"""Between the questionnaire form and the core: collecting raw input per question type, and
saying answer errors in the user's language."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from riskassess.core.answers import UNKNOWN_FORM_VALUE, AnswerError
from riskassess.core.questionnaire import Module, Question


def raw_answer(question: Question, form: MultiDict) -> Any:
    """What the form sent for one question, in the shape `parse_answer` takes."""
    if form.get(f"{question.id}__unknown"):
        return UNKNOWN_FORM_VALUE
    if question.type == "measure":
        return {key: form.get(f"{question.id}__{key}", "")
                for key in ("status", "owner", "due", "description")}
    if question.is_multiple:
        return form.getlist(question.id)
    return form.get(question.id)


def raw_answers(module: Module, form: MultiDict) -> dict[str, Any]:
    return {q.id: raw_answer(q, form) for q in module.questions}


def error_message(error: AnswerError) -> str:
    messages = {
        "unknown_choice": lambda: _("This choice is not one of the options: %(value)s.",
                                    value=error.params.get("value", "")),
        "not_a_number": lambda: _("Enter a number, for example 1200 or 3,5."),
        "invalid_date": lambda: _("Enter a date as YYYY-MM-DD."),
        "too_long": lambda: _("Too long: at most %(limit)d characters.",
                              limit=error.params.get("limit", 0)),
        "unknown_not_offered": lambda: _("“I don't know” is not offered for this question."),
        "measure_status": lambda: _("Choose a status for this measure."),
    }
    return messages.get(error.code, lambda: _("This answer is not valid."))()


def error_messages(errors: dict[str, AnswerError]) -> dict[str, str]:
    return {question_id: error_message(error) for question_id, error in errors.items()}
