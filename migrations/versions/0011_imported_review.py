"""what an imported file said of its review (status, decision, opinions, evaluations,
adjustments, comments), kept as provenance beside the new draft instead of acts of users of
this instance

Revision ID: 0011_imported_review
Revises: 0010_content_gen
Create Date: 2026-12-03

"""
import sqlalchemy as sa
from alembic import op

revision = "0011_imported_review"
down_revision = "0010_content_gen"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("imported_review", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("imported_review")
