"""remark resolution: the DPO closes a remark's thread once the owner has answered it

Revision ID: 0016_remark_resolution
Revises: 0015_invitations
Create Date: 2026-12-03

"""
import sqlalchemy as sa
from alembic import op

revision = "0016_remark_resolution"
down_revision = "0015_invitations"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("review_comment") as batch:
        batch.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("resolved_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_review_comment_resolved_by_id_user_account"),
                                 "user_account", ["resolved_by_id"], ["id"])


def downgrade():
    with op.batch_alter_table("review_comment") as batch:
        batch.drop_constraint(batch.f("fk_review_comment_resolved_by_id_user_account"),
                              type_="foreignkey")
        batch.drop_column("resolved_by_id")
        batch.drop_column("resolved_at")
