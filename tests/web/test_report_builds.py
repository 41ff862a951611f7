"""The editions of an approved report, laid out by the background worker
(services/report_builds.py): the decision answers without building them, the pages show their
progress, the worker lays out what was approved (not what the rows say later), and an altered
snapshot is refused and shown as failed. Here the worker's code runs in-process
(`worker.run(once=True)`); tests/web/test_worker_process.py runs the real worker process."""

from __future__ import annotations

import hashlib
import io
import json
import zlib

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from riskassess import worker
from riskassess.extensions import db
from riskassess.models import Assessment, AuditEvent, Report, ReportBuild, User
from riskassess.services import integrity, reports, tokens
from riskassess.services.report_builds import MAX_ATTEMPTS
from tests.conftest import EMAILS, opinion_then_decision


@pytest.fixture
def by_worker(app, monkeypatch):
    """The production setting: the decision leaves the editions to the worker."""
    monkeypatch.setitem(app.config, "REPORTS_BUILT_IN_REQUEST", False)


def approve(client, demo) -> int:
    assessment_id = demo["assessments"]["submitted"]
    decided = opinion_then_decision(client, assessment_id)  # ends logged in as the decider
    assert decided.status_code == 302, decided.get_data(as_text=True)[:300]
    return assessment_id


def builds(in_app, assessment_id: int) -> dict[str, tuple[str, int, bool]]:
    """lang -> (status, attempts, snapshot kept)"""
    return {lang: (status, attempts, kept) for lang, status, attempts, kept in in_app(
        lambda: db.session.execute(select(
            ReportBuild.lang, ReportBuild.status, ReportBuild.attempts,
            ReportBuild.snapshot.is_not(None)).where(
            ReportBuild.assessment_id == assessment_id)).all())}


def run_worker(in_app):
    in_app(lambda: worker.run(once=True))


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_decision_leaves_the_editions_to_the_worker_and_pages_show_progress(
        client, in_app, demo, by_worker):
    assessment_id = approve(client, demo)
    assert builds(in_app, assessment_id) == {"fr": ("pending", 0, True),
                                             "en": ("pending", 0, True)}
    assert in_app(lambda: db.session.scalars(select(Report).where(
        Report.assessment_id == assessment_id)).all()) == []

    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert 'id="report-progress"' in page and '<progress max="2" value="0">' in page
    assert "report_progress.js" in page
    assert f"/assessments/{assessment_id}/report.pdf" not in page  # no link to a missing file
    progress = client.get(f"/assessments/{assessment_id}/report/progress")
    assert progress.get_json() == {"editions": {"fr": "pending", "en": "pending"},
                                   "ready": 0, "total": 2, "complete": False,
                                   "stalled": False}
    waiting = client.get(f"/assessments/{assessment_id}/report.pdf")
    assert waiting.status_code == 202 and waiting.headers["Refresh"] == "3"
    assert 'id="report-progress"' in waiting.get_data(as_text=True)
    listed = client.get("/approved").get_data(as_text=True)
    assert f'href="/assessments/{assessment_id}#decision"' in listed

    run_worker(in_app)

    assert builds(in_app, assessment_id) == {"fr": ("done", 0, False),
                                             "en": ("done", 0, False)}
    assert client.get(f"/assessments/{assessment_id}/report/progress").get_json()[
        "complete"] is True
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert 'id="report-progress"' not in page
    assert f"/assessments/{assessment_id}/report.pdf" in page
    for lang in ("fr", "en"):
        pdf = client.get(f"/assessments/{assessment_id}/report.pdf?lang={lang}")
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        assert pdf.headers["X-Report-SHA256"] == hashlib.sha256(pdf.data).hexdigest()

        def now_rendered(lang=lang):
            return reports.render_pdf(db.session.get(Assessment, assessment_id), lang)

        # nothing changed since the decision: the worker's file is the report of the content
        # approved, byte for byte (the layout is deterministic)
        assert pdf.data == in_app(now_rendered)
    checked, differences = in_app(integrity.check_versions)
    assert checked == 2 and differences == []


def test_the_report_says_what_was_approved_even_if_rows_change_before_the_worker_runs(
        client, in_app, demo, by_worker):
    assessment_id = approve(client, demo)

    def rename_the_owner():
        owner = db.session.scalar(select(User).where(User.email == EMAILS["owner"]))
        before, owner.name = owner.name, "Nom Changé Après La Décision"
        db.session.commit()
        return before

    approved_name = in_app(rename_the_owner)
    run_worker(in_app)
    text = pdf_text(client.get(f"/assessments/{assessment_id}/report.pdf").data)
    assert approved_name in text and "Nom Changé Après La Décision" not in text


