"""The API endpoints: assessments (list and detail), risk profile, report PDF, OpenAPI.

Every object goes through the interface's own queries and checks (`lists`,
`assessment_or_404` with `permissions`), so the API never shows more than the pages do.
"""

from __future__ import annotations

import io
import math

from flask import Blueprint, Response, abort, jsonify, send_file

from riskassess import pagination
from riskassess.access import assessment_or_404
from riskassess.api import errors
from riskassess.api import openapi as spec
from riskassess.api.auth import api_user, authenticate
from riskassess.api.params import (
    DEFAULT_PER_PAGE,
    LANGS,
    MAX_PAGE,
    MAX_PER_PAGE,
    PREFIX,
    STATUSES,
    bounded,
    choice,
    reject_unknown,
)
from riskassess.api.serialise import detail, summary
from riskassess.core import permissions
from riskassess.core.risk_profile import to_dict
from riskassess.services import assessments as service
from riskassess.services import lists, report_builds
from riskassess.services.reports import EDITIONS, title_for_download

bp = Blueprint("api", __name__, url_prefix=PREFIX)
bp.before_request(authenticate)
bp.before_request(reject_unknown)
for _code in errors.HANDLED:
    bp.register_error_handler(_code, errors.from_exception)


@bp.after_request
def no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/assessments")
def assessments():
    page = bounded("page", 1, MAX_PAGE)
    per_page = bounded("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    status = choice("status", STATUSES, None)
    user, statuses = api_user(), (status,) if status else None
    total = lists.count_visible(user, statuses)
    items = (lists.page_of(user, page, statuses, size=per_page).items
             if page <= pagination.MAX_PAGE and (page - 1) * per_page < total else [])
    return jsonify(items=[summary(a) for a in items], page=page, per_page=per_page,
                   total=total, pages=math.ceil(total / per_page))


@bp.get("/assessments/<int:assessment_id>")
def assessment(assessment_id: int):
    user = api_user()
    return jsonify(detail(user, assessment_or_404(assessment_id, user=user)))


@bp.get("/assessments/<int:assessment_id>/profile")
def profile(assessment_id: int):
    lang = choice("lang", LANGS, "en")
    found = assessment_or_404(assessment_id, user=api_user())
    return jsonify(to_dict(service.profile(found), lang))


@bp.get("/assessments/<int:assessment_id>/report.pdf")
def report(assessment_id: int):
    lang = choice("lang", EDITIONS, "fr")
    found = assessment_or_404(assessment_id, permissions.can_download_report, user=api_user())
    editions = report_builds.progress(found)
    if editions is not None and editions.states.get(lang, "done") != "done":
        if lang in editions.failed:
            return errors.error_response(500, f"the '{lang}' edition of this revision's "
                                         "report could not be laid out: tell the "
                                         "administrator")
        response = errors.error_response(409, f"the '{lang}' edition of this revision's "
                                          "report is being laid out by the background "
                                          "worker: try again in a few seconds")
        response.headers["Retry-After"] = "5"
        return response
    latest = found.report_in(lang)
    if latest is None:
        abort(404, description=f"this assessment has no report in '{lang}'")
    response = send_file(io.BytesIO(latest.pdf), mimetype="application/pdf",
                         as_attachment=True, download_name=title_for_download(found, lang))
    response.headers["X-Report-SHA256"] = latest.sha256
    return response


@bp.get("/openapi.json")
def openapi():
    return jsonify(spec.document())
