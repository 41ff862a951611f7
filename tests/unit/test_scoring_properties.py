"""Property tests of the scoring rule (hypothesis): levels stay on the 1-4 scale, an
aggravating answer never lowers a figure, a measure never raises one, residual never exceeds
initial, and the same answers always give the same profile."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from riskassess.core.answers import UNKNOWN
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
from riskassess.core.risk_profile import build_profile
from riskassess.core.scoring import score
from riskassess.core.trail import ends

T = Text("x", "x")
RISKS = ("a", "b")
levels4 = st.integers(1, 4)
steps = st.integers(0, 3)


@st.composite
def aggravating(draw):
    return Effect(risk=draw(st.sampled_from(RISKS)), reason=T,
                  severity_at_least=draw(st.integers(0, 4)),
                  likelihood_at_least=draw(st.integers(0, 4)),
                  severity_plus=draw(steps), likelihood_plus=draw(steps))


@st.composite
def protective(draw):
    return Effect(risk=draw(st.sampled_from(RISKS)), reason=None,
                  severity_minus=draw(st.integers(0, 3)),
                  likelihood_minus=draw(st.integers(0, 3)))


@st.composite
def setups(draw):
    """A questionnaire of aggravating choices and of measures, and answers to part of it."""
    factors = draw(st.lists(aggravating(), min_size=1, max_size=6))
    measures = draw(st.lists(protective(), max_size=5))
    questions = [Question(f"f{i}", "choice", T, options=(Option("yes", T, (e,)),))
                 for i, e in enumerate(factors)]
    questions += [Question(f"m{i}", "measure", T, addresses=(e,))
                  for i, e in enumerate(measures)]
    questionnaire = Questionnaire("q", 1, T, (Module("m", T, tuple(questions)),))
    risks = tuple(Risk(r, T, T, draw(levels4), draw(levels4)) for r in RISKS)
    catalogue = Catalogue(risks=risks, questionnaires={"q": questionnaire})
    answers = {}
    for i in range(len(factors)):
        if draw(st.booleans()):
            answers[f"f{i}"] = "yes"
    for i in range(len(measures)):
        status = draw(st.sampled_from([None, "existing", "planned", "absent"]))
        if status:
            answers[f"m{i}"] = {"status": status}
    return catalogue, questionnaire, answers, len(factors), len(measures)


def figures(catalogue, questionnaire, answers):
    profile = score(catalogue, questionnaire, answers)
    return {r.id: (r.initial, r.residual) for r in profile.risks}


@settings(max_examples=300, deadline=None)
@given(setups())
def test_levels_in_range_residual_below_initial_and_deterministic(setup):
    catalogue, questionnaire, answers, _, _ = setup
    result = figures(catalogue, questionnaire, answers)
    for initial, residual in result.values():
        for value in (initial.severity, initial.likelihood, residual.severity,
                      residual.likelihood):
            assert 1 <= value <= 4
        assert residual.severity <= initial.severity
        assert residual.likelihood <= initial.likelihood
    assert figures(catalogue, questionnaire, dict(answers)) == result
    for risk in score(catalogue, questionnaire, answers).risks:  # the trail agrees
        assert (ends(risk.trail, "initial"), ends(risk.trail, "residual")) == \
            (risk.initial, risk.residual)


@settings(max_examples=300, deadline=None)
@given(setups(), st.data())
def test_adding_a_risk_factor_never_lowers_a_figure(setup, data):
    catalogue, questionnaire, answers, n_factors, _ = setup
    factor = f"f{data.draw(st.integers(0, n_factors - 1))}"
    before = figures(catalogue, questionnaire, {k: v for k, v in answers.items() if k != factor})
    after = figures(catalogue, questionnaire, {**answers, factor: "yes"})
    for risk in RISKS:
        (i0, r0), (i1, r1) = before[risk], after[risk]
        assert i1.severity >= i0.severity and i1.likelihood >= i0.likelihood
        assert r1.severity >= r0.severity and r1.likelihood >= r0.likelihood


@settings(max_examples=300, deadline=None)
@given(setups(), st.data())
def test_adding_a_measure_never_raises_a_figure(setup, data):
    catalogue, questionnaire, answers, _, n_measures = setup
    if not n_measures:
        return
    measure = f"m{data.draw(st.integers(0, n_measures - 1))}"
    status = data.draw(st.sampled_from(["existing", "planned"]))
    without = {k: v for k, v in answers.items() if k != measure}
    before = figures(catalogue, questionnaire, without)
    after = figures(catalogue, questionnaire, {**without, measure: {"status": status}})
    for risk in RISKS:
        (i0, r0), (i1, r1) = before[risk], after[risk]
        assert r1.severity <= r0.severity and r1.likelihood <= r0.likelihood
        assert i1.severity <= i0.severity and i1.likelihood <= i0.likelihood
        if status == "planned":
            assert i1 == i0  # a planned measure lowers only the residual level


# --- the shipped questionnaire, with random answers ---------------------------------------

SHIPPED = load_catalogue(Path(__file__).resolve().parents[2] / "questionnaires")
AIPD = SHIPPED.questionnaires["aipd"]


def answer_strategy(question):
    choices = [st.none()]
    if question.allows_unknown:
        choices.append(st.just(dict(UNKNOWN)))
    values = [o.value for o in question.options]
    if question.type == "choice":
        choices.append(st.sampled_from(values))
    elif question.is_multiple:
        choices.append(st.lists(st.sampled_from(values), min_size=1, unique=True))
    elif question.type == "measure":
        choices.append(st.sampled_from(["existing", "absent", "not_applicable"]).map(
            lambda s: {"status": s}))
        choices.append(st.just({"status": "planned", "owner": "x", "due": "2027-01-01"}))
    else:
        choices.append(st.just("texte"))
    return st.one_of(choices)


random_answers = st.fixed_dictionaries(
    {}, optional={q.id: answer_strategy(q) for q in AIPD.questions}
).map(lambda answers: {k: v for k, v in answers.items() if v is not None})


@settings(max_examples=150, deadline=None)
@given(random_answers)
def test_whole_profile_of_random_answers_is_consistent(answers):
    profile = build_profile(SHIPPED, AIPD, answers)
    assert profile == build_profile(SHIPPED, AIPD, answers)
    assert profile.screening.verdict in ("required", "recommended", "not_required")
    assert profile.ai_act.tier in ("prohibited", "high", "transparency", "minimal", "not_ai",
                                   "not_classified")
    assert profile.conclusion in ("cannot_conclude", "acceptable", "to_improve",
                                  "prior_consultation")
    assert (profile.conclusion == "cannot_conclude") == bool(profile.pending)
    if profile.conclusion == "prior_consultation":  # never contradicted by the screening
        assert profile.screening.verdict == "required"
    for risk in profile.risks.risks:
        assert 1 <= risk.residual.severity <= risk.initial.severity <= 4
        assert 1 <= risk.residual.likelihood <= risk.initial.likelihood <= 4
        # the calculation trail ends on the levels the scoring rule gives
        assert ends(risk.trail, "initial") == risk.initial
        assert ends(risk.trail, "residual") == risk.residual
    for pillar in profile.pillars:
        assert 0 <= pillar.score <= 100 and 1 <= pillar.level <= 4
    planned = {a.question_id for a in profile.action_plan if a.status == "planned"}
    assert all(answers[q]["status"] == "planned" for q in planned)
