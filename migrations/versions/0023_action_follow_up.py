"""the follow-up of planned measures (in progress, done with evidence, abandoned with a reason)
and the organisation's action list derived from it

Revision ID: 0023_action_follow_up
Revises: 0022_evidence_files
Create Date: 2026-12-04

The action list is derived data, written with each assessment's outcome: `flask init-db`
(scripts/run.sh) fills it for existing assessments.
"""
import sqlalchemy as sa
from alembic import op

revision = "0023_action_follow_up"
down_revision = "0022_evidence_files"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "action_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("owner_user_id", sa.Integer(), nullable=True),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("evidence_file_id", sa.Integer(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_action_follow_up_assessment_id_assessment")),
        sa.ForeignKeyConstraint(["evidence_file_id"], ["evidence_file.id"],
                                name=op.f("fk_action_follow_up_evidence_file_id_evidence_file")),
        sa.ForeignKeyConstraint(["owner_user_id"], ["user_account.id"],
                                name=op.f("fk_action_follow_up_owner_user_id_user_account")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user_account.id"],
                                name=op.f("fk_action_follow_up_updated_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_follow_up")),
        sa.UniqueConstraint("assessment_id", "question_id",
                            name=op.f("uq_action_follow_up_assessment_id")),
    )
    op.create_table(
        "action_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("assessment_status", sa.String(length=30), nullable=False),
        sa.Column("question_id", sa.String(length=100), nullable=False),
        sa.Column("title_fr", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("owner_user_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_action_item_assessment_id_assessment")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_action_item_organisation_id_organisation")),
        sa.ForeignKeyConstraint(["owner_user_id"], ["user_account.id"],
                                name=op.f("fk_action_item_owner_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_item")),
        sa.UniqueConstraint("assessment_id", "question_id",
                            name=op.f("uq_action_item_assessment_id")),
    )
    with op.batch_alter_table("action_item") as batch:
        batch.create_index("ix_action_item_org_status_due",
                           ["organisation_id", "status", "due"])


def downgrade():
    op.drop_table("action_item")
    op.drop_table("action_follow_up")
