"""notifications in the app, the e-mail outbox drained by the worker, users' language and
e-mail preferences

Revision ID: 0018_notifications
Revises: 0017_decider
Create Date: 2026-12-03

"""
import sqlalchemy as sa
from alembic import op

revision = "0018_notifications"
down_revision = "0017_decider"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("lang", sa.String(2), nullable=False, server_default="fr"))
        batch.add_column(sa.Column("mail_off", sa.String(300), nullable=False,
                                   server_default=""))
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_notification_user_id_user_account")),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_notification_assessment_id_assessment")),
        sa.ForeignKeyConstraint(["actor_id"], ["user_account.id"],
                                name=op.f("fk_notification_actor_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    with op.batch_alter_table("notification") as batch:
        batch.create_index("ix_notification_user_read", ["user_id", "read_at", "id"])
        batch.create_index(batch.f("ix_notification_assessment_id"), ["assessment_id"])
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_outbox_message_organisation_id_organisation")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
    )
    with op.batch_alter_table("outbox_message") as batch:
        batch.create_index("ix_outbox_status_next", ["status", "next_attempt_at", "id"])
        batch.create_index(batch.f("ix_outbox_message_organisation_id"), ["organisation_id"])


def downgrade():
    op.drop_table("outbox_message")
    op.drop_table("notification")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("mail_off")
        batch.drop_column("lang")
