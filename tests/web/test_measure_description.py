"""A measure is described in words beside its status (how it is applied, the CNIL method's
measure text): typed in the wizard, shown to readers and printed in the report."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from riskassess.extensions import db
from riskassess.models import Assessment
from riskassess.services.reports import render_pdf
from tests.web.test_owner import create, save

HOW = "Base chiffrée par le SGBD (AES-256) ; clés dans un coffre géré par l’équipe sécurité."


def test_a_measure_described_in_words_reaches_the_report(as_role, in_app):
    owner = as_role("owner")
    assessment_id = create(owner)
    response = save(owner, assessment_id, "security", {
        "sec_encryption_at_rest__status": "existing",
        "sec_encryption_at_rest__description": HOW})
    assert response.status_code == 302
    assert in_app(lambda: db.session.get(Assessment, assessment_id).answer_values()[
        "sec_encryption_at_rest"]) == {"status": "existing", "description": HOW}
    step = owner.get(f"/assessments/{assessment_id}/modules/security").get_data(as_text=True)
    assert 'name="sec_encryption_at_rest__description"' in step
    assert "Base chiffrée par le SGBD (AES-256) ; clés dans un coffre" in step.replace(
        "&#39;", "'")
    pdf = in_app(lambda: render_pdf(db.session.get(Assessment, assessment_id), "fr"))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Base chiffrée par le SGBD (AES-256)" in re.sub(r"\s+", " ", text)
    too_long = save(owner, assessment_id, "security", {
        "sec_encryption_at_rest__status": "existing",
        "sec_encryption_at_rest__description": "x" * 20_001})
    assert too_long.status_code == 422  # nothing saved
    assert in_app(lambda: db.session.get(Assessment, assessment_id).answer_values()[
        "sec_encryption_at_rest"])["description"] == HOW
