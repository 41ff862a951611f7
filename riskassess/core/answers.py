"""Answers to a questionnaire: visibility conditions, value parsing and completeness.

Answers are plain dicts {question_id: value}; a value is a string (text, textarea, choice),
a list of strings (multi) or a number (number). Hidden questions never count as missing and
their answers never count for scoring.
"""

from __future__ import annotations

from typing import Any

from riskassess.core.questionnaire import Question, Questionnaire

Answers = dict[str, Any]
MAX_TEXT_LENGTH = 20_000


class AnswerError(ValueError):
    """An answer that does not fit its question, with a message for the user."""


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def is_visible(question: Question, answers: Answers) -> bool:
    condition = question.show_if
    if condition is None:
        return True
    given = answers.get(condition.question)
    chosen = given if isinstance(given, list) else [given]
    return any(value in condition.values for value in chosen)


def visible_answers(questionnaire: Questionnaire, answers: Answers) -> Answers:
    """The answers that count: those of visible questions, in questionnaire order.

    Visibility is decided in order, so a question hidden because its own condition is hidden
    is hidden too (conditions always point to earlier questions).
    """
    counted: Answers = {}
    for question in questionnaire.questions:
        if is_visible(question, counted) and not is_empty(answers.get(question.id)):
            counted[question.id] = answers[question.id]
    return counted


def visible_question_ids(questionnaire: Questionnaire, answers: Answers) -> set[str]:
    counted = visible_answers(questionnaire, answers)
    return {q.id for q in questionnaire.questions if is_visible(q, counted)}


def missing_required(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    counted = visible_answers(questionnaire, answers)
    return [
        q
        for q in questionnaire.questions
        if q.required and is_visible(q, counted) and is_empty(counted.get(q.id))
    ]


def parse_answer(question: Question, raw: Any) -> Any:
    """Turn submitted form data into a stored value, or raise AnswerError.

    `raw` is a string for single-valued questions and a list of strings for `multi`.
    Empty input gives None (an unanswered question).
    """
    if question.type == "multi":
        values = [v for v in (raw or []) if v]
        known = {o.value for o in question.options}
        unknown = [v for v in values if v not in known]
        if unknown:
            raise AnswerError(f"unknown choice: {', '.join(unknown)}")
        return [o.value for o in question.options if o.value in values] or None
    text = (raw or "").strip() if isinstance(raw, str) else raw
    if is_empty(text):
        return None
    if question.type == "choice":
        if question.option(text) is None:
            raise AnswerError(f"unknown choice: {text}")
        return text
    if question.type == "number":
        try:
            number = float(str(text).replace(",", ".").replace(" ", ""))
        except ValueError as exc:
            raise AnswerError("expected a number") from exc
        return int(number) if number.is_integer() else number
    if len(text) > MAX_TEXT_LENGTH:
        raise AnswerError(f"too long (at most {MAX_TEXT_LENGTH} characters)")
    return text


def module_progress(questionnaire: Questionnaire, answers: Answers) -> dict[str, tuple[int, int]]:
    """For each module, (answered, visible) question counts."""
    counted = visible_answers(questionnaire, answers)
    progress: dict[str, tuple[int, int]] = {}
    for module in questionnaire.modules:
        shown = [q for q in module.questions if is_visible(q, counted)]
        done = sum(1 for q in shown if not is_empty(counted.get(q.id)))
        progress[module.id] = (done, len(shown))
    return progress
