"""Answers to a questionnaire: value parsing, visibility, completeness and "I don't know".

Answers are plain dicts {question_id: value}. A value is a string (text, textarea, choice,
date), a list of option values (multi, categories), a number, a dict {status, owner, due}
(measure), or UNKNOWN ({"unknown": true}) for "I don't know". Hidden questions never count as
missing and their answers never count for scoring.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from riskassess.core import limits
from riskassess.core.conditions import is_unknown
from riskassess.core.questionnaire import MEASURE_STATUSES, Question, Questionnaire

Answers = dict[str, Any]
UNKNOWN: dict[str, bool] = {"unknown": True}
UNKNOWN_FORM_VALUE = "__unknown__"  # what the form sends for "I don't know"
MAX_TEXT_LENGTH = limits.TEXT
MAX_OWNER_LENGTH = limits.SHORT


class AnswerError(ValueError):
    """An answer that does not fit its question. `code` and `params` let the interface say it
    in the user's language; str() is an English message."""

    def __init__(self, code: str, message: str, **params: Any):
        self.code, self.params = code, params
        super().__init__(message)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def is_draft_measure(value: Any) -> bool:
    """A measure answered "planned" without its owner or due date yet: kept as the owner
    typed it (the step is saved, issue 21), but counted nowhere (not in the residual risk, the
    action plan, the progress) and blocking submission until completed (draft_measures)."""
    return isinstance(value, dict) and value.get("status") == "planned" \
        and not (value.get("owner") and value.get("due"))


def is_visible(question: Question, answers: Answers) -> bool:
    return question.show_if is None or question.show_if.holds(answers)


class Counted(dict):
    """Answers already reduced to those that count under `questionnaire` (what
    visible_answers returns). Reducing them again gives them back as they are, so the dozen
    rules of a profile that each start from the visible answers do the work once (issue 20).
    Read-only, so that they cannot drift from what was counted; a copy is a plain dict."""

    __slots__ = ("questionnaire",)

    def __init__(self, counted: Answers, questionnaire: Questionnaire) -> None:
        super().__init__(counted)
        self.questionnaire = questionnaire

    def _read_only(self, *_args: Any, **_kwargs: Any) -> None:
        raise TypeError("counted answers are read-only: copy them into a dict to change them")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = _read_only

    def __reduce_ex__(self, _protocol: Any) -> tuple:
        return dict, (dict(self),)


def visible_answers(questionnaire: Questionnaire, answers: Answers) -> Answers:
    """The answers that count: those of visible questions, in questionnaire order.

    Visibility is decided in order, so a question hidden because its own condition is hidden
    is hidden too (conditions always point to earlier questions).
    """
    if isinstance(answers, Counted) and answers.questionnaire is questionnaire:
        return answers
    counted: Answers = {}
    for question in questionnaire.questions:
        value = answers.get(question.id)
        if is_visible(question, counted) and not is_empty(value) \
                and not is_draft_measure(value):
            counted[question.id] = value
    return Counted(counted, questionnaire)


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


