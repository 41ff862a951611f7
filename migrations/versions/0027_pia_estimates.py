"""the assessor's estimates of an imported CNIL PIA, by risk (impacts, threats, sources,
controls, severity and likelihood with their justifications), shown beside the computed levels

Revision ID: 0027_pia_estimates
Revises: 0026_custom_measures
Create Date: 2026-12-04

Assessments imported before keep these words in their description, where the import put them.
"""
import sqlalchemy as sa
from alembic import op

revision = "0027_pia_estimates"
down_revision = "0026_custom_measures"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("pia_estimates", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("pia_estimates")
