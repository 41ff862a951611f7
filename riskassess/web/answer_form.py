"""Between the questionnaire form and the core: collecting raw input per question kind, the
form's spellings of « Je ne sais pas » read as the domain's one, and answer errors said in the
user's language."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from riskassess.core.answers import UNKNOWN, AnswerError
from riskassess.core.questionnaire import Module, Question

# How the form says « Je ne sais pas »: the value of the option (a radio button or a checkbox
# among a question's options, or among a measure's statuses), or a `<id>__unknown` checkbox
# beside a free field. The domain has one spelling of it, UNKNOWN.
UNKNOWN_FORM_VALUE = "__unknown__"


def raw_answer(question: Question, form: MultiDict) -> Any:
    """What the form sent for one question, in the shape `parse_answer` takes."""
    parts = question.kind.form_parts
    if form.get(f"{question.id}__unknown"):
        return dict(UNKNOWN)
    if parts:
        raw = {key: form.get(f"{question.id}__{key}", "") for key in parts}
        return dict(UNKNOWN) if raw[parts[0]] == UNKNOWN_FORM_VALUE else raw  # its status
    values = form.getlist(question.id)
    if UNKNOWN_FORM_VALUE in values:
        return dict(UNKNOWN)
    return values if question.is_multiple else form.get(question.id)


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
