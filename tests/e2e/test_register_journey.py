"""The register journey in Chromium, in French and in English: a register of 21 records
imported from XLSX with one bad row shown in the preview, fixed and imported; the register
shows the records that need a DPIA; one is started from its record (pre-filled), submitted,
advised and approved in the browser; the DPO records a transfer in the record; the DPIA shows
"out of date" with the answer concerned; the owner reviews only that answer, which opens a new
revision; the DPO sees the one change since the approved revision; it is approved; nothing is
out of date any more."""

from __future__ import annotations

import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from riskassess.core.answers import missing_required
from riskassess.extensions import db
from riskassess.models import Assessment, RegisterRecord, User
from riskassess.services import assessments, register
from riskassess.services.catalogue import questionnaire_for
from tests.e2e.browser import log_in, log_out
from tests.helpers import form_value
from tests.web.test_living_dpia import SCREENING
from tests.web.test_register_io import HEADERS, good_rows

pytestmark = pytest.mark.e2e

WORDS = {
    "fr": {"register": "Registre", "import": "Importer un registre",
           "file": "Fichier du registre (XLSX ou CSV)", "check": "Vérifier le fichier",
           "ready": "20 fiches prêtes à importer", "confirm": "Importer ces fiches",
           "imported": "20 fiches importées.",
           "needs": "Seulement les fiches qui demandent une AIPD et n’en ont pas",
           "apply": "Appliquer", "required": "AIPD obligatoire", "start": "Commencer l’AIPD",
           "submit": "Soumettre au DPO", "favourable": "Favorable",
           "opinion": "Votre avis, ou ce qu’il faut modifier", "record": "Enregistrer",
           "approve": "Approuver", "decide": "Enregistrer la décision",
           "edit": "Modifier la fiche",
           "transfers": "Transferts hors de l’Union européenne (pays et garanties)",
           "save_record": "Enregistrer la fiche", "only": "Revoir seulement ces points",
           "open": "Ouvrir la nouvelle révision avec ces réponses",
           "changed": "Révision 2 : 1 réponse modifiée depuis la révision 1 approuvée",
           "step": "Contexte"},
    "en": {"register": "Register", "import": "Import a register",
           "file": "Register file (XLSX or CSV)", "check": "Check the file",
           "ready": "20 records ready to import", "confirm": "Import these records",
           "imported": "20 records imported.",
           "needs": "Only records that need a DPIA and have none",
           "apply": "Apply", "required": "DPIA required", "start": "Start the DPIA",
           "submit": "Submit to the DPO", "favourable": "Favourable",
           "opinion": "Your opinion, or what to change", "record": "Record",
           "approve": "Approve", "decide": "Record the decision",
           "edit": "Change the record",
           "transfers": "Transfers outside the European Union (countries and safeguards)",
           "save_record": "Save the record", "only": "Review only these items",
           "open": "Open the new revision with these answers",
           "changed": "Revision 2: 1 answer changed since revision 1 as approved",
           "step": "Context"},
}


def sheet(path, rows) -> str:
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)


def screen_record(name: str) -> None:
    record = db.session.query(RegisterRecord).filter_by(name=name).one()
    owner = db.session.query(User).filter_by(email="owner@demo.riskassess.test").one()
    register.save_screening(owner, record, SCREENING)


def complete(assessment_id: int) -> None:
    """The owner's work on the questions the record could not answer (services: the wizard
    has its own journeys)."""
    assessment = db.session.get(Assessment, assessment_id)
    questionnaire = questionnaire_for(assessment)
    while missing := missing_required(questionnaire, assessment.answer_values()):
        assessments.import_answers(assessment, {q.id: form_value(q)[1] for q in missing})


def enter(page, role, lang):
    log_in(page, role)
    if lang == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()


def leave(page, lang):
    log_out(page, lang)
    if lang == "en":  # the login page of the next person starts in French
        with page.expect_navigation():
            page.get_by_role("button", name="Français").click()


def click(locator):
    with locator.page.expect_navigation():
        locator.click()


