"""measures of the owner's own: title, risks addressed, effect and its justification (their
status, owner, due date and description are answers, question id custom_<id>)

Revision ID: 0026_custom_measures
Revises: 0025_living_triggers
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0026_custom_measures"
down_revision = "0025_living_triggers"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "custom_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("risks", sa.JSON(), nullable=False),
        sa.Column("effect", sa.String(length=20), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_custom_measure_assessment_id_assessment")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_custom_measure_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_measure")),
    )
    op.create_index(op.f("ix_custom_measure_assessment_id"), "custom_measure",
                    ["assessment_id"])


def downgrade():
    op.drop_index(op.f("ix_custom_measure_assessment_id"), table_name="custom_measure")
    op.drop_table("custom_measure")
