"""the answers of an imported CNIL PIA without a question of ours, by the module they belong
to ("from the CNIL PIA" in that step and in the report's section)

Revision ID: 0028_pia_kept
Revises: 0027_pia_estimates
Create Date: 2026-12-04

Assessments imported before keep these words in their description, where the import put them.
"""
import sqlalchemy as sa
from alembic import op

revision = "0028_pia_kept"
down_revision = "0027_pia_estimates"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("pia_kept", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("pia_kept")
