"""Who an OpenID Connect login is (services/sso.py): the provider's verified address matched
within the organisation the single sign-on serves; nothing else logs anybody in."""

from __future__ import annotations

import pytest

from riskassess.extensions import db
from riskassess.models import AuditEvent, User
from riskassess.services import sso

SETTINGS = {"OIDC_ISSUER": "http://localhost:1", "OIDC_CLIENT_ID": "riskassess",
            "OIDC_CLIENT_SECRET": "s", "OIDC_ORGANISATION": "Démo Banque & Santé",
            "OIDC_CREATE_USERS": False, "OIDC_DEFAULT_ROLE": "owner"}


@pytest.fixture
def configured(app):
    saved = {key: app.config[key] for key in SETTINGS}
    app.config.update(SETTINGS)
    yield app.config
    app.config.update(saved)


def outcome(claims: dict) -> str:
    try:
        return sso.user_for(claims).email
    except sso.SsoRefused as refused:
        return refused.code


def test_only_a_verified_address_of_the_organisation_logs_in(in_app, demo, other_org,
                                                             configured):
    def check():
        assert outcome({"email": "DPO@demo.riskassess.test"}) == "dpo@demo.riskassess.test"
        assert outcome({"email": "dpo@demo.riskassess.test", "email_verified": False}) == \
            "unverified"
        assert outcome({"sub": "x"}) == "no_email"
        assert outcome({"email": "dpo@other.test"}) == "elsewhere"  # another organisation
        assert outcome({"email": "stranger@demo.riskassess.test"}) == "unknown"
        dpo = db.session.query(User).filter_by(email="dpo@demo.riskassess.test").one()
        dpo.active = False
        db.session.commit()
        assert outcome({"email": "dpo@demo.riskassess.test"}) == "inactive"
        assert db.session.query(AuditEvent).filter_by(action="user.login").count() == 1

    in_app(check)


def test_accounts_are_created_only_when_the_organisation_allows_it(in_app, demo, configured):
    configured["OIDC_CREATE_USERS"] = True
    configured["OIDC_DEFAULT_ROLE"] = "auditor"

    def check():
        assert outcome({"email": "Nouvel.Auditeur@demo.riskassess.test",
                        "name": "Nouvel Auditeur"}) == "nouvel.auditeur@demo.riskassess.test"
        user = db.session.query(User).filter_by(
            email="nouvel.auditeur@demo.riskassess.test").one()
        return user.role, user.name, user.organisation.name

    assert in_app(check) == ("auditor", "Nouvel Auditeur", "Démo Banque & Santé")


def test_the_routes_do_not_exist_while_sso_is_off(client):
    assert client.get("/login/sso").status_code == 404
    assert client.get("/login/sso/callback?code=x&state=y").status_code == 404
    assert "Se connecter avec" not in client.get("/login").get_data(as_text=True)
