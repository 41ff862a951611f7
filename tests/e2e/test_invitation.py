"""Invitation → first login in Chromium: the administrator invites, the mail arrives on the
test run's SMTP server, the invitee opens its link, chooses a password and is in."""

from __future__ import annotations

import re

import pytest

from tests.e2e.browser import log_in, log_out
from tests.mailserver import link_in

pytestmark = pytest.mark.e2e
EMAIL = "lea.invitee@demo.riskassess.test"
PASSWORD = "une-phrase-de-lea-2026"


def test_invitation_then_first_login(page, demo, smtp):
    log_in(page, "admin")
    page.goto("/admin/users")
    form = page.get_by_role("form", name="Inviter un utilisateur")
    form.get_by_label("Adresse électronique").fill(EMAIL)
    form.get_by_label("Nom").fill("Léa Invitée")
    form.get_by_label("Rôle").select_option("auditor")
    form.get_by_role("button", name="Envoyer l’invitation").click()
    assert page.get_by_text(f"Invitation envoyée à {EMAIL}").is_visible()
    assert page.locator("#invitations").get_by_text(EMAIL).is_visible()
    log_out(page)

    link = link_in(smtp.last_to(EMAIL))
    page.goto(link)
    assert page.get_by_role("heading", name=re.compile("^Rejoindre ")).is_visible()
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_load_state()
    assert page.get_by_text("Bienvenue, Léa Invitée : votre compte est prêt.").is_visible()

    log_out(page)
    page.goto(link)  # used: the link opens nothing any more
    assert page.get_by_role("heading", name="Lien d’invitation non valable").is_visible()
    page.goto("/login")
    page.get_by_label("Adresse électronique").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
