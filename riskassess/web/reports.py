"""Approved assessments and their PDF reports (auditors, DPOs, owners)."""

from __future__ import annotations

import io

from flask import Blueprint, abort, render_template, send_file
from flask_login import current_user, login_required

from riskassess.core import permissions
from riskassess.services import assessments
from riskassess.services.reports import title_for_download
from riskassess.web.loading import assessment_or_404

bp = Blueprint("reports", __name__)


@bp.route("/approved")
@login_required
def approved():
    if not permissions.can_see_approved_list(current_user):
        abort(403)
    rows = assessments.visible_to(current_user, statuses=("approved",))
    return render_template("reports/approved.html", assessments=rows)


@bp.route("/assessments/<int:assessment_id>/report.pdf")
@login_required
def download(assessment_id: int):
    assessment = assessment_or_404(assessment_id, permissions.can_download_report)
    report = assessment.latest_report
    if report is None:
        abort(404)
    response = send_file(
        io.BytesIO(report.pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=title_for_download(assessment),
    )
    response.headers["X-Report-SHA256"] = report.sha256
    return response
