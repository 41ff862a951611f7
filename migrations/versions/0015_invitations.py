"""invitations: administrators invite users by e-mail instead of typing their passwords, and
learn nothing of addresses used in other organisations

Revision ID: 0015_invitations
Revises: 0014_drop_login_attempt
Create Date: 2026-12-03

"""
import sqlalchemy as sa
from alembic import op

revision = "0015_invitations"
down_revision = "0014_drop_login_attempt"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replaced", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_invitation_organisation_id_organisation")),
        sa.ForeignKeyConstraint(["invited_by_id"], ["user_account.id"],
                                name=op.f("fk_invitation_invited_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitation_token_hash")),
    )
    with op.batch_alter_table("invitation") as batch:
        batch.create_index(batch.f("ix_invitation_organisation_id"), ["organisation_id"])
        batch.create_index(batch.f("ix_invitation_email"), ["email"])


def downgrade():
    op.drop_table("invitation")
