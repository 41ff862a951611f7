"""Migration 0017: decisions taken before deciders existed become "opinion and decision by
the DPO" (the DPO's opinion, given when they decided, of no recorded kind), and nothing else
is rewritten. Run on a database at 0016 holding an approved and a rejected assessment."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_migrate import upgrade
from sqlalchemy import text

from riskassess import create_app
from riskassess.extensions import db
from tests.conftest import TEST_AUDIT_KEYS

DECIDED = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)


def _legacy_rows() -> None:
    now = DECIDED.isoformat(sep=" ")
    run = db.session.execute
    run(text("INSERT INTO organisation (id, name, created_at, content_gen) "
             "VALUES (1, 'Ancienne SA', :now, 1)"), {"now": now})
    for uid, email, role in ((1, "owner@old.test", "owner"), (2, "dpo@old.test", "dpo")):
        run(text("INSERT INTO user_account (id, email, name, role, organisation_id, "
                 "password_hash, active, created_at, session_token) VALUES "
                 "(:id, :email, :email, :role, 1, 'x', 1, :now, :token)"),
            {"id": uid, "email": email, "role": role, "now": now, "token": f"t{uid}"})
    for aid, status in ((1, "approved"), (2, "rejected"), (3, "submitted")):
        decided = status != "submitted"
        run(text("INSERT INTO assessment (id, title, description, sector, organisation_id, "
                 "owner_id, status, questionnaire_id, questionnaire_version, created_at, "
                 "updated_at, revision, data_subjects_sought, version, content_gen, "
                 "dpo_opinion, decided_by_id, decided_at) VALUES (:id, :title, '', 'other', 1, "
                 "1, :status, 'aipd', 1, :now, :now, 1, 0, 1, 1, :opinion, :by, :at)"),
            {"id": aid, "title": f"Analyse {aid}", "status": status, "now": now,
             "opinion": f"Avis {aid}" if decided else None, "by": 2 if decided else None,
             "at": now if decided else None})
    run(text("INSERT INTO assessment_version (assessment_id, revision, questionnaire_version, "
             "answers, profile, review, frozen_at) VALUES (1, 1, 1, '{}', '{}', "
             "'{\"opinion\": \"Avis 1\"}', :now)"), {"now": now})
    db.session.commit()


def test_decisions_taken_by_the_dpo_alone_migrate_as_opinion_and_decision(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "AUDIT_KEYS": TEST_AUDIT_KEYS,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}"})
    with app.app_context():
        try:
            upgrade(revision="0016_remark_resolution")
            _legacy_rows()
            upgrade()
            rows = db.session.execute(text(
                "SELECT id, status, opinion_kind, opinion_by_id, opinion_at, decision_kind, "
                "decision_text, decided_by_id, dpo_opinion FROM assessment ORDER BY id")).all()
            users = db.session.execute(text(
                "SELECT extra_roles, lang, mail_off FROM user_account ORDER BY id")).all()
            review = db.session.execute(text(
                "SELECT review FROM assessment_version")).scalar_one()
        finally:
            db.session.remove()
            db.engine.dispose()
    approved, rejected, submitted = rows
    # the opinion is the DPO's, given when they decided; its kind was never recorded
    assert approved[1:4] == ("approved", None, 2) and approved[4] is not None
    assert approved[5:] == ("approve", None, 2, "Avis 1")
    assert rejected[1:4] == ("rejected", None, 2) and rejected[5] == "reject"
    assert submitted[2:8] == (None, None, None, None, None, None)  # nothing decided yet
    assert users == [("", "fr", ""), ("", "fr", "")]
    assert "Avis 1" in str(review)  # the frozen version is left as it was
