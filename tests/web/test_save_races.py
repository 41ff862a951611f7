"""Races around a module save that the load test (tests/load) meets only by chance, made
certain here: another save commits between the version check and the UPDATE, or right after
this save's commit."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from riskassess import unit_of_work
from riskassess.extensions import db
from riskassess.models import Assessment
from riskassess.services import assessments
from riskassess.web import wizard
from tests.conftest import post


def someone_else_saves(assessment_id: int) -> None:
    """What a co-author's save committed at that instant does to the row: a new version."""
    with db.engine.begin() as connection:
        connection.execute(update(Assessment).where(Assessment.id == assessment_id)
                           .values(version=Assessment.version + 1))


def stored(in_app, assessment_id: int) -> tuple[int, dict]:
    def read():
        assessment = db.session.get(Assessment, assessment_id)
        return assessment.version, assessment.answer_values()

    return in_app(read)


def send(client, assessment_id: int, version: int, text: str, autosave: bool):
    return post(client, f"/assessments/{assessment_id}/modules/context",
                {"version": str(version), "go": "stay", "ctx_processing": text},
                headers={"X-Autosave": "1"} if autosave else {})


@pytest.mark.parametrize("autosave", [True, False])
def test_a_save_overtaken_before_its_update_is_a_reported_conflict(
        as_role, demo, in_app, monkeypatch, autosave):
    client = as_role("owner")
    draft = demo["assessments"]["draft"]
    version, answers = stored(in_app, draft)
    real = assessments.store_answers

    def overtaken(assessment, parsed):
        someone_else_saves(assessment.id)  # after the version check, before the UPDATE
        return real(assessment, parsed)

    monkeypatch.setattr(assessments, "store_answers", overtaken)
    response = send(client, draft, version, "Jamais enregistré", autosave)
    assert response.status_code == 409
    if autosave:
        assert response.json["status"] == "conflict" and response.json["message"]
    else:
        assert "Quelqu’un d’autre a enregistré" in response.get_data(as_text=True)
    assert stored(in_app, draft) == (version + 1, answers)


def test_a_background_save_answers_the_version_it_wrote(as_role, demo, in_app, monkeypatch):
    client = as_role("owner")
    draft = demo["assessments"]["draft"]
    version, _ = stored(in_app, draft)
    real = assessments.save_module

    def followed(user, assessment, *args):
        assessment_id = assessment.id  # (read after the commit, it would reload the row)
        saved = real(user, assessment, *args)
        # committed just after ours, at the end of the request (riskassess/unit_of_work.py)
        unit_of_work.on_commit(lambda: someone_else_saves(assessment_id))
        return saved

    monkeypatch.setattr(wizard.service, "save_module", followed)
    reply = send(client, draft, version, "Ma version", autosave=True)
    assert reply.status_code == 200
    assert reply.json == {"status": "saved", "version": version + 1,
                          "message": reply.json["message"]}
    monkeypatch.setattr(wizard.service, "save_module", real)
    # the next background save carries that version: it must not overwrite the other save
    assert send(client, draft, version + 1, "Écrase ?", autosave=True).status_code == 409
    assert stored(in_app, draft)[1]["ctx_processing"] == "Ma version"
