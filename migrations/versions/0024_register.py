"""the register of processing activities (GDPR Art. 30): records, their versions, and imports
waiting for confirmation

Revision ID: 0024_register
Revises: 0023_action_follow_up
Create Date: 2026-12-04

"""
import sqlalchemy as sa
from alembic import op

revision = "0024_register"
down_revision = "0023_action_follow_up"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "register_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("screening", sa.JSON(), nullable=False),
        sa.Column("screening_verdict", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_register_record_assessment_id_assessment")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_register_record_organisation_id_organisation")),
        sa.ForeignKeyConstraint(["owner_id"], ["user_account.id"],
                                name=op.f("fk_register_record_owner_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_record")),
    )
    with op.batch_alter_table("register_record") as batch:
        batch.create_index("ix_register_record_org_name", ["organisation_id", "name", "id"])
        batch.create_index("ix_register_record_org_verdict",
                           ["organisation_id", "screening_verdict", "assessment_id"])
        batch.create_index(batch.f("ix_register_record_owner_id"), ["owner_id"])
    op.create_table(
        "register_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["changed_by_id"], ["user_account.id"],
                                name=op.f("fk_register_version_changed_by_id_user_account")),
        sa.ForeignKeyConstraint(["record_id"], ["register_record.id"],
                                name=op.f("fk_register_version_record_id_register_record")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_version")),
        sa.UniqueConstraint("record_id", "number", name=op.f("uq_register_version_record_id")),
    )
    op.create_table(
        "register_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_register_import_organisation_id_organisation")),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_register_import_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_import")),
        sa.UniqueConstraint("token", name=op.f("uq_register_import_token")),
    )


def downgrade():
    op.drop_table("register_import")
    op.drop_table("register_version")
    op.drop_table("register_record")
