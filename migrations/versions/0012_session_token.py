"""a session token per user, part of every session cookie: a new token ends every session of
that user (logout, password reset, deactivation, role change)

Revision ID: 0012_session_token
Revises: 0011_imported_review
Create Date: 2026-12-03

"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0012_session_token"
down_revision = "0011_imported_review"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("session_token", sa.String(64), nullable=True))
    users = sa.table("user_account", sa.column("id", sa.Integer),
                     sa.column("session_token", sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(users.update().where(users.c.id == user_id)
                           .values(session_token=secrets.token_urlsafe(32)))
    with op.batch_alter_table("user_account") as batch:
        batch.alter_column("session_token", existing_type=sa.String(64), nullable=False)


def downgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("session_token")
