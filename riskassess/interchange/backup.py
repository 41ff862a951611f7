"""Backup and restore of the whole database, generically from the models' metadata, so that
every table is included, present and future.

A backup is a directory: one JSON-lines file per table (one object per row, column name to
value, see backup_codec.py), in dependency order, and `manifest.json` with the format version,
the Alembic revision of the schema, and the row count and SHA-256 of each file. It is read in
one transaction: a consistent snapshot (REPEATABLE READ on PostgreSQL; on SQLite, in WAL mode,
a read transaction that writers do not wait for).

A restore goes into an empty database at the same revision, inserting rows with their
original ids through SQLAlchemy Core (the ORM's guards against changing frozen versions and
audit events do not apply to a restore), in one transaction, then moves PostgreSQL's
sequences past the restored ids. The SHA-256 values detect damaged or edited files; they do
not authenticate a backup: keep backups where only administrators can write.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import Connection, Table, func, select, text

from riskassess.extensions import db
from riskassess.interchange.backup_codec import decode, encode

FORMAT = "riskassess-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BATCH = 500
# Rows that the migrations themselves write into a new database (the audit chain's head before
# any event): a database holding only these counts as empty, and they give way to the backup's.
MIGRATION_ROWS = {"audit_head": lambda table: table.c.seq == 0}


class BackupError(Exception):
    """The backup cannot be written or restored; the message says why."""


def tables() -> list[Table]:
    return list(db.metadata.sorted_tables)


def schema_head() -> str:
    """The revision the migrations lead to."""
    config = current_app.extensions["migrate"].migrate.get_config()
    return ",".join(sorted(ScriptDirectory.from_config(config).get_heads()))


def database_revision(connection: Connection) -> str | None:
    heads = MigrationContext.configure(connection).get_current_heads()
    return ",".join(sorted(heads)) or None


def _private(path: str, flags: int) -> int:
    """Backups hold password hashes and personal data: readable by their owner only."""
    return os.open(path, flags, 0o600)


def _dump(connection: Connection, table: Table, path: Path) -> dict[str, Any]:
    order = list(table.primary_key.columns) or list(table.columns)
    rows = connection.execution_options(yield_per=BATCH).execute(
        select(table).order_by(*order))
    digest, count = hashlib.sha256(), 0
    with open(path, "xb", opener=_private) as out:
        for row in rows:
            record = {c.name: encode(c, value) for c, value in zip(table.columns, row,
                                                                   strict=True)}
            line = (json.dumps(record, ensure_ascii=False, separators=(",", ":"))
                    + "\n").encode("utf-8")
            out.write(line)
            digest.update(line)
            count += 1
    return {"name": table.name, "file": path.name, "rows": count,
            "sha256": digest.hexdigest()}


def export_all(directory: Path) -> dict[str, int]:
    """Write every table to `directory` (new or empty); return the row count per table."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(f"{directory} is not an empty directory")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        elif connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")  # one read transaction for every table
        revision = database_revision(connection)
        entries = [_dump(connection, table, directory / f"{table.name}.jsonl")
                   for table in tables()]
        connection.rollback()
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION,
                "created_at": datetime.now(UTC).isoformat(), "alembic_revision": revision,
                "source_database": db.engine.dialect.name, "tables": entries}
    with open(directory / MANIFEST, "x", encoding="utf-8", opener=_private) as out:
        out.write(json.dumps(manifest, indent=2) + "\n")
    return {entry["name"]: entry["rows"] for entry in entries}


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest, checked against the format, the schema and the files' hashes."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{directory / MANIFEST} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{directory / MANIFEST} is not a riskassess backup manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"backup format version {manifest.get('format_version')} is not "
                          f"supported (this version reads {FORMAT_VERSION})")
    head = schema_head()
    if manifest.get("alembic_revision") != head:
        raise BackupError(f"the backup is of schema revision {manifest.get('alembic_revision')}"
                          f", this application's is {head}: restore with the version of "
                          "riskassess that wrote it, then upgrade")
    entries = {entry.get("name"): entry for entry in manifest.get("tables", [])}
    expected = {table.name for table in tables()}
    if set(entries) != expected:
        raise BackupError(f"the backup's tables do not match the schema: missing "
                          f"{sorted(expected - set(entries))}, unknown "
                          f"{sorted(set(entries) - expected, key=str)}")
    for name, entry in entries.items():
        _check_file(directory, name, entry)
    return manifest


