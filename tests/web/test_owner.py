"""Project owner's journey through the test client: create, answer, resume, submit."""

from __future__ import annotations

import re

from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import Assessment, AuditEvent
from riskassess.services.catalogue import default_questionnaire
from tests.conftest import EMAILS, login, post
from tests.helpers import required_form_data


def create(client, title="Scoring de crédit", sector="banking_finance", template=""):
    response = post(client, "/assessments/new",
                    {"title": title, "description": "Un modèle note les demandes.",
                     "sector": sector, "template": template})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
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


def save(client, assessment_id, module_id, data, go="stay", **kwargs):
    version = stored(client.application, assessment_id, "version")
    payload = {"version": str(version), "go": go, **data}
    return post(client, f"/assessments/{assessment_id}/modules/{module_id}", payload, **kwargs)


def complete(client, app, assessment_id):
    """Answer every required question, module by module, through the form."""
    with app.app_context():
        plan = required_form_data(default_questionnaire(), stored(app, assessment_id))
    for module_id, data in plan.items():
        response = save(client, assessment_id, module_id, data)
        assert response.status_code == 302, (module_id, response.get_data(as_text=True)[:500])


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
    response = save(client, assessment_id, "screening", {"scr_uses_ai": "yes"}, go="next")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/modules/context")
    save(client, assessment_id, "context", {"ctx_processing": "Notation des demandes de crédit.",
                                            "ctx_sector": "banking_finance"})

    post(client, "/logout")
    assert client.get(f"/assessments/{assessment_id}").status_code == 302  # to login
    login(client, EMAILS["owner"])
    page = module_form(client, assessment_id, "context")
    assert "Notation des demandes de crédit." in page
    assert 'name="scr_uses_ai" value="yes" checked' in module_form(client, assessment_id,
                                                                   "screening")
    events = in_app(lambda: db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.target_id == assessment_id, AuditEvent.target_type == "assessment")).all())
    assert events == ["assessment.created", "answers.saved", "answers.saved"]


def test_invalid_answer_keeps_what_was_typed_and_saves_nothing(as_role, app):
    client = as_role("owner")
    assessment_id = create(client)
    response = save(client, assessment_id, "context",
                    {"ctx_processing": "Texte tapé à garder", "ctx_volume": "peut-être"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Texte tapé à garder" in page
    assert "Ce choix ne fait pas partie des options\u00a0: peut-être." in page
    assert 'aria-invalid="true"' in page
    assert "ctx_processing" not in stored(app, assessment_id)


def test_planned_measure_needs_owner_and_due_date(as_role, app):
    """Without its due date the measure is a draft (tests/web/test_draft_measures.py): the
    step is saved, what was typed is kept and shown."""
    client = as_role("owner")
    assessment_id = create(client)
    response = save(client, assessment_id, "security",
                    {"sec_encryption_at_rest__status": "planned",
                     "sec_encryption_at_rest__owner": "RSSI"})
    assert response.status_code == 302
    assert stored(app, assessment_id)["sec_encryption_at_rest"] == {
        "status": "planned", "owner": "RSSI"}
    page = client.get(f"/assessments/{assessment_id}/modules/security").get_data(as_text=True)
    assert 'value="RSSI"' in page and 'id="draft-sec_encryption_at_rest"' in page
    response = save(client, assessment_id, "security",
                    {"sec_encryption_at_rest__status": "planned",
                     "sec_encryption_at_rest__owner": "RSSI",
                     "sec_encryption_at_rest__due": "2027-03-31"})
    assert response.status_code == 302
    assert stored(app, assessment_id)["sec_encryption_at_rest"] == {
        "status": "planned", "owner": "RSSI", "due": "2027-03-31"}


def test_i_dont_know_is_stored_and_listed_in_the_summary(as_role, app):
    client = as_role("owner")
    assessment_id = create(client)
    assert save(client, assessment_id, "screening",
                {"scr_uses_ai": "__unknown__"}).status_code == 302
    assert stored(app, assessment_id)["scr_uses_ai"] == {"unknown": True}
    page = client.get(f"/assessments/{assessment_id}/summary").get_data(as_text=True)
    unknown_section = page.split('id="unknown-title"')[1].split("</section>")[0]
    assert "#block-scr_uses_ai" in unknown_section
    missing_section = page.split('id="missing-title"')[1].split("</section>")[0]
    assert "#block-ctx_processing" in missing_section
    # "I don't know" on the AI question still shows the AI modules' questions
    assert 'id="nothing-applies"' not in module_form(client, assessment_id, "fairness")


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

    save(client, assessment_id, "context", {"ctx_data_categories": ["health_data"],
                                            "ctx_sector": "banking_finance"})
    complete(client, app, assessment_id)
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "Cartographie des risques" in page
    assert page.count('class="marker initial"') == 10
    assert page.count('class="marker residual"') == 10
    assert "Données de santé" in page  # a reason names the answer that raised the risk

    summary = client.get(f"/assessments/{assessment_id}/summary").get_data(as_text=True)
    assert "Toutes les questions obligatoires ont une réponse." in summary
    response = post(client, f"/assessments/{assessment_id}/submit", follow_redirects=True)
    assert "Analyse soumise à votre DPO." in response.get_data(as_text=True)
    assert stored(app, assessment_id, "status") == "submitted"
    # once submitted, the owner can no longer change answers
    response = save(client, assessment_id, "context", {"ctx_processing": "changement"})
    assert response.status_code == 403


def test_english_interface_and_content(as_role):
    client = as_role("owner")
    post(client, "/language", {"lang": "en", "next": "/assessments"})
    page = client.get("/assessments").get_data(as_text=True)
    assert "My assessments" in page and "Mes analyses" not in page
    assert "Tri automatisé des candidatures" in page  # user content is not translated
    draft = re.search(r'href="/assessments/(\d+)">Maintenance', page).group(1)
    wizard = client.get(f"/assessments/{draft}/modules/context").get_data(as_text=True)
    assert "Step 2 of 9" in wizard and "Why this question?" in wizard
    assert "Étape" not in wizard


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

    invalid = autosave(client, assessment_id, "context", {"ctx_volume": "bof"}, version + 1)
    assert invalid.status_code == 422 and "ctx_volume" in invalid.json["errors"]

    stale = autosave(client, assessment_id, "context", {"ctx_processing": "Écrasé ?"}, version)
    assert stale.status_code == 409 and stale.json["status"] == "conflict"
    assert stored(app, assessment_id)["ctx_processing"] == "Brouillon"


def test_questions_hidden_by_earlier_answers_are_not_shown(as_role, app):
    client = as_role("owner")
    assessment_id = create(client)
    save(client, assessment_id, "screening", {"scr_uses_ai": "no"})
    page = module_form(client, assessment_id, "fairness")
    assert 'id="nothing-applies"' in page
    assert re.search(r'id="block-fai_domain"\s+hidden', page)
    save(client, assessment_id, "screening", {"scr_uses_ai": "yes"})
    page = module_form(client, assessment_id, "fairness")
    assert 'id="nothing-applies"' not in page
    assert not re.search(r'id="block-fai_domain"\s+hidden', page)
    # hidden questions never count as missing
    summary = client.get(f"/assessments/{assessment_id}/summary").get_data(as_text=True)
    assert "#block-fai_domain" in summary
    save(client, assessment_id, "screening", {"scr_uses_ai": "no"})
    summary = client.get(f"/assessments/{assessment_id}/summary").get_data(as_text=True)
    assert "#block-fai_domain" not in summary
