"""content generation counters on assessments and organisations, raised by every change that
shows on their pages (riskassess/content_stamp.py) and keying the page cache

Revision ID: 0010_content_gen
Revises: 0009_list_indexes
Create Date: 2026-11-22

"""
import sqlalchemy as sa
from alembic import op

revision = "0010_content_gen"
down_revision = "0009_list_indexes"
branch_labels = None
depends_on = None

TABLES = ("assessment", "organisation")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("content_gen", sa.Integer(), nullable=False,
                                       server_default="1"))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("content_gen")
