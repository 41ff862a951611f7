"""The permission matrix: every route, requested as every kind of user, allows exactly the
expected set. A route added without a line here makes `test_every_route_has_a_rule` fail.

Personas: anonymous; the demo owner; a co-author of the demo draft; an owner of another
organisation; the demo DPO; a DPO of another organisation; the demo decider; the demo
auditor; the demo admin.
"Allowed" means the request was served (2xx, a redirect other than to the login page, or a
form refused for its content with 4xx other than 403/404/405); "denied" is 401/403/404/405 or
a redirect to the login page. A state-changing request runs on fresh data for each persona
allowed to make it, so one persona's change never decides another's outcome.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import (
    Assessment,
    Invitation,
    Notification,
    PasswordReset,
    User,
    utcnow,
)
from riskassess.services import admin as admin_service
from riskassess.services import (
    assessments,
    attachments,
    register,
    review,
    tokens,
    users,
)
from tests.conftest import PASSWORD, csrf_token

PERSONAS = {
    "anonymous": None,
    "owner": "owner@demo.riskassess.test",
    "coauthor": "coauthor@demo.riskassess.test",
    "other_owner": "owner@other.test",
    "dpo": "dpo@demo.riskassess.test",
    "other_dpo": "dpo@other.test",
    "decider": "decider@demo.riskassess.test",
    "auditor": "auditor@demo.riskassess.test",
    "admin": "admin@demo.riskassess.test",
}
LOGGED_IN = set(PERSONAS) - {"anonymous"}
OWNERS = {"owner", "coauthor", "other_owner"}
AUTHORS = {"owner", "coauthor"}
READERS_OF_DRAFT = {"owner", "coauthor", "admin"}
AUDIT = {"dpo", "other_dpo", "decider", "auditor", "admin"}

INVITATION_TOKEN = "matrix-invitation-token"
RESET_TOKEN = "matrix-reset-token"

# endpoint: (method, url with {draft} {submitted} {approved} {user} placeholders, form data,
#            personas allowed)
ROUTES = {
    "auth.login": ("GET", "/login", None, set(PERSONAS)),
    "auth.logout": ("POST", "/logout", {}, LOGGED_IN),
    "auth.language": ("POST", "/language", {"lang": "en"}, set(PERSONAS)),
    # the link is the capability: whoever holds a pending invitation's link opens it
    "invitations.accept": ("GET", "/invitation/" + INVITATION_TOKEN, None, set(PERSONAS)),
    "assessments.home": ("GET", "/", None, LOGGED_IN),
    "assessments.index": ("GET", "/assessments", None, LOGGED_IN),
    "assessments.new": ("GET", "/assessments/new", None, OWNERS),
    "assessments.show": ("GET", "/assessments/{draft}", None, READERS_OF_DRAFT),
    "assessments.action_plan": ("GET", "/assessments/{draft}/action-plan", None,
                                READERS_OF_DRAFT),
    "assessments.risk_calculation": ("GET", "/assessments/{draft}/risks/illegitimate_access/"
                                     "calculation", None, READERS_OF_DRAFT),
    "assessments.submit": ("POST", "/assessments/{draft}/submit", {}, AUTHORS),
    "assessments.adopt": ("POST", "/assessments/{draft}/adopt", {}, AUTHORS),
    "wizard.module": ("POST", "/assessments/{draft}/modules/context",
                      {"version": "0", "ctx_processing": "x"}, AUTHORS),
    "wizard.summary": ("GET", "/assessments/{draft}/summary", None, READERS_OF_DRAFT),
    "evidence.overview": ("GET", "/assessments/{submitted}/evidence", None,
                          {"owner", "dpo", "decider", "admin"}),
    "evidence.reidentification": ("GET", "/assessments/{draft}/evidence/reidentification",
                                  None, AUTHORS),
    "evidence.fairness": ("POST", "/assessments/{draft}/evidence/fairness",
                          {"group": "g", "decision": "d"}, AUTHORS),
    "evidence.knowledge_base": ("GET", "/knowledge-base", None, LOGGED_IN),
    "review.queue": ("GET", "/review", None, {"dpo", "other_dpo", "decider", "admin"}),
    "review.opinion": ("POST", "/assessments/{submitted}/opinion",
                       {"action": "request_changes", "text": "À revoir"}, {"dpo"}),
    "review.decide": ("POST", "/assessments/{awaiting}/decision",
                      {"action": "approve", "text": ""}, {"decider"}),
    "notifications.index": ("GET", "/notifications", None, LOGGED_IN),
    "notifications.unread": ("GET", "/notifications/unread.json", None, LOGGED_IN),
    "notifications.open_one": ("POST", "/notifications/{notification}/open", {}, {"owner"}),
    "notifications.read_all": ("POST", "/notifications/read", {}, LOGGED_IN),
    "notifications.settings": ("POST", "/account/notifications", {"mail": "decided"},
                               LOGGED_IN),
    "notifications.outbox": ("GET", "/admin/outbox", None, {"admin"}),
    "reports.approved": ("GET", "/approved", None, AUDIT),
    "dashboard.show": ("GET", "/dashboard", None, AUDIT),
    "admin.content_impact": ("GET", "/admin/content-impact", None, {"admin"}),
    "organisation.settings": ("GET", "/admin/organisation", None, {"admin"}),
    "guide.page": ("GET", "/guide/dpo", None, set(PERSONAS)),
    "guide.image": ("GET", "/guide/images/fr/owner-list.png", None, set(PERSONAS)),
    "register.index": ("GET", "/register", None, LOGGED_IN),
    "register.new": ("GET", "/register/new", None, {"owner", "coauthor", "other_owner", "dpo",
                                                    "other_dpo", "admin"}),
    "register_io.upload": ("GET", "/register/import", None,
                           {"owner", "coauthor", "other_owner", "dpo", "other_dpo", "admin"}),
    # a token nobody has: no import to confirm, for anyone (tests/web/test_register_io.py)
    "register_io.confirm": ("POST", "/register/import/confirm", {"token": "none"}, set()),
    "register_io.export_xlsx": ("GET", "/register.xlsx", None, LOGGED_IN),
    "register_io.export_csv": ("GET", "/register.csv", None, LOGGED_IN),
    "register_io.export_pdf": ("GET", "/register.pdf", None, LOGGED_IN),
    "register.show": ("GET", "/register/{record}", None,
                      {"owner", "coauthor", "dpo", "decider", "auditor", "admin"}),
    "register.start_dpia": ("POST", "/register/{record}/dpia", {}, {"owner"}),
    "register.screening": ("POST", "/register/{record}/screening", {},
                           {"owner", "dpo", "admin"}),
    "register.edit": ("POST", "/register/{record}/edit", {"version": "1"},
                      {"owner", "dpo", "admin"}),
    # single sign-on is off in these tests (no provider configured): 404 for everyone; the
    # browser tests log in through a real provider (tests/e2e/test_sso.py)
    "sso.start": ("GET", "/login/sso", None, set()),
    "sso.callback": ("GET", "/login/sso/callback", None, set()),
    "actions.index": ("GET", "/actions", None, LOGGED_IN),
    "actions.csv": ("GET", "/actions.csv", None, LOGGED_IN),
    "actions.follow_up": ("POST", "/assessments/{approved}/actions/sec_pseudonymisation", {},
                          {"owner", "dpo", "admin"}),
    "attachments.add": ("POST", "/assessments/{draft}/files", {}, AUTHORS),
    "attachments.download": ("GET", "/assessments/{draft}/files/{file}", None,
                             READERS_OF_DRAFT),
    "attachments.remove": ("POST", "/assessments/{draft}/files/{file}/delete", {}, AUTHORS),
    "reports.download": ("GET", "/assessments/{approved}/report.pdf", None,
                         {"owner", "dpo", "decider", "auditor", "admin"}),
    "reports.progress": ("GET", "/assessments/{approved}/report/progress", None,
                         {"owner", "dpo", "decider", "auditor", "admin"}),
    "reports.archive": ("GET", "/approved/reports.zip", None, AUDIT),
    "portability.export_pia": ("GET", "/assessments/{draft}/export.pia.json", None,
                               READERS_OF_DRAFT),
    "portability.import_pia": ("GET", "/assessments/import-pia", None, OWNERS),
    "health.healthz": ("GET", "/healthz", None, set(PERSONAS)),
    "account.tokens": ("GET", "/account/tokens", None, LOGGED_IN),
    "account.revoke": ("POST", "/account/tokens/{token}/revoke", {}, {"dpo"}),
    # the API takes bearer tokens only: a session cookie opens none of it (per-persona API
    # rules are in tests/web/test_api.py); its OpenAPI document is public
    "api.assessments": ("GET", "/api/v1/assessments", None, set()),
    "api.assessment": ("GET", "/api/v1/assessments/{approved}", None, set()),
    "api.profile": ("GET", "/api/v1/assessments/{approved}/profile", None, set()),
    "api.report": ("GET", "/api/v1/assessments/{approved}/report.pdf", None, set()),
    "api.openapi": ("GET", "/api/v1/openapi.json", None, set(PERSONAS)),
    "audit.trail": ("GET", "/audit", None, AUDIT),
    "audit.export": ("GET", "/audit.csv", None, AUDIT),
    "audit.verify": ("POST", "/audit/verify", {}, AUDIT),
    "audit.verify_report": ("GET", "/verify-report", None, AUDIT),
    "admin.users": ("GET", "/admin/users", None, {"admin"}),
    "admin.change": ("POST", "/admin/users/{user}/deactivate", {}, {"admin"}),
    "admin.coauthors": ("GET", "/assessments/{draft}/coauthors", None, {"owner"}),
    "admin.remove_coauthor": ("POST", "/assessments/{draft}/coauthors/{user}/remove", {},
                              {"owner"}),
    "static": ("GET", "/static/style.css", None, set(PERSONAS)),
    "assessments.diff": ("GET", "/assessments/{approved}/diff?from=1", None,
                         {"owner", "dpo", "decider", "auditor", "admin"}),
    "review.comment": ("POST", "/assessments/{submitted}/comments",
                       {"body": "Une remarque", "target": "assessment:"},
                       {"owner", "dpo", "decider"}),
    "review.resolve": ("POST", "/assessments/{submitted}/comments/{remark}/resolve", {},
                       {"dpo"}),
    "review.evaluate": ("POST", "/assessments/{submitted}/evaluations",
                        {"module_id": "context", "status": "acceptable"}, {"dpo"}),
    "review.adjust": ("POST", "/assessments/{submitted}/adjustments",
                      {"risk_id": "opacity", "severity": "2", "likelihood": "2",
                       "justification": "Mesure vérifiée"}, {"dpo"}),
    "review.data_subjects": ("POST", "/assessments/{draft}/data-subjects",
                             {"sought": "yes", "opinion": "Favorable"}, AUTHORS),
    "review.revise": ("POST", "/assessments/{approved}/revise", {}, {"owner"}),
    # its authors bring an out-of-date assessment up to date (nothing out of date: redirected)
    "living.update": ("GET", "/assessments/{approved}/out-of-date", None, {"owner"}),
    "portability.edition": ("GET", "/assessments/{approved}/report.odt", None,
                            {"owner", "dpo", "decider", "auditor", "admin"}),
    "custom_measures.edit": ("POST", "/assessments/{draft}/measures/{measure}",
                             {"title": "Revue", "risks": "illegitimate_access",
                              "effect": "likelihood", "justification": "Parce que."},
                             AUTHORS),
    "custom_measures.remove": ("POST", "/assessments/{draft}/measures/{measure}/remove", {},
                               AUTHORS),
    "review.archive": ("POST", "/assessments/{approved}/archive",
                       {"reason": "Traitement arrêté"}, {"dpo", "admin"}),
    "assessments.duplicate": ("POST", "/assessments/{approved}/duplicate", {}, {"owner"}),
    "password.forgot": ("POST", "/password/forgot", {"email": "nobody@example.test"},
                        set(PERSONAS)),
    "password.choose": ("GET", "/password/reset/" + RESET_TOKEN, None, set(PERSONAS)),
    "portability.export_json": ("GET", "/assessments/{draft}/export.json", None,
                                READERS_OF_DRAFT),
    "portability.risks_csv": ("GET", "/assessments/{approved}/risks.csv", None,
                              {"owner", "dpo", "decider", "auditor", "admin"}),
    "portability.action_plan_csv": ("GET", "/assessments/{draft}/action-plan.csv", None,
                                    READERS_OF_DRAFT),
    "portability.import_json": ("GET", "/assessments/import", None, OWNERS),
}


def _build_world() -> dict[str, int]:
    """The demo, another organisation, a co-author of the demo draft, a DPO's API token."""
    for email, role in (("owner@other.test", "owner"), ("dpo@other.test", "dpo")):
        users.create_user(email, email.split("@")[0], role, "Autre SA", PASSWORD)
    coauthor = users.create_user(PERSONAS["coauthor"], "Co Auteur", "owner",
                                 "Démo Banque & Santé", PASSWORD)
    ids = {a.status: a.id for a in db.session.scalars(select(Assessment))}
    draft = db.session.get(Assessment, ids["draft"])
    owner = db.session.scalar(select(User).where(User.email == PERSONAS["owner"]))
    admin_service.add_coauthor(owner, draft, coauthor.email)
    ids["user"] = coauthor.id
    dpo = db.session.scalar(select(User).where(User.email == PERSONAS["dpo"]))
    ids["token"] = tokens.create(dpo, "matrix")[0].id
    submitted = db.session.get(Assessment, ids["submitted"])
    with current_app.test_request_context():
        ids["remark"] = review.comment(dpo, submitted, "Précisez", "question",
                                       "ctx_purposes").id
        awaiting = assessments.create(owner, "En attente de décision", "", "other")
        assessments.import_answers(awaiting, dict(submitted.answer_values()))
        assessments.submit(owner, awaiting)
        review.advise(dpo, awaiting, "give_opinion", "Avis favorable.", opinion="favourable")
        ids["file"] = attachments.add(owner, draft, b"%PDF-1.4 contract", "contrat.pdf").id
    ids["record"] = register.create(owner, "controller", {
        "name": "Paie", "controller": "Démo Banque & Santé", "purposes": "Payer"}).id
    ids["awaiting"] = awaiting.id
    from riskassess.services import custom_measures
    ids["measure"] = custom_measures.add(
        owner, draft, "Revue trimestrielle des habilitations", ["illegitimate_access"],
        "likelihood", "Les accès inutiles sont retirés chaque trimestre.").id
    ids["notification"] = db.session.scalar(select(Notification.id).where(
        Notification.user_id == owner.id))
    db.session.add(Invitation(
        organisation_id=dpo.organisation_id, email="invitee@demo.riskassess.test",
        name="Invitee", role="owner", token_hash=hashlib.sha256(INVITATION_TOKEN.encode())
        .hexdigest(), expires_at=utcnow() + timedelta(days=7)))
    db.session.add(PasswordReset(
        user_id=coauthor.id, token_hash=hashlib.sha256(RESET_TOKEN.encode()).hexdigest(),
        expires_at=utcnow() + timedelta(days=1)))
    db.session.commit()
    return ids


