"""Project owner's journey through the test client: create, answer, resume, submit."""

from __future__ import annotations

import re

from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import Assessment, AuditEvent
from tests.conftest import EMAILS, login, post


def create(client, title="Scoring de crédit", sector="banking_finance"):
    response = post(client, "/assessments/new",
                    {"title": title, "description": "Un modèle note les demandes.",
                     "sector": sector})
    assert response.status_code == 302
    return int(response.headers["Location"].split("/")[2])


def module_form(client, assessment_id, module_id):
    response = client.get(f"/assessments/{assessment_id}/modules/{module_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def stored(app, assessment_id, attribute="answers"):
    """Read an assessment's status, version or answer values from the database."""
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        value = assessment.answer_values() if attribute == "answers" else getattr(
            assessment, attribute)
        db.session.remove()
        return value


def save(client, assessment_id, module_id, data, go="stay"):
    version = stored(client.application, assessment_id, "version")
    payload = {"version": str(version), "go": go, **data}
    return post(client, f"/assessments/{assessment_id}/modules/{module_id}", payload)


COMPLETE = {
    "context": {"ctx_processing": "Notation des demandes de crédit.", "ctx_sector":
                "banking_finance", "ctx_uses_ai": "yes"},
    "purposes": {"pur_purposes": "Décider de l'octroi d'un crédit.",
                 "pur_legal_basis": "contract", "pur_reuse": "no"},
    "data": {"dat_categories": ["identification", "financial"], "dat_inference": "no",
             "dat_combination": "no", "dat_volume": "from_1k_to_100k",
             "dat_subjects": ["customers"]},
    "lifecycle_security": {"lif_retention": "from_1y_to_3y", "lif_transfers": "no",
                           "sec_encryption_access": "yes", "sec_backups": "yes_tested"},
    "ai_ethics": {"ai_training_data": "no", "ai_explicability": "no"},
}


def test_home_redirects_each_role_to_its_page(client, demo):
    expected = {"owner": "/assessments", "dpo": "/review", "auditor": "/approved",
                "admin": "/assessments"}
    for role, target in expected.items():
        login(client, EMAILS[role])
        assert client.get("/").headers["Location"] == target
        post(client, "/logout")


def test_owner_creates_answers_and_resumes_after_logout(as_role, in_app):
    client = as_role("owner")
    assessment_id = create(client)
    page = module_form(client, assessment_id, "context")
    assert 'value="banking_finance" checked' in page  # sector pre-filled from creation
    response = save(client, assessment_id, "context", COMPLETE["context"], go="next")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/modules/purposes")

    post(client, "/logout")
    assert client.get(f"/assessments/{assessment_id}").status_code == 302  # to login
    login(client, EMAILS["owner"])
    page = module_form(client, assessment_id, "context")
    assert "Notation des demandes de crédit." in page
    assert 'value="yes" checked' in page
    events = in_app(lambda: db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.target_id == assessment_id, AuditEvent.target_type == "assessment")).all())
    assert events == ["assessment.created", "answers.saved"]


def test_invalid_answer_keeps_what_was_typed_and_saves_nothing(as_role, app):
    client = as_role("owner")
    assessment_id = create(client)
    response = save(client, assessment_id, "context",
                    {"ctx_processing": "Texte tapé à garder", "ctx_uses_ai": "peut-être"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Texte tapé à garder" in page
    assert "unknown choice" in page
    assert "ctx_processing" not in stored(app, assessment_id)


def test_stale_version_is_a_conflict_not_an_overwrite(as_role, app):
    client = as_role("owner")
    assessment_id = create(client)
    stale = stored(app, assessment_id, "version")
    save(client, assessment_id, "context", {"ctx_processing": "Première version"})
    response = post(client, f"/assessments/{assessment_id}/modules/context",
                    {"version": str(stale), "ctx_processing": "Seconde version"})
    assert response.status_code == 409
    assert "Seconde version" in response.get_data(as_text=True)  # kept for the user
    assert stored(app, assessment_id)["ctx_processing"] == "Première version"


def test_matrix_reflects_answers_and_submission_needs_required_answers(as_role, app):
    client = as_role("owner")
    assessment_id = create(client)
    response = post(client, f"/assessments/{assessment_id}/submit", follow_redirects=True)
    assert "manquante" in response.get_data(as_text=True)
    assert stored(app, assessment_id, "status") == "draft"

    for module_id, data in COMPLETE.items():
        assert save(client, assessment_id, module_id, data).status_code == 302
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "Cartographie des risques" in page
    assert "I1" in page and "R1" in page
    assert "Données financières" in page  # a reason names the answer that raised the risk

    response = post(client, f"/assessments/{assessment_id}/submit", follow_redirects=True)
    assert "Analyse soumise à votre DPO." in response.get_data(as_text=True)
    assert stored(app, assessment_id, "status") == "submitted"
    # once submitted, the owner can no longer change answers
    response = save(client, assessment_id, "context", {"ctx_processing": "changement"})
    assert response.status_code == 403


def test_english_interface(as_role):
    client = as_role("owner")
    post(client, "/language", {"lang": "en", "next": "/assessments"})
    page = client.get("/assessments").get_data(as_text=True)
    assert "My assessments" in page and "Mes analyses" not in page
    assert "Tri automatisé des candidatures" in page


def autosave(client, assessment_id, module_id, data, version):
    return post(client, f"/assessments/{assessment_id}/modules/{module_id}",
                {"version": str(version), **data}, headers={"X-Autosave": "1"})


def test_background_save_answers_json_and_reports_conflicts(as_role, app):
    client = as_role("owner")
    assessment_id = create(client)
    version = stored(app, assessment_id, "version")
    saved = autosave(client, assessment_id, "context", {"ctx_processing": "Brouillon"}, version)
    assert saved.status_code == 200
    assert saved.json["status"] == "saved" and saved.json["version"] == version + 1
    assert stored(app, assessment_id)["ctx_processing"] == "Brouillon"

    invalid = autosave(client, assessment_id, "context", {"ctx_uses_ai": "bof"}, version + 1)
    assert invalid.status_code == 422 and "ctx_uses_ai" in invalid.json["errors"]

    stale = autosave(client, assessment_id, "context", {"ctx_processing": "Écrasé ?"}, version)
    assert stale.status_code == 409 and stale.json["status"] == "conflict"
    assert stored(app, assessment_id)["ctx_processing"] == "Brouillon"


def test_questions_hidden_by_earlier_answers_are_not_shown(as_role, app):
    client = as_role("owner")
    assessment_id = create(client)
    save(client, assessment_id, "context", {"ctx_uses_ai": "no"})
    page = module_form(client, assessment_id, "ai_ethics")
    assert 'id="nothing-applies"' in page
    assert re.search(r'id="block-ai_training_data"\s+hidden', page)
    save(client, assessment_id, "context", {"ctx_uses_ai": "yes"})
    page = module_form(client, assessment_id, "ai_ethics")
    assert 'id="nothing-applies"' not in page
    assert not re.search(r'id="block-ai_training_data"\s+hidden', page)
