"""EU AI Act tier and Art. 27 FRIA, from the answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskassess.core.ai_act import classify
from riskassess.core.loader import load_catalogue

CATALOGUE = load_catalogue(Path(__file__).resolve().parents[2] / "questionnaires")
AIPD = CATALOGUE.questionnaires["aipd"]
AI = {
    "scr_uses_ai": "yes",
    "aia_ai_system": "yes",
    "aia_role": ["deployer"],
    "aia_prohibited": ["none"],
    "aia_annex3": ["none"],
    "aia_profiling": "no",
    "aia_transparency": ["none"],
}


def tier(**changes):
    return classify(CATALOGUE, AIPD, {**AI, **changes})


def test_not_an_ai_system():
    assert tier(scr_uses_ai="no").tier == "not_ai"
    assert tier(aia_ai_system="rules_only").tier == "not_ai"


def test_minimal_risk_by_default():
    result = tier()
    assert result.tier == "minimal" and not result.fria_required
    assert "risque minimal" in result.reasons[-1].fr


@pytest.mark.parametrize("practice", [o.value for o in AIPD.question("aia_prohibited").options
                                      if o.value != "none"])
def test_every_prohibited_practice_wins_over_everything(practice):
    result = tier(aia_prohibited=[practice], aia_annex3=["employment"],
                  aia_transparency=["direct_interaction"])
    assert result.tier == "prohibited"
    assert [h.flag.group for h in result.decided_by] == ["ai_act"]
    assert "2 février 2025" in result.reasons[0].fr


@pytest.mark.parametrize("area", [o.value for o in AIPD.question("aia_annex3").options
                                  if o.value != "none"])
def test_every_annex_iii_area_is_high_risk(area):
    result = tier(aia_annex3=[area])
    assert result.tier == "high"
    assert len(result.decided_by) == 1


def test_article_6_3_exemption_applies_only_without_profiling():
    exempt = tier(aia_annex3=["education"], aia_art6_3_exemption="preparatory_task")
    assert exempt.tier == "minimal"
    assert any("6(3)" in r.en for r in exempt.reasons)
    # profiling: the exemption question is not even asked, and never applies
    profiled = tier(aia_annex3=["education"], aia_profiling="yes",
                    aia_art6_3_exemption="preparatory_task")
    assert profiled.tier == "high"


def test_transparency_duties_are_listed_at_every_tier():
    chatbot = tier(aia_transparency=["direct_interaction"])
    assert chatbot.tier == "transparency"
    high = tier(aia_annex3=["employment"], aia_transparency=["synthetic_content"])
    assert high.tier == "high" and len(high.transparency) == 1
    assert any("article 50" in r.fr for r in high.reasons)


def test_fria_for_credit_scoring_and_public_bodies_deploying_high_risk_systems():
    credit = tier(aia_annex3=["essential_services"], aia_fria_credit_insurance=["credit_scoring"])
    assert credit.tier == "high" and credit.fria_required
    assert "article 27" in credit.reasons[-1].fr
    public = tier(aia_annex3=["education"], aia_fria_public_body="yes")
    assert public.fria_required
    private_minimal = tier(aia_fria_public_body="yes")  # not asked: no Annex III area
    assert not private_minimal.fria_required


def test_not_yet_classified_while_the_module_is_open():
    # issue 15: "not an AI system, the Regulation does not apply" was printed while the module
    # was unanswered; nothing may be concluded until its required questions are answered
    result = classify(CATALOGUE, AIPD, {"scr_uses_ai": "yes"})
    assert result.tier == "not_classified"
    assert "Pas encore classé" in result.reasons[0].fr
    unknown = tier(aia_ai_system={"unknown": True})
    assert unknown.tier == "not_classified"


def test_the_dates_of_application_are_stated_both_ways_until_the_omnibus_is_published():
    # Regulation 2024/1689 Art. 113: Art. 5 from 2 Feb 2025, general application (Annex III,
    # Art. 50) from 2 Aug 2026; the 2026 "digital omnibus" agreement proposes December 2027 for
    # Annex III, not yet published: both are shown
    high = tier(aia_annex3=["employment"])
    text = " ".join(r.fr for r in high.reasons)
    assert "2 août 2026" in text and "décembre 2027" in text
    assert "2 février 2025" in " ".join(r.fr for r in tier(aia_prohibited=["social_scoring"])
                                        .reasons)


def test_nothing_answered_is_not_classified_rather_than_not_an_ai_system():
    assert classify(CATALOGUE, AIPD, {}).tier == "not_classified"
    assert tier(scr_uses_ai="no").tier == "not_ai"  # said, not assumed
