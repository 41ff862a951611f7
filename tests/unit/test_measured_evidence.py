"""Measured evidence outranks declarations (issue 15, point 4): a sample with k = 1 keeps the
re-identification risk high whatever pseudonymisation is declared, a decision sample with a
parity ratio of 0.23 keeps discrimination high whatever "no significant gap" says, and each
contradicted declaration is listed and not counted."""

from __future__ import annotations

import io
from pathlib import Path

from riskassess.core.fairness import fairness_csv
from riskassess.core.loader import load_catalogue
from riskassess.core.reidentification import profile_csv
from riskassess.core.risk_profile import build_profile, to_dict
from tests.unit.test_conclusion import with_every_measure
from tests.unit.test_screening import NOTHING

CATALOGUE = load_catalogue(Path(__file__).resolve().parents[2] / "questionnaires")
AIPD = CATALOGUE.questionnaires["aipd"]


def unique_sample() -> dict:
    """Every record unique on its quasi-identifiers: k = 1, 100 % unique."""
    rows = "\n".join(f"{75000 + i};{1950 + i};{'FM'[i % 2]}" for i in range(40))
    return profile_csv(io.BytesIO(f"postcode;year;sex\n{rows}\n".encode()),
                       ["postcode", "year", "sex"]).to_dict()


def safe_sample() -> dict:
    """Twelve records per combination: k = 12."""
    rows = "\n".join(f"7500{i % 2};1980;F" for i in range(48))
    return profile_csv(io.BytesIO(f"postcode;year;sex\n{rows}\n".encode()),
                       ["postcode", "year", "sex"]).to_dict()


def skewed_decisions() -> dict:
    """Group a accepted 30 times out of 30, group b 7 times out of 30: parity ratio 0.23."""
    rows = ["a;yes"] * 30 + ["b;yes"] * 7 + ["b;no"] * 23
    return fairness_csv(io.BytesIO(("group;decision\n" + "\n".join(rows) + "\n").encode()),
                        "group", "decision", positive="yes").to_dict()


def risk(profile, risk_id):
    return profile.risks.risk(risk_id)


def test_declared_pseudonymisation_does_not_lower_a_measured_re_identification():
    answers = with_every_measure({**NOTHING, "sec_pseudonymisation": {"status": "existing"},
                                  "sec_anonymisation": {"status": "planned"}})
    profile = build_profile(CATALOGUE, AIPD, answers, {"reidentification": unique_sample()})
    reid = risk(profile, "reidentification")
    assert reid.initial.likelihood == reid.residual.likelihood == 4  # the measured floor
    assert {(c.question_id, c.risk) for c in profile.contradictions} == {
        ("sec_pseudonymisation", "reidentification"), ("sec_anonymisation", "reidentification")}
    kinds = {r.question_id: r.kind for r in reid.reasons if r.question_id.startswith("sec_")}
    assert kinds == {"sec_pseudonymisation": "contradiction",
                     "sec_anonymisation": "contradiction"}
    assert to_dict(profile)["contradictions"][0]["question_id"] == "sec_pseudonymisation"


def test_a_favourable_measurement_contradicts_nothing_and_lets_measures_count():
    answers = with_every_measure({**NOTHING, "sec_pseudonymisation": {"status": "existing"}})
    profile = build_profile(CATALOGUE, AIPD, answers, {"reidentification": safe_sample()})
    assert profile.contradictions == ()
    without = build_profile(CATALOGUE, AIPD, answers)
    assert risk(profile, "reidentification").residual.likelihood <= \
        risk(without, "reidentification").residual.likelihood


def test_no_significant_gap_is_contradicted_by_a_parity_ratio_of_0_23():
    decisions = skewed_decisions()
    assert round(decisions["demographic_parity_ratio"], 2) == 0.23
    answers = {**NOTHING, "scr_uses_ai": "yes", "fai_disparity_measured": "no_gap"}
    profile = build_profile(CATALOGUE, AIPD, with_every_measure(answers),
                            {"fairness": decisions})
    discrimination = risk(profile, "discrimination")
    assert discrimination.residual.likelihood == 4  # ratio < 0.5: floor 4, not lowered
    assert [(c.question_id, c.risk) for c in profile.contradictions] == [
        ("fai_disparity_measured", "discrimination")]
    assert "0.23" in profile.contradictions[0].explanation.en


def test_a_sample_taken_before_the_protections_lets_the_declared_ones_lower_it():
    # issue 15, point 4: the floor holds unless the sample is not the protected output: an
    # extract of the source data (stage "raw") is re-identifiable before the declared
    # pseudonymisation by definition, so that declaration is not contradicted and counts
    answers = with_every_measure({**NOTHING, "sec_pseudonymisation": {"status": "existing"}})
    protected = build_profile(CATALOGUE, AIPD, answers, {"reidentification": unique_sample()})
    raw = build_profile(CATALOGUE, AIPD, answers,
                        {"reidentification": {**unique_sample(), "stage": "raw"}})
    assert risk(protected, "reidentification").residual.likelihood == 4
    assert raw.contradictions == ()
    assert risk(raw, "reidentification").residual.likelihood < 4
    kinds = {r.kind for r in risk(raw, "reidentification").reasons
             if r.question_id == "" and r.effect.en.startswith("likelihood ≥")}
    assert kinds == {"raises"}
