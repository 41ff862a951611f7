"""Exports of an assessment (JSON document, CSV risk register and action plan) and JSON import."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from riskassess.core import permissions
from riskassess.labels import current_lang
from riskassess.services import portability
from riskassess.web.loading import assessment_or_404

bp = Blueprint("portability", __name__)


class ImportForm(FlaskForm):
    document = FileField(validators=[FileRequired()])


def _download(body: str, mimetype: str, name: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.route("/assessments/<int:assessment_id>/export.json")
@login_required
def export_json(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    body = json.dumps(portability.export_document(assessment), ensure_ascii=False, indent=2)
    return _download(body, "application/json", f"assessment-{assessment.id}.json")


@bp.route("/assessments/<int:assessment_id>/risks.csv")
@login_required
def risks_csv(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    return _download(portability.risk_register_csv(assessment, current_lang()), "text/csv",
                     f"risks-{assessment.id}.csv")


@bp.route("/assessments/<int:assessment_id>/action-plan.csv")
@login_required
def action_plan_csv(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    return _download(portability.action_plan_csv(assessment, current_lang()), "text/csv",
                     f"action-plan-{assessment.id}.csv")


@bp.route("/assessments/import", methods=["GET", "POST"])
@login_required
def import_json():
    if not permissions.can_create(current_user):
        abort(403)
    form = ImportForm()
    status = 200
    if form.validate_on_submit():
        try:
            document = json.loads(form.document.data.read().decode("utf-8"))
            created = portability.import_document(current_user, document)
        except (UnicodeDecodeError, json.JSONDecodeError):
            form.document.errors.append(_("This file is not a JSON document."))
            status = 422
        except portability.DocumentError as exc:
            form.document.errors.append(_("This document cannot be imported: %(reason)s.",
                                          reason=str(exc)))
            status = 422
        else:
            flash(_("Assessment imported."), "success")
            return redirect(url_for("assessments.show", assessment_id=created.id))
    return render_template("assessments/import.html", form=form), status
