"""questionnaire snapshots and assessment templates

Revision ID: 0002_snapshots
Revises: 0001_initial
Create Date: 2026-11-22

"""
import sqlalchemy as sa
from alembic import op

revision = "0002_snapshots"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "questionnaire_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_snapshot")),
        sa.UniqueConstraint("sha256", name=op.f("uq_questionnaire_snapshot_sha256")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snapshot_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("template_id", sa.String(length=50), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_assessment_snapshot_id_questionnaire_snapshot"),
            "questionnaire_snapshot", ["snapshot_id"], ["id"],
        )


def downgrade():
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_assessment_snapshot_id_questionnaire_snapshot"), type_="foreignkey"
        )
        batch_op.drop_column("template_id")
        batch_op.drop_column("snapshot_id")
    op.drop_table("questionnaire_snapshot")
