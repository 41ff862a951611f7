"""DPIA screening rules, including the worked examples of the WP248 guidelines."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskassess.core.loader import load_catalogue
from riskassess.core.screening import screen

CATALOGUE = load_catalogue(Path(__file__).resolve().parents[2] / "questionnaires")
AIPD = CATALOGUE.questionnaires["aipd"]

# A processing that meets no criterion: every screening question answered "no".
NOTHING = {
    "scr_uses_ai": "no",
    "scr_evaluation": "no",
    "scr_denial": "no",
    "scr_monitoring": ["none"],
    "scr_public_area": "no",
    "scr_sensitive": ["none"],
    "scr_scale_factors": ["small"],
    "scr_matching": ["none"],
    "scr_vulnerable": ["none"],
    "scr_innovative": ["none"],
    "scr_cnil_list": ["none"],
    "scr_cnil_exempt": ["none"],
    "scr_recital91": "no",
    "scr_prior_assessment": "new",
}


def verdict(**changes):
    return screen(CATALOGUE, AIPD, {**NOTHING, **changes})


def ids(hits):
    return [h.flag.id for h in hits]


def test_online_magazine_daily_digest_is_not_required():
    # WP248 example: "an online magazine using a mailing list to send a generic daily digest
    # to its subscribers" — not likely high risk, no DPIA; at most one criterion (scale)
    result = verdict(scr_scale_factors=["many_people"])
    assert result.verdict == "not_required"
    assert ids(result.criteria) == ["wp248_large_scale"]
    assert "règle générale" in result.reasons[0].fr and "documentez" in result.reasons[0].fr
    result = verdict()
    assert result.verdict == "not_required"
    assert result.criteria == ()
    assert "Aucun critère" in result.reasons[0].fr


def test_hospital_information_system_with_genetic_and_health_data_is_required():
    result = verdict(scr_sensitive=["health", "genetic"], scr_special_large_scale="yes",
                     scr_vulnerable=["patients"], scr_cnil_list=["health_care"])
    assert result.verdict == "required"
    assert ids(result.art35_3) == ["art35_3b"]
    assert ids(result.cnil_list) == ["cnil_health_care"]
    assert set(ids(result.criteria)) == {"wp248_sensitive", "wp248_large_scale",
                                         "wp248_vulnerable"}
    assert any("35(3)" in r.en for r in result.reasons)


def test_physicians_own_patient_files_are_not_required_despite_sensitive_data():
    result = verdict(scr_sensitive=["health"], scr_vulnerable=["patients"],
                     scr_special_large_scale="yes", scr_recital91="yes")
    assert result.verdict == "not_required"
    assert result.exception is not None
    assert "art35_3b" not in ids(result.art35_3)  # not large scale under Recital 91
    assert "wp248_large_scale" not in ids(result.criteria)
    assert set(ids(result.criteria)) == {"wp248_sensitive", "wp248_vulnerable"}
    assert "(considérant 91)" in result.reasons[0].fr
    assert "Considérant 91 : une AIPD n’est pas obligatoire" in result.reasons[-1].fr


def test_recital_91_does_not_override_the_cnil_list():
    result = verdict(scr_recital91="yes", scr_cnil_list=["genetic_vulnerable"])
    assert result.verdict == "required"


def test_two_criteria_mean_required_one_is_not_by_the_rule_of_thumb():
    # WP248 rev.01 III.B.a: "in most cases, a data controller can consider that a processing
    # meeting two criteria would require a DPIA"; only "in some cases" does a processing meeting
    # one criterion require one: the rule of thumb is two, the single-criterion reasoning is
    # documented
    two = verdict(scr_evaluation="yes", scr_matching=["other_controllers"])
    assert two.verdict == "required"
    assert ids(two.criteria) == ["wp248_evaluation", "wp248_matching"]
    assert "2 critères" in two.reasons[0].fr and "documenter" in two.reasons[0].fr
    one = verdict(scr_evaluation="yes", scr_significant_decision="minor")
    assert one.verdict == "not_required"
    assert "un seul critère peut suffire" in one.reasons[0].fr


@pytest.mark.parametrize(
    ("changes", "flag"),
    [
        ({"scr_evaluation": "yes", "scr_significant_decision": "significant"}, "art35_3a"),
        ({"scr_public_area": "large_scale"}, "art35_3c"),
        ({"scr_sensitive": ["criminal"], "scr_special_large_scale": "yes"}, "art35_3b"),
    ],
)
def test_each_article_35_3_case_requires_a_dpia(changes, flag):
    result = verdict(**changes)
    assert result.verdict == "required" and flag in ids(result.art35_3)


@pytest.mark.parametrize("entry", [o.value for o in AIPD.question("scr_cnil_list").options
                                   if o.value != "none"])
def test_every_cnil_list_entry_requires_a_dpia(entry):
    result = verdict(scr_cnil_list=[entry])
    assert result.verdict == "required"
    assert len(result.cnil_list) == 1


def test_automated_decision_counts_only_with_significant_effects():
    minor = verdict(scr_uses_ai="yes", scr_decision_role="automated",
                    scr_significant_decision="minor")
    assert "wp248_automated_decision" not in ids(minor.criteria)
    significant = verdict(scr_uses_ai="yes", scr_decision_role="automated",
                          scr_significant_decision="significant")
    assert "wp248_automated_decision" in ids(significant.criteria)
    assert "art35_3a" in ids(significant.art35_3)


def test_unknown_screening_answers_keep_a_dpia_recommended():
    result = verdict(scr_matching={"unknown": True})
    assert result.verdict == "recommended"
    assert [b.question_id for b in result.unknown] == ["scr_matching"]
    assert "1 « Je ne sais pas »" in result.reasons[-1].fr
    incomplete = screen(CATALOGUE, AIPD, {})
    assert incomplete.verdict == "recommended"
    assert "Pré-analyse incomplète" in incomplete.reasons[-1].fr


def test_every_criterion_says_which_answer_raised_it():
    result = verdict(scr_monitoring=["video", "location"])
    [hit] = result.criteria
    assert [b.answer.en for b in hit.because] == [
        o.label.en for o in AIPD.question("scr_monitoring").options[:2]]


@pytest.mark.parametrize("entry", [o.value for o in AIPD.question("scr_cnil_exempt").options
                                   if o.value != "none"])
def test_every_entry_of_the_cnil_exemption_list_means_not_required(entry):
    # GDPR Art. 35(5), CNIL délibération 2019-118: "no DPIA is required" for these types
    result = verdict(scr_cnil_exempt=[entry], scr_evaluation="yes",
                     scr_matching=["other_controllers"])
    assert result.verdict == "not_required"
    assert len(result.exempt) == 1
    assert any("2019-118" in r.fr for r in result.reasons) and "art. 32" in result.reasons[-1].fr


def test_a_mandatory_case_prevails_over_an_exemption():
    # the exemption list covers types "for which no DPIA is required"; Art. 35(3) and the
    # mandatory list (Art. 35(4)) still require one: HR of a small employer with profiling
    result = verdict(scr_cnil_exempt=["hr_small"], scr_cnil_list=["hr_profiling"])
    assert result.verdict == "required"
    assert "prévaut" in " ".join(r.fr for r in result.reasons)


def test_ai_alone_is_not_an_innovative_use():
    # WP248 criterion 8 is "innovative use or applying new technological or organisational
    # solutions"; a classic scorecard proven in the sector is neither
    classic = verdict(scr_uses_ai="yes")
    assert "wp248_innovative" not in ids(classic.criteria)
    new_use = verdict(scr_uses_ai="yes", scr_innovative=["new_ai_use"])
    assert ids(new_use.criteria) == ["wp248_innovative"]


def test_a_services_own_history_is_not_systematic_monitoring():
    # WP248 criterion 3: observing, monitoring or controlling data subjects, incl. data
    # collected through networks or "a systematic monitoring of a publicly accessible area";
    # a shop's own order history kept for that shop is not such monitoring
    assert verdict(scr_monitoring=["first_party"]).criteria == ()
    assert ids(verdict(scr_monitoring=["online"]).criteria) == ["wp248_monitoring"]


def test_rights_that_cannot_be_exercised_meet_criterion_nine():
    # WP248 criterion 9 "prevent data subjects from exercising a right"; Art. 11 situations
    result = verdict(scr_denial="rights_not_exercisable")
    assert ids(result.criteria) == ["wp248_prevents_rights"]
