"""the organisation's logo and classification mention, printed on the report's cover and
pages

Revision ID: 0031_organisation_identity
Revises: 0030_prefilled_answers
Create Date: 2026-12-04

Organisations start without a logo and with the default classification mention; reports
already laid out keep their bytes.
"""
import sqlalchemy as sa
from alembic import op

revision = "0031_organisation_identity"
down_revision = "0030_prefilled_answers"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("classification", sa.String(length=120), nullable=True))


def downgrade():
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("classification")
        batch.drop_column("logo")
