"""The questionnaire wizard in a real browser, in English and in French: templates, steps,
progress, "I don't know", help, conditions, planned measures, saving as you go."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e


def test_wizard_in_english_from_a_template(page, demo):
    log_in(page, "owner")
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="New assessment").click()
    expect(page.get_by_role("link", name="Blank assessment")).to_be_visible()
    page.get_by_role("link", name="Real-time card fraud detection").click()
    assert page.get_by_label("Title").input_value() == "Fraud detection on card payments"
    page.get_by_role("button", name="Create and start the questionnaire").click()
    page.wait_for_url(re.compile(r"/modules/screening$"))
    expect(page.get_by_text("Assessment created from the template")).to_be_visible()

    # step 1 of 9, with the overall progress and answers pre-filled by the template
    expect(page.get_by_role("heading", name=re.compile("Step 1 of 9"))).to_be_visible()
    progress = page.locator("#overall-progress")
    assert progress.get_attribute("max") == "9"  # steps: a total that does not move
    assert int(progress.get_attribute("value")) >= 1  # the template finished some
    assert int(progress.get_attribute("data-answered")) > 10
    assert page.locator('input[name="scr_uses_ai"][value="yes"]').is_checked()

    # help in place, with the legal reference
    block = page.locator("#block-scr_monitoring")
    block.get_by_text("Why this question?").click()
    expect(block.locator(".reference")).to_be_visible()

    # the keyboard reaches the answers: focus a radio button and select with Space
    radio = page.locator('input[name="scr_recital91"]').first
    radio.focus()
    page.keyboard.press("Space")
    assert radio.is_checked()

    # "I don't know" is offered and flagged in the summary
    page.locator('#block-scr_vulnerable input[value="__unknown__"]').check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("link", name="Summary").click()
    unknown = page.locator("section").filter(has=page.locator("#unknown-title"))
    assert unknown.get_by_role("link", name=re.compile("weak or dependent position")).count() == 1
    missing = page.locator("section").filter(has=page.locator("#missing-title"))
    assert missing.get_by_role("link").count() >= 1  # what only the organisation knows

    # conditions follow the answers without reloading: AI Act step
    page.get_by_role("link", name="EU Artificial Intelligence Act").click()
    prohibited = page.locator("#block-aia_prohibited")
    page.locator('input[name="aia_ai_system"][value="rules_only"]').check()
    assert prohibited.is_hidden()
    page.locator('input[name="aia_ai_system"][value="yes"]').check()
    expect(prohibited).to_be_visible()


def test_answers_are_saved_as_you_go_and_planned_measures_ask_owner_and_date(page, demo):
    """A planned measure without its due date is saved as a draft, its warning shown,
    what was typed kept (issue 21, part 6)."""
    log_in(page, "owner")
    page.get_by_role("link", name="Maintenance prédictive des équipements").click()
    # the step's link in the questionnaire's progress (the evaluations table links it too)
    page.get_by_role("link", name="Principes fondamentaux").first.click()
    # the page's script listens for changes once the page has loaded: a choice made before
    # that is never saved in the background
    page.wait_for_url(re.compile(r"/modules/principles$"))
    page.locator('input[name="pri_legal_basis"][value="legitimate_interests"]').check()
    status = page.locator(".autosave")
    status.filter(has_text="Réponses enregistrées.").wait_for()

    # leave by a link, not by the Save button: nothing chosen is lost
    page.get_by_role("link", name="Contexte du traitement").first.click()
    page.wait_for_url(re.compile(r"/modules/context$"))
    textarea = page.locator('textarea[name="ctx_processing"]')
    textarea.fill("Prévoir les pannes à partir des vibrations des machines.")
    page.wait_for_timeout(2500)  # the debounced background save of typed text
    status.filter(has_text="Réponses enregistrées.").wait_for()
    page.get_by_role("link", name="Principes fondamentaux").click()
    assert page.locator('input[name="pri_legal_basis"][value="legitimate_interests"]').is_checked()
    page.get_by_role("link", name="Contexte du traitement").first.click()
    assert textarea.input_value() == "Prévoir les pannes à partir des vibrations des machines."

    # a planned measure shows its owner and due date fields; without both, a draft
    page.get_by_role("link", name="Mesures de sécurité").click()
    page.wait_for_load_state()  # the page's script hides the fields of unplanned measures
    planned = page.locator('[data-planned-for="sec_encryption_at_rest"]')
    expect(planned).to_be_hidden()
    page.locator('input[name="sec_encryption_at_rest__status"][value="planned"]').check()
    expect(planned).to_be_visible()
    page.get_by_label("Responsable (qui la met en œuvre)").first.fill("RSSI")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Une mesure prévue de cette étape est enregistrée comme brouillon"
                            )).to_be_visible()
    expect(page.locator("#draft-sec_encryption_at_rest")).to_be_visible()
    assert page.get_by_label("Responsable (qui la met en œuvre)").first.input_value() == "RSSI"
    page.get_by_label("Échéance").first.fill("2027-06-30")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Réponses enregistrées.").first).to_be_visible()
    expect(page.locator("#draft-sec_encryption_at_rest")).to_have_count(0)
    assert page.get_by_text("Quelqu’un d’autre").count() == 0
