"""User administration and co-authors."""

from __future__ import annotations

from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import User
from tests.conftest import invite_and_accept, login, post
from tests.web.test_owner import save, stored


def user_id(in_app, email):
    return in_app(lambda: db.session.scalar(select(User.id).where(User.email == email)))


def test_admin_invites_changes_deactivates_and_resets(client, as_role, demo, in_app, smtp):
    admin = as_role("admin")
    invite_and_accept(admin, smtp, "new.dpo@demo.riskassess.test", "Nouvelle DPO", "owner",
                      "une-phrase-solide")
    new = user_id(in_app, "new.dpo@demo.riskassess.test")
    post(admin, f"/admin/users/{new}/role", {"role": "dpo"})
    assert in_app(lambda: db.session.get(User, new).role) == "dpo"
    weak = post(admin, f"/admin/users/{new}/password", {"password": "court"},
                follow_redirects=True)
    assert "Refusé" in weak.get_data(as_text=True)
    post(admin, f"/admin/users/{new}/password", {"password": "autre-phrase-solide"})
    post(admin, "/logout")

    login(client, "new.dpo@demo.riskassess.test", "autre-phrase-solide")
    assert client.get("/review").status_code == 200
    admin_client = client.application.test_client()
    login(admin_client, "admin@demo.riskassess.test")
    post(admin_client, f"/admin/users/{new}/deactivate")
    assert client.get("/review").status_code == 302  # the open session is gone
    response = post(client, "/login", {"email": "new.dpo@demo.riskassess.test",
                                       "password": "autre-phrase-solide"})
    assert response.status_code == 200  # cannot log in again


def test_admin_rules(client, as_role, demo, other_org, in_app):
    admin = as_role("admin")
    me = user_id(in_app, "admin@demo.riskassess.test")
    response = post(admin, f"/admin/users/{me}/deactivate", follow_redirects=True)
    assert "Refusé" in response.get_data(as_text=True)
    foreign = user_id(in_app, "owner@other.test")
    assert post(admin, f"/admin/users/{foreign}/deactivate").status_code == 404
    post(admin, "/logout")
    login(client, "dpo@demo.riskassess.test")
    assert client.get("/admin/users").status_code == 403
    assert post(client, f"/admin/users/{foreign}/deactivate").status_code == 403


def test_coauthors_edit_with_the_owner(client, as_role, demo, in_app, smtp):
    owner = as_role("owner")
    admin_client = client.application.test_client()
    login(admin_client, "admin@demo.riskassess.test")
    invite_and_accept(admin_client, smtp, "coauteur@demo.riskassess.test", "Co Auteur", "owner",
                      "une-phrase-solide")
    draft = demo["assessments"]["draft"]
    refused = post(owner, f"/assessments/{draft}/coauthors",
                   {"email": "dpo@demo.riskassess.test"}, follow_redirects=True)
    assert "Les coauteurs doivent être" in refused.get_data(as_text=True)
    post(owner, f"/assessments/{draft}/coauthors", {"email": "coauteur@demo.riskassess.test"})

    coauthor = client.application.test_client()
    login(coauthor, "coauteur@demo.riskassess.test", "une-phrase-solide")
    assert "Maintenance prédictive" in coauthor.get("/assessments").get_data(as_text=True)
    assert save(coauthor, draft, "context", {"ctx_processing": "écrit par le coauteur",
                                             "ctx_sector": "industry"}).status_code == 302
    assert stored(client.application, draft)["ctx_processing"] == "écrit par le coauteur"
    assert coauthor.get(f"/assessments/{draft}/coauthors").status_code == 403
    removed = user_id(in_app, "coauteur@demo.riskassess.test")
    post(owner, f"/assessments/{draft}/coauthors/{removed}/remove")
    assert coauthor.get(f"/assessments/{draft}").status_code == 404
