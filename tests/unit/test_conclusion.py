"""The conclusion as the texts place it (issue 15, points 3 and 5): it cannot be drawn while
measures are unanswered or unknown, prior consultation (GDPR Art. 36) only follows a residual
risk that stays high, the screening never says less than the conclusion (Art. 35(1)), and the
DPO's level is the final one wherever a level counts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from riskassess.core.answers import UNKNOWN
from riskassess.core.loader import load_catalogue
from riskassess.core.risk_profile import (
    build_profile,
    conclude,
    consistent_screening,
    pending_measures,
    to_dict,
)
from riskassess.core.scoring import Adjustment, Level
from riskassess.core.screening import screen
from tests.unit.test_screening import NOTHING

CATALOGUE = load_catalogue(Path(__file__).resolve().parents[2] / "questionnaires")
AIPD = CATALOGUE.questionnaires["aipd"]


def with_every_measure(answers: dict, status: str = "existing") -> dict:
    """`answers` plus every visible measure answered with `status` (visibility may depend on
    earlier answers, so measures are filled until none is left)."""
    answers = dict(answers)
    while pending := pending_measures(AIPD, answers):
        answers.update({question_id: {"status": status} for question_id in pending})
    return answers


def test_unanswered_or_unknown_measures_mean_no_conclusion_yet():
    profile = build_profile(CATALOGUE, AIPD, NOTHING)
    assert profile.conclusion == "cannot_conclude"
    assert profile.pending and all(AIPD.question(q).type == "measure" for q in profile.pending)
    complete = with_every_measure(NOTHING)
    assert build_profile(CATALOGUE, AIPD, complete).conclusion != "cannot_conclude"
    unknown = {**complete, profile.pending[0]: UNKNOWN}
    reopened = build_profile(CATALOGUE, AIPD, unknown)
    assert reopened.conclusion == "cannot_conclude"  # « I don't know » is not « absent »
    assert reopened.pending == (profile.pending[0],)
    assert to_dict(reopened)["pending_measures"] == [profile.pending[0]]


def test_prior_consultation_only_for_a_residual_risk_that_stays_high():
    complete = build_profile(CATALOGUE, AIPD, with_every_measure(NOTHING))
    worst = max(r.final.severity * r.final.likelihood for r in complete.risks.risks)
    assert complete.conclusion in ("acceptable", "to_improve")
    assert worst < 9  # no residual risk in the high zone (severity and likelihood ≥ 3)
    assert conclude(complete.risks.risks, ("sec_backups",)) == "cannot_conclude"


def test_the_screening_never_says_less_than_the_conclusion():
    # GDPR Art. 35(1): a DPIA is required where processing is likely to result in a high risk;
    # a residual risk assessed high is such a finding, whatever the lists and criteria say
    screening = screen(CATALOGUE, AIPD, NOTHING)
    assert screening.verdict == "not_required"
    raised = consistent_screening(screening, "prior_consultation")
    assert raised.verdict == "required"
    assert "35(1)" in raised.reasons[-1].fr
    assert consistent_screening(screening, "to_improve") is screening


def test_the_dpos_level_is_the_final_level_everywhere_it_counts():
    answers = with_every_measure(NOTHING)
    computed = build_profile(CATALOGUE, AIPD, answers)
    target = computed.risks.risks[0]
    raised = Adjustment(Level(4, 4), "Données de santé en clair chez le sous-traitant.",
                        "Dominique Leroy")
    profile = build_profile(CATALOGUE, AIPD, answers, adjustments={target.id: raised})
    risk = profile.risks.risk(target.id)
    assert risk.residual == target.residual  # the computation is kept, and shown
    assert risk.final == Level(4, 4) and risk.adjustment is raised
    assert profile.conclusion == "prior_consultation"  # a final level in the high zone
    assert profile.screening.verdict == "required"  # and the screening follows (Art. 35(1))
    pillar = next(p for p in profile.pillars if target.id in p.risks)
    assert pillar.score == 100
    assert risk in profile.risks.cells("final")[(4, 4)]
    data = next(r for r in to_dict(profile)["risks"] if r["id"] == target.id)
    assert data["adjusted"] == {"severity": 4, "likelihood": 4, "by": "Dominique Leroy",
                                "justification": raised.justification}
    assert data["final"] == {"severity": 4, "likelihood": 4}
    lowered = build_profile(CATALOGUE, AIPD, answers, adjustments={
        r.id: Adjustment(Level(1, 1), "Mesures vérifiées sur place.", "DPO")
        for r in computed.risks.risks})
    assert lowered.conclusion == "acceptable"
    assert {(r.final.severity, r.final.likelihood) for r in lowered.risks.risks} == {(1, 1)}


def test_without_adjustments_the_final_level_is_the_computed_one():
    profile = build_profile(CATALOGUE, AIPD, with_every_measure(NOTHING))
    assert all(r.final == r.residual and r.adjustment is None for r in profile.risks.risks)
    assert replace(profile.risks.risks[0], adjustment=None).final == profile.risks.risks[0].final


def test_suggested_measures_come_by_the_final_level_of_the_risks_they_address():
    profile = build_profile(CATALOGUE, AIPD, NOTHING)
    suggested = [a for a in profile.action_plan if a.status == "suggested"]
    assert len(suggested) >= 2
    last = suggested[-1]
    raised = build_profile(CATALOGUE, AIPD, NOTHING, adjustments={
        risk: Adjustment(Level(4, 4), "Niveau relevé par le DPO.", "DPO")
        for risk in last.risks})
    reordered = [a for a in raised.action_plan if a.status == "suggested"]
    assert set(reordered[0].risks) & set(last.risks)  # a raised risk's measure comes first
    levels = {r.id: r.final.severity * r.final.likelihood for r in raised.risks.risks}
    worst = [max(levels[r] for r in a.risks) if a.risks else 0 for a in reordered]
    assert worst == sorted(worst, reverse=True)
