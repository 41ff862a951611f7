"""The register journey in Chromium: a register of 21 records imported from XLSX with one bad
row shown in the preview, fixed and imported; the register shows the records that need a
DPIA; one is started from its record (pre-filled) and approved; the record's transfers change;
the DPIA shows "out of date" with the answer concerned; the owner answers it again in a new
revision, which is approved; nothing is out of date any more."""

from __future__ import annotations

import re

import pytest
from flask import current_app
from openpyxl import Workbook

from riskassess.extensions import db
from riskassess.models import Assessment, RegisterRecord, User
from riskassess.services import assessments, register, review
from tests.e2e.browser import log_in, log_out
from tests.web.test_living_dpia import SCREENING, approve
from tests.web.test_register_io import HEADERS, good_rows

pytestmark = pytest.mark.e2e


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


def resubmit_and_approve(assessment_id: int) -> None:
    assessment = db.session.get(Assessment, assessment_id)

    def person(role):
        return db.session.query(User).filter_by(email=f"{role}@demo.riskassess.test").one()

    with current_app.test_request_context():
        assessments.submit(person("owner"), assessment)
        review.advise(person("dpo"), assessment, "give_opinion", "Avis favorable.",
                      opinion="favourable")
        review.decide(person("decider"), assessment, "approve", "")


def test_register_to_living_dpia(page, demo, app, in_app, tmp_path):
    rows = good_rows(20)
    rows.insert(5, ["Responsable de traitement", "", "Démo", "", "", "", "", ""])
    log_in(page, "owner")
    page.get_by_role("link", name="Registre", exact=True).click()
    page.get_by_role("link", name="Importer un registre").click()
    page.get_by_label("Fichier du registre (XLSX ou CSV)").set_input_files(
        sheet(tmp_path / "registre.xlsx", rows))
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.wait_for_load_state()
    problems = page.locator("table.list tbody tr")
    assert problems.count() == 2  # row 7: no name, no purposes
    assert re.search(r"^7\s", problems.first.inner_text())
    del rows[5]
    page.get_by_label("Fichier du registre (XLSX ou CSV)").set_input_files(
        sheet(tmp_path / "registre-corrige.xlsx", rows))
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.wait_for_load_state()
    assert "20 fiches prêtes à importer" in page.locator("main").inner_text()
    page.get_by_role("button", name="Importer ces fiches").click()
    page.wait_for_load_state()
    assert "20 fiches importées." in page.locator(".flash").inner_text()

    in_app(lambda: screen_record("Traitement 04"))  # its screening questions answered
    page.get_by_label("Seulement les fiches qui demandent une AIPD et n’en ont pas").check()
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Traitement 04").click()
    page.wait_for_load_state()
    assert "AIPD obligatoire" in page.locator("#screening").inner_text()
    page.get_by_role("button", name="Commencer l’AIPD").click()
    page.wait_for_load_state()
    assessment_id = int(re.search(r"/assessments/(\d+)", page.url).group(1))
    assert page.get_by_role("heading", name="Traitement 04", level=1).is_visible()
    in_app(lambda: approve(app, assessment_id))
    log_out(page)

    # --- the DPO records a transfer outside the EU in the register
    log_in(page, "dpo")
    page.goto("/register?q=Traitement+04")
    page.get_by_role("link", name="Traitement 04").click()
    page.get_by_role("link", name="Modifier la fiche").click()
    page.get_by_label("Transferts hors de l’Union européenne (pays et garanties)").fill(
        "États-Unis, clauses contractuelles types")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    page.wait_for_load_state()
    log_out(page)

    # --- the owner sees the DPIA out of date, answers again in a new revision
    log_in(page, "owner")
    page.goto(f"/assessments/{assessment_id}")
    banner = page.locator("#out-of-date")
    assert "États-Unis, clauses contractuelles types" in banner.inner_text()
    page.get_by_role("button", name="Ouvrir une nouvelle révision").click()
    page.wait_for_load_state()
    page.goto(f"/assessments/{assessment_id}")
    page.locator("#out-of-date").get_by_role("link", name="Répondre de nouveau").first.click()
    page.wait_for_load_state()
    page.locator('input[name="ctx_transfers"][value="safeguards"]').check()
    page.get_by_role("button", name="Enregistrer", exact=True).first.click()
    page.wait_for_load_state()
    in_app(lambda: resubmit_and_approve(assessment_id))
    page.goto(f"/assessments/{assessment_id}")
    assert page.locator("#out-of-date").count() == 0
    assert in_app(lambda: db.session.get(Assessment, assessment_id).revision) == 2
