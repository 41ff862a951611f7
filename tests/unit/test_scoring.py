"""Scoring rules on the CNIL 1-4 scale, initial and residual (no Flask involved)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from riskassess.core.i18n import Text
from riskassess.core.loader import load_catalogue
from riskassess.core.questionnaire import (
    Catalogue,
    Effect,
    Module,
    Option,
    Question,
    Questionnaire,
    Risk,
)
from riskassess.core.scoring import score, zone

T = Text("x", "x")
RISK = Risk("access", T, T)


def effect(**levels) -> Effect:
    return Effect(risk="access", reason=Text("raison", "reason"), **levels)


QUESTIONNAIRE = Questionnaire(
    "q",
    1,
    T,
    (
        Module(
            "m",
            T,
            (
                Question(
                    "categories",
                    "multi",
                    T,
                    options=(
                        Option("health", T, (effect(severity_at_least=4),)),
                        Option("location", T, (effect(severity_at_least=3, likelihood_plus=1),)),
                        Option("contact", T, ()),
                    ),
                ),
                Question(
                    "scale",
                    "choice",
                    T,
                    options=(
                        Option("large", T, (effect(likelihood_plus=2),)),
                        Option("small", T, ()),
                    ),
                ),
                Question(
                    "encryption",
                    "choice",
                    T,
                    options=(
                        Option("yes", T, (effect(likelihood_minus=2, severity_minus=1),)),
                        Option("no", T, (effect(likelihood_at_least=3),)),
                    ),
                ),
            ),
        ),
    ),
)
CATALOGUE = Catalogue(risks=(RISK,), questionnaires={"q": QUESTIONNAIRE})


def levels(answers):
    result = score(CATALOGUE, QUESTIONNAIRE, answers).risk("access")
    return result.initial, result.residual, result.reasons


def test_no_answer_gives_the_baseline():
    initial, residual, reasons = levels({})
    assert (initial.severity, initial.likelihood) == (1, 1)
    assert (residual.severity, residual.likelihood) == (1, 1)
    assert reasons == ()


def test_floors_take_the_highest_and_increments_add():
    initial, _, reasons = levels({"categories": ["health", "location"], "scale": "large"})
    assert initial.severity == 4  # max of the floors 4 and 3
    assert initial.likelihood == 4  # baseline 1 + 1 + 2
    assert len(reasons) == 3
    assert {r.effect.en for r in reasons} == {"severity ≥ 4", "severity ≥ 3, likelihood +1",
                                           "likelihood +2"}
    assert "gravité ≥ 3, vraisemblance +1" in {r.effect.fr for r in reasons}


def test_protective_answers_describe_the_current_state_and_never_go_below_one():
    raw, _, _ = levels({"categories": ["location"]})
    assert (raw.severity, raw.likelihood) == (3, 2)
    initial, residual, reasons = levels({"categories": ["location"], "encryption": "yes"})
    assert (initial.severity, initial.likelihood) == (2, 1)  # in place: counted in initial
    assert residual == initial
    assert [r.kind for r in reasons] == ["raises", "existing"]


def test_levels_are_clamped_to_four():
    initial, _, _ = levels({"categories": ["location"], "scale": "large", "encryption": "no"})
    assert initial.likelihood == 4  # max(1, 3) + 1 + 2 = 6, clamped


def test_zone_of_the_cnil_map():
    assert zone(1, 1) == "low"
    assert zone(2, 3) == "medium"
    assert zone(3, 3) == "high"
    assert zone(4, 2) == "medium"
    # a negligible likelihood or severity (CNIL scales, level 1) is acceptable
    assert zone(4, 1) == "low"
    assert zone(1, 4) == "low"
    assert zone(2, 2) == "low"


def test_hidden_questions_do_not_count():
    catalogue = load_catalogue(Path(__file__).resolve().parents[2] / "questionnaires")
    foundation = catalogue.questionnaires["aipd"]
    conditional = [q for q in foundation.questions if q.show_if is not None]
    assert conditional, "the foundation questionnaire has conditional questions"
    question = conditional[0]
    hiding_value = next(
        o.value
        for o in foundation.question(question.show_if.question).options
        if o.value not in question.show_if.values
    )
    worst = {question.id: next(o.value for o in question.options if o.effects)}
    shown = score(catalogue, foundation, {**worst, question.show_if.question:
                                          question.show_if.values[0]})
    hidden = score(catalogue, foundation, {**worst, question.show_if.question: hiding_value})
    assert any(r.question_id == question.id for risk in shown.risks for r in risk.reasons)
    assert not any(r.question_id == question.id for risk in hidden.risks for r in risk.reasons)


answers_strategy = st.fixed_dictionaries(
    {},
    optional={
        "categories": st.lists(st.sampled_from(["health", "location", "contact"]), unique=True),
        "scale": st.sampled_from(["large", "small"]),
        "encryption": st.sampled_from(["yes", "no"]),
    },
)


@settings(max_examples=200, deadline=None)
@given(answers_strategy, st.sampled_from(["health", "location", "contact"]))
def test_adding_a_risk_factor_never_lowers_the_initial_level(answers, category):
    before, _, _ = levels(answers)
    more = {**answers, "categories": sorted({*answers.get("categories", []), category})}
    after, _, _ = levels(more)
    assert after.severity >= before.severity and after.likelihood >= before.likelihood


@settings(max_examples=200, deadline=None)
@given(answers_strategy)
def test_levels_stay_in_range_and_residual_never_exceeds_initial(answers):
    initial, residual, _ = levels(answers)
    for value in (initial.severity, initial.likelihood, residual.severity, residual.likelihood):
        assert 1 <= value <= 4
    assert residual.severity <= initial.severity
    assert residual.likelihood <= initial.likelihood
    assert levels(answers) == levels(dict(answers))  # deterministic


MEASURE_Q = Question(
    "firewall", "measure", T,
    addresses=(Effect(risk="access", reason=None, likelihood_minus=1),),
    absent_effects=(effect(likelihood_plus=1),),
    allows_unknown=True,
    unknown_effects=(effect(severity_plus=1),),
)
MEASURES = Questionnaire("m", 1, T, (Module("m", T, (MEASURE_Q,)),))
MEASURE_CATALOGUE = Catalogue(risks=(RISK,), questionnaires={"m": MEASURES})


def measure_levels(value):
    result = score(MEASURE_CATALOGUE, MEASURES, {"firewall": value}).risk("access")
    return (result.initial.severity, result.initial.likelihood,
            result.residual.severity, result.residual.likelihood, result.reasons)


def test_measures_existing_planned_absent_and_unknown():
    *levels_existing, reasons = measure_levels({"status": "existing"})
    assert levels_existing == [1, 1, 1, 1]  # already at the floor: cannot go lower
    assert reasons[0].answer.en == "Existing measure"
    assert reasons[0].explanation.en.startswith("This measure, in place")
    *levels_absent, reasons = measure_levels({"status": "absent"})
    assert levels_absent == [1, 2, 1, 2]
    *levels_unknown, reasons = measure_levels({"unknown": True})
    assert levels_unknown == [2, 1, 2, 1] and reasons[0].answer.en == "I don't know"
    *levels_na, reasons = measure_levels({"status": "not_applicable"})
    assert levels_na == [1, 1, 1, 1] and reasons == ()


def test_existing_measures_lower_initial_planned_only_residual_and_the_cap():
    high = Risk("access", T, T, 4, 4)
    measures = [Question(f"m{i}", "measure", T,
                         addresses=(Effect(risk="access", reason=None, severity_minus=1,
                                           likelihood_minus=1),)) for i in range(4)]
    questionnaire = Questionnaire("q", 1, T, (Module("m", T, tuple(measures)),))
    catalogue = Catalogue(risks=(high,), questionnaires={"q": questionnaire})

    def run(answers):
        result = score(catalogue, questionnaire, answers).risk("access")
        return result.initial, result.residual, [r.kind for r in result.reasons]

    planned = {"status": "planned", "owner": "RSSI", "due": "2027-01-31"}
    initial, residual, kinds = run({"m0": {"status": "existing"}, "m1": planned})
    assert (initial.severity, initial.likelihood) == (3, 3)  # existing: counted in initial
    assert (residual.severity, residual.likelihood) == (3, 2)  # severity capped at −1
    assert kinds == ["existing", "planned", "cap"]
    initial, residual, _ = run({f"m{i}": {"status": "existing"} for i in range(4)})
    assert (initial.severity, initial.likelihood) == (3, 2)  # −1 severity, −2 likelihood
    assert initial == residual
