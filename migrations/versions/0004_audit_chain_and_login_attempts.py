"""hash-chained audit trail, login attempts

Revision ID: 0004_audit_chain
Revises: 0003_measurements
Create Date: 2026-11-22

"""
import json
from datetime import datetime

import sqlalchemy as sa
from alembic import op

from riskassess.core.audit_chain import GENESIS, canonical_time, event_hash

revision = "0004_audit_chain"
down_revision = "0003_measurements"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_audit_event_seq"), ["seq"])
        batch_op.create_unique_constraint(batch_op.f("uq_audit_event_hash"), ["hash"])
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempt")),
    )
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_attempt_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_attempt_ip"), ["ip"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_attempt_created_at"), ["created_at"],
                              unique=False)
    _seal_existing_events()


def _seal_existing_events():
    """Chain the events written before this migration, in their original order."""
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT id, actor_id, organisation_id, action, target_type, target_id, created_at, "
        "details FROM audit_event ORDER BY id")).all()
    previous, seq = GENESIS, 0
    for row in rows:
        seq += 1
        details = row.details if isinstance(row.details, dict) else json.loads(row.details or
                                                                                "{}")
        created = row.created_at
        if isinstance(created, str):  # SQLite returns text to a raw query
            created = datetime.fromisoformat(created)
        fields = {"actor_id": row.actor_id, "organisation_id": row.organisation_id,
                  "action": row.action, "target_type": row.target_type,
                  "target_id": row.target_id, "created_at": canonical_time(created),
                  "details": details}
        digest = event_hash(previous, seq, fields)
        connection.execute(sa.text("UPDATE audit_event SET seq = :seq, prev_hash = :prev, "
                                   "hash = :hash WHERE id = :id"),
                           {"seq": seq, "prev": previous, "hash": digest, "id": row.id})
        previous = digest
    connection.execute(sa.text("INSERT INTO audit_head (id, seq, last_hash) VALUES "
                               "(1, :seq, :hash)"), {"seq": seq, "hash": previous})


def downgrade():
    op.drop_table("login_attempt")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_event_hash"), type_="unique")
        batch_op.drop_constraint(batch_op.f("uq_audit_event_seq"), type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
