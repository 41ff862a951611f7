"""The read-only JSON API: personal tokens (hashed, shown once, revocable), the same
permission rules as the interface for every persona and endpoint, pagination, the report PDF
and the OpenAPI document. The tokens page is tested in test_api_tokens_page.py."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
import schemathesis
from sqlalchemy import select

from riskassess.api.params import QUERY
from riskassess.core import permissions
from riskassess.extensions import db
from riskassess.models import ApiToken, Assessment, Report, User
from riskassess.services import admin as admin_service
from riskassess.services import tokens, users
from tests.conftest import EMAILS, PASSWORD, login

API = "/api/v1"
PERSONAS = {
    **EMAILS,
    "coauthor": "coauthor@demo.riskassess.test",
    "other_owner": "owner@other.test",
    "other_dpo": "dpo@other.test",
    "other_auditor": "auditor@other.test",
}
SECRET = re.compile(r"ra_[A-Za-z0-9_-]{43}")


def user_by_email(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def new_token(in_app, email: str, name: str = "script") -> str:
    return in_app(lambda: tokens.create(user_by_email(email), name)[1])


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def world(in_app, demo, other_org):
    """The demo and another organisation, a co-author of the demo draft, and one token per
    persona: {"ids": {status: id, "other": id}, "tokens": {persona: secret}}."""

    def add_coauthor():
        coauthor = users.create_user(PERSONAS["coauthor"], "Co Auteur", "owner",
                                     "Démo Banque & Santé", PASSWORD)
        draft = db.session.get(Assessment, demo["assessments"]["draft"])
        admin_service.add_coauthor(user_by_email(EMAILS["owner"]), draft, coauthor.email)

    in_app(add_coauthor)
    secrets = {persona: new_token(in_app, email) for persona, email in PERSONAS.items()}
    return {"ids": {**demo["assessments"], "other": other_org["assessment"]},
            "tokens": secrets}


# --- tokens -----------------------------------------------------------------------------

def test_tokens_are_stored_hashed_and_authenticate(client, in_app, demo):
    secret = new_token(in_app, EMAILS["dpo"], "nightly export")
    assert SECRET.fullmatch(secret)

    def stored():
        row = db.session.scalar(select(ApiToken))
        return {c.name: getattr(row, c.name) for c in ApiToken.__table__.columns}

    row = in_app(stored)
    assert row["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert row["hint"] == secret[-4:]
    assert all(secret not in str(value) for value in row.values())  # never the secret
    assert row["last_used_at"] is None
    response = client.get(f"{API}/assessments", headers=bearer(secret))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert in_app(stored)["last_used_at"] is not None


BAD_HEADERS = (None, "", "Bearer", "Bearer ", "Basic ZHBvOnB3", "Token {secret}",
               "Bearer {secret}x", "Bearer x{secret}", "Bearer ra_unknown",
               "Bearer {secret} extra", "{secret}")


def test_missing_or_wrong_credentials_get_401_json(client, in_app, demo):
    secret = new_token(in_app, EMAILS["dpo"])
    for header in BAD_HEADERS:
        headers = {} if header is None else {"Authorization": header.format(secret=secret)}
        response = client.get(f"{API}/assessments", headers=headers)
        assert response.status_code == 401, header
        assert response.is_json and set(response.json) == {"error"}
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_scheme_is_case_insensitive(client, in_app, demo):
    secret = new_token(in_app, EMAILS["dpo"])
    headers = {"Authorization": f"bearer {secret}"}
    assert client.get(f"{API}/assessments", headers=headers).status_code == 200


def test_revoked_token_and_deactivated_user_get_401(client, in_app, demo):
    revoked, kept = new_token(in_app, EMAILS["dpo"]), new_token(in_app, EMAILS["dpo"])
    auditor = new_token(in_app, EMAILS["auditor"])

    def revoke_and_deactivate():
        dpo = user_by_email(EMAILS["dpo"])
        token = db.session.scalar(select(ApiToken).where(
            ApiToken.token_hash == tokens.digest(revoked)))
        tokens.revoke(dpo, token.id)
        admin_service.set_active(user_by_email(EMAILS["admin"]),
                                 user_by_email(EMAILS["auditor"]).id, False)

    in_app(revoke_and_deactivate)
    assert client.get(f"{API}/assessments", headers=bearer(revoked)).status_code == 401
    assert client.get(f"{API}/assessments", headers=bearer(kept)).status_code == 200
    assert client.get(f"{API}/assessments", headers=bearer(auditor)).status_code == 401


def test_a_session_cookie_does_not_open_the_api(as_role):
    dpo = as_role("dpo")
    assert dpo.get("/review").status_code == 200
    assert dpo.get(f"{API}/assessments").status_code == 401


# --- the same rules as the interface --------------------------------------------------

def test_lists_hold_exactly_what_each_persona_may_see(app, client, in_app, world):
    ids = world["ids"]
    listed = {}
    for persona, secret in world["tokens"].items():
        response = client.get(f"{API}/assessments?per_page=100", headers=bearer(secret))
        assert response.status_code == 200, persona
        listed[persona] = {item["id"]: item["status"] for item in response.json["items"]}

    def expected():
        everything = db.session.scalars(select(Assessment)).all()
        return {p: {a.id for a in everything if permissions.can_view(user_by_email(e), a)}
                for p, e in PERSONAS.items()}

    assert {p: set(found) for p, found in listed.items()} == in_app(expected)
    demo_ids = {v for k, v in ids.items() if k != "other"}
    assert set(listed["owner"]) == set(listed["admin"]) == demo_ids
    assert set(listed["coauthor"]) == {ids["draft"]}
    assert set(listed["auditor"].values()) == {"approved"}
    assert "draft" not in listed["dpo"].values() and ids["submitted"] in listed["dpo"]
    assert set(listed["other_owner"]) == set(listed["other_dpo"]) == {ids["other"]}
    assert listed["other_auditor"] == {}


def test_every_endpoint_answers_as_the_interface_does(app, client, world):
    """For each persona and each assessment, the API answers 200/403/404 exactly when the
    interface does (the assessment page, and the report download)."""
    ids = world["ids"]
    for persona, email in PERSONAS.items():
        browser = app.test_client()
        login(browser, email)
        secret = world["tokens"][persona]
        for assessment_id in ids.values():
            page = browser.get(f"/assessments/{assessment_id}").status_code
            for suffix in ("", "/profile"):
                answer = client.get(f"{API}/assessments/{assessment_id}{suffix}",
                                    headers=bearer(secret))
                assert answer.status_code == page, (persona, assessment_id, suffix)
            ui_pdf = browser.get(f"/assessments/{assessment_id}/report.pdf")
            api_pdf = client.get(f"{API}/assessments/{assessment_id}/report.pdf",
                                 headers=bearer(secret))
            assert api_pdf.status_code == ui_pdf.status_code, (persona, assessment_id)
            if ui_pdf.status_code == 200:
                assert api_pdf.data == ui_pdf.data
            ui_pdf.close()
            api_pdf.close()


def test_other_organisations_objects_are_not_found(client, world):
    other, approved = world["ids"]["other"], world["ids"]["approved"]
    for persona in ("owner", "dpo", "auditor", "admin"):
        secret = world["tokens"][persona]
        for url in (f"/assessments/{other}", f"/assessments/{other}/profile",
                    f"/assessments/{other}/report.pdf"):
            response = client.get(API + url, headers=bearer(secret))
            assert response.status_code == 404 and response.json == {"error": "not found"}
    response = client.get(f"{API}/assessments/{approved}", headers=bearer(
        world["tokens"]["other_dpo"]))
    assert response.status_code == 404


def test_owner_cannot_download_a_draft_report_auditor_cannot_see_drafts(client, world):
    draft = world["ids"]["draft"]
    owner = client.get(f"{API}/assessments/{draft}/report.pdf",
                       headers=bearer(world["tokens"]["owner"]))
    assert owner.status_code == 403 and owner.json == {"error": "not allowed"}
    auditor = client.get(f"{API}/assessments/{draft}", headers=bearer(world["tokens"]["auditor"]))
    assert auditor.status_code == 404


def test_assessment_detail(client, in_app, world):
    approved = world["ids"]["approved"]
    data = client.get(f"{API}/assessments/{approved}",
                      headers=bearer(world["tokens"]["auditor"])).json

    def stored():
        assessment = db.session.get(Assessment, approved)
        reports = {r.lang: r.sha256 for r in assessment.reports}
        return assessment.answer_values(), assessment.title, assessment.revision, reports

    answers, title, revision, reports = in_app(stored)
    assert data["answers"] == answers and data["title"] == title
    assert data["status"] == "approved" and data["revision"] == revision
    assert {r["lang"]: r["sha256"] for r in data["reports"]} == reports
    assert data["dpo_opinion"]
    draft = client.get(f"{API}/assessments/{world['ids']['draft']}",
                       headers=bearer(world["tokens"]["owner"])).json
    assert draft["status"] == "draft" and draft["reports"] == []  # may not download


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_profile_is_the_score_command_output(client, runner, world, lang):
    submitted = world["ids"]["submitted"]
    response = client.get(f"{API}/assessments/{submitted}/profile?lang={lang}",
                          headers=bearer(world["tokens"]["dpo"]))
    assert response.status_code == 200
    printed = runner.invoke(args=["score", str(submitted), "--json", "--lang", lang])
    assert printed.exit_code == 0, printed.output
    assert response.json == json.loads(printed.output)


def test_profile_language_defaults_to_english_and_is_checked(client, runner, world):
    submitted = world["ids"]["submitted"]
    headers = bearer(world["tokens"]["dpo"])
    default = client.get(f"{API}/assessments/{submitted}/profile", headers=headers).json
    english = client.get(f"{API}/assessments/{submitted}/profile?lang=en", headers=headers).json
    assert default == english
    bad = client.get(f"{API}/assessments/{submitted}/profile?lang=de", headers=headers)
    assert bad.status_code == 400 and "lang" in bad.json["error"]


def test_report_pdf_and_its_fingerprint(client, in_app, world):
    approved = world["ids"]["approved"]
    response = client.get(f"{API}/assessments/{approved}/report.pdf",
                          headers=bearer(world["tokens"]["auditor"]))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    digest = hashlib.sha256(response.data).hexdigest()
    assert response.headers["X-Report-SHA256"] == digest
    recorded = in_app(lambda: db.session.scalars(select(Report.sha256).where(
        Report.assessment_id == approved)).all())
    assert digest in recorded
    assert "attachment" in response.headers["Content-Disposition"]
    bad = client.get(f"{API}/assessments/{approved}/report.pdf?lang=xx",
                     headers=bearer(world["tokens"]["auditor"]))
    assert bad.status_code == 400


def test_no_report_is_404_and_not_published_is_403(client, in_app, world):
    submitted = world["ids"]["submitted"]
    headers = bearer(world["tokens"]["admin"])
    refused = client.get(f"{API}/assessments/{submitted}/report.pdf", headers=headers)
    assert refused.status_code == 403 and refused.is_json  # not published, as in the UI

    def publish_without_report():
        db.session.get(Assessment, submitted).status = "approved"
        db.session.commit()

    in_app(publish_without_report)
    missing = client.get(f"{API}/assessments/{submitted}/report.pdf", headers=headers)
    assert missing.status_code == 404 and "no report" in missing.json["error"]


# --- pagination, methods, errors ------------------------------------------------------

def test_pagination_and_status_filter(client, world):
    headers = bearer(world["tokens"]["owner"])
    whole = client.get(f"{API}/assessments", headers=headers).json
    assert whole["page"] == 1 and whole["per_page"] == 20 and whole["total"] == 4
    assert whole["pages"] == 1
    seen = []
    for page in (1, 2, 3, 4):
        one = client.get(f"{API}/assessments?per_page=1&page={page}", headers=headers).json
        assert one["pages"] == 4 and len(one["items"]) == 1
        seen.extend(item["id"] for item in one["items"])
    assert seen == [item["id"] for item in whole["items"]]  # same order, newest first
    beyond = client.get(f"{API}/assessments?per_page=3&page=2", headers=headers).json
    assert len(beyond["items"]) == 1
    assert client.get(f"{API}/assessments?page=9", headers=headers).json["items"] == []
    approved = client.get(f"{API}/assessments?status=approved", headers=headers).json
    assert [i["status"] for i in approved["items"]] == ["approved"]
    assert client.get(f"{API}/assessments?per_page=100", headers=headers).status_code == 200


BAD_QUERIES = ("per_page=0", "per_page=101", "per_page=abc", "per_page=-1", "per_page=1.5",
               "page=0", "page=", "page=%D9%A3", "page=+1", "page=1000001", "status=unknown",
               "status=", "perpage=5", "page=1&lang=fr", "=x")


def test_bad_query_parameters_get_400(client, world):
    for query in BAD_QUERIES:
        response = client.get(f"{API}/assessments?{query}",
                              headers=bearer(world["tokens"]["dpo"]))
        assert response.status_code == 400, query
        assert response.is_json and response.json["error"]


def test_unknown_query_parameters_are_named(client, world):
    headers = bearer(world["tokens"]["dpo"])
    approved = world["ids"]["approved"]
    for url in (f"/assessments/{approved}?lang=fr", f"/assessments/{approved}/profile?x=1",
                "/openapi.json?v=2", "/assessments?per-page=5&b=1"):
        response = client.get(API + url, headers=headers)
        assert response.status_code == 400, url
        assert response.json["error"].startswith("unknown query parameter"), url
    assert "b, per-page" in client.get(f"{API}/assessments?per-page=5&b=1",
                                       headers=headers).json["error"]
    unauthenticated = client.get(f"{API}/assessments?x=1")
    assert unauthenticated.status_code == 401  # credentials are checked first


def test_the_api_is_read_only(client, world):
    headers = bearer(world["tokens"]["dpo"])
    for method in ("post", "put", "patch", "delete"):
        for url in ("/assessments", f"/assessments/{world['ids']['submitted']}",
                    "/openapi.json"):
            response = getattr(client, method)(API + url, headers=headers)
            assert response.status_code == 405, (method, url)
            assert response.json == {"error": "method not allowed: the API is read-only"}
            assert "GET" in response.headers["Allow"]


def test_unknown_paths_and_huge_ids_are_json_404(client, world):
    headers = bearer(world["tokens"]["dpo"])
    for url in ("/nothing", "/assessments/abc", "/assessments/-1",
                "/assessments/99999999999999999999999", "/assessments/2147483648/profile"):
        response = client.get(API + url, headers=headers)
        assert response.status_code == 404 and response.is_json, url


# --- the OpenAPI document -------------------------------------------------------------

def test_openapi_document_is_valid_public_and_complete(app, client):
    response = client.get(f"{API}/openapi.json")  # no token needed
    assert response.status_code == 200
    document = response.json
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        **document["components"]["securitySchemes"]["bearerAuth"],
        "type": "http", "scheme": "bearer"}
    schema = schemathesis.openapi.from_dict(document)
    schema.validate()  # against the OpenAPI meta-schema
    routes = {re.sub(r"<(?:int:)?(\w+)>", r"{\1}", rule.rule).removeprefix(API)
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    assert routes == set(document["paths"])
    endpoints = {re.sub(r"<(?:int:)?(\w+)>", r"{\1}", rule.rule).removeprefix(API):
                 rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith("api.")}
    for path, operations in document["paths"].items():
        assert set(operations) == {"get"}, path
        operation = operations["get"]
        assert "400" in operation["responses"], path
        if path != "/openapi.json":
            assert "401" in operation["responses"], path
        query = {p["name"] for p in operation.get("parameters", ()) if p["in"] == "query"}
        assert query == set(QUERY.get(endpoints[path], ())), path


def test_responses_for_real_objects_match_the_document(client, world):
    document = client.get(f"{API}/openapi.json").json
    schema = schemathesis.openapi.from_dict(document)
    approved = world["ids"]["approved"]
    headers = bearer(world["tokens"]["dpo"])
    for path, url in (("/assessments", "/assessments?per_page=2"),
                      ("/assessments/{assessment_id}", f"/assessments/{approved}"),
                      ("/assessments/{assessment_id}/profile", f"/assessments/{approved}/profile"),
                      ("/assessments/{assessment_id}/report.pdf",
                       f"/assessments/{approved}/report.pdf")):
        response = client.get(API + url, headers=headers)
        assert response.status_code == 200, url
        schema[path]["GET"].validate_response(response)
        response.close()
