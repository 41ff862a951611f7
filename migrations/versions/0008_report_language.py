"""report language and revision (French and English editions of each approval)

Revision ID: 0008_report_language
Revises: 0007_api_tokens
Create Date: 2026-11-22

"""
import sqlalchemy as sa
from alembic import op

revision = "0008_report_language"
down_revision = "0007_api_tokens"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lang", sa.String(length=2), nullable=False,
                                      server_default="fr"))
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=True))
    op.execute("UPDATE report SET revision = (SELECT v.revision FROM assessment_version v "
               "WHERE v.report_id = report.id)")


def downgrade():
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_column("revision")
        batch_op.drop_column("lang")
