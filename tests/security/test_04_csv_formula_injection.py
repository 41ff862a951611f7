"""Issue 14, point 4: text a spreadsheet would run as a formula (a measure's owner
`=cmd|' /C calc'!A0`, an e-mail starting with `=`) is neutralised in every CSV export, by
OWASP's rule (a leading single quote)."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from riskassess.csvsafe import safe_cell
from riskassess.extensions import db
from riskassess.models import Assessment, User
from riskassess.services import assessments, users
from tests.conftest import PASSWORD, login

PAYLOAD = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    assert safe_cell(start + "1+1") == "'" + start + "1+1"


def test_plain_text_and_numbers_are_kept():
    assert safe_cell("Équipe data") == "Équipe data"
    assert safe_cell(-3) == -3 and safe_cell(None) is None


def rows(response) -> list[list[str]]:
    with response:  # a streamed export holds its cursor until closed
        return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_a_measure_owner_reaches_the_action_plan_inert(as_role, demo, in_app):
    draft = demo["assessments"]["draft"]

    def plant():
        assessment = db.session.get(Assessment, draft)
        assessments.import_answers(assessment, {"sec_backups": {
            "status": "planned", "owner": PAYLOAD, "due": "2027-01-31"}})
        db.session.commit()

    in_app(plant)
    plan = rows(as_role("owner").get(f"/assessments/{draft}/action-plan.csv"))
    owners = [row[3] for row in plan[1:]]
    assert "'" + PAYLOAD in owners
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r"))
                   for row in plan for cell in row)


def test_an_email_starting_with_equals_reaches_the_audit_trail_inert(app, client, demo, in_app):
    in_app(lambda: users.create_user("=1+2@evil.test", "Eve", "owner", "Démo Banque & Santé",
                                     PASSWORD))
    login(client, "=1+2@evil.test")  # a login event with this actor
    assert in_app(lambda: db.session.scalar(select(User.id).where(
        User.email == "=1+2@evil.test"))) is not None
    dpo = app.test_client()
    login(dpo, "dpo@demo.riskassess.test")
    trail = rows(dpo.get("/audit.csv"))
    actors = {row[2] for row in trail[1:]}
    assert "'=1+2@evil.test" in actors and "=1+2@evil.test" not in actors
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r"))
                   for row in trail for cell in row)
