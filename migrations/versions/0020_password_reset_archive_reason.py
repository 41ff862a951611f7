"""forgotten passwords (single-use links that expire) and the reason an assessment was
archived

Revision ID: 0020_password_reset
Revises: 0019_review_rounds
Create Date: 2026-12-03

"""
import sqlalchemy as sa
from alembic import op

revision = "0020_password_reset"
down_revision = "0019_review_rounds"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "password_reset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_password_reset_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_reset_token_hash")),
    )
    with op.batch_alter_table("password_reset") as batch:
        batch.create_index(batch.f("ix_password_reset_user_id"), ["user_id"])
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("archive_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("archive_reason")
    op.drop_table("password_reset")
