"""the editions of an approved report built by the background worker: one row per language,
holding what the report says as approved until the worker has laid it out

Revision ID: 0029_report_builds
Revises: 0028_pia_kept
Create Date: 2026-12-04

Reports stored before are files and stay as they are.
"""
import sqlalchemy as sa
from alembic import op

revision = "0029_report_builds"
down_revision = "0028_pia_kept"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_build",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("assessment_id", sa.Integer(), sa.ForeignKey("assessment.id"),
                  nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("snapshot", sa.LargeBinary(), nullable=True),
        sa.Column("content", sa.String(64), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), sa.ForeignKey("user_account.id"),
                  nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_report_build_assessment_id", "report_build", ["assessment_id"])
    op.create_index("ix_report_build_status_next", "report_build",
                    ["status", "next_attempt_at", "id"])


def downgrade():
    op.drop_index("ix_report_build_status_next", "report_build")
    op.drop_index("ix_report_build_assessment_id", "report_build")
    op.drop_table("report_build")
