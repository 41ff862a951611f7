"""One unit of work per request (riskassess/unit_of_work.py): services never commit, the
request commits once at its end, and a failure anywhere in it, even after the service has
done all its work, leaves nothing behind: not the change, not its audit event, not the
notifications, not the reports' editions. Before, each service committed on its own, so a
failure after it left its half of the request stored."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select
from werkzeug.exceptions import Forbidden

from riskassess import unit_of_work
from riskassess.extensions import db
from riskassess.models import (
    Assessment,
    AssessmentVersion,
    AuditEvent,
    Notification,
    Report,
    ReportBuild,
)
from riskassess.services import assessments, review
from tests.conftest import decide_as, give_opinion, post


class Failure(RuntimeError):
    """What goes wrong after the service has returned."""


def then_fail(module, name: str, monkeypatch, error: Exception | None = None) -> None:
    """Make `module.name` do all its work, then fail."""
    real = getattr(module, name)

    def failing(*args, **kwargs):
        real(*args, **kwargs)
        raise error or Failure("after the service")

    monkeypatch.setattr(module, name, failing)


def state(in_app, assessment_id: int | None = None) -> dict:
    """What a request could have left in the database."""

    def read():
        counts = {model.__name__: db.session.scalar(select(func.count()).select_from(model))
                  for model in (Assessment, AssessmentVersion, AuditEvent, Notification,
                                Report, ReportBuild)}
        if assessment_id is not None:
            assessment = db.session.get(Assessment, assessment_id)
            counts["assessment"] = (assessment.status, assessment.version,
                                    assessment.answer_values())
        return counts

    return in_app(read)


def save(client, assessment_id: int, version: int, text: str):
    return post(client, f"/assessments/{assessment_id}/modules/context",
                {"version": str(version), "go": "stay", "ctx_processing": text})


def test_a_save_that_fails_after_the_service_leaves_nothing(as_role, demo, in_app,
                                                             monkeypatch):
    owner = as_role("owner")
    draft = demo["assessments"]["draft"]
    before = state(in_app, draft)
    then_fail(assessments, "save_module", monkeypatch)
    with pytest.raises(Failure):  # the test client re-raises what the app did not handle
        save(owner, draft, before["assessment"][1], "Jamais enregistré")
    assert state(in_app, draft) == before
    monkeypatch.undo()
    assert save(owner, draft, before["assessment"][1], "Enregistré").status_code == 302
    after = state(in_app, draft)
    assert after["assessment"][2]["ctx_processing"] == "Enregistré"
    assert after["AuditEvent"] == before["AuditEvent"] + 1  # answers.saved, this time


def test_a_decision_that_fails_after_the_service_leaves_nothing(as_role, demo, in_app,
                                                                monkeypatch):
    submitted = demo["assessments"]["submitted"]
    assert give_opinion(as_role("dpo"), submitted).status_code == 302
    decider = as_role("decider")  # (a login is an audit event: counted before)
    before = state(in_app, submitted)
    assert before["assessment"][0] == "opinion_given"
    then_fail(review, "decide", monkeypatch)
    with pytest.raises(Failure):
        decide_as(decider, submitted)
    # no status, no frozen version, no audit event, no notification, no edition built
    assert state(in_app, submitted) == before
    # an answer of refusal after the service's work (a 403 page) rolls back as well
    monkeypatch.undo()
    then_fail(review, "decide", monkeypatch, Forbidden())
    assert decide_as(decider, submitted).status_code == 403
    assert state(in_app, submitted) == before
    monkeypatch.undo()
    assert decide_as(decider, submitted).status_code == 302
    after = state(in_app, submitted)
    assert after["assessment"][0] == "approved"
    assert after["AssessmentVersion"] == before["AssessmentVersion"] + 1
    # the editions were laid out after the decision's commit (REPORTS_BUILT_IN_REQUEST)
    assert after["Report"] == before["Report"] + 2
    assert after["ReportBuild"] == before["ReportBuild"] + 2


def test_an_import_that_fails_after_the_service_leaves_nothing(as_role, demo, in_app,
                                                               monkeypatch):
    from riskassess.interchange import portability

    owner = as_role("owner")
    document = owner.get(f"/assessments/{demo['assessments']['approved']}/export.json").data
    before = state(in_app)
    then_fail(portability, "import_document", monkeypatch)
    with pytest.raises(Failure):
        post(owner, "/assessments/import", {"document": (io.BytesIO(document), "a.json")},
             content_type="multipart/form-data")
    assert state(in_app) == before
    monkeypatch.undo()
    response = post(owner, "/assessments/import", {"document": (io.BytesIO(document), "a.json")},
                    content_type="multipart/form-data")
    assert response.status_code == 302
    assert state(in_app)["Assessment"] == before["Assessment"] + 1


def test_what_waits_for_the_commit_runs_after_it_and_never_after_a_rollback(app, demo):
    ran = []
    with app.app_context():
        unit_of_work.on_commit(lambda: ran.append("first"))
        unit_of_work.rollback()
        unit_of_work.commit()
        assert ran == []
        unit_of_work.on_commit(lambda: ran.append(db.session().in_transaction()))
        unit_of_work.commit()
        assert ran == [False]  # after the commit, not inside its transaction
        unit_of_work.commit()
        assert ran == [False]  # once
        db.session.remove()


def test_no_service_commits():
    """Services and the interchange change the session; only the boundaries commit (the
    requests, the commands, the worker's jobs: riskassess/unit_of_work.py, riskassess/jobs.py,
    riskassess/cli/)."""
    from pathlib import Path

    import riskassess

    root = Path(riskassess.__file__).parent
    found = [f"{path.relative_to(root)}:{number}"
             for folder in ("services", "interchange", "core", "reports")
             for path in sorted((root / folder).rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if ".commit()" in line]
    assert found == []


def test_a_refusal_after_part_of_the_work_keeps_none_of_it(as_role, demo, in_app):
    """A follow-up marked done with a file the store refuses: the service has already
    written the follow-up when the file is refused; the page says so and keeps nothing."""
    from riskassess.models import ActionFollowUp

    approved = demo["assessments"]["approved"]
    owner = as_role("owner")
    before = state(in_app, approved)
    page = post(owner, f"/assessments/{approved}/actions/sec_pseudonymisation",
                {"status": "done", "evidence": "Activée le 2 novembre.",
                 "file": (io.BytesIO(b"MZ\x90\x00 not evidence"), "outil.exe")},
                content_type="multipart/form-data", follow_redirects=True)
    assert page.status_code == 200 and "Suivi enregistré." not in page.get_data(as_text=True)
    assert state(in_app, approved) == before
    assert in_app(lambda: db.session.scalar(
        select(func.count()).select_from(ActionFollowUp))) == 0


def test_the_follow_up_service_refuses_a_file_before_writing_anything(demo, in_app):
    """The service itself, without the page's rollback: nothing added or changed in the
    session when the file is refused."""
    from riskassess.models import Assessment, User
    from riskassess.services import actions
    from riskassess.services.attachments import AttachmentError

    def follow() -> tuple:
        assessment = db.session.get(Assessment, demo["assessments"]["approved"])
        owner = db.session.get(User, demo["users"]["owner"])
        change = actions.Change(status="done", evidence="Activée le 2 novembre.",
                                file=(b"MZ\x90\x00 not evidence", "outil.exe"))
        try:
            actions.follow_up(owner, assessment, "sec_pseudonymisation", change)
        except AttachmentError:
            pass
        else:
            raise AssertionError("the file was not refused")
        session = db.session
        return len(session.new), len(session.dirty), len(session.deleted)

    assert in_app(follow) == (0, 0, 0)