def opinion_and_decision(page, show, w, lang):
    enter(page, "dpo", lang)
    page.goto(show)
    page.locator("#opinion-form").get_by_label(w["favourable"], exact=True).check()
    page.get_by_label(w["opinion"]).fill("Avis favorable.")
    click(page.locator("#opinion-form").get_by_role("button", name=w["record"]))
    leave(page, lang)
    enter(page, "decider", lang)
    page.goto(show)
    page.get_by_label(w["approve"], exact=True).check()
    click(page.get_by_role("button", name=w["decide"]))
    leave(page, lang)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_register_to_living_dpia(page, demo, app, in_app, tmp_path, lang):
    w = WORDS[lang]
    rows = good_rows(20)
    rows.insert(5, ["Responsable de traitement", "", "Démo", "", "", "", "", ""])
    enter(page, "owner", lang)
    page.get_by_role("link", name=w["register"], exact=True).click()
    page.get_by_role("link", name=w["import"]).click()
    page.get_by_label(w["file"]).set_input_files(sheet(tmp_path / "registre.xlsx", rows))
    click(page.get_by_role("button", name=w["check"]))
    problems = page.locator("table.list tbody tr")
    assert problems.count() == 2  # row 7: no name, no purposes
    assert re.search(r"^7\s", problems.first.inner_text())
    del rows[5]
    page.get_by_label(w["file"]).set_input_files(sheet(tmp_path / "corrige.xlsx", rows))
    click(page.get_by_role("button", name=w["check"]))
    assert w["ready"] in page.locator("main").inner_text()
    click(page.get_by_role("button", name=w["confirm"]))
    assert w["imported"] in page.locator(".flash").inner_text()

    in_app(lambda: screen_record("Traitement 04"))  # its screening questions answered
    page.get_by_label(w["needs"]).check()
    click(page.get_by_role("button", name=w["apply"]))
    click(page.get_by_role("link", name="Traitement 04"))
    assert w["required"] in page.locator("#screening").inner_text()
    click(page.get_by_role("button", name=w["start"]))
    assessment_id = int(re.search(r"/assessments/(\d+)", page.url).group(1))
    show = f"/assessments/{assessment_id}"
    expect(page.get_by_role("heading", name="Traitement 04", level=1)).to_be_visible()
    in_app(lambda: complete(assessment_id))
    page.goto(show)
    click(page.get_by_role("button", name=w["submit"]))
    leave(page, lang)
    opinion_and_decision(page, show, w, lang)
    assert in_app(lambda: db.session.get(Assessment, assessment_id).status) == "approved"

    # --- the DPO records a transfer outside the EU in the register
    enter(page, "dpo", lang)
    page.goto("/register?q=Traitement+04")
    click(page.get_by_role("link", name="Traitement 04"))
    click(page.get_by_role("link", name=w["edit"]))
    page.get_by_label(w["transfers"]).fill("États-Unis, clauses contractuelles types")
    click(page.get_by_role("button", name=w["save_record"]))
    leave(page, lang)

    # --- the owner sees the DPIA out of date and reviews only that answer
    enter(page, "owner", lang)
    page.goto(show)
    banner = page.locator("#out-of-date")
    assert "États-Unis, clauses contractuelles types" in banner.inner_text()
    click(banner.get_by_role("link", name=w["only"]))
    assert page.locator("form.questionnaire .question").count() == 1
    page.locator('input[name="ctx_transfers"][value="safeguards"]').check()
    click(page.get_by_role("button", name=w["open"]))
    assert in_app(lambda: db.session.get(Assessment, assessment_id).revision) == 2
    click(page.get_by_role("button", name=w["submit"]))
    leave(page, lang)

    # --- the DPO sees the one change since the approved revision, then it is approved
    enter(page, "dpo", lang)
    page.goto(show)
    top = page.locator("section.next-step")
    assert w["changed"] in " ".join(top.inner_text().split())
    click(top.locator("ul.changed-steps").get_by_role("link", name=w["step"]))
    assert page.locator(".question.read-only").count() == 1
    expect(page.locator("#block-ctx_transfers")).to_be_visible()
    leave(page, lang)
    opinion_and_decision(page, show, w, lang)
    enter(page, "owner", lang)
    page.goto(show)
    assert page.locator("#out-of-date").count() == 0
    assessment = in_app(lambda: (lambda a: (a.revision, a.status))(
        db.session.get(Assessment, assessment_id)))
    assert assessment == (2, "approved")
