"""co-authors of assessments

Revision ID: 0005_coauthors
Revises: 0004_audit_chain
Create Date: 2026-11-22

"""
import sqlalchemy as sa
from alembic import op

revision = "0005_coauthors"
down_revision = "0004_audit_chain"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "assessment_coauthor",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_assessment_coauthor_assessment_id_assessment")),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_assessment_coauthor_user_id_user_account")),
        sa.PrimaryKeyConstraint("assessment_id", "user_id", name=op.f("pk_assessment_coauthor")),
    )


def downgrade():
    op.drop_table("assessment_coauthor")
