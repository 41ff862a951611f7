"""the audit chain keyed with a secret outside the database (HMAC), and a keyed head

Existing events are checked as they were chained (plain SHA-256) and, when the chain is intact,
sealed again with the current audit key; a broken chain is left as it is, and the verifier
keeps reporting it (it accepts no unkeyed event).

Revision ID: 0013_keyed_audit
Revises: 0012_session_token
Create Date: 2026-12-03

"""
import json
from datetime import datetime

import sqlalchemy as sa
from alembic import op
from flask import current_app

from riskassess.core.audit_chain import GENESIS, canonical_time, event_hash, head_mac

revision = "0013_keyed_audit"
down_revision = "0012_session_token"
branch_labels = None
depends_on = None

EVENTS = sa.table("audit_event", sa.column("id", sa.Integer), sa.column("seq", sa.Integer),
                  sa.column("prev_hash", sa.String), sa.column("hash", sa.String),
                  sa.column("key_id", sa.String), sa.column("actor_id", sa.Integer),
                  sa.column("organisation_id", sa.Integer), sa.column("action", sa.String),
                  sa.column("target_type", sa.String), sa.column("target_id", sa.Integer),
                  sa.column("created_at", sa.DateTime), sa.column("details", sa.Text))
HEAD = sa.table("audit_head", sa.column("id", sa.Integer), sa.column("seq", sa.Integer),
                sa.column("last_hash", sa.String), sa.column("key_id", sa.String),
                sa.column("mac", sa.String))


def upgrade():
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("key_id", sa.String(16), nullable=True))
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(sa.Column("key_id", sa.String(16), nullable=True))
        batch.add_column(sa.Column("mac", sa.String(64), nullable=True))
    _seal_again_with_the_key()


def _fields(row) -> dict:
    details = row.details if isinstance(row.details, dict) else json.loads(row.details or "{}")
    created = row.created_at
    if isinstance(created, str):  # SQLite returns text for a column typed as text here
        created = datetime.fromisoformat(created)
    return {"actor_id": row.actor_id, "organisation_id": row.organisation_id,
            "action": row.action, "target_type": row.target_type, "target_id": row.target_id,
            "created_at": canonical_time(created), "details": details}


def _seal_again_with_the_key():
    connection = op.get_bind()
    keyring = current_app.config["AUDIT_KEYRING"]
    key = keyring.current_key
    rows = connection.execute(sa.select(EVENTS).order_by(EVENTS.c.seq)).all()
    previous, resealed = GENESIS, []
    for number, row in enumerate(rows, start=1):
        fields = _fields(row)
        if (row.seq != number or row.prev_hash != previous
                or event_hash(previous, number, fields) != row.hash):
            return  # broken before the upgrade: left as found, reported by verify-audit
        previous = row.hash
        resealed.append((row.id, number, fields))
    head = connection.execute(sa.select(HEAD).where(HEAD.c.id == 1)).first()
    if head is not None and (head.seq != len(rows) or head.last_hash != previous):
        return
    previous = GENESIS
    for event_id, seq, fields in resealed:
        digest = event_hash(previous, seq, fields, key)
        connection.execute(EVENTS.update().where(EVENTS.c.id == event_id).values(
            prev_hash=previous, hash=digest, key_id=keyring.current))
        previous = digest
    if head is not None:
        connection.execute(HEAD.update().where(HEAD.c.id == 1).values(
            last_hash=previous, key_id=keyring.current,
            mac=head_mac(key, len(resealed), previous)))


def downgrade():
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_column("mac")
        batch.drop_column("key_id")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("key_id")
