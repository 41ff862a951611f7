"""indexes for paginated lists: assessments newest first per organisation (and status), a
co-author's assessments, audit events per organisation by sequence and by action

Revision ID: 0009_list_indexes
Revises: 0008_report_language
Create Date: 2026-11-29

"""
from alembic import op

revision = "0009_list_indexes"
down_revision = "0008_report_language"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_assessment_org_updated", "assessment",
     ["organisation_id", "updated_at", "id", "status"]),
    ("ix_assessment_org_status_updated", "assessment",
     ["organisation_id", "status", "updated_at", "id"]),
    ("ix_assessment_coauthor_user", "assessment_coauthor", ["user_id"]),
    ("ix_audit_event_org_seq", "audit_event", ["organisation_id", "seq"]),
    ("ix_audit_event_org_action", "audit_event", ["organisation_id", "action"]),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
