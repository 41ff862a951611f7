"""Answer parsing, visibility conditions and completeness (no Flask involved)."""

from __future__ import annotations

import pytest

from riskassess.core.answers import (
    AnswerError,
    is_visible,
    missing_required,
    module_progress,
    parse_answer,
    visible_answers,
)
from riskassess.core.i18n import Text
from riskassess.core.questionnaire import Condition, Module, Option, Question, Questionnaire

T = Text("x", "x")
AI = Question("ai", "choice", T, required=True, options=(Option("yes", T), Option("no", T)))
MODEL = Question("model", "text", T, required=True, show_if=Condition("ai", ("yes",)))
DETAIL = Question("detail", "text", T, required=True, show_if=Condition("model_kind", ("deep",)))
KIND = Question("model_kind", "multi", T, options=(Option("deep", T), Option("linear", T)),
                show_if=Condition("ai", ("yes",)))
VOLUME = Question("volume", "number", T)
Q = Questionnaire("q", 1, T, (Module("m", T, (AI, MODEL, KIND, DETAIL, VOLUME)),))


def test_condition_on_a_choice_and_on_a_multi():
    assert not is_visible(MODEL, {"ai": "no"})
    assert is_visible(MODEL, {"ai": "yes"})
    assert is_visible(DETAIL, {"model_kind": ["linear", "deep"]})
    assert not is_visible(DETAIL, {"model_kind": ["linear"]})


def test_hidden_questions_are_never_missing_and_hiding_cascades():
    assert [q.id for q in missing_required(Q, {})] == ["ai"]
    assert [q.id for q in missing_required(Q, {"ai": "yes"})] == ["model"]
    # model_kind=deep is remembered, but ai=no hides model_kind, hence detail too
    answers = {"ai": "no", "model_kind": ["deep"]}
    assert missing_required(Q, answers) == []
    assert visible_answers(Q, answers) == {"ai": "no"}


def test_progress_counts_only_visible_questions():
    assert module_progress(Q, {"ai": "no", "volume": 3}) == {"m": (2, 2)}
    assert module_progress(Q, {"ai": "yes"}) == {"m": (1, 4)}


@pytest.mark.parametrize(
    ("question", "raw", "expected"),
    [
        (AI, "yes", "yes"),
        (AI, "", None),
        (KIND, ["linear", "deep"], ["deep", "linear"]),  # questionnaire order
        (KIND, [], None),
        (VOLUME, "1 200,5", 1200.5),
        (VOLUME, "42", 42),
        (MODEL, "  gradient boosting  ", "gradient boosting"),
    ],
)
def test_parse_answer(question, raw, expected):
    assert parse_answer(question, raw) == expected


@pytest.mark.parametrize(
    ("question", "raw", "message"),
    [(AI, "maybe", "unknown choice"), (KIND, ["deep", "other"], "unknown choice: other"),
     (VOLUME, "many", "expected a number"), (MODEL, "x" * 20_001, "too long")],
)
def test_parse_answer_refuses_bad_input(question, raw, message):
    with pytest.raises(AnswerError, match=message):
        parse_answer(question, raw)