def _check_file(directory: Path, name: str, entry: dict[str, Any]) -> None:
    if entry.get("file") != f"{name}.jsonl":
        raise BackupError(f"manifest: unexpected file name for table {name}")
    digest, count = hashlib.sha256(), 0
    try:
        with (directory / entry["file"]).open("rb") as source:
            for line in source:
                digest.update(line)
                count += 1
    except OSError as exc:
        raise BackupError(f"{entry['file']} cannot be read: {exc}") from exc
    if digest.hexdigest() != entry.get("sha256"):
        raise BackupError(f"{entry['file']} does not match its SHA-256 in the manifest "
                          "(damaged or edited)")
    if count != entry.get("rows"):
        raise BackupError(f"{entry['file']} has {count} rows, the manifest says "
                          f"{entry.get('rows')}")


def _rows(path: Path, table: Table) -> Iterator[dict[str, Any]]:
    columns = {column.name: column for column in table.columns}
    with path.open(encoding="utf-8") as source:
        for number, line in enumerate(source, start=1):
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or set(record) != set(columns):
                    raise ValueError(f"the columns do not match table {table.name}")
                row = {name: decode(columns[name], value) for name, value in record.items()}
            except (ValueError, TypeError) as exc:
                raise BackupError(f"{path.name} line {number}: {exc}") from exc
            yield row


def _insert(connection: Connection, table: Table, path: Path) -> int:
    batch, count = [], 0
    for row in _rows(path, table):
        batch.append(row)
        if len(batch) == BATCH:
            connection.execute(table.insert(), batch)
            count, batch = count + len(batch), []
    if batch:
        connection.execute(table.insert(), batch)
    return count + len(batch)


def _refuse_unless_ready(connection: Connection) -> None:
    revision, head = database_revision(connection), schema_head()
    if revision != head:
        raise BackupError(f"the database is at schema revision {revision}, not {head}: "
                          "create it with `flask --app riskassess init-db` first")
    filled = {}
    for table in tables():
        query = select(func.count()).select_from(table)
        if table.name in MIGRATION_ROWS:
            query = query.where(~MIGRATION_ROWS[table.name](table))
        if count := connection.scalar(query):
            filled[table.name] = count
    if filled:
        listed = ", ".join(f"{name} {n}" for name, n in filled.items())
        raise BackupError(f"the database is not empty ({listed} rows): a backup is restored "
                          "into a new, empty database only")


def _integer(column) -> bool:
    try:
        return column.type.python_type is int
    except NotImplementedError:
        return False


def _move_sequences(connection: Connection) -> None:
    """PostgreSQL: the next generated id of each table comes after the restored ones."""
    quote = connection.dialect.identifier_preparer
    for table in tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or not _integer(key[0]):
            continue
        sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:table, :column)"),
                                     {"table": quote.format_table(table),
                                      "column": key[0].name})
        if sequence is None:
            continue
        highest = connection.scalar(select(func.max(key[0])))
        connection.execute(text("SELECT setval(CAST(:sequence AS regclass), :value, :called)"),
                           {"sequence": sequence, "value": highest or 1,
                            "called": highest is not None})


def import_all(directory: Path) -> dict[str, int]:
    """Restore a backup written by export_all into the (empty) database; return the row
    count per table. Everything or nothing is restored."""
    read_manifest(directory)
    counts = {}
    with db.engine.begin() as connection:
        _refuse_unless_ready(connection)
        for table in tables():
            if table.name in MIGRATION_ROWS:
                connection.execute(table.delete().where(MIGRATION_ROWS[table.name](table)))
            counts[table.name] = _insert(connection, table, directory / f"{table.name}.jsonl")
        if connection.dialect.name == "postgresql":
            _move_sequences(connection)
    return counts
