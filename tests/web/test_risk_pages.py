"""The risk engine in the interface: verdict banner, SVG risk map, pillars, action plan, and
the `score` command."""

from __future__ import annotations

import json
import re

from tests.conftest import post
from tests.web.test_owner import create, save


def test_banner_shows_the_three_verdicts_with_their_reasons(as_role, demo):
    page = as_role("dpo").get(f"/assessments/{demo['assessments']['approved']}").get_data(
        as_text=True)
    banner = page.split('class="banner"')[1].split("</section>")[0]
    assert "AIPD obligatoire" in banner
    assert "Risque minimal" in banner  # fraud detection is not Annex III credit scoring
    assert "critères des lignes directrices WP248 sont remplis" in banner
    assert "Pourquoi\u00a0?" in banner


def test_risk_map_is_an_accessible_svg_with_initial_and_residual_markers(as_role, demo):
    page = as_role("owner").get(f"/assessments/{demo['assessments']['approved']}").get_data(
        as_text=True)
    svg = page.split('<figure class="riskmap">')[1].split("</figure>")[0]
    assert 'role="img"' in svg and "<desc" in svg
    assert svg.count('class="marker initial"') == 10 == svg.count('class="marker residual"')
    assert svg.count('class="zone-name"') == 16  # every cell names its zone in words
    assert "élevé" in svg and "faible" in svg
    assert 'class="arrow"' in svg  # planned measures move at least one risk
    pillars = page.split('<figure class="pillars">')[1].split("</figure>")[0]
    for name in ("Vie privée", "Équité", "Explicabilité", "Autonomie humaine",
                 "Non-malfaisance"):
        assert name in pillars
    assert re.search(r"\d+/100", pillars)


def test_scores_follow_the_answers(as_role, app):
    client = as_role("owner")
    assessment_id = create(client)
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "AIPD recommandée" in page  # nothing answered yet: never "not required"
    assert "Pré-analyse incomplète" in page
    save(client, assessment_id, "screening", {"scr_cnil_list": ["hr_profiling"]})
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "AIPD obligatoire" in page
    assert "Profilage de personnes à des fins de gestion des ressources humaines" in page


def test_action_plan_lists_planned_and_suggested_measures(as_role, demo):
    client = as_role("owner")
    approved = demo["assessments"]["approved"]
    page = client.get(f"/assessments/{approved}/action-plan").get_data(as_text=True)
    planned = page.split('id="plan-planned"')[1].split("</section>")[0]
    assert "Équipe data" in planned and "2027-03-31" in planned
    assert "Direction de la relation client" in planned
    suggested = page.split('id="plan-suggested"')[1].split("</section>")[0]
    assert "<td>" not in suggested  # every recommended measure of the approved one is answered
    submitted = demo["assessments"]["submitted"]
    page = client.get(f"/assessments/{submitted}/action-plan").get_data(as_text=True)
    suggested = page.split('id="plan-suggested"')[1].split("</section>")[0]
    assert "<td>" in suggested  # recommended measures not declared yet are suggested
    draft = demo["assessments"]["draft"]
    post(client, f"/assessments/{draft}/modules/security",
         {"version": "0", "sec_backups__status": "planned"})  # stale: refused, nothing lost
    assert client.get(f"/assessments/{draft}/action-plan").status_code == 200


def test_score_command_prints_the_whole_profile_as_json(runner, demo):
    result = runner.invoke(args=["score", str(demo["assessments"]["approved"]), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"screening", "ai_act", "risks", "conclusion", "pillars",
                         "action_plan"}
    assert data["screening"]["verdict"] == "required"
    assert {"verdict", "criteria", "reasons"} <= set(data["screening"])
    assert data["screening"]["criteria"][0]["id"].startswith("wp248_")
    assert {"tier", "fria_required", "reasons"} <= set(data["ai_act"])
    assert data["ai_act"]["tier"] == "minimal" and data["ai_act"]["fria_required"] is False
    assert len(data["risks"]) == 10
    for risk in data["risks"]:
        assert {"id", "title", "initial", "residual", "reasons"} <= set(risk)
        assert set(risk["initial"]) == {"severity", "likelihood"} == set(risk["residual"])
    assert data["conclusion"] in ("cannot_conclude", "acceptable", "to_improve",
                                  "prior_consultation")
    assert set(data["pillars"]) == {"privacy", "fairness", "explicability", "autonomy",
                                    "non_maleficence"}
    plan = data["action_plan"]
    assert {"measure", "risks", "owner", "due", "status"} <= set(plan[0])
    assert plan[0]["status"] == "planned" and plan[0]["owner"]
    french = json.loads(runner.invoke(args=["score", str(demo["assessments"]["approved"]),
                                            "--json", "--lang", "fr"]).output)
    assert french["risks"][0]["title"] == "Accès illégitime à des données"
    missing = runner.invoke(args=["score", "999", "--json"])
    assert missing.exit_code != 0 and "no assessment with id 999" in missing.output


def test_pillar_scores_read_as_exposure_not_as_grades(as_role, demo):
    """Issue 21: « 50/100 » read like a grade where higher is better; the chart says it is an
    exposure, and which way is worse."""
    page = as_role("dpo").get(f"/assessments/{demo['assessments']['approved']}").get_data(
        as_text=True)
    figure = page[page.index('<figure class="pillars">'):]
    figure = figure[:figure.index("</figure>")]
    assert "Exposition par pilier" in figure
    assert "Plus la barre est longue, plus le pilier est exposé" in figure
