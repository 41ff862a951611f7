"""Server-side permission checks: every refusal a role or organisation must meet."""

from __future__ import annotations

import pytest

from riskassess.extensions import db
from riskassess.models import Assessment
from tests.conftest import csrf_token, give_opinion, login, post


def status_of(in_app, assessment_id):
    return in_app(lambda: db.session.get(Assessment, assessment_id).status)


def test_anonymous_users_are_sent_to_login(client, demo):
    for url in ("/", "/assessments", "/review", "/approved", "/assessments/1",
                "/assessments/1/report.pdf"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_owner_cannot_see_another_owners_assessment(client, demo, other_org):
    login(client, "owner@other.test")
    for status, assessment_id in demo["assessments"].items():
        assert client.get(f"/assessments/{assessment_id}").status_code == 404, status
        assert client.get(f"/assessments/{assessment_id}/modules/context").status_code == 404
    listed = client.get("/assessments").get_data(as_text=True).split("</form>")[-1]
    assert "fraude" not in listed  # (the template filter names the public templates)


def test_owner_cannot_approve(as_role, demo, in_app):
    assessment_id = demo["assessments"]["submitted"]
    response = post(as_role("owner"), f"/assessments/{assessment_id}/decision",
                    {"action": "approve", "text": "moi-même"})
    assert response.status_code == 403
    assert status_of(in_app, assessment_id) == "submitted"


def test_the_dpo_advises_and_only_the_decider_decides(as_role, demo, in_app):
    """GDPR Art. 35(2) and Art. 39(1)(c): the DPO advises; the controller decides."""
    assessment_id = demo["assessments"]["submitted"]
    dpo = as_role("dpo")
    assert post(dpo, f"/assessments/{assessment_id}/decision",
                {"action": "approve"}).status_code == 403  # not awaiting a decision, not theirs
    give_opinion(dpo, assessment_id, "Avis favorable.")
    assert status_of(in_app, assessment_id) == "opinion_given"
    assert post(dpo, f"/assessments/{assessment_id}/decision",
                {"action": "approve"}).status_code == 403
    decider = as_role("decider")
    assert post(decider, f"/assessments/{assessment_id}/opinion",
                {"action": "give_opinion", "opinion": "favourable",
                 "text": "x"}).status_code == 403
    assert status_of(in_app, assessment_id) == "opinion_given"


def test_auditor_cannot_edit_submit_or_decide(as_role, demo, in_app):
    client = as_role("auditor")
    approved = demo["assessments"]["approved"]
    response = post(client, f"/assessments/{approved}/modules/context",
                    {"version": "1", "ctx_processing": "réécrit"})
    assert response.status_code == 403
    assert post(client, f"/assessments/{approved}/decision",
                {"action": "reject", "text": "x"}).status_code == 403
    assert post(client, "/assessments/new", {"title": "x", "sector": "other"}).status_code == 403
    # drafts and submitted assessments do not exist for an auditor
    for status in ("draft", "submitted", "changes_requested"):
        assert client.get(f"/assessments/{demo['assessments'][status]}").status_code == 404
    assert client.get("/review").status_code == 403


def test_dpo_cannot_see_another_organisations_assessments(client, demo, other_org, in_app):
    login(client, "dpo@demo.riskassess.test")
    foreign = other_org["assessment"]
    assert client.get(f"/assessments/{foreign}").status_code == 404
    assert "autre organisation" not in client.get("/review").get_data(as_text=True)
    response = post(client, f"/assessments/{foreign}/decision",
                    {"action": "approve", "text": "ok"})
    assert response.status_code == 404
    assert status_of(in_app, foreign) == "submitted"


def test_auditor_of_another_organisation_cannot_download(client, demo, other_org):
    login(client, "auditor@other.test")
    approved = demo["assessments"]["approved"]
    assert client.get(f"/assessments/{approved}/report.pdf").status_code == 404
    assert "Détection de fraude bancaire" not in client.get("/approved").get_data(as_text=True)


def test_owner_cannot_download_a_report_before_approval(as_role, demo):
    submitted = demo["assessments"]["submitted"]
    assert as_role("owner").get(f"/assessments/{submitted}/report.pdf").status_code == 403


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/assessments/new", {"title": "Sans jeton", "sector": "other"}),
        ("/assessments/{draft}/modules/context", {"version": "1", "ctx_processing": "x"}),
        ("/assessments/{draft}/submit", {}),
        ("/logout", {}),
    ],
)
def test_post_without_csrf_token_is_refused(as_role, demo, in_app, url, data):
    client = as_role("owner")
    draft = demo["assessments"]["draft"]
    response = client.post(url.format(draft=draft), data=data)
    assert response.status_code == 400
    assert "Le formulaire a expiré" in response.get_data(as_text=True)
    assert status_of(in_app, draft) == "draft"


def test_dpo_decision_without_csrf_token_is_refused(as_role, demo, in_app):
    client = as_role("dpo")
    submitted = demo["assessments"]["submitted"]
    response = client.post(f"/assessments/{submitted}/opinion",
                           data={"action": "give_opinion", "opinion": "favourable",
                                 "text": "ok"})
    assert response.status_code == 400
    response = client.post(f"/assessments/{submitted}/opinion",
                           data={"action": "give_opinion", "opinion": "favourable",
                                 "text": "ok", "csrf_token": "forged"})
    assert response.status_code == 400
    assert status_of(in_app, submitted) == "submitted"
    assert csrf_token(client)  # the session itself still works


def test_login_refuses_wrong_password_and_inactive_users(client, demo, in_app):
    response = post(client, "/login", {"email": "owner@demo.riskassess.test",
                                       "password": "wrong-password"})
    assert response.status_code == 200
    assert "mot de passe erroné" in response.get_data(as_text=True)

    from riskassess.models import User

    def deactivate():
        user = db.session.get(User, demo["users"]["owner"])
        user.active = False
        db.session.commit()

    in_app(deactivate)
    response = post(client, "/login", {"email": "owner@demo.riskassess.test",
                                       "password": "riskassess-demo"})
    assert "mot de passe erroné" in response.get_data(as_text=True)


def test_deactivated_user_loses_an_open_session(client, demo, in_app):
    from riskassess.models import User

    login(client, "owner@demo.riskassess.test")
    assert client.get("/assessments").status_code == 200

    def deactivate():
        db.session.get(User, demo["users"]["owner"]).active = False
        db.session.commit()

    in_app(deactivate)
    assert client.get("/assessments").status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_login_never_redirects_off_site(client, demo, target):
    response = post(client, "/login", {"email": "owner@demo.riskassess.test",
                                       "password": "riskassess-demo", "next": target})
    assert response.headers["Location"] == "/"
