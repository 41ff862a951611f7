"""Assessments as API objects: a summary for lists, the detail with the answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import select

from riskassess.core import permissions
from riskassess.core.audit_chain import canonical_time
from riskassess.extensions import db
from riskassess.models import Assessment, Report, User


def _time(moment: datetime | None) -> str | None:
    return canonical_time(moment) if moment is not None else None


def summary(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.id,
        "title": assessment.title,
        "status": assessment.status,
        "revision": assessment.revision,
        "sector": assessment.sector,
        "owner": {"id": assessment.owner.id, "name": assessment.owner.name},
        "questionnaire": {"id": assessment.questionnaire_id,
                          "version": assessment.questionnaire_version},
        "created_at": _time(assessment.created_at),
        "updated_at": _time(assessment.updated_at),
        "submitted_at": _time(assessment.submitted_at),
        "decided_at": _time(assessment.decided_at),
        "url": url_for("api.assessment", assessment_id=assessment.id),
    }


def _reports(user: User, assessment: Assessment) -> list[dict[str, Any]]:
    """The latest report of each language edition, when the user may download reports
    (fingerprints only: the PDFs are not loaded)."""
    if not permissions.can_download_report(user, assessment):
        return []
    rows = db.session.execute(select(Report.lang, Report.sha256, Report.created_at)
                              .where(Report.assessment_id == assessment.id)
                              .order_by(Report.id))
    latest = {row.lang: row for row in rows}
    return [{"lang": lang, "sha256": row.sha256, "created_at": _time(row.created_at),
             "url": url_for("api.report", assessment_id=assessment.id, lang=lang)}
            for lang, row in sorted(latest.items())]


def detail(user: User, assessment: Assessment) -> dict[str, Any]:
    return {
        **summary(assessment),
        "description": assessment.description,
        "dpo_opinion": assessment.dpo_opinion,
        "answers": assessment.answer_values(),
        "profile_url": url_for("api.profile", assessment_id=assessment.id),
        "reports": _reports(user, assessment),
    }
