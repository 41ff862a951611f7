"""The whole journey in a real browser: owner → DPO (changes, opinion) → decider (approval)
→ auditor download."""

from __future__ import annotations

import hashlib
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from riskassess.services.catalogue import default_questionnaire
from tests.e2e.browser import fill_fields, log_in, log_out
from tests.helpers import required_form_data

pytestmark = pytest.mark.e2e
TITLE = "Octroi de crédit assisté par IA"
OPINION = "Avis favorable : prévoir un contrôle humain de chaque refus et un audit de biais annuel."


def test_owner_dpo_auditor_journey(page, demo, app, tmp_path):
    # --- the project owner creates a blank assessment and answers the first step
    log_in(page, "owner")
    page.get_by_role("link", name="Nouvelle analyse").click()
    page.get_by_role("link", name="Analyse vierge").click()
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Description").fill("Un modèle propose une décision sur chaque demande.")
    page.get_by_label("Secteur").select_option("banking_finance")
    page.get_by_role("button", name="Créer et commencer le questionnaire").click()
    page.wait_for_url(re.compile(r"/modules/screening$"))
    with app.app_context():
        plan = required_form_data(default_questionnaire(), {"scr_uses_ai": "yes",
                                                             "ctx_sector": "banking_finance"})
    page.locator('input[name="scr_uses_ai"][value="yes"]').check()
    fill_fields(page, plan["screening"])
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url(re.compile(r"/modules/context$"))
    expect(page.get_by_text("Réponses enregistrées.").first).to_be_visible()

    # --- saved as you go: log out, come back, the answers are there
    log_out(page)
    log_in(page, "owner")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name=re.compile("^Faut-il une AIPD")).first.click()
    assert page.locator('input[name="scr_uses_ai"][value="yes"]').is_checked()

    # --- answer the other steps with "Save and continue", up to the summary
    page.get_by_role("button", name="Enregistrer et continuer").click()
    for module_id in list(plan)[1:]:
        page.wait_for_url(re.compile(rf"/modules/{module_id}$"))
        fill_fields(page, plan[module_id])
        button = "Enregistrer et continuer" if module_id != "ai_act" else "Enregistrer et vérifier"
        page.get_by_role("button", name=button).click()
    page.wait_for_url(re.compile(r"/summary$"))
    expect(page.get_by_text("Toutes les questions obligatoires ont une réponse.")).to_be_visible()
    page.get_by_role("button", name="Soumettre au DPO").click()
    expect(page.get_by_text("Analyse soumise à votre DPO.")).to_be_visible()
    riskmap = page.locator("figure.riskmap svg")
    assert riskmap.locator("g.marker.initial").count() == 10
    assert riskmap.locator("g.marker.residual").count() == 10
    log_out(page)

    # --- the DPO comments on the assessment as a whole, then sends it back
    log_in(page, "dpo")
    page.get_by_role("link", name=TITLE).click()
    page.locator("#comment-body").fill("Justifiez la base légale retenue.")
    page.get_by_role("button", name="Ajouter le commentaire").click()
    expect(page.get_by_text("Commentaire ajouté.")).to_be_visible()
    page.get_by_label("Renvoyer aux auteurs pour modifications").check()
    page.get_by_label("Votre avis, ou ce qu’il faut modifier").fill(
        "Précisez qui contrôle les refus de crédit.")
    page.locator("#opinion-form").get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("renvoyée à son porteur")).to_be_visible()
    log_out(page)

    # --- the owner reads the comments, replies and submits again
    log_in(page, "owner")
    page.get_by_role("link", name=TITLE).click()
    # what is expected of the owner comes first: the DPO's request and the remark to answer
    expect(page.locator("section.next-step").get_by_text(
        "Précisez qui contrôle les refus de crédit.")).to_be_visible()
    thread = page.locator("li.remark").filter(has_text="Justifiez la base légale retenue.")
    thread.locator("textarea").fill("Exécution du contrat : la demande de crédit.")
    with page.expect_navigation():  # the reply is posted, then the page comes back
        thread.get_by_role("button", name="Répondre").click()
    assert page.locator("li.reply").filter(
        has_text="Exécution du contrat : la demande de crédit.").count() == 1
    page.get_by_role("button", name="Soumettre au DPO").click()
    expect(page.get_by_text("Resoumise").first).to_be_visible()
    log_out(page)

    # --- the DPO resolves the answered remark and gives a favourable opinion; the decider
    #     approves: the report is generated
    log_in(page, "dpo")
    page.get_by_role("link", name=TITLE).click()
    with page.expect_navigation():
        page.locator("li.remark").filter(has_text="Justifiez la base légale retenue.") \
            .get_by_role("button", name="Marquer comme résolue").click()
    expect(page.get_by_text("Remarque résolue.")).to_be_visible()
    page.locator("#opinion-form").get_by_label("Favorable", exact=True).check()
    page.get_by_label("Votre avis, ou ce qu’il faut modifier").fill(OPINION)
    page.locator("#opinion-form").get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("le décideur décide maintenant")).to_be_visible()
    log_out(page)
    log_in(page, "decider")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Approuver", exact=True).check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("son rapport PDF est prêt ci-dessous")).to_be_visible()
    log_out(page)

    # --- the auditor finds it among approved assessments and downloads the PDF
    log_in(page, "auditor")
    expect(page.get_by_role("heading", name="Analyses approuvées")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=TITLE)
    with page.expect_download() as download_info:
        row.get_by_role("link", name="Télécharger le PDF").click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert TITLE in text and OPINION in text.replace("\n", " ")
    fingerprint = row.locator("code.fingerprint").inner_text().rstrip("…")
    assert hashlib.sha256(path.read_bytes()).hexdigest().startswith(fingerprint)
    # the auditor checks the downloaded file against the recorded fingerprints
    page.locator("details.more summary").click()  # the header's « Plus »
    page.get_by_role("link", name="Vérifier un rapport").click()
    page.locator('input[type="file"]').set_input_files(str(path))
    page.get_by_role("button", name="Vérifier").click()
    expect(page.locator("#verdict")).to_contain_text("Rapport approuvé non modifié")
    tampered = tmp_path / "modifie.pdf"
    tampered.write_bytes(path.read_bytes() + b"%")
    page.locator('input[type="file"]').set_input_files(str(tampered))
    page.get_by_role("button", name="Vérifier").click()
    # the page already shows the first verdict: wait for the second one
    expect(page.locator("#verdict")).to_contain_text("Inconnu ou modifié")
    # read-only: no edit or decision controls for the auditor
    page.get_by_role("link", name="Analyses approuvées").click()
    row = page.get_by_role("row").filter(has_text=TITLE)
    row.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(r"/assessments/\d+$"))  # counted on its page, not the list
    assert page.get_by_role("button", name="Enregistrer la décision").count() == 0
    assert page.get_by_role("button", name="Soumettre au DPO").count() == 0
