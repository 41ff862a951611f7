"""export-all / import-all: every table restored row for row into a new database (SQLite, and
PostgreSQL when the suite runs on it), the audit chain and the reports intact, logins and new
records working afterwards; damaged backups and non-empty databases refused."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, make_url, select, text

from riskassess import create_app
from riskassess.extensions import db
from riskassess.models import Assessment, AssessmentOutcome, AuditEvent, Report, User
from riskassess.services import (
    actions,
    admin,
    assessments,
    attachments,
    evidence,
    register,
    review,
    search,
    users,
)
from riskassess.services.audit import verify_chain
from riskassess.services.verification import check_pdf
from tests.conftest import EMAILS, PASSWORD, TEST_AUDIT_KEYS, TEST_DATABASE_URL, login

ON_POSTGRESQL = bool(TEST_DATABASE_URL and TEST_DATABASE_URL.startswith("postgresql"))
FILLED = {"organisation", "user_account", "questionnaire_snapshot", "assessment", "answer",
          "assessment_coauthor", "review_comment", "module_evaluation", "risk_adjustment",
          "assessment_version", "report", "audit_event", "audit_head", "measurement",
          "assessment_outcome", "outcome_tally", "action_item", "action_follow_up",
          "evidence_file", "register_record", "register_version"}
SAMPLE = b"age,postcode,diagnosis\n34,75011,flu\n34,75011,asthma\n51,69003,flu\n"


def enrich(demo) -> None:
    """Beyond the demo: threaded comments, an evaluation, an adjustment, a co-author, a
    deactivated account, a measurement and a failed login."""
    owner = db.session.get(User, demo["users"]["owner"])
    dpo = db.session.get(User, demo["users"]["dpo"])
    submitted = db.session.get(Assessment, demo["assessments"]["submitted"])
    draft = db.session.get(Assessment, demo["assessments"]["draft"])
    note = review.comment(dpo, submitted, "Durée de conservation ?", "module", "context")
    review.comment(owner, submitted, "Cinq ans, puis anonymisation.", parent_id=note.id)
    review.evaluate(dpo, submitted, "context", "to_improve", "Préciser les durées.")
    review.adjust(dpo, submitted, "opacity", 2, 2, "Explications vérifiées")
    helper = users.create_user("coauteur@demo.riskassess.test", "Co Auteur", "owner",
                               owner.organisation.name, PASSWORD)
    admin.add_coauthor(owner, draft, helper.email)
    evidence.measure_reidentification(owner, draft, io.BytesIO(SAMPLE), "sample.csv",
                                      ["age", "postcode"], "diagnosis")
    gone = users.create_user("ancien@demo.riskassess.test", "Ancien", "auditor",
                             owner.organisation.name, PASSWORD)
    admin.set_active(db.session.get(User, demo["users"]["admin"]), gone.id, False)
    attachments.add(owner, draft, b"%PDF-1.4 contract", "contrat.pdf")
    approved = db.session.get(Assessment, demo["assessments"]["approved"])
    actions.follow_up(owner, approved, "sec_pseudonymisation",
                      actions.Change(status="in_progress", owner_name="DSI"))
    record = register.create(owner, "controller", {"name": "Paie", "controller": "Démo",
                                                   "purposes": "Payer"})
    register.update(owner, record, {"name": "Paie", "controller": "Démo",
                                    "purposes": "Payer les salaires"}, record.version)


def _normal(value):
    if isinstance(value, datetime):  # SQLite gives naive UTC, PostgreSQL aware values
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return bytes(value) if isinstance(value, memoryview) else value


def contents(app) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order, comparable across databases."""
    with app.app_context(), db.engine.connect() as connection:
        return {
            table.name: [tuple(_normal(v) for v in row) for row in connection.execute(
                select(table).order_by(*(table.primary_key.columns or table.columns)))]
            for table in db.metadata.sorted_tables}


@pytest.fixture
def new_app(tmp_path):
    """Apps on new, migrated databases: `new_app("sqlite")` or `new_app("postgresql")` (a
    new database on the test server, dropped afterwards)."""
    made, databases = [], []

    def make(kind: str = "sqlite", migrate: bool = True):
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path / f'restore-{len(made)}.sqlite3'}"
        else:
            name = f"riskassess_restore_{uuid.uuid4().hex[:12]}"
            with _server() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            databases.append(name)
            url = make_url(TEST_DATABASE_URL).set(database=name).render_as_string(
                hide_password=False)
        app = create_app({"TESTING": True, "AUDIT_KEYS": TEST_AUDIT_KEYS,
                          "SQLALCHEMY_DATABASE_URI": url,
                          "SECRET_KEY": "test-secret-key"})
        if migrate:
            with app.app_context():
                upgrade()
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()
    for name in databases:
        with _server() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))


@contextmanager
def _server():
    engine = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def export(app, directory):
    result = app.test_cli_runner().invoke(args=["export-all", str(directory)])
    assert result.exit_code == 0, result.output
    return result


