"""evidence files on an assessment, a question or a measure, stored in the database

Revision ID: 0022_evidence_files
Revises: 0021_outcomes
Create Date: 2026-12-04

"""
import sqlalchemy as sa
from alembic import op

revision = "0022_evidence_files"
down_revision = "0021_outcomes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "evidence_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=100), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("family", sa.String(length=20), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_evidence_file_assessment_id_assessment")),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["user_account.id"],
                                name=op.f("fk_evidence_file_uploaded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_file")),
    )
    with op.batch_alter_table("evidence_file") as batch:
        batch.create_index("ix_evidence_file_assessment", ["assessment_id", "id"])


def downgrade():
    op.drop_table("evidence_file")
