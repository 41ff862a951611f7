"""Actions a person does in the browser, shared by the journeys."""

from __future__ import annotations

import re

from tests.conftest import EMAILS, PASSWORD

LOGIN = {"fr": ("Adresse électronique", "Mot de passe", "Se connecter"),
         "en": ("Email", "Password", "Log in")}
LOGOUT = {"fr": "Se déconnecter", "en": "Log out"}


def log_in(page, role, lang="fr"):
    email, password, button = LOGIN[lang]
    page.goto("/login")
    page.get_by_label(email).fill(EMAILS[role])
    page.get_by_label(password).fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def log_out(page, lang="fr"):
    page.get_by_role("button", name=LOGOUT[lang]).click()
    page.wait_for_url(re.compile(r"/login"))


def fill_fields(page, data):
    """Fill form fields by name, as `tests.helpers.required_form_data` describes them."""
    for name, value in data.items():
        if isinstance(value, list):
            for item in value:
                page.locator(f'input[name="{name}"][value="{item}"]').check()
        elif page.locator(f'input[type=radio][name="{name}"]').count():
            page.locator(f'input[name="{name}"][value="{value}"]').check()
        else:
            page.locator(f'[name="{name}"]').fill(value)
