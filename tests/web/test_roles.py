"""Roles of the organisation: a user may hold several (a main role and others); a DPO may
not also be the decider (GDPR Art. 38(6)); a role change ends the user's sessions."""

from __future__ import annotations

from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import AuditEvent, User
from tests.conftest import EMAILS, give_opinion, post, switch_to


def roles(in_app, role):
    return in_app(lambda: sorted(db.session.scalar(
        select(User).where(User.email == EMAILS[role])).roles))


def test_an_owner_who_also_decides_keeps_writing_and_decides(client, demo, in_app):
    owner_id, dpo_id = demo["users"]["owner"], demo["users"]["dpo"]
    switch_to(client, "admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'name="extra"' in page and "Décideur (responsable de traitement)" in page
    post(client, f"/admin/users/{owner_id}/role", {"role": "owner", "extra": ["decider"]})
    assert roles(in_app, "owner") == ["decider", "owner"]
    refused = post(client, f"/admin/users/{dpo_id}/role", {"role": "dpo", "extra": "decider"},
                   follow_redirects=True).get_data(as_text=True)
    assert "un DPO ne peut pas être aussi le décideur" in refused  # in the page's language
    assert roles(in_app, "dpo") == ["dpo"]
    assert in_app(lambda: db.session.scalar(select(AuditEvent.details).where(
        AuditEvent.action == "user.role_changed")))["extra"] == ["decider"]

    submitted = demo["assessments"]["submitted"]
    switch_to(client, "dpo")
    give_opinion(client, submitted, "Avis favorable.")
    switch_to(client, "owner")
    page = client.get("/").get_data(as_text=True)
    header = client.get("/assessments").get_data(as_text=True).split("</header>")[0]
    assert "Porteur de projet" in header and "Décideur" in header
    assert page  # home answered
    assert post(client, f"/assessments/{submitted}/decision",
                {"action": "approve", "text": ""}).status_code == 302
    draft = demo["assessments"]["draft"]
    assert client.get(f"/assessments/{draft}/modules/context").status_code == 200
    queue = client.get("/review").get_data(as_text=True)
    assert client.get("/review").status_code == 200 and "Tri automatisé" in queue
