"""review threads, module evaluations, DPO adjustments, frozen versions, revisions

Revision ID: 0006_review_versions
Revises: 0005_coauthors
Create Date: 2026-11-22

"""
import sqlalchemy as sa
from alembic import op

revision = "0006_review_versions"
down_revision = "0005_coauthors"
branch_labels = None
depends_on = None


def _common(table: str) -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f(f"fk_{table}_assessment_id_assessment")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade():
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False,
                                      server_default="1"))
        batch_op.add_column(sa.Column("data_subjects_sought", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("data_subjects_opinion", sa.Text(), nullable=True))
    with op.batch_alter_table("review_comment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False,
                                      server_default="1"))
        batch_op.add_column(sa.Column("target_type", sa.String(length=20), nullable=False,
                                      server_default="assessment"))
        batch_op.add_column(sa.Column("target_id", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_review_comment_parent_id_review_comment"),
                                    "review_comment", ["parent_id"], ["id"])
    op.create_table(
        "module_evaluation", *_common("module_evaluation"),
        sa.Column("module_id", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"],
                                name=op.f("fk_module_evaluation_author_id_user_account")),
        sa.UniqueConstraint("assessment_id", "revision", "module_id",
                            name=op.f("uq_module_evaluation_assessment_id")),
    )
    op.create_table(
        "risk_adjustment", *_common("risk_adjustment"),
        sa.Column("risk_id", sa.String(length=50), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"],
                                name=op.f("fk_risk_adjustment_author_id_user_account")),
        sa.UniqueConstraint("assessment_id", "revision", "risk_id",
                            name=op.f("uq_risk_adjustment_assessment_id")),
    )
    op.create_table(
        "assessment_version", *_common("assessment_version"),
        sa.Column("questionnaire_version", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("review", sa.JSON(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["report.id"],
                                name=op.f("fk_assessment_version_report_id_report")),
        sa.UniqueConstraint("assessment_id", "revision",
                            name=op.f("uq_assessment_version_assessment_id")),
    )
    for table in ("module_evaluation", "risk_adjustment", "assessment_version"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_assessment_id"), ["assessment_id"],
                                  unique=False)


def downgrade():
    for table in ("assessment_version", "risk_adjustment", "module_evaluation"):
        op.drop_table(table)
    with op.batch_alter_table("review_comment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_review_comment_parent_id_review_comment"),
                                 type_="foreignkey")
        for column in ("parent_id", "target_id", "target_type", "revision"):
            batch_op.drop_column(column)
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        for column in ("data_subjects_opinion", "data_subjects_sought", "revision"):
            batch_op.drop_column(column)
