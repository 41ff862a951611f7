"""the living DPIA's other causes: measurements taken on a decided assessment to monitor it
(kept aside until a new revision), and a record of what its authors were told once

Revision ID: 0025_living_triggers
Revises: 0024_register
Create Date: 2026-12-04

Existing measurements all count (`pending` false); nothing else to fill.
"""
import sqlalchemy as sa
from alembic import op

revision = "0025_living_triggers"
down_revision = "0024_register"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("measurement") as batch:
        batch.add_column(sa.Column("pending", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "living_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_living_notice_assessment_id_assessment")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_living_notice")),
        sa.UniqueConstraint("assessment_id", "cause", "key",
                            name=op.f("uq_living_notice_assessment_id")),
    )


def downgrade():
    op.drop_table("living_notice")
    with op.batch_alter_table("measurement") as batch:
        batch.drop_column("pending")
