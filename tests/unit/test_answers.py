"""Answer parsing, visibility conditions and completeness (no Flask involved)."""

from __future__ import annotations

import pytest

from riskassess.core.answers import (
    AnswerError,
    draft_measures,
    finished_steps,
    is_draft_measure,
    is_visible,
    missing_required,
    module_progress,
    parse_answer,
    parse_answers,
    visible_answers,
)
from riskassess.core.i18n import Text
from riskassess.core.questionnaire import Condition, Module, Option, Question, Questionnaire
from riskassess.services.demo import FRAUD

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


UNSURE = Question("unsure", "choice", T, options=(Option("a", T), Option("b", T)),
                  allows_unknown=True)
FIREWALL = Question("firewall", "measure", T, allows_unknown=True)
DUE = Question("due", "date", T)


def test_unknown_is_accepted_only_where_offered():
    """« Je ne sais pas » has one spelling in the domain, {"unknown": true}; the web form's
    spellings of it are read by riskassess/web/answer_form.py (tests/web/test_answer_form.py),
    so that the core takes them as any other value."""
    assert parse_answer(UNSURE, {"unknown": True}) == {"unknown": True}
    assert parse_answer(FIREWALL, {"unknown": True}) == {"unknown": True}
    with pytest.raises(AnswerError) as info:
        parse_answer(AI, {"unknown": True})
    assert info.value.code == "unknown_not_offered"
    with pytest.raises(AnswerError) as info:
        parse_answer(UNSURE, "__unknown__")
    assert info.value.code == "unknown_choice"


def test_conditions_on_unknown_not_in_all_and_any():
    from riskassess.core.conditions import Condition as C

    answers = {"unsure": {"unknown": True}, "ai": "no", "model_kind": ["linear"]}
    assert C("unsure", ("unknown",)).holds(answers)
    assert not C("unsure", ("a",)).holds(answers)
    assert C("ai", ("yes",), negate=True).holds(answers)
    assert not C("missing", ("yes",), negate=True).holds(answers)  # unanswered: no
    assert C(all=(C("ai", ("no",)), C("model_kind", ("linear",)))).holds(answers)
    assert not C(all=(C("ai", ("no",)), C("model_kind", ("deep",)))).holds(answers)
    assert C(any=(C("ai", ("yes",)), C("model_kind", ("linear",)))).holds(answers)
    assert C(all=(C("ai", ("no",)),)).questions() == {"ai"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"status": "existing", "owner": "", "due": ""}, {"status": "existing"}),
        ({"status": "existing", "owner": "DSI", "due": ""}, {"status": "existing",
                                                             "owner": "DSI"}),
        ({"status": "planned", "owner": " RSSI ", "due": "2027-03-01"},
         {"status": "planned", "owner": "RSSI", "due": "2027-03-01"}),
        ({"status": "absent", "owner": "x", "due": "2027-03-01"}, {"status": "absent"}),
        ({"status": "", "owner": "", "due": ""}, None),
        ("not_applicable", {"status": "not_applicable"}),
        ({"status": "existing", "description": " AES-256, clés dans un HSM \n"},
         {"status": "existing", "description": "AES-256, clés dans un HSM"}),
        ({"status": "absent", "description": ""}, {"status": "absent"}),
    ],
)
def test_measure_answers(raw, expected):
    assert parse_answer(FIREWALL, raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"status": "planned", "owner": "RSSI", "due": ""}, {"status": "planned", "owner": "RSSI"}),
        ({"status": "planned", "owner": " ", "due": "2027-01-01"},
         {"status": "planned", "due": "2027-01-01"}),
        ({"status": "planned", "description": "Pare-feu applicatif"},
         {"status": "planned", "description": "Pare-feu applicatif"}),
    ],
)
def test_an_incomplete_planned_measure_is_kept_as_a_draft_that_counts_nowhere(raw, expected):
    """The owner's step is saved (issue 21, part 6); the measure is left out of what counts
    (residual risk, action plan, progress) and listed as a draft until completed."""
    value = parse_answer(FIREWALL, raw)
    assert value == expected and is_draft_measure(value)
    questionnaire = Questionnaire("q", 1, T, (Module("m", T, (FIREWALL,)),))
    assert visible_answers(questionnaire, {FIREWALL.id: value}) == {}
    assert draft_measures(questionnaire, {FIREWALL.id: value}) == [FIREWALL]
    complete = parse_answer(FIREWALL, {**raw, "owner": "RSSI", "due": "2027-01-01"})
    assert not is_draft_measure(complete)
    assert visible_answers(questionnaire, {FIREWALL.id: complete}) == {FIREWALL.id: complete}
    assert draft_measures(questionnaire, {FIREWALL.id: complete}) == []


@pytest.mark.parametrize(
    ("question", "raw", "code"),
    [
        (FIREWALL, {"status": "planned", "owner": "RSSI", "due": "31/01/2027"}, "invalid_date"),
        (FIREWALL, {"status": "someday"}, "measure_status"),
        (FIREWALL, {"status": "existing", "description": "x" * 20_001}, "too_long"),
        (DUE, "2027-02-30", "invalid_date"),
        (VOLUME, "nan", "not_a_number"),
    ],
)
def test_bad_measure_and_date_answers(question, raw, code):
    with pytest.raises(AnswerError) as info:
        parse_answer(question, raw)
    assert info.value.code == code


def test_summary_lists_unanswered_and_unknown():
    from riskassess.core.answers import unanswered, unknown_answers

    q = Questionnaire("q", 1, T, (Module("m", T, (AI, MODEL, UNSURE, VOLUME)),))
    answers = {"ai": "no", "unsure": {"unknown": True}}
    assert [x.id for x in unanswered(q, answers)] == ["volume"]  # model is hidden
    assert [x.id for x in unknown_answers(q, answers)] == ["unsure"]


def test_finished_steps_only_move_forward_as_the_owner_answers_in_order():
    """The progress figure counts finished steps out of a fixed total (issue 21, part 6):
    answering the bank-fraud use case question by question, in the questionnaire's order, the
    count of visible questions grows (the old total moved), the finished steps never fall."""
    from tests.unit.test_measured_evidence import AIPD, CATALOGUE

    answers = {**CATALOGUE.templates["bank_fraud"].answers,
               **parse_answers(AIPD, {k: v for k, v in FRAUD.items() if AIPD.question(k)})}
    given: dict = {}
    finished, totals = [], []
    for question in AIPD.questions:
        if question.id in answers:
            given[question.id] = answers[question.id]
            finished.append(len(finished_steps(AIPD, given)))
            totals.append(sum(t for _d, t in module_progress(AIPD, given).values()))
    assert max(totals) > min(totals) + 5  # what the old figure divided by moved
    assert finished == sorted(finished)  # never backwards
    assert 0 < finished[-1] <= len(AIPD.modules)
    assert finished[0] == 0
