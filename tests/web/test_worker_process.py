"""The real worker, as the run command starts it (`flask --app riskassess worker`), in a
process of its own on the test database (SQLite, or the PostgreSQL server of the run): what
the application writes to the outbox arrives in the SMTP server's mailbox; the reminder of a
planned measure past its due date is told once; the editions of an approved report are laid
out."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import Assessment, AuditEvent, Notification
from tests.conftest import EMAILS, TEST_AUDIT_KEYS, opinion_then_decision, post, switch_to
from tests.mailserver import body

ROOT = Path(__file__).resolve().parents[2]


def start_worker(app, smtp_port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SECRET_KEY": "test-secret-key", "RISKASSESS_AUDIT_KEYS": TEST_AUDIT_KEYS,
           "RISKASSESS_MAIL_SERVER": "127.0.0.1", "RISKASSESS_MAIL_PORT": str(smtp_port),
           "RISKASSESS_WORKER_INTERVAL": "0.2", "RISKASSESS_PUBLIC_URL": "http://app.test"}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "riskassess", "worker"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def wait_for(check, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_the_worker_process_sends_the_outbox_and_the_reminders(app, client, demo, in_app,
                                                               smtp, _smtp_server):
    submitted = demo["assessments"]["submitted"]

    def plan_a_late_measure():
        from riskassess.services.assessments import store_answers
        from riskassess.services.catalogue import questionnaire_for

        assessment = db.session.get(Assessment, submitted)
        measure = next(q for q in questionnaire_for(assessment).questions
                       if q.type == "measure" and q.id in assessment.answer_values())
        store_answers(assessment, {measure.id: {"status": "planned", "owner": "RSSI",
                                                "due": "2020-01-31"}})
        db.session.commit()
        return measure.id

    measure = in_app(plan_a_late_measure)
    worker = start_worker(app, _smtp_server.port)
    try:
        switch_to(client, "dpo")
        post(client, f"/assessments/{submitted}/comments",
             {"target": "question:ctx_purposes", "body": "Remarque envoyée par le worker."})
        assert wait_for(lambda: any("Remarque envoyée par le worker." in body(m)
                                    for m in smtp.to(EMAILS["owner"]))), worker_output(worker)
        assert wait_for(lambda: any("2020-01-31" in body(m) for m in smtp.to(EMAILS["owner"])))
    finally:
        if worker.returncode is None:
            worker.terminate()
            worker.communicate(timeout=30)  # waits, and closes its output
    late = in_app(lambda: db.session.scalars(select(Notification.details).where(
        Notification.kind == "action_late")).all())
    assert [d["measure"] for d in late] == [measure]  # the owner only, once
    reminder = next(m for m in smtp.to(EMAILS["owner"]) if "2020-01-31" in body(m))
    assert f"http://app.test/assessments/{submitted}/action-plan" in body(reminder)


def worker_output(worker: subprocess.Popen) -> str:
    """What the worker printed (it is stopped to read it)."""
    worker.terminate()
    return worker.communicate(timeout=30)[0][-3000:]


def test_the_worker_process_lays_out_the_editions_of_an_approval(app, client, demo, in_app,
                                                                 monkeypatch, _smtp_server):
    monkeypatch.setitem(app.config, "REPORTS_BUILT_IN_REQUEST", False)  # as in production
    submitted = demo["assessments"]["submitted"]
    worker = start_worker(app, _smtp_server.port)
    try:
        decided = opinion_then_decision(client, submitted)
        assert decided.status_code == 302
        progress = f"/assessments/{submitted}/report/progress"
        assert wait_for(lambda: client.get(progress).get_json()["complete"], 120), \
            worker_output(worker)
    finally:
        if worker.returncode is None:
            worker.terminate()
            worker.communicate(timeout=30)
    for lang in ("fr", "en"):
        pdf = client.get(f"/assessments/{submitted}/report.pdf?lang={lang}")
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        sealed = in_app(lambda lang=lang: [e.details["sha256"] for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "report.generated"))
            if e.details.get("assessment_id") == submitted and e.details["lang"] == lang])
        assert sealed == [hashlib.sha256(pdf.data).hexdigest()]
