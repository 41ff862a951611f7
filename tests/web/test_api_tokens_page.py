"""The API tokens page: a token is created and shown once, listed, revoked by its owner only,
with CSRF enforced and names required."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import ApiToken, AuditEvent
from riskassess.services import tokens
from tests.conftest import EMAILS, post
from tests.web.test_api import API, SECRET, bearer, new_token, user_by_email


def token_rows(in_app) -> list[tuple[int, str, str, bool]]:
    return in_app(lambda: [(t.id, t.user.email, t.name, t.revoked)
                           for t in db.session.scalars(select(ApiToken).order_by(ApiToken.id))])


def test_tokens_page_creates_shows_once_and_revokes(client, as_role, in_app):
    dpo = as_role("dpo")
    page = dpo.get("/account/tokens")
    assert page.status_code == 200 and "/account/tokens" in dpo.get("/review").get_data(
        as_text=True)  # the link in the menu
    assert "Bearer &lt;token&gt;" in page.get_data(as_text=True)  # shown, not an HTML tag
    created = post(dpo, "/account/tokens", {"name": "Export nocturne"})
    assert created.status_code == 200
    assert created.headers["Cache-Control"] == "no-store"
    html = created.get_data(as_text=True)
    secrets = SECRET.findall(html)
    assert len(set(secrets)) == 1
    secret = secrets[0]
    assert "Export nocturne" in html
    again = dpo.get("/account/tokens").get_data(as_text=True)
    assert secret not in again and f"ra_…{secret[-4:]}" in again  # shown once, then a hint
    assert client.get(f"{API}/assessments", headers=bearer(secret)).status_code == 200

    [(token_id, email, name, revoked)] = token_rows(in_app)
    assert (email, name, revoked) == (EMAILS["dpo"], "Export nocturne", False)
    response = post(dpo, f"/account/tokens/{token_id}/revoke")
    assert response.status_code == 302
    assert token_rows(in_app)[0][3] is True
    assert client.get(f"{API}/assessments", headers=bearer(secret)).status_code == 401

    actions = in_app(lambda: [(e.action, e.target_type, e.target_id, e.organisation_id,
                               e.details.get("name"))
                              for e in db.session.scalars(select(AuditEvent).where(
                                  AuditEvent.action.like("api_token.%"))
                                  .order_by(AuditEvent.seq))])
    org = in_app(lambda: user_by_email(EMAILS["dpo"]).organisation_id)
    assert actions == [("api_token.created", "apitoken", token_id, org, "Export nocturne"),
                       ("api_token.revoked", "apitoken", token_id, org, "Export nocturne")]


def test_tokens_page_enforces_csrf(client, as_role, in_app):
    dpo = as_role("dpo")
    assert dpo.post("/account/tokens", data={"name": "sans jeton"}).status_code == 400
    assert token_rows(in_app) == []
    new_token(in_app, EMAILS["dpo"])
    [(token_id, *_)] = token_rows(in_app)
    assert dpo.post(f"/account/tokens/{token_id}/revoke").status_code == 400
    assert token_rows(in_app)[0][3] is False


def test_only_ones_own_tokens_can_be_revoked(client, as_role, in_app):
    new_token(in_app, EMAILS["auditor"])
    [(token_id, *_)] = token_rows(in_app)
    dpo = as_role("dpo")
    assert post(dpo, f"/account/tokens/{token_id}/revoke").status_code == 404
    assert post(dpo, "/account/tokens/2147483648/revoke").status_code == 404
    assert token_rows(in_app)[0][3] is False
    assert f"token-{token_id}" not in dpo.get("/account/tokens").get_data(as_text=True)


def test_tokens_page_refuses_empty_names_and_anonymous_users(client, as_role, in_app):
    anonymous = client.application.test_client()
    response = anonymous.get("/account/tokens")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    owner = as_role("owner")
    assert post(owner, "/account/tokens", {"name": "  "}).status_code == 200
    assert token_rows(in_app) == []
    assert post(owner, "/account/tokens", {"name": "x" * 101}).status_code == 200
    assert token_rows(in_app) == []


def test_active_tokens_are_limited(in_app, demo):
    for _ in range(tokens.MAX_ACTIVE_TOKENS):
        new_token(in_app, EMAILS["dpo"])
    with pytest.raises(tokens.TokenError):
        new_token(in_app, EMAILS["dpo"])
