"""Rules added with the reference corpus (issue 15): model features narrow the model-input
use, special categories inferred and used meet WP248's sensitive-data criterion and ask the
Art. 9(2) question, re-identification does not arise for identified data kept in-house, and
a negligible figure makes a risk acceptable."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskassess.core.answers import is_visible
from riskassess.core.inference import infer, special_inferences
from riskassess.core.loader import load_catalogue
from riskassess.core.risk_profile import build_profile
from riskassess.core.scoring import zone

CATALOGUE = load_catalogue(Path(__file__).resolve().parents[2] / "questionnaires")
AIPD = CATALOGUE.questionnaires["aipd"]
BASE = {"ctx_data_categories": ["first_name", "email", "transactions"],
        "scr_sensitive": ["none"], "ctx_recipients": ["internal_teams"]}


def _profile(**answers):
    return build_profile(CATALOGUE, AIPD, {**BASE, **answers})


def _ethnicity(profile):
    return [r for r in profile.risks.risk("sensitive_inference").reasons
            if r.kind == "inference" and "ethnic" in r.answer.en.lower()]


def test_a_first_name_that_is_not_a_model_feature_is_not_exercised_by_model_input():
    used = _profile(inf_data_uses=["model_input"])
    assert _ethnicity(used)  # features not stated: every declared datum is a feature
    assert _ethnicity(_profile(inf_data_uses=["model_input"],
                               inf_exploited_categories=["first_name", "transactions"]))
    assert not _ethnicity(_profile(inf_data_uses=["model_input"],
                                   inf_exploited_categories=["transactions"]))


def test_special_categories_inferred_and_used_meet_the_sensitive_data_criterion():
    # CJEU C-184/20: data revealing a special category is Art. 9 data; WP248 criterion 4
    def criteria(**answers):
        answers["ctx_data_categories"] = ["first_name", "email"]  # no flag of their own
        return {h.flag.id for h in _profile(**answers).screening.criteria}

    assert "wp248_sensitive" in criteria(inf_data_uses=["profiling"])
    assert "wp248_sensitive" not in criteria(inf_data_uses=["none"])
    uses = frozenset({"profiling"})
    found = special_inferences(infer(CATALOGUE, ["first_name", "email"]), uses)
    assert found and all(i.trait.special in ("art9", "art10") for i in found)


def test_the_art9_condition_question_is_asked_when_the_data_are_exploited():
    question = AIPD.question("inf_art9_exception")
    assert is_visible(question, {"scr_sensitive": ["none"], "inf_data_uses": ["profiling"],
                                 "inf_inference_goal": "no"})
    assert not is_visible(question, {"scr_sensitive": ["none"], "inf_data_uses": ["none"],
                                     "inf_inference_goal": "no"})
    assert not is_visible(question, {"scr_sensitive": ["health"],
                                     "inf_data_uses": ["profiling"]})


def test_reidentification_does_not_arise_for_identified_data_kept_in_house():
    answers = {"ctx_data_categories": ["nir", "date_of_birth", "health_data"],
               "ctx_recipients": ["internal_teams"]}
    kept = build_profile(CATALOGUE, AIPD, {**answers, "inf_data_form": "identified"})
    risk = kept.risks.risk("reidentification")
    assert (risk.initial.severity, risk.initial.likelihood) == (1, 1)
    assert {r.kind for r in risk.reasons} == {"set_aside"}
    shared = build_profile(CATALOGUE, AIPD, {**answers, "inf_data_form": "identified",
                                             "ctx_recipients": ["partners"]})
    unknown_form = build_profile(CATALOGUE, AIPD, answers)
    for profile in (shared, unknown_form):
        risk = profile.risks.risk("reidentification")
        assert risk.initial.likelihood >= 3 and risk.initial.severity >= 3


def test_a_negligible_figure_makes_a_risk_acceptable_on_the_cnil_scales():
    assert zone(4, 1) == zone(1, 4) == "low"
    assert zone(3, 2) == zone(2, 3) == "medium"
    assert zone(3, 3) == "high"


def test_a_floor_held_by_the_purpose_survives_every_measure_and_shows_in_the_trail():
    # GDPR Art. 36(1), Recital 94: a risk the controller cannot mitigate by reasonable means;
    # a price set from health or behaviour data disadvantages ill or older people by design
    answers = {"scr_uses_ai": "yes", "fai_domain": ["insurance"],
               "fai_differential_purpose": "price_from_health_or_behaviour",
               **{q: {"status": "existing"} for q in
                  ("fai_monitoring", "fai_adverse_review", "fai_redress", "fai_stakeholders",
                   "aia_fria")}}
    profile = build_profile(CATALOGUE, AIPD, answers)
    risk = profile.risks.risk("discrimination")
    assert (risk.residual.severity, risk.residual.likelihood) == (3, 3)
    assert profile.conclusion in ("prior_consultation", "cannot_conclude")
    assert any(s.kind == "held_floor" for s in risk.trail)
    assert [s for s in risk.trail if s.dimension == "likelihood"][-1].level == 3
    without = build_profile(CATALOGUE, AIPD, {**answers, "fai_differential_purpose": "no"})
    assert without.risks.risk("discrimination").residual.likelihood < 3


def test_holds_needs_a_floor():
    from riskassess.core.loader import load_sources, read_directory
    from riskassess.core.questionnaire import QuestionnaireError

    sources = dict(read_directory(Path(__file__).resolve().parents[2] / "questionnaires"))
    name = next(k for k in sources if k.endswith("fairness.yaml"))
    sources[name] = sources[name].replace(
        "            severity_at_least: 3\n            holds: true",
        "            severity_plus: 1\n            holds: true", 1)
    with pytest.raises(QuestionnaireError, match="'holds' applies to a floor"):
        load_sources(sources)


def test_choosing_the_exploited_data_neither_declares_nor_counts_data_twice():
    question = AIPD.question("inf_exploited_categories")
    assert question.of_declared and all(not o.effects and not o.flags
                                        for o in question.options)
    answers = {"ctx_data_categories": ["transactions"], "inf_data_uses": ["profiling"],
               "inf_exploited_categories": ["transactions", "health_data"]}
    profile = build_profile(CATALOGUE, AIPD, answers)
    reasons = [r for risk in profile.risks.risks for r in risk.reasons]
    assert not any(r.question_id == "inf_exploited_categories" for r in reasons)
    assert "health" not in {i.trait.id for i in profile.inferences if "health_data" in i.inputs}
