"""the decision as the GDPR places it: the DPO's opinion and the controller's decision

A user may hold roles besides their main one (`extra_roles`, e.g. "decider"). An assessment
records the DPO's opinion (kind, author, date) apart from the decision (kind, text, decider,
date). Assessments decided before this migration were decided by the DPO alone: their opinion
is that DPO's, given when they decided, of no recorded kind (shown as "opinion and decision by
the DPO"); nothing else is rewritten, so frozen versions and reports verify as before.

Revision ID: 0017_decider
Revises: 0016_remark_resolution
Create Date: 2026-12-03

"""
import sqlalchemy as sa
from alembic import op

revision = "0017_decider"
down_revision = "0016_remark_resolution"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("extra_roles", sa.String(100), nullable=False,
                                   server_default=""))
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("opinion_kind", sa.String(20), nullable=True))
        batch.add_column(sa.Column("opinion_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("opinion_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("decision_kind", sa.String(30), nullable=True))
        batch.add_column(sa.Column("decision_text", sa.Text(), nullable=True))
        batch.create_foreign_key(batch.f("fk_assessment_opinion_by_id_user_account"),
                                 "user_account", ["opinion_by_id"], ["id"])
    op.execute(
        "UPDATE assessment SET opinion_by_id = decided_by_id, opinion_at = decided_at, "
        "decision_kind = CASE WHEN EXISTS (SELECT 1 FROM assessment_version v "
        "WHERE v.assessment_id = assessment.id AND v.revision = assessment.revision) "
        "THEN 'approve' ELSE 'reject' END "
        "WHERE decided_by_id IS NOT NULL AND decided_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table("assessment") as batch:
        batch.drop_constraint(batch.f("fk_assessment_opinion_by_id_user_account"),
                              type_="foreignkey")
        for column in ("decision_text", "decision_kind", "opinion_at", "opinion_by_id",
                       "opinion_kind"):
            batch.drop_column(column)
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("extra_roles")
