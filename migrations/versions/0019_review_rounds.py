"""review rounds: each submission kept as it was (answers, risk profile, evidence), so that
the DPO sees what changed since the previous one

Revision ID: 0019_review_rounds
Revises: 0018_notifications
Create Date: 2026-12-03

"""
import sqlalchemy as sa
from alembic import op

revision = "0019_review_rounds"
down_revision = "0018_notifications"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "review_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_review_round_assessment_id_assessment")),
        sa.ForeignKeyConstraint(["submitted_by_id"], ["user_account.id"],
                                name=op.f("fk_review_round_submitted_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_round")),
        sa.UniqueConstraint("assessment_id", "number",
                            name=op.f("uq_review_round_assessment_id")),
    )
    with op.batch_alter_table("review_round") as batch:
        batch.create_index(batch.f("ix_review_round_assessment_id"), ["assessment_id"])


def downgrade():
    op.drop_table("review_round")
