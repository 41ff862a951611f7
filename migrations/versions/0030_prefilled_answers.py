"""answers given by a use-case template are marked until the owner confirms them by saving
their step

Revision ID: 0030_prefilled_answers
Revises: 0029_report_builds
Create Date: 2026-12-04

Answers stored before count as confirmed: which of them came from a template and were never
looked at again is not known.
"""
import sqlalchemy as sa
from alembic import op

revision = "0030_prefilled_answers"
down_revision = "0029_report_builds"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("answer") as batch:
        batch.add_column(sa.Column("prefilled", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("answer") as batch:
        batch.drop_column("prefilled")