def draft_measures(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    """Visible measures answered "planned" without an owner or a due date."""
    counted = visible_answers(questionnaire, answers)
    return [q for q in questionnaire.questions
            if is_draft_measure(answers.get(q.id)) and is_visible(q, counted)]


def unanswered(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    """Visible questions without an answer, required or not."""
    counted = visible_answers(questionnaire, answers)
    return [q for q in questionnaire.questions
            if is_visible(q, counted) and is_empty(counted.get(q.id))]


def unknown_answers(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    """Visible questions answered "I don't know"."""
    counted = visible_answers(questionnaire, answers)
    return [q for q in questionnaire.questions if is_unknown(counted.get(q.id))]


def module_progress(questionnaire: Questionnaire, answers: Answers) -> dict[str, tuple[int, int]]:
    """For each module, (answered, visible) question counts."""
    counted = visible_answers(questionnaire, answers)
    progress: dict[str, tuple[int, int]] = {}
    for module in questionnaire.modules:
        shown = [q for q in module.questions if is_visible(q, counted)]
        done = sum(1 for q in shown if not is_empty(counted.get(q.id)))
        progress[module.id] = (done, len(shown))
    return progress


def finished_steps(questionnaire: Questionnaire, answers: Answers) -> list[str]:
    """The steps (modules) finished: each visible required question answered, no planned
    measure left in draft, and something answered, or nothing to answer once the step before
    is finished. Unlike a count of visible questions, whose total grows as answers reveal
    conditional questions (117, then 124, then 126), this figure has a fixed total, the number
    of steps, and moves only forward as the owner answers in order: conditions point to
    earlier questions, so an answer reveals questions only in steps not yet reached."""
    counted = visible_answers(questionnaire, answers)
    finished: list[str] = []
    previous = True
    for module in questionnaire.modules:
        shown = [q for q in module.questions if is_visible(q, counted)]
        answered = any(q.id in counted for q in shown)
        complete = all(q.id in counted for q in shown if q.required) \
            and not any(is_draft_measure(answers.get(q.id)) for q in shown)
        previous = complete and (answered or (not shown and previous))
        if previous:
            finished.append(module.id)
    return finished


def wants_unknown(raw: Any) -> bool:
    """Stored "I don't know", or what the form sends for it (for any question type)."""
    if is_unknown(raw) or raw == UNKNOWN_FORM_VALUE:
        return True
    if isinstance(raw, list) and UNKNOWN_FORM_VALUE in raw:
        return True
    return isinstance(raw, dict) and raw.get("status") in (UNKNOWN_FORM_VALUE, "unknown")


def parse_answer(question: Question, raw: Any) -> Any:
    """Turn submitted or stored data into the value to store, or raise AnswerError.

    Accepts form input (strings, lists of strings, a dict for measures, the "I don't know"
    token) and already-typed values (numbers, lists, dicts), so the same rules apply to the
    web form, templates and imports. Empty input gives None (unanswered).
    """
    if wants_unknown(raw):
        if not question.allows_unknown:
            raise AnswerError("unknown_not_offered", "“I don't know” is not offered here")
        return dict(UNKNOWN)
    if question.is_multiple:
        values = [v for v in (raw if isinstance(raw, list) else [raw]) if v]
        known = {o.value for o in question.options}
        wrong = [str(v) for v in values if v not in known]
        if wrong:
            raise AnswerError("unknown_choice", f"unknown choice: {', '.join(wrong)}",
                              value=", ".join(wrong))
        return [o.value for o in question.options if o.value in values] or None
    if question.type == "measure":
        return _parse_measure(raw)
    if isinstance(raw, str):
        raw = raw.strip()
    if is_empty(raw):
        return None
    if question.type == "choice":
        if not isinstance(raw, str) or question.option(raw) is None:
            raise AnswerError("unknown_choice", f"unknown choice: {raw}", value=str(raw))
        return raw
    if question.type == "number":
        return _parse_number(raw)
    if question.type == "date":
        return _parse_date(raw)
    if not isinstance(raw, str):
        raise AnswerError("invalid_value", "expected text")
    if len(raw) > MAX_TEXT_LENGTH:
        raise AnswerError("too_long", f"too long (at most {MAX_TEXT_LENGTH} characters)",
                          limit=MAX_TEXT_LENGTH)
    return raw


def parse_answers(questionnaire: Questionnaire, values: dict[str, Any]) -> Answers:
    """Parse answers given by question id (imports, templates' callers, demo data).
    Raises LookupError for an unknown question, AnswerError (with `question_id`) otherwise."""
    parsed: Answers = {}
    for question_id, raw in values.items():
        question = questionnaire.question(question_id)
        if question is None:
            raise LookupError(f"unknown question '{question_id}'")
        try:
            parsed[question_id] = parse_answer(question, raw)
        except AnswerError as exc:
            exc.question_id = question_id
            raise
    return parsed


def _parse_number(raw: Any) -> int | float:
    if isinstance(raw, bool):
        raise AnswerError("not_a_number", "expected a number")
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        try:
            number = float(str(raw).replace(",", ".").replace(" ", "").replace("\u202f", ""))
        except ValueError as exc:
            raise AnswerError("not_a_number", "expected a number") from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise AnswerError("not_a_number", "expected a number")
    return int(number) if number.is_integer() else number


def _parse_date(raw: Any) -> str:
    try:
        return date.fromisoformat(str(raw)).isoformat()
    except ValueError as exc:
        raise AnswerError("invalid_date", "expected a date (YYYY-MM-DD)") from exc


def _parse_measure(raw: Any) -> dict[str, str] | None:
    if isinstance(raw, str):
        raw = {"status": raw}
    if not isinstance(raw, dict):
        raise AnswerError("invalid_value", "expected a measure status")
    status = (raw.get("status") or "").strip()
    if not status:
        return None
    if status not in MEASURE_STATUSES:
        raise AnswerError("measure_status", f"unknown measure status: {status}", value=status)
    owner = (raw.get("owner") or "").strip()
    due = (raw.get("due") or "").strip()
    if len(owner) > MAX_OWNER_LENGTH:
        raise AnswerError("too_long", f"too long (at most {MAX_OWNER_LENGTH} characters)",
                          limit=MAX_OWNER_LENGTH)
    description = (raw.get("description") or "").strip()
    if len(description) > limits.TEXT:
        raise AnswerError("too_long", f"too long (at most {limits.TEXT} characters)",
                          limit=limits.TEXT)
    value = {"status": status}
    if description:  # how it is applied, or will be (the CNIL method's measure text)
        value["description"] = description
    if status == "planned":  # without owner or due date: a draft (is_draft_measure)
        value.update({"owner": owner} if owner else {})
        value.update({"due": _parse_date(due)} if due else {})
    elif status == "existing" and owner:
        value["owner"] = owner
    return value
