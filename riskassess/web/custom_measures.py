"""The page where owners add, change or remove a measure of their own (its status, owner, due
date and description are then answered in the wizard's "Own measures" step)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from riskassess import unit_of_work
from riskassess.access import assessment_or_404
from riskassess.core import permissions
from riskassess.core.custom_measures import EFFECT_LABELS, EFFECTS, MODULE_ID, CustomMeasureError
from riskassess.extensions import db
from riskassess.models import CustomMeasure
from riskassess.services import custom_measures as service
from riskassess.services.catalogue import catalogue_for
from riskassess.web.forms import EmptyForm

bp = Blueprint("custom_measures", __name__)


def _messages(problems: dict[str, str]) -> dict[str, str]:
    words = {"required": _("Required."), "too_long": _("Too long."),
             "unknown": _("Choose among the risks listed.")}
    return {field: str(words.get(code, code)) for field, code in problems.items()}


def _measure(assessment, measure_id: int) -> CustomMeasure:
    measure = db.session.get(CustomMeasure, measure_id)
    if measure is None or measure.assessment_id != assessment.id:
        abort(404)
    return measure


@bp.route("/assessments/<int:assessment_id>/measures/new", methods=["GET", "POST"],
          defaults={"measure_id": None})
@bp.route("/assessments/<int:assessment_id>/measures/<int:measure_id>",
          methods=["GET", "POST"])
@login_required
def edit(assessment_id: int, measure_id: int | None):
    assessment = assessment_or_404(assessment_id, permissions.can_edit)
    measure = _measure(assessment, measure_id) if measure_id is not None else None
    values = {"title": measure.title, "risks": measure.risks, "effect": measure.effect,
              "justification": measure.justification} if measure else {
        "title": "", "risks": [], "effect": "likelihood", "justification": ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        values = {"title": request.form.get("title", ""),
                  "risks": request.form.getlist("risks")[:50],
                  "effect": request.form.get("effect", ""),
                  "justification": request.form.get("justification", "")}
        try:
            if measure is None:
                measure = service.add(current_user, assessment, **values)
                flash(_("Measure added: give its status in the “Own measures” step."),
                      "success")
            else:
                service.change(current_user, assessment, measure, **values)
                flash(_("Measure saved."), "success")
        except CustomMeasureError as error:
            unit_of_work.rollback()
            errors = _messages(error.problems)
        else:
            return redirect(url_for("wizard.module", assessment_id=assessment.id,
                                    module_id=MODULE_ID) + f"#block-custom_{measure.id}")
    return render_template("assessments/custom_measure.html", assessment=assessment,
                           measure=measure, values=values, errors=errors,
                           risks=catalogue_for(assessment).risks, effects=EFFECTS,
                           effect_labels=EFFECT_LABELS, form=EmptyForm()), \
        422 if errors else 200


@bp.route("/assessments/<int:assessment_id>/measures/<int:measure_id>/remove",
          methods=["POST"])
@login_required
def remove(assessment_id: int, measure_id: int):
    assessment = assessment_or_404(assessment_id, permissions.can_edit)
    measure = _measure(assessment, measure_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    service.remove(current_user, assessment, measure)
    flash(_("Measure removed."), "success")
    return redirect(url_for("assessments.show", assessment_id=assessment.id))
