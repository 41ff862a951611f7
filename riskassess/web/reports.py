"""Approved assessments and their PDF reports (auditors, DPOs, owners)."""

from __future__ import annotations

import io

from flask import Blueprint, abort, jsonify, make_response, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user, login_required

from riskassess import unit_of_work
from riskassess.access import assessment_or_404
from riskassess.core import permissions
from riskassess.models import utcnow
from riskassess.pagination import found, page_number
from riskassess.services import lists, report_archive, report_builds
from riskassess.services.reports import EDITIONS, title_for_download
from riskassess.web import list_filters

bp = Blueprint("reports", __name__)


@bp.route("/approved")
@login_required
def approved():
    if not permissions.can_see_approved_list(current_user):
        abort(403)
    filters, _status = list_filters.read(request.args)  # approved ones only
    page = found(lists.page_of(current_user, page_number(), ("approved",),
                                 with_reports=True, filters=filters))
    return render_template("reports/approved.html", assessments=page.items, page=page,
                           filters=filters, owners=lists.owners_seen(current_user),
                           preparing=report_builds.unfinished(a.id for a in page.items))


@bp.route("/assessments/<int:assessment_id>/report.pdf")
@login_required
def download(assessment_id: int):
    assessment = assessment_or_404(assessment_id, permissions.can_download_report)
    lang = request.args.get("lang", "fr")
    if lang not in EDITIONS:
        abort(404)
    progress = report_builds.progress(assessment)
    if progress is not None and progress.states.get(lang, "done") != "done":
        return _preparing(assessment, progress, lang)
    report = assessment.report_in(lang)
    if report is None:
        abort(404)
    response = send_file(
        io.BytesIO(report.pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=title_for_download(assessment, lang),
    )
    response.headers["X-Report-SHA256"] = report.sha256
    return response


def _preparing(assessment, progress, lang: str):
    """The edition asked for is not laid out yet (202, looked at again every few seconds),
    or could not be (500)."""
    failed = lang in progress.failed
    response = make_response(render_template(
        "reports/preparing.html", assessment=assessment, progress=progress, lang=lang,
        failed=failed), 500 if failed else 202)
    if not failed:
        response.headers["Refresh"] = "3"
        response.headers["Retry-After"] = "3"
    return response


@bp.route("/assessments/<int:assessment_id>/report/progress")
@login_required
def progress(assessment_id: int):
    """How far the background worker is with the editions of the current revision (the
    assessment page asks while they are being laid out)."""
    assessment = assessment_or_404(assessment_id, permissions.can_download_report)
    found = report_builds.progress(assessment)
    response = jsonify(found.as_dict() if found else
                       {"editions": {}, "ready": 0, "total": 0, "complete": True,
                        "stalled": False})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/approved/reports.zip")
@login_required
def archive():
    if not permissions.can_see_approved_list(current_user):
        abort(403)
    stamp = utcnow().strftime("%Y%m%d")
    try:
        archive_file = report_archive.write_archive(current_user)
    except report_archive.AlteredReport as altered:
        unit_of_work.rollback()
        return render_template("errors/error.html", code=409, message=_(
            "The archive was not made: the stored report %(id)d no longer matches its "
            "fingerprint. Tell the administrator; every other report can still be downloaded "
            "one by one and checked.", id=altered.report_id)), 409
    return send_file(archive_file, mimetype="application/zip", as_attachment=True,
                     download_name=f"aipd-reports-{stamp}.zip")
