"""SQLite connections are set up for concurrent writers: WAL and a busy timeout
(riskassess/sqlite_setup.py); the load test (tests/load) shows why."""

from __future__ import annotations

from sqlalchemy import create_engine, event, text

from riskassess import create_app, sqlite_setup
from riskassess.extensions import db
from tests.conftest import TEST_AUDIT_KEYS


def pragmas(engine) -> tuple[str, int]:
    with engine.connect() as connection:
        return (connection.execute(text("PRAGMA journal_mode")).scalar_one(),
                connection.execute(text("PRAGMA busy_timeout")).scalar_one())


def test_the_app_opens_sqlite_in_wal_mode_with_a_busy_timeout(tmp_path):
    app = create_app({"TESTING": True, "AUDIT_KEYS": TEST_AUDIT_KEYS,
                      "SECRET_KEY": "test-secret-key",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'wal.sqlite3'}"})
    with app.app_context():
        try:
            assert pragmas(db.engine) == ("wal", sqlite_setup.BUSY_TIMEOUT_MS)
        finally:
            db.engine.dispose()


def test_only_sqlite_engines_get_the_settings(tmp_path):
    memory = create_engine("sqlite://")
    sqlite_setup.install(memory)
    assert pragmas(memory) == ("memory", sqlite_setup.BUSY_TIMEOUT_MS)
    memory.dispose()
    postgresql = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    sqlite_setup.install(postgresql)
    assert not event.contains(postgresql, "connect", sqlite_setup._configure)
    postgresql.dispose()
