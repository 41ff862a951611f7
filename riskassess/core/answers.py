"""Answers to a questionnaire: visibility, completeness, progress and "I don't know"; each
answer is read by its question's kind (core/question_types.py: `parse_answer`).

Answers are plain dicts {question_id: value}. A value is a string (text, textarea, choice,
date), a list of option values (multi, categories), a number, a dict {status, owner, due}
(measure), or UNKNOWN ({"unknown": true}) for "I don't know". Hidden questions never count as
missing and their answers never count for scoring.
"""

from __future__ import annotations

from typing import Any

from riskassess.core.conditions import is_unknown
from riskassess.core.question_types import UNKNOWN as UNKNOWN
from riskassess.core.question_types import AnswerError as AnswerError
from riskassess.core.question_types import is_draft_measure as is_draft_measure
from riskassess.core.question_types import is_empty as is_empty
from riskassess.core.question_types import parse as parse_answer
from riskassess.core.questionnaire import Question, Questionnaire

Answers = dict[str, Any]


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
