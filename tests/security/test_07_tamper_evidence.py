"""Issue 14, point 7: someone with write access to the database edits what was approved; each
edit is found. The approval event records the content fingerprint and the reports' SHA-256,
the chain is keyed with a secret that is not in the database (HMAC), `verify-audit` checks
every approved version against its event, and the assessment page says when its live rows no
longer match the frozen version."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from markupsafe import escape
from sqlalchemy import select, text

from riskassess.core.audit_chain import GENESIS, event_hash, head_mac
from riskassess.extensions import db
from riskassess.models import Assessment, AssessmentVersion, AuditEvent, AuditHead, Report
from riskassess.services import audit, integrity
from riskassess.services.approved import fingerprint as version_fingerprint
from riskassess.services.catalogue import default_questionnaire
from tests.conftest import login, post

ATTACKER_KEY = b"a key the attacker made up, not the server's" * 2


def sql(in_app, statement: str, **params) -> None:
    def run():
        db.session.execute(text(statement), params)
        db.session.commit()

    in_app(run)


def verify_audit(runner):
    result = runner.invoke(args=["verify-audit"])
    return result.exit_code, result.output


def approved(demo) -> int:
    return demo["assessments"]["approved"]


def frozen_answer(in_app, assessment_id: int) -> tuple[str, object]:
    """A question answered in the approved version, and its approved value."""
    answers = in_app(lambda: db.session.scalar(select(AssessmentVersion.answers).where(
        AssessmentVersion.assessment_id == assessment_id)))
    question = sorted(answers)[0]
    return question, answers[question]


def test_the_approval_event_records_the_content_fingerprint_and_the_reports(in_app, demo):
    assessment_id = approved(demo)

    def read():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "assessment.approve", AuditEvent.target_id == assessment_id))
        version = db.session.scalar(select(AssessmentVersion).where(
            AssessmentVersion.assessment_id == assessment_id))
        reports = {r.lang: hashlib.sha256(r.pdf).hexdigest()
                   for r in db.session.scalars(select(Report).where(
                       Report.assessment_id == assessment_id))}
        generated = {e.details["lang"]: e.details for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "report.generated"))
            if e.details["assessment_id"] == assessment_id}
        return event.details, version_fingerprint(version), reports, generated, event.key_id

    details, fingerprint, reports, generated, key_id = in_app(read)
    assert details["fingerprint"] == fingerprint
    # The approval seals what each edition says; the worker's event, the file it laid out
    # from that content (services/report_builds.py).
    assert set(details["report_content"]) == set(reports) == {"fr", "en"}
    assert {lang: g["sha256"] for lang, g in generated.items()} == reports
    assert {lang: g["content"] for lang, g in generated.items()} == details["report_content"]
    assert key_id == "test-now"  # the keyring's last key seals new events


def test_intact_database_verifies(runner, demo):
    code, output = verify_audit(runner)
    assert code == 0, output
    assert "audit chain intact" in output and "approved versions intact" in output


def test_editing_an_approved_assessments_answers_shows_on_its_page_and_in_verify_audit(
        app, runner, client, in_app, demo):
    assessment_id = approved(demo)
    question, _ = frozen_answer(in_app, assessment_id)
    login(client, "dpo@demo.riskassess.test")
    assert "ne correspond plus à la version approuvée" not in \
        client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    sql(in_app, "UPDATE answer SET value = :v WHERE assessment_id = :a AND question_id = :q",
        v='"changed behind the application"', a=assessment_id, q=question)
    app.extensions["profile_memo"].clear()  # a restarted server: nothing kept before
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    named = in_app(lambda: default_questionnaire().question(question).text.fr)
    assert "Cette page ne correspond plus à la version approuvée" in page
    assert escape(named) in page  # the question is named in words
    assert f"«\u00a0{escape(named)}\u00a0»" in page  # in French quotes (issue 21)
    code, output = verify_audit(runner)
    assert code == 1
    assert f"assessment {assessment_id}, version 1: the answers differ" in output
    assert question in output


def test_editing_the_frozen_version_as_well_is_found_by_its_fingerprint(
        runner, in_app, demo):
    assessment_id = approved(demo)
    question, _ = frozen_answer(in_app, assessment_id)
    sql(in_app, "UPDATE answer SET value = :v WHERE assessment_id = :a AND question_id = :q",
        v='"changed"', a=assessment_id, q=question)
    answers = in_app(lambda: db.session.scalar(select(AssessmentVersion.answers).where(
        AssessmentVersion.assessment_id == assessment_id)))
    answers[question] = "changed"
    sql(in_app, "UPDATE assessment_version SET answers = :v WHERE assessment_id = :a",
        v=json.dumps(answers), a=assessment_id)
    live_drift = in_app(lambda: integrity.drift(db.session.get(Assessment, assessment_id)))
    assert live_drift == []  # live rows and frozen row agree: the diff would show nothing
    code, output = verify_audit(runner)
    assert code == 1
    assert (f"assessment {assessment_id}, version 1: the frozen version differs from what was "
            "approved") in output


def test_a_replaced_pdf_and_hash_is_refused_and_the_genuine_file_still_recognised(
        runner, client, in_app, demo, tmp_path):
    assessment_id = approved(demo)
    genuine = in_app(lambda: db.session.scalar(select(Report.pdf).where(
        Report.assessment_id == assessment_id, Report.lang == "fr")))
    forged = genuine.replace(b"Avis favorable", b"Avis dfavorable", 1) + b"\n%forged\n"
    sql(in_app, "UPDATE report SET pdf = :p, sha256 = :s WHERE assessment_id = :a "
        "AND lang = 'fr'", p=forged, s=hashlib.sha256(forged).hexdigest(), a=assessment_id)
    (tmp_path / "forged.pdf").write_bytes(forged)
    (tmp_path / "genuine.pdf").write_bytes(genuine)

    result = runner.invoke(args=["verify-pdf", str(tmp_path / "forged.pdf")])
    assert result.exit_code == 1 and "unknown or altered" in result.output
    result = runner.invoke(args=["verify-pdf", str(tmp_path / "genuine.pdf")])
    assert result.exit_code == 0 and "unaltered approved report" in result.output
    assert "no longer matches this file" in result.output
    code, output = verify_audit(runner)
    assert code == 1 and "the stored report (fr) is not the one approved" in output

    login(client, "auditor@demo.riskassess.test")
    for data, verdict in ((forged, "Inconnu ou modifié"),
                          (genuine, "Rapport approuvé non modifié")):
        page = post(client, "/verify-report", {"report": (io.BytesIO(data), "r.pdf")},
                    content_type="multipart/form-data").get_data(as_text=True)
        assert verdict in page
    assert "ne lui correspond plus" in page  # the genuine file: the stored copy was replaced


def test_a_stored_pdf_replaced_without_its_hash_is_found(runner, in_app, demo):
    assessment_id = approved(demo)
    sql(in_app, "UPDATE report SET pdf = :p WHERE assessment_id = :a AND lang = 'en'",
        p=b"%PDF-1.4 not the report", a=assessment_id)
    code, output = verify_audit(runner)
    assert code == 1 and "the stored report file (en) does not match its SHA-256" in output


def _events(in_app):
    return in_app(lambda: [(e.id, e.seq, e.chained_fields()) for e in db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.seq))])


@pytest.mark.parametrize("attacker_key", [ATTACKER_KEY, None], ids=["guessed-key", "unkeyed"])
def test_recomputing_every_hash_of_the_chain_is_detected(runner, in_app, demo, attacker_key):
    """The attacker edits an event and recomputes the whole chain and the head, with a key of
    their own (or as plain SHA-256, as before keys existed): without the server's key, the
    first event already fails."""
    sql(in_app, "UPDATE audit_event SET details = :d WHERE seq = 3", d='{"rewritten": true}')
    previous = GENESIS
    for event_id, seq, fields in _events(in_app):
        digest = event_hash(previous, seq, fields, attacker_key)
        sql(in_app, "UPDATE audit_event SET prev_hash = :p, hash = :h, key_id = :k "
            "WHERE id = :i", p=previous, h=digest, i=event_id,
            k="test-now" if attacker_key else None)
        previous = digest
    sql(in_app, "UPDATE audit_head SET last_hash = :h, mac = :m", h=previous,
        m=head_mac(attacker_key or b"", seq, previous))
    code, output = verify_audit(runner)
    assert code == 1 and "audit chain broken at event #1" in output
    assert ("content does not match its hash" if attacker_key else "not sealed") in output


def test_deleting_the_last_event_and_rewinding_the_head_is_detected(runner, in_app, demo):
    def rewind():
        head = db.session.get(AuditHead, 1)
        last = db.session.scalar(select(AuditEvent).where(AuditEvent.seq == head.seq))
        before = db.session.scalar(select(AuditEvent).where(AuditEvent.seq == head.seq - 1))
        db.session.execute(text("DELETE FROM audit_event WHERE id = :i"), {"i": last.id})
        db.session.execute(text("UPDATE audit_head SET seq = :s, last_hash = :h"),
                           {"s": before.seq, "h": before.hash})
        db.session.commit()
        return before.seq

    seq = in_app(rewind)
    code, output = verify_audit(runner)
    assert code == 1
    assert f"audit chain broken at event #{seq}" in output and "head was rewritten" in output


def test_events_sealed_with_a_retired_key_verify_while_the_keyring_keeps_it(app, in_app, demo):
    """Rotation: the keyring's last key seals new events; older keys stay to verify theirs.
    A server without the older key cannot verify those events, and says so."""
    def seal_with(keyring_text: str):
        from riskassess.core import audit_keys
        keyring = app.config["AUDIT_KEYRING"]
        app.config["AUDIT_KEYRING"] = audit_keys.parse(keyring_text)
        try:
            return in_app(audit.verify_chain)
        finally:
            app.config["AUDIT_KEYRING"] = keyring

    old_line = "test-old " + "11" * 32
    other_line = "rotated " + "33" * 32

    def write_old_event():
        from riskassess.core import audit_keys
        saved = app.config["AUDIT_KEYRING"]
        app.config["AUDIT_KEYRING"] = audit_keys.parse(old_line)
        try:
            audit.record(None, "system.check", None)
            db.session.commit()
        finally:
            app.config["AUDIT_KEYRING"] = saved

    in_app(write_old_event)
    checked, broken = seal_with(f"{old_line}\ntest-now {'22' * 32}\n{other_line}")
    assert broken is None and checked > 1
    checked, broken = seal_with(f"test-now {'22' * 32}")
    assert broken is not None
    assert "sealed with an audit key this server does not have (test-old)" in broken.problem
