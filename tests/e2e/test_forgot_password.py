"""Forgotten password in Chromium, in French and in English: the link from the login page,
the mail sent by the worker to the test run's SMTP server, the new password chosen through
its link, which then opens nothing; the new password logs in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import EMAILS
from tests.e2e.browser import LOGIN
from tests.mailserver import link_in

pytestmark = pytest.mark.e2e
NEW = "Une-phrase-toute-neuve-2027"
WORDS = {
    "fr": {"forgot": "Mot de passe oublié ?", "email": "Adresse électronique",
           "send": "M’envoyer un lien", "sent": "Si un compte utilise cette adresse",
           "password": "Nouveau mot de passe", "again": "Mot de passe (confirmation)",
           "set": "Enregistrer mon nouveau mot de passe", "done": "Votre nouveau mot de passe",
           "invalid": "Lien non valable", "logout": "Se déconnecter"},
    "en": {"forgot": "Forgotten password?", "email": "Email", "send": "Send me a link",
           "sent": "If an account uses this address", "password": "New password",
           "again": "Password again", "set": "Set my new password",
           "done": "Your new password is set", "invalid": "Link not valid",
           "logout": "Log out"},
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_forgotten_password_through_the_mailed_link(page, demo, in_app, smtp, lang):
    from riskassess import jobs

    w = WORDS[lang]
    page.goto("/login")
    if lang == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
    page.get_by_role("link", name=w["forgot"]).click()
    page.get_by_label(w["email"]).fill(EMAILS["auditor"])
    page.get_by_role("button", name=w["send"]).click()
    page.wait_for_load_state()
    assert w["sent"] in page.locator(".flash").inner_text()
    assert in_app(jobs.send_mail) == 1
    link = link_in(smtp.last_to(EMAILS["auditor"]))
    page.goto(link)
    page.get_by_label(w["password"], exact=True).fill(NEW)
    page.get_by_label(w["again"]).fill(NEW)
    page.get_by_role("button", name=w["set"]).click()
    page.wait_for_load_state()
    assert w["done"] in page.locator(".flash").inner_text()
    email, password, button = LOGIN[lang]
    page.get_by_label(email).fill(EMAILS["auditor"])
    page.get_by_label(password).fill(NEW)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    expect(page.get_by_role("button", name=w["logout"])).to_be_visible()
    page.goto(link)
    expect(page.get_by_role("heading", name=w["invalid"])).to_be_visible()
