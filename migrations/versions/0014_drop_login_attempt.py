"""login throttling moves to Flask-Limiter (riskassess/web/throttle.py): the table of failed
logins, hand-written counters that locked an account from any address, is dropped

Revision ID: 0014_drop_login_attempt
Revises: 0013_keyed_audit
Create Date: 2026-12-03

"""
import sqlalchemy as sa
from alembic import op

revision = "0014_drop_login_attempt"
down_revision = "0013_keyed_audit"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table("login_attempt")


def downgrade():
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
