"""Evidence files in Chromium, in French and in English: the owner adds a file to a measure,
sees its SHA-256; once the assessment is approved, the report the auditor downloads lists
the file with that SHA-256."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from flask import current_app
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.browser import log_in, log_out

pytestmark = pytest.mark.e2e
CONTENT = "Contrat de sous-traitance (art. 28) signé le 2 mars 2026.\n".encode()
WORDS = {
    "fr": {"file": "Ajouter un fichier", "concerns": "Concerne", "add": "Ajouter le fichier",
           "added": "Fichier ajouté", "title": "Pièces justificatives"},
    "en": {"file": "Add a file", "concerns": "Concerns", "add": "Add the file",
           "added": "File added", "title": "Evidence files"},
}


def approve(assessment_id: int) -> None:
    """Resubmitted by the owner, the DPO's opinion, the decider's approval (services)."""
    from riskassess.extensions import db
    from riskassess.models import Assessment, User
    from riskassess.services import assessments, review

    def person(email):
        return db.session.query(User).filter_by(email=email).one()

    assessment = db.session.get(Assessment, assessment_id)
    with current_app.test_request_context():
        assessments.submit(person("owner@demo.riskassess.test"), assessment)
        review.advise(person("dpo@demo.riskassess.test"), assessment, "give_opinion",
                      "Avis favorable.", opinion="favourable")
        review.decide(person("decider@demo.riskassess.test"), assessment, "approve", "")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_file_added_by_the_owner_is_listed_with_its_hash_in_the_report(
        page, demo, in_app, lang, tmp_path):
    w = WORDS[lang]
    assessment_id = demo["assessments"]["changes_requested"]
    page.goto("/login")
    if lang == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
    log_in(page, "owner", lang)
    page.goto(f"/assessments/{assessment_id}#files")
    sample = tmp_path / "contrat-sous-traitance.txt"
    sample.write_bytes(CONTENT)
    page.get_by_label(w["file"]).set_input_files(str(sample))
    page.get_by_label(w["concerns"]).select_option("sec_encryption_at_rest")
    with page.expect_navigation():
        page.get_by_role("button", name=w["add"]).click()
    assert w["added"] in page.locator(".flash").inner_text()
    digest = hashlib.sha256(CONTENT).hexdigest()
    files = page.locator("#files")
    assert digest in files.inner_text()
    expect(files.get_by_role("link", name="contrat-sous-traitance.txt")).to_be_visible()
    log_out(page, lang)
    in_app(lambda: approve(assessment_id))
    log_in(page, "auditor", lang)
    report = page.request.get(f"/assessments/{assessment_id}/report.pdf?lang={lang}")
    assert report.status == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(report.body())).pages)
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", w["title"]) in flat
    assert "contrat-sous-traitance.txt" in flat and digest in flat
