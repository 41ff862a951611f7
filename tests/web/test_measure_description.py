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


def test_a_long_description_is_laid_out_once_and_its_start_under_each_risk(as_role, in_app):
    """Issue 20: under each risk a measure addresses, its answer's first line (at most 400
    characters) and « suite en annexe » when there is more; the whole text once, in the
    annex."""
    first = "Chiffrement AES-256 de la base, clés dans un coffre."
    rest = "Rotation annuelle des clés par l’équipe sécurité, tracée au registre."
    owner = as_role("owner")
    assessment_id = create(owner)
    assert save(owner, assessment_id, "security", {
        "sec_encryption_at_rest__status": "existing",
        "sec_encryption_at_rest__description": f"{first}\n\n{rest}"}).status_code == 302
    pdf = in_app(lambda: render_pdf(db.session.get(Assessment, assessment_id), "fr"))
    text = re.sub(r"\s+", " ", "".join(page.extract_text()
                                       for page in PdfReader(io.BytesIO(pdf)).pages))
    risks = text.count(f"{first} (suite en annexe)")
    assert risks >= 1 and text.count(first) == risks + 1  # each risk's line, then the annex
    assert text.count(rest) == 1


def test_excerpt_of_a_repeated_answer():
    from riskassess.reports.paragraphs import excerpt

    assert excerpt("Existante — chiffrée.") == ("Existante — chiffrée.", False)
    assert excerpt("Un.\n\nDeux.") == ("Un.", True)
    words = "mot " * 200
    start, cut = excerpt(words)
    assert cut and len(start) <= 401 and start.endswith("mot…")
    assert words.startswith(start[:-1])
    assert excerpt("x" * 500) == ("x" * 400 + "…", True)  # one word longer than the limit
    assert excerpt("") == ("", False)
