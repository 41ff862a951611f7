"""what each assessment concludes, kept for lists, search and the dashboard; the review date
set at decision

Revision ID: 0021_outcomes
Revises: 0020_password_reset
Create Date: 2026-12-04

The outcome rows are derived: they are filled by `flask refresh-outcomes` (scripts/run.sh
runs it) and by the worker, and from then on in the transaction of every change.
On SQLite, words are searched through an FTS5 table that reads `assessment_outcome` (external
content) and that triggers keep in step on every insert, update and delete, restores of
backups included; on PostgreSQL through a GIN index on the French text search vector.
"""
import sqlalchemy as sa
from alembic import op

revision = "0021_outcomes"
down_revision = "0020_password_reset"
branch_labels = None
depends_on = None

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE assessment_fts USING fts5(search_text, content='assessment_outcome', "
    "content_rowid='assessment_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER assessment_fts_insert AFTER INSERT ON assessment_outcome BEGIN "
    "INSERT INTO assessment_fts(rowid, search_text) VALUES (new.assessment_id, new.search_text);"
    " END",
    "CREATE TRIGGER assessment_fts_delete AFTER DELETE ON assessment_outcome BEGIN "
    "INSERT INTO assessment_fts(assessment_fts, rowid, search_text) "
    "VALUES ('delete', old.assessment_id, old.search_text); END",
    "CREATE TRIGGER assessment_fts_update AFTER UPDATE OF search_text ON assessment_outcome "
    "BEGIN INSERT INTO assessment_fts(assessment_fts, rowid, search_text) "
    "VALUES ('delete', old.assessment_id, old.search_text); "
    "INSERT INTO assessment_fts(rowid, search_text) VALUES (new.assessment_id, new.search_text);"
    " END",
)


def upgrade():
    op.create_table(
        "assessment_outcome",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("content_gen", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("conclusion", sa.String(length=30), nullable=False),
        sa.Column("screening", sa.String(length=30), nullable=False),
        sa.Column("ai_tier", sa.String(length=30), nullable=False),
        sa.Column("top_risk", sa.String(length=100), nullable=True),
        sa.Column("top_severity", sa.Integer(), nullable=False),
        sa.Column("top_likelihood", sa.Integer(), nullable=False),
        sa.Column("top_score", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("visible", sa.Integer(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("open_actions", sa.Integer(), nullable=False),
        sa.Column("earliest_due", sa.Date(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_assessment_outcome_assessment_id_assessment")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_assessment_outcome_organisation_id_organisation")),
        sa.PrimaryKeyConstraint("assessment_id", name=op.f("pk_assessment_outcome")),
    )
    with op.batch_alter_table("assessment_outcome") as batch:
        batch.create_index("ix_outcome_org_score",
                           ["organisation_id", "top_score", "top_severity", "assessment_id"])
        batch.create_index("ix_outcome_org_due", ["organisation_id", "earliest_due", "status"])
    op.create_table(
        "outcome_tally",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("conclusion", sa.String(length=30), nullable=False),
        sa.Column("screening", sa.String(length=30), nullable=False),
        sa.Column("ai_tier", sa.String(length=30), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("progress_sum", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_outcome_tally_organisation_id_organisation")),
        sa.PrimaryKeyConstraint("organisation_id", "status", "conclusion", "screening",
                                "ai_tier", name=op.f("pk_outcome_tally")),
    )
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("review_due_on", sa.Date(), nullable=True))
        batch.create_index("ix_assessment_org_review_due",
                           ["organisation_id", "status", "review_due_on"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_outcome_search_fr ON assessment_outcome "
                   "USING gin (to_tsvector('french', search_text))")
    elif op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS assessment_fts")
    with op.batch_alter_table("assessment") as batch:
        batch.drop_index("ix_assessment_org_review_due")
        batch.drop_column("review_due_on")
    op.drop_table("outcome_tally")
    op.drop_table("assessment_outcome")
