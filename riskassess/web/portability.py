"""Exports of an assessment (JSON document, CNIL PIA file, CSV risk register and action plan)
and imports (JSON document, CNIL PIA file)."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from riskassess import unit_of_work
from riskassess.access import assessment_or_404
from riskassess.core import permissions
from riskassess.interchange import portability
from riskassess.interchange.cnil import service as pia
from riskassess.labels import current_lang

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


def _uploaded_json(form: ImportForm):
    """The uploaded JSON document, or None with the reason put on the form."""
    try:
        return json.loads(form.document.data.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        form.document.errors.append(_("This file is not a JSON document."))
        return None


def _import_page(template: str, form: ImportForm):
    return render_template(template, form=form), 422 if form.document.errors else 200


@bp.route("/assessments/import", methods=["GET", "POST"])
@login_required
def import_json():
    if not permissions.can_create(current_user):
        abort(403)
    form = ImportForm()
    if form.validate_on_submit() and (document := _uploaded_json(form)) is not None:
        try:
            created = portability.import_document(current_user, document)
        except portability.DocumentError as exc:
            unit_of_work.rollback()
            form.document.errors.append(_("This document cannot be imported: %(reason)s.",
                                          reason=str(exc)))
        else:
            flash(_("Assessment imported."), "success")
            return redirect(url_for("assessments.show", assessment_id=created.id))
    return _import_page("assessments/import.html", form)


MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


@bp.route("/assessments/<int:assessment_id>/report.<any(docx, odt):kind>")
@login_required
def edition(assessment_id: int, kind: str):
    """The report of the current revision as an editable working copy (Word, OpenDocument),
    for whoever may read the assessment; only the stored PDF is the verifiable report."""
    from riskassess.services.reports import render_edition, title_for_download

    assessment = assessment_or_404(assessment_id)
    lang = request.args.get("lang", current_lang())
    if lang not in ("fr", "en"):
        abort(404)
    name = title_for_download(assessment, lang).removesuffix(".pdf") + f"-copie.{kind}"
    return Response(render_edition(assessment, kind, lang), mimetype=MEDIA_TYPES[kind],
                    headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.route("/assessments/<int:assessment_id>/export.pia.json")
@login_required
def export_pia(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    body = json.dumps(pia.export_pia(assessment, current_lang()), ensure_ascii=False, indent=2)
    return _download(body, "application/json", f"assessment-{assessment.id}.pia.json")


@bp.route("/assessments/import-pia", methods=["GET", "POST"])
@login_required
def import_pia():
    if not permissions.can_create(current_user):
        abort(403)
    form = ImportForm()
    if form.validate_on_submit() and (document := _uploaded_json(form)) is not None:
        try:
            created, unmapped, warnings = pia.import_pia(current_user, document,
                                                         current_lang())
        except pia.PiaError as exc:
            unit_of_work.rollback()
            form.document.errors.append(_("This CNIL PIA file cannot be imported: %(reason)s.",
                                          reason=str(exc)))
        else:
            for warning in warnings:
                flash(_("Tolerated in the file: %(warning)s.", warning=warning), "info")
            if unmapped:
                flash(_("CNIL PIA imported. %(count)d items have no question of ours; they "
                        "are kept in their step under “From the CNIL PIA”, or in the "
                        "description: %(items)s.",
                        count=len(unmapped),
                        items=", ".join(item.reference for item in unmapped)), "info")
            else:
                flash(_("CNIL PIA imported."), "success")
            return redirect(url_for("assessments.show", assessment_id=created.id))
    return _import_page("assessments/import_pia.html", form)
