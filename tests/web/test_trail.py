"""The calculation trail of each risk (issue 15, point 6): the page shows the main drivers
first and the whole calculation on demand, the report prints it, `score --json` carries it as
structured data ending on the levels shown."""

from __future__ import annotations

import io
import json
import re

from pypdf import PdfReader
from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import Report


def test_page_report_and_json_carry_the_calculation(as_role, demo, runner, in_app):
    approved = demo["assessments"]["approved"]
    dpo = as_role("dpo")
    page = dpo.get(f"/assessments/{approved}").get_data(as_text=True)
    assert "Principaux facteurs" in page and "Le calcul complet" in page
    links = re.findall(rf'href="(/assessments/{approved}/risks/[a-z_0-9]+/calculation)"', page)
    assert len(links) == len(set(links)) == 10  # one per risk, the whole trail on its page
    assert 'class="trail"' not in page  # not on the assessment page any more
    whole = " ".join(dpo.get(link).get_data(as_text=True) for link in links)
    assert whole.count('<ol class="trail">') == 20  # severity and likelihood of each risk
    # a capped measure says why
    assert "non comptée\u00a0: les mesures abaissent la gravité" in whole
    assert dpo.get(f"/assessments/{approved}/risks/nope/calculation").status_code == 404
    assert dpo.get(f"/assessments/{approved}/risks/{'x' * 101}/calculation").status_code == 404

    pdf = in_app(lambda: db.session.scalar(select(Report.pdf).where(
        Report.assessment_id == approved, Report.lang == "fr")))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Calcul" in text and "niveau de base" in text

    data = json.loads(runner.invoke(args=["score", str(approved), "--json"]).output)
    for risk in data["risks"]:
        for dimension in ("severity", "likelihood"):
            steps = [s for s in risk["trail"] if s["dimension"] == dimension]
            assert steps[0]["kind"] == "base"
            assert steps[-1]["level"] == risk["residual"][dimension]
    adjusted = [r for r in data["risks"] if r["adjusted"]]
    assert adjusted and adjusted[0]["final"] != adjusted[0]["residual"]
