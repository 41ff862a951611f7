"""Saved states of the test database, restored whole before each test.

The schema is migrated once per worker, the demo seeded once per worker, and each state is
kept as an exact copy: tests then start from a copy instead of building it again.

- SQLite: the database file is copied into an in-memory database with SQLite's online backup
  API, and copied back the same way (a page-by-page copy that SQLite itself keeps consistent
  in WAL mode).
- PostgreSQL: each state is a database of its own, and restoring it is
  `CREATE DATABASE … TEMPLATE …` after dropping the test database (PostgreSQL copies the
  files; sequences, indexes and the audit chain come along as they were).

A restored database is the same bytes as the saved one (SQLite) or the same files
(PostgreSQL), so every test sees exactly what the previous, slower fixtures built: an empty
migrated schema, or the demo organisation after its seeding.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url


class SqliteStates:
    """States of one SQLite database file."""

    def __init__(self, path: Path, release: Callable[[], None]) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        self._release = release  # closes the app's pooled connections
        self._saved: dict[str, sqlite3.Connection] = {}

    def save(self, name: str) -> None:
        self._release()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        with closing(sqlite3.connect(self.path)) as source:
            source.backup(copy)
        self._saved[name] = copy

    def restore(self, name: str) -> None:
        self._release()
        with closing(sqlite3.connect(self.path)) as target:
            self._saved[name].backup(target)

    def close(self) -> None:
        for copy in self._saved.values():
            copy.close()


class PostgresStates:
    """States of one PostgreSQL database, each kept as a template database beside it."""

    def __init__(self, url: str, release: Callable[[], None]) -> None:
        self.url = url
        parsed = make_url(url)
        self.name = parsed.database
        self._admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(
            hide_password=False)
        self._release = release
        self._saved: set[str] = set()

    def _execute(self, *statements: sql.Composable) -> None:
        with psycopg.connect(self._admin, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def _drop(self, name: str) -> sql.Composable:
        return sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))

    def _copy(self, target: str, template: str) -> sql.Composable:
        return sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(target), sql.Identifier(template))

    def _state(self, name: str) -> str:
        return f"{self.name}__{name}"

    def create(self) -> None:
        """A new, empty test database (anything left by an interrupted run is dropped)."""
        self._execute(self._drop(self.name),
                      sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def save(self, name: str) -> None:
        self._release()  # a template must have no open connection
        state = self._state(name)
        self._execute(self._drop(state), self._copy(state, self.name))
        self._saved.add(state)

    def restore(self, name: str) -> None:
        self._release()
        self._execute(self._drop(self.name), self._copy(self.name, self._state(name)))

    def close(self) -> None:
        self._release()
        self._execute(*(self._drop(state) for state in sorted(self._saved)),
                      self._drop(self.name))


def database_states(base_url: str | None, worker: str, tmp_dir: Path,
                    release: Callable[[], None]) -> SqliteStates | PostgresStates:
    """This worker's database, new and empty: a file of its own, or a database of its own
    on the server of `base_url`, named after its database and the worker (gw0, gw1… under
    pytest-xdist, main otherwise)."""
    if not base_url:
        return SqliteStates(tmp_dir / "test.sqlite3", release)
    parsed = make_url(base_url)
    states = PostgresStates(parsed.set(database=f"{parsed.database}_{worker}").render_as_string(
        hide_password=False), release)
    states.create()
    return states
