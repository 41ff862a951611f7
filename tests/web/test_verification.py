"""Tamper evidence: the audit hash chain and the verification of PDF reports."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select, text

from riskassess.extensions import db
from riskassess.models import AuditEvent, Report
from riskassess.services.audit import AppendOnly, verify_chain
from tests.conftest import login, post


def test_every_state_change_is_chained_and_the_chain_verifies(runner, demo, in_app):
    checked, broken = in_app(verify_chain)
    assert broken is None and checked >= 10
    events = in_app(lambda: db.session.execute(
        select(AuditEvent.seq, AuditEvent.prev_hash, AuditEvent.hash).order_by(AuditEvent.seq)
    ).all())
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 0 and "audit chain intact" in result.output


@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        ("UPDATE audit_event SET action = 'assessment.nothing' WHERE seq = 4", "altered"),
        ("UPDATE audit_event SET details = '{}' WHERE seq = 4", "altered"),
        ("DELETE FROM audit_event WHERE seq = 4", "removed"),
    ],
)
def test_tampering_is_detected_and_named(runner, demo, in_app, sql, problem):
    def tamper():
        db.session.execute(text(sql))
        db.session.commit()

    in_app(tamper)
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code != 0
    assert "audit chain broken at event #4" in result.output and problem in result.output


def test_removing_the_last_events_is_detected(runner, demo, in_app):
    def truncate():
        last = db.session.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()))
        db.session.execute(text("DELETE FROM audit_event WHERE seq = :s"), {"s": last})
        db.session.commit()

    in_app(truncate)
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code != 0 and "were removed" in result.output


def test_the_application_cannot_change_an_event(ctx, demo):
    audit_event = db.session.scalar(select(AuditEvent))
    audit_event.action = "rewritten"
    with pytest.raises(AppendOnly):
        db.session.commit()
    db.session.rollback()


def test_audit_page_filters_and_csv_for_dpo_auditor_admin_only(client, as_role, demo):
    dpo = as_role("dpo")
    page = dpo.get("/audit?action=assessment.approve").get_data(as_text=True)
    assert "assessment.approve" in page and "assessment.created" not in page.split("<tbody>")[1]
    exported = dpo.get("/audit.csv?action=assessment.approve").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0][:4] == ["seq", "time_utc", "actor", "action"]
    assert {r[3] for r in rows[1:]} == {"assessment.approve"}
    response = post(dpo, "/audit/verify", follow_redirects=True)
    assert "Chaîne d’audit intacte" in response.get_data(as_text=True)
    post(dpo, "/logout")
    login(client, "owner@demo.riskassess.test")
    assert client.get("/audit").status_code == 403
    assert client.get("/audit.csv").status_code == 403


def test_verify_pdf_cli_and_page(runner, client, demo, in_app, tmp_path, other_org):
    pdf = in_app(lambda: db.session.scalar(select(Report.pdf)))
    good = tmp_path / "rapport.pdf"
    good.write_bytes(pdf)
    result = runner.invoke(args=["verify-pdf", str(good)])
    assert result.exit_code == 0
    assert "unaltered approved report of assessment" in result.output
    assert "version 1" in result.output
    altered = tmp_path / "modifie.pdf"
    altered.write_bytes(pdf.replace(b"Avis favorable", b"Avis dfavorable", 1) + b"\n")
    result = runner.invoke(args=["verify-pdf", str(altered)])
    assert result.exit_code != 0 and "unknown or altered" in result.output

    login(client, "auditor@demo.riskassess.test")
    response = post(client, "/verify-report", {"report": (io.BytesIO(pdf), "r.pdf")},
                    content_type="multipart/form-data")
    assert "Rapport approuvé non modifié" in response.get_data(as_text=True)
    response = post(client, "/verify-report", {"report": (io.BytesIO(pdf + b"x"), "r.pdf")},
                    content_type="multipart/form-data")
    assert "Inconnu ou modifié" in response.get_data(as_text=True)
    post(client, "/logout")
    login(client, "auditor@other.test")  # another organisation's report is unknown there
    response = post(client, "/verify-report", {"report": (io.BytesIO(pdf), "r.pdf")},
                    content_type="multipart/form-data")
    assert "Inconnu ou modifié" in response.get_data(as_text=True)
