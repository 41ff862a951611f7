"""The database of a load test: a fresh SQLite file, or a database of its own on the
PostgreSQL test server (the suite's test database belongs to the in-process app fixture),
migrated, seeded through the services, and read back at the end."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import psycopg
from flask_migrate import upgrade
from psycopg import sql
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from riskassess import create_app
from riskassess.core.questionnaire import Module
from riskassess.extensions import db
from riskassess.models import Answer, Assessment, AuditEvent
from tests.conftest import TEST_AUDIT_KEYS
from tests.load.server import SECRET_KEY

TEST_DATABASE_URL = os.environ.get("RISKASSESS_TEST_DATABASE_URL")
PASSWORD = "load-test-password"
ORGANISATION = "Load Test SA"


def backend() -> str:
    return "postgresql" if TEST_DATABASE_URL else "sqlite"


def _drop(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                           .format(sql.Identifier(name)))


@contextmanager
def database(tmp_path: Path, suffix: str) -> Iterator[str]:
    """The URL of an empty database, removed afterwards (PostgreSQL) or left in tmp_path."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / f'{suffix}.sqlite3'}"
        return
    url = make_url(TEST_DATABASE_URL)
    name = f"{url.database}_{suffix}"
    admin_url = url.set(drivername="postgresql").render_as_string(hide_password=False)
    _drop(admin_url, name)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        _drop(admin_url, name)


@dataclass
class Seeded:
    emails: list[str]  # one per simulated user
    assessment_of: list[int]  # the assessment each user works on
    modules: list[Module]  # the modules they save


@dataclass
class Stored:
    version: int
    answers: dict[str, Any]
    saved_events: int  # "answers.saved" audit events


class Store:
    """An in-process app on the load database, to migrate, seed and read it."""

    def __init__(self, url: str):
        self.app = create_app({"TESTING": True, "AUDIT_KEYS": TEST_AUDIT_KEYS,
                               "SQLALCHEMY_DATABASE_URI": url,
                               "SECRET_KEY": SECRET_KEY})
        with self.app.app_context():
            upgrade()

    def seed(self, writers: list[int], module_ids: list[str]) -> Seeded:
        """One assessment per entry of `writers`, written by that many owners: the first owns
        it, the others are its co-authors."""
        from riskassess import unit_of_work
        from riskassess.services import admin, assessments, users
        from riskassess.services.catalogue import questionnaire_for

        emails: list[str] = []
        assessment_of: list[int] = []
        # every user has the same password: hash it once (hashing is slow on purpose)
        hashed = functools.cache(users.generate_password_hash)
        with self.app.app_context(), mock.patch.object(users, "generate_password_hash", hashed):
            for number, count in enumerate(writers):
                team = []
                for _ in range(count):
                    email = f"owner{len(emails)}@load.test"
                    team.append(users.create_user(email, f"Owner {len(emails)}", "owner",
                                                  ORGANISATION, PASSWORD))
                    emails.append(email)
                assessment = assessments.create(team[0], f"Load test {number}", "",
                                                "banking_finance")
                for coauthor in team[1:]:
                    admin.add_coauthor(team[0], assessment, coauthor.email)
                assessment_of += [assessment.id] * count
            questionnaire = questionnaire_for(assessment)
            modules = [questionnaire.module(m) for m in module_ids]
            unit_of_work.commit()  # as a request does at its end (riskassess/unit_of_work.py)
            db.session.remove()
        return Seeded(emails, assessment_of, modules)

    def read(self) -> dict[int, Stored]:
        """Version, answers and saved-answers audit events of every assessment."""
        with self.app.app_context():
            try:
                versions = {a: v for a, v in db.session.execute(
                    select(Assessment.id, Assessment.version))}
                answers: dict[int, dict[str, Any]] = {a: {} for a in versions}
                for row in db.session.execute(select(Answer.assessment_id, Answer.question_id,
                                                     Answer.value)):
                    answers[row.assessment_id][row.question_id] = row.value
                events = {a: n for a, n in db.session.execute(
                    select(AuditEvent.target_id, func.count())
                    .where(AuditEvent.action == "answers.saved",
                           AuditEvent.target_type == "assessment")
                    .group_by(AuditEvent.target_id))}
                return {a: Stored(v, answers[a], events.get(a, 0)) for a, v in versions.items()}
            finally:
                db.session.remove()

    def journal_mode(self) -> str | None:
        """SQLite's journal mode ("wal" expected), None on PostgreSQL."""
        with self.app.app_context():
            if db.engine.dialect.name != "sqlite":
                return None
            with db.engine.connect() as connection:
                return connection.exec_driver_sql("PRAGMA journal_mode").scalar_one()

    def audit_chain_break(self) -> str | None:
        from riskassess.services.audit import verify_chain

        with self.app.app_context():
            try:
                _, found = verify_chain()
                return None if found is None else str(found)
            finally:
                db.session.remove()

    def close(self) -> None:
        with self.app.app_context():
            db.engine.dispose()
