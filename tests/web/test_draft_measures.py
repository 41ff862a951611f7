"""A planned measure without its owner or due date is saved as a draft with a warning instead
of blocking its step (issue 21, part 6); it counts nowhere and blocks submission until
completed."""

from __future__ import annotations

from riskassess.extensions import db
from riskassess.models import Assessment
from riskassess.services.assessments import profile
from tests.conftest import post
from tests.web.test_owner import complete, create, save, stored

MEASURE = "sec_encryption_at_rest"
HOW = "Bases chiffrées en AES-256, clés dans un HSM."


def planned_actions(app, assessment_id: int) -> dict:
    with app.app_context():
        full = profile(db.session.get(Assessment, assessment_id))
        found = {a.question_id: (a.owner, a.due) for a in full.action_plan
                 if a.status == "planned"}
        db.session.remove()
    return found


def test_an_incomplete_planned_measure_is_a_draft_until_its_owner_and_date(as_role, app):
    owner = as_role("owner")
    assessment_id = create(owner)
    complete(owner, app, assessment_id)
    draft = {f"{MEASURE}__status": "planned", f"{MEASURE}__description": HOW}

    # saved as you type: the step is saved, the reply warns
    reply = save(owner, assessment_id, "security", draft, headers={"X-Autosave": "1"})
    assert reply.status_code == 200, reply.get_data(as_text=True)[:300]
    assert reply.json["status"] == "saved"
    assert "enregistrée comme brouillon" in reply.json["warning"]
    assert stored(app, assessment_id)[MEASURE] == {"status": "planned", "description": HOW}
    page = owner.get(f"/assessments/{assessment_id}/modules/security").get_data(as_text=True)
    assert f'id="draft-{MEASURE}"' in page
    assert MEASURE not in planned_actions(app, assessment_id)  # counted nowhere

    summary = owner.get(f"/assessments/{assessment_id}/summary").get_data(as_text=True)
    assert "Mesures prévues en brouillon (1)" in summary
    assert 'class="primary" disabled>Soumettre au DPO' in summary
    refused = post(owner, f"/assessments/{assessment_id}/submit", {}, follow_redirects=True)
    assert ("Indiquez le responsable et l’échéance de la mesure prévue encore en brouillon "
            "avant de soumettre.") in refused.get_data(as_text=True)
    assert stored(app, assessment_id, "status") == "draft"

    # "Save" with the owner but no date: the step moves on, the warning stays
    response = save(owner, assessment_id, "security", {**draft, f"{MEASURE}__owner": "RSSI"},
                    follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Réponses enregistrées." in text
    assert "Une mesure prévue de cette étape est enregistrée comme brouillon" in text
    assert MEASURE not in planned_actions(app, assessment_id)

    # complete: it counts, and the assessment can be submitted
    response = save(owner, assessment_id, "security",
                    {**draft, f"{MEASURE}__owner": "RSSI", f"{MEASURE}__due": "2027-06-30"})
    assert response.status_code == 302
    assert planned_actions(app, assessment_id)[MEASURE] == ("RSSI", "2027-06-30")
    summary = owner.get(f"/assessments/{assessment_id}/summary").get_data(as_text=True)
    assert "Mesures prévues en brouillon" not in summary
    post(owner, f"/assessments/{assessment_id}/submit", {})
    assert stored(app, assessment_id, "status") == "submitted"