def world(saved_state) -> dict[str, int]:
    """Fresh data (built once per worker, then restored as it was saved): see _build_world."""
    return saved_state("permission-matrix", _build_world)


def request_as(app, persona: str, method: str, url: str, data):
    client = app.test_client()
    if PERSONAS[persona]:
        response = client.post("/login", data={"csrf_token": csrf_token(client),
                                               "email": PERSONAS[persona],
                                               "password": PASSWORD})
        assert response.status_code == 302, persona
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": csrf_token(client), **data})
    response.close()  # file responses (static, PDF) hold their file open until closed
    return response


def allowed(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return False
    # Flask-Login sends anonymous users to the login page with ?next=; logging out also
    # lands on the login page, without it
    return not (response.status_code == 302 and "/login?next=" in response.headers["Location"])


def test_every_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(ROUTES), (
        f"routes without a permission rule: {sorted(endpoints - set(ROUTES))}; "
        f"rules without a route: {sorted(set(ROUTES) - endpoints)}")


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_exactly_the_allowed_personas_get_through(app, saved_state, endpoint):
    method, template, data, expected = ROUTES[endpoint]
    ids = world(saved_state)
    url = template.format(**ids)
    outcome = {}
    for persona in sorted(set(PERSONAS) - expected):  # denied: nothing changes
        outcome[persona] = allowed(request_as(app, persona, method, url, data))
    for persona in sorted(expected):
        if method == "POST":
            url = template.format(**world(saved_state))
        outcome[persona] = allowed(request_as(app, persona, method, url, data))
    assert {p for p, ok in outcome.items() if ok} == expected


def test_identifiers_in_urls_are_numbers_only(app):
    for rule in app.url_map.iter_rules():
        for name in re.findall(r"<(?:(\w+):)?(\w+)>", rule.rule):
            converter, argument = name
            if argument.endswith("_id") and argument != "module_id":  # database ids
                assert converter == "int", rule.rule
