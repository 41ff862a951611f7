"""SQLite settings for concurrent writers (several gunicorn workers and threads), applied to
every new SQLite connection. PostgreSQL needs none of this.

- `journal_mode=WAL`: readers no longer block the writer's commit, nor the writer the readers;
  the setting is stored in the database file, so it is only changed when it is not WAL yet.
- `busy_timeout`: a writer waits up to 15 s for the previous one to commit instead of failing
  with "database is locked" (Python's sqlite3 waits 5 s by default).

SQLite allows one writer at a time. Python's sqlite3 driver (as SQLAlchemy uses it) opens the
transaction just before the first INSERT/UPDATE/DELETE, and reads before it run outside any
transaction: a write transaction therefore always starts by taking the write lock, and waits
for it under the busy timeout. (A transaction that read first and wrote second could be
refused at once with SQLITE_BUSY in WAL mode; `BEGIN IMMEDIATE` would then be needed.)

`synchronous` stays at SQLite's default (FULL): a commit is on disk before the request is
answered, so an acknowledged save survives a crash of the app server or of the machine.
Foreign keys stay unenforced on SQLite as before: the migrations rebuild tables in batch mode,
which `foreign_keys=ON` would break; PostgreSQL enforces them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 15_000


def install(engine: Engine) -> None:
    """Apply the settings to every connection `engine` opens, if it is an SQLite engine."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure)


def _configure(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        (mode,) = cursor.execute("PRAGMA journal_mode").fetchone()
        if mode.lower() not in ("wal", "memory"):  # in-memory databases have no journal file
            cursor.execute("PRAGMA journal_mode = WAL").fetchone()
    finally:
        cursor.close()
