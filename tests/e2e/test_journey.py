"""The whole journey in a real browser: owner → DPO (changes, approval) → auditor download."""

from __future__ import annotations

import hashlib
import re

import pytest
from pypdf import PdfReader

from tests.conftest import EMAILS, PASSWORD
from tests.web.test_owner import COMPLETE

pytestmark = pytest.mark.e2e
TITLE = "Octroi de crédit assisté par IA"
OPINION = "Avis favorable : prévoir un contrôle humain de chaque refus et un audit de biais annuel."


def log_in(page, role):
    page.goto("/login")
    page.get_by_label("Adresse électronique").fill(EMAILS[role])
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def log_out(page):
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/login"))


def fill_module(page, answers):
    for name, value in answers.items():
        if isinstance(value, list):
            for item in value:
                page.locator(f'input[name="{name}"][value="{item}"]').check()
        elif page.locator(f'input[type=radio][name="{name}"]').count():
            page.locator(f'input[name="{name}"][value="{value}"]').check()
        else:
            page.locator(f'[name="{name}"]').fill(value)


def test_owner_dpo_auditor_journey(page, demo, tmp_path):
    # --- the project owner creates the assessment and answers the first module
    log_in(page, "owner")
    page.get_by_role("link", name="Nouvelle analyse").click()
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Description").fill("Un modèle propose une décision sur chaque demande.")
    page.get_by_label("Secteur").select_option("banking_finance")
    page.get_by_role("button", name="Créer et commencer le questionnaire").click()
    page.wait_for_url(re.compile(r"/modules/context$"))
    fill_module(page, COMPLETE["context"])
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url(re.compile(r"/modules/purposes$"))
    assert page.get_by_text("Réponses enregistrées.").is_visible()

    # --- saved as you go: log out, come back, the answers are there
    log_out(page)
    log_in(page, "owner")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Contexte").first.click()
    assert page.locator('textarea[name="ctx_processing"]').input_value() == (
        COMPLETE["context"]["ctx_processing"])
    assert page.locator('input[name="ctx_uses_ai"][value="yes"]').is_checked()

    # --- answer the other modules; the AI questions appear because the system uses AI
    for module_id in ("purposes", "data", "lifecycle_security", "ai_ethics"):
        page.goto(page.url.rsplit("/", 1)[0] + f"/{module_id}")
        fill_module(page, COMPLETE[module_id])
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        page.wait_for_load_state()
        assert page.get_by_text("Réponses enregistrées.").is_visible(), module_id

    # --- the risk map is computed from the answers, then the owner submits
    page.get_by_role("link", name=TITLE).click()
    matrix = page.locator("figure.matrix")
    assert matrix.get_by_text("I1").count() == 1 and matrix.get_by_text("R1").count() == 1
    page.get_by_role("button", name="Soumettre au DPO").click()
    assert page.get_by_text("Analyse soumise à votre DPO.").is_visible()
    log_out(page)

    # --- the DPO sends it back with a comment
    log_in(page, "dpo")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Demander des modifications").check()
    page.get_by_label("Commentaire ou avis").fill("Précisez qui contrôle les refus de crédit.")
    page.get_by_role("button", name="Enregistrer la décision").click()
    assert page.get_by_text("renvoyée à son porteur").is_visible()
    log_out(page)

    # --- the owner reads the comment and submits again
    log_in(page, "owner")
    page.get_by_role("link", name=TITLE).click()
    assert page.get_by_text("Précisez qui contrôle les refus de crédit.").is_visible()
    page.get_by_role("button", name="Soumettre au DPO").click()
    log_out(page)

    # --- the DPO approves with an opinion: the report is generated
    log_in(page, "dpo")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Approuver").check()
    page.get_by_label("Commentaire ou avis").fill(OPINION)
    page.get_by_role("button", name="Enregistrer la décision").click()
    assert page.get_by_text("son rapport PDF a été généré").is_visible()
    log_out(page)

    # --- the auditor finds it among approved assessments and downloads the PDF
    log_in(page, "auditor")
    assert page.get_by_role("heading", name="Analyses approuvées").is_visible()
    row = page.get_by_role("row").filter(has_text=TITLE)
    with page.expect_download() as download_info:
        row.get_by_role("link", name="Télécharger le PDF").click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert TITLE in text and OPINION in text.replace("\n", " ")
    fingerprint = row.locator("code.fingerprint").inner_text().rstrip("…")
    assert hashlib.sha256(path.read_bytes()).hexdigest().startswith(fingerprint)
    # read-only: no edit or decision controls for the auditor
    row.get_by_role("link", name=TITLE).click()
    assert page.get_by_role("button", name="Enregistrer la décision").count() == 0
    assert page.get_by_role("button", name="Soumettre au DPO").count() == 0


def test_answers_are_saved_as_you_go_without_pressing_save(page, demo):
    log_in(page, "owner")
    page.get_by_role("link", name="Maintenance prédictive des équipements").click()
    page.get_by_role("link", name="Finalités et base légale").click()
    page.locator('input[name="pur_legal_basis"][value="legitimate_interests"]').check()
    page.locator('textarea[name="pur_purposes"]').fill("Anticiper les pannes des machines.")
    status = page.locator(".autosave")
    status.filter(has_text="Réponses enregistrées.").wait_for()
    page.wait_for_timeout(2000)  # let the debounced text save finish too
    status.filter(has_text="Réponses enregistrées.").wait_for()
    # leave by a link, not by the Save button: nothing typed is lost
    page.get_by_role("link", name="Contexte").first.click()
    page.get_by_role("link", name="Finalités et base légale").click()
    assert page.locator('input[name="pur_legal_basis"][value="legitimate_interests"]').is_checked()
    assert page.locator('textarea[name="pur_purposes"]').input_value() == (
        "Anticiper les pannes des machines.")
    # and a Save right after a background save does not conflict with it
    page.locator('input[name="pur_reuse"][value="no"]').check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Réponses enregistrées.").first.is_visible()
    assert page.get_by_text("Quelqu’un d’autre").count() == 0
