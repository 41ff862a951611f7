"""Single sign-on in Chromium through a real OpenID provider started by the test run
(node-oidc-provider): an existing user of the organisation, an account created on first
login when the organisation allows it, and a refusal when it does not; in French and in
English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import User

pytestmark = pytest.mark.e2e
WORDS = {
    "fr": {"button": "Se connecter avec Test IdP", "logout": "Se déconnecter",
           "refused": "Aucun compte n’utilise cette adresse ici"},
    "en": {"button": "Log in with Test IdP", "logout": "Log out",
           "refused": "No account uses this address here"},
}


def through_the_provider(page, lang: str, email: str) -> None:
    page.goto("/login")
    if lang == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
    page.get_by_role("link", name=WORDS[lang]["button"]).click()
    page.wait_for_load_state()
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("anything")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    consent = page.locator("button[type=submit]", has_text="Continue")
    if consent.count():
        consent.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_existing_user_logs_in_through_the_provider(page, demo, sso, lang):
    through_the_provider(page, lang, "dpo@demo.riskassess.test")
    expect(page.get_by_role("button", name=WORDS[lang]["logout"])).to_be_visible()
    assert "Dominique Leroy" in page.locator(".session").inner_text()


def test_an_account_is_created_on_first_login_only_when_allowed(page, demo, sso, in_app):
    through_the_provider(page, "fr", "nouvelle.venue@demo.riskassess.test")
    assert WORDS["fr"]["refused"] in page.locator(".flash").inner_text()
    sso["OIDC_CREATE_USERS"] = True
    page.context.clear_cookies()  # a new visit: the provider asks again who logs in
    through_the_provider(page, "fr", "nouvelle.venue@demo.riskassess.test")
    expect(page.get_by_role("button", name=WORDS["fr"]["logout"])).to_be_visible()
    created = in_app(lambda: [(u.role, u.organisation.name) for u in db.session.scalars(
        select(User).where(User.email == "nouvelle.venue@demo.riskassess.test"))])
    assert created == [("owner", "Démo Banque & Santé")]
