"""Invitation → first login in Chromium: the administrator invites, the mail arrives on the
test run's SMTP server, the invitee opens its link, chooses a password and is in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in, log_out
from tests.mailserver import link_in

pytestmark = pytest.mark.e2e
EMAIL = "lea.invitee@demo.riskassess.test"
PASSWORD = "une-phrase-de-lea-2026"


WORDS = {
    "fr": {"form": "Inviter un utilisateur", "email": "Adresse électronique", "name": "Nom",
           "role": "Rôle", "send": "Envoyer l’invitation", "sent": "Invitation envoyée à",
           "join": "^Rejoindre ", "password": "Mot de passe",
           "again": "Mot de passe (confirmation)", "create": "Créer mon compte",
           "welcome": "Bienvenue, Léa Invitée\u00a0: votre compte est prêt.",
           "invalid": "Lien d’invitation non valable", "login": "Se connecter",
           "logout": "Se déconnecter"},
    "en": {"form": "Invite a user", "email": "Email", "name": "Name", "role": "Role",
           "send": "Send the invitation", "sent": "Invitation sent to", "join": "^Join ",
           "password": "Password", "again": "Password again", "create": "Create my account",
           "welcome": "Welcome, Léa Invitée: your account is ready.",
           "invalid": "Invitation link not valid", "login": "Log in", "logout": "Log out"},
}


def in_language(page, lang: str) -> None:
    if lang == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_invitation_then_first_login(page, demo, smtp, lang):
    w = WORDS[lang]
    page.goto("/login")
    in_language(page, lang)
    log_in(page, "admin", lang)
    page.goto("/admin/users")
    form = page.get_by_role("form", name=w["form"])
    form.get_by_label(w["email"]).fill(EMAIL)
    form.get_by_label(w["name"], exact=True).fill("Léa Invitée")
    form.get_by_label(w["role"]).select_option("auditor")
    form.get_by_role("button", name=w["send"]).click()
    expect(page.get_by_text(f"{w['sent']} {EMAIL}")).to_be_visible()
    expect(page.locator("#invitations").get_by_text(EMAIL)).to_be_visible()
    log_out(page, lang)

    link = link_in(smtp.last_to(EMAIL))  # sent by the worker, in the language of the invite
    page.goto(link)
    if lang == "en" and page.get_by_role("button", name="English").count():
        in_language(page, lang)
    expect(page.get_by_role("heading", name=re.compile(w["join"]))).to_be_visible()
    page.get_by_label(w["password"], exact=True).fill(PASSWORD)
    page.get_by_label(w["again"]).fill(PASSWORD)
    page.get_by_role("button", name=w["create"]).click()
    page.wait_for_load_state()
    expect(page.get_by_text(w["welcome"])).to_be_visible()

    log_out(page, lang)
    page.goto(link)  # used: the link opens nothing any more
    expect(page.get_by_role("heading", name=w["invalid"])).to_be_visible()
    page.goto("/login")
    page.get_by_label(w["email"]).fill(EMAIL)
    page.get_by_label(w["password"]).fill(PASSWORD)
    page.get_by_role("button", name=w["login"]).click()
    page.wait_for_load_state()
    expect(page.get_by_role("button", name=w["logout"])).to_be_visible()