def test_an_altered_snapshot_is_refused_retried_then_shown_as_failed(
        client, in_app, demo, by_worker):
    assessment_id = approve(client, demo)

    def alter_the_french_edition():
        build = db.session.scalar(select(ReportBuild).where(
            ReportBuild.assessment_id == assessment_id, ReportBuild.lang == "fr"))
        kept = json.loads(zlib.decompress(build.snapshot))
        kept["fields"]["title"] = "Un autre titre que celui approuvé"
        build.snapshot = zlib.compress(json.dumps(kept).encode())
        db.session.commit()

    in_app(alter_the_french_edition)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        run_worker(in_app)
        assert builds(in_app, assessment_id)["fr"][:2] == (
            "failed" if attempt == MAX_ATTEMPTS else "pending", attempt)
        in_app(lambda: (db.session.execute(update(ReportBuild).values(
            next_attempt_at=ReportBuild.requested_at)), db.session.commit()))  # due again
    assert builds(in_app, assessment_id)["en"] == ("done", 0, False)
    error = in_app(lambda: db.session.scalar(select(ReportBuild.last_error).where(
        ReportBuild.lang == "fr", ReportBuild.assessment_id == assessment_id)))
    assert "no longer holds the content approved" in error
    stored = in_app(lambda: db.session.scalars(select(Report.lang).where(
        Report.assessment_id == assessment_id)).all())
    assert stored == ["en"]

    failed = client.get(f"/assessments/{assessment_id}/report.pdf")
    assert failed.status_code == 500 and "Refresh" not in failed.headers
    assert "(FR)" in failed.get_data(as_text=True)
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert 'id="report-progress"' in page and 'class="error"' in page
    assert client.get(f"/assessments/{assessment_id}/report.pdf?lang=en").status_code == 200
    assert client.get(f"/assessments/{assessment_id}/report/progress").get_json()[
        "editions"] == {"fr": "failed", "en": "done"}


def test_the_api_says_the_report_is_being_laid_out(client, in_app, demo, by_worker):
    assessment_id = approve(client, demo)
    token = in_app(lambda: tokens.create(db.session.scalar(
        select(User).where(User.email == EMAILS["auditor"])), "script")[1])
    auth = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/assessments/{assessment_id}/report.pdf"
    waiting = client.get(url, headers=auth)
    assert waiting.status_code == 409 and waiting.headers["Retry-After"] == "5"
    assert "being laid out" in waiting.get_json()["error"]
    run_worker(in_app)
    ready = client.get(url, headers=auth)
    assert ready.status_code == 200 and ready.data.startswith(b"%PDF")


def test_an_edition_whose_file_was_made_from_other_content_is_named_by_the_check(
        client, in_app, demo, by_worker):
    """The approval seals what each edition says; a report event for other content (a
    worker given an altered snapshot that it did not check) is a named difference."""
    assessment_id = approve(client, demo)
    run_worker(in_app)

    def seal_a_report_of_other_content():
        from riskassess.services import audit

        report = db.session.scalar(select(Report).where(
            Report.assessment_id == assessment_id, Report.lang == "en"))
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "report.generated", AuditEvent.target_id == report.id))
        audit.record(None, "report.generated", report, event.organisation_id,
                     **{**event.details, "content": "0" * 64})
        db.session.commit()

    in_app(seal_a_report_of_other_content)
    _checked, differences = in_app(integrity.check_versions)
    assert [(d.assessment_id, d.code, d.detail) for d in differences] == [
        (assessment_id, "report", "en")]


def test_failed_editions_can_be_tried_again_from_the_command_line(
        client, runner, in_app, demo, by_worker):
    assessment_id = approve(client, demo)
    in_app(lambda: (db.session.execute(update(ReportBuild).where(
        ReportBuild.assessment_id == assessment_id).values(
        status="failed", attempts=MAX_ATTEMPTS, last_error="a bug since fixed")),
        db.session.commit()))
    waiting = runner.invoke(args=["build-reports"])
    assert waiting.exit_code == 1 and "0 pending, 2 failed" in waiting.output
    retried = runner.invoke(args=["build-reports", "--retry-failed"])
    assert retried.exit_code == 0, retried.output
    assert "2 failed edition(s) to try again" in retried.output
    assert "2 edition(s) handled; now 0 pending, 0 failed" in retried.output
    assert builds(in_app, assessment_id) == {"fr": ("done", 0, False),
                                             "en": ("done", 0, False)}