def restore(app, directory):
    return app.test_cli_runner().invoke(args=["import-all", str(directory)])


def check_restored(source_rows, target) -> None:
    assert contents(target) == source_rows

    def inside():
        checked, broken = verify_chain()
        assert broken is None and checked == len(source_rows["audit_event"]) > 0
        for report in db.session.scalars(select(Report)):
            assert hashlib.sha256(report.pdf).hexdigest() == report.sha256
            assert check_pdf(report.pdf).known
        # new rows get new ids (PostgreSQL sequences moved) and extend the chain
        owner = db.session.scalar(select(User).where(User.email == EMAILS["owner"]))
        created = assessments.create(owner, "Après restauration", "", "banking_finance",
                                     template_id="bank_fraud")
        assert created.id > max(row[0] for row in source_rows["assessment"])
        assert verify_chain() == (checked + 1, None)
        assert db.session.scalar(select(func.max(AuditEvent.seq))) == checked + 1
        # the search reads the restored words (SQLite's FTS5 table is filled by triggers)
        found = db.session.scalars(select(AssessmentOutcome.assessment_id).where(
            search.matches("fraude"))).all()
        assert found and all(isinstance(i, int) for i in found)

    with target.app_context():
        try:
            inside()
        finally:
            db.session.remove()
    client = target.test_client()
    login(client, EMAILS["owner"], PASSWORD)  # the password hash came along
    assert client.get("/assessments").status_code == 200


def test_round_trip_into_a_new_database(app, demo, in_app, new_app, tmp_path):
    in_app(lambda: enrich(demo))
    source_rows = contents(app)
    assert {name for name, rows in source_rows.items() if rows} >= FILLED
    backup = tmp_path / "backup"
    result = export(app, backup)
    assert "Exported" in result.output and "audit_event" in result.output
    manifest = json.loads((backup / "manifest.json").read_text())
    assert {t["name"]: t["rows"] for t in manifest["tables"]} == {
        name: len(rows) for name, rows in source_rows.items()}
    for entry in manifest["tables"]:
        assert hashlib.sha256((backup / entry["file"]).read_bytes()).hexdigest() == \
            entry["sha256"]
        assert (backup / entry["file"]).stat().st_mode & 0o077 == 0  # owner only

    target = new_app("sqlite")
    result = restore(target, backup)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Imported {sum(map(len, source_rows.values()))} rows")
    check_restored(source_rows, target)

    again = restore(target, backup)  # the target now holds data
    assert again.exit_code != 0 and "not empty" in again.output


@pytest.mark.skipif(not ON_POSTGRESQL, reason="needs the PostgreSQL test server")
def test_round_trip_through_sqlite_into_postgresql(app, demo, in_app, new_app, tmp_path):
    in_app(lambda: enrich(demo))
    source_rows = contents(app)
    export(app, tmp_path / "from-postgresql")
    on_sqlite = new_app("sqlite")
    assert restore(on_sqlite, tmp_path / "from-postgresql").exit_code == 0
    export(on_sqlite, tmp_path / "from-sqlite")
    target = new_app("postgresql")
    result = restore(target, tmp_path / "from-sqlite")
    assert result.exit_code == 0, result.output
    check_restored(source_rows, target)


def test_damaged_or_mismatched_backups_are_refused(app, demo, new_app, tmp_path):
    backup = tmp_path / "backup"
    export(app, backup)
    target = new_app("sqlite")
    pristine = contents(target)  # the migrations' rows only (the audit chain's head)
    assert sum(map(len, pristine.values())) == 1

    def refused(directory, expected: str):
        result = restore(target, directory)
        assert result.exit_code != 0 and expected in result.output, result.output
        assert contents(target) == pristine  # nothing restored

    tampered = tmp_path / "tampered"
    shutil.copytree(backup, tampered)
    events = tampered / "audit_event.jsonl"
    events.write_text(events.read_text().replace('"assessment.created"', '"assessment.deleted"',
                                                 1))
    refused(tampered, "audit_event.jsonl does not match its SHA-256")

    other_revision = tmp_path / "other-revision"
    shutil.copytree(backup, other_revision)
    manifest = json.loads((other_revision / "manifest.json").read_text())
    manifest["alembic_revision"] = "0000_elsewhere"
    (other_revision / "manifest.json").write_text(json.dumps(manifest))
    refused(other_revision, "schema revision 0000_elsewhere")

    missing = tmp_path / "missing"
    shutil.copytree(backup, missing)
    (missing / "report.jsonl").unlink()
    refused(missing, "report.jsonl cannot be read")

    result = restore(new_app("sqlite", migrate=False), backup)
    assert result.exit_code != 0 and "init-db" in result.output

    result = app.test_cli_runner().invoke(args=["export-all", str(backup)])
    assert result.exit_code != 0 and "not an empty directory" in result.output
