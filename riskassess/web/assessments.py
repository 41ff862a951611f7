"""Project owners' pages: list, create, answer the questionnaire module by module, submit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from riskassess.core import permissions
from riskassess.core.answers import missing_required, module_progress, visible_question_ids
from riskassess.core.workflow import TransitionError
from riskassess.services import assessments as service
from riskassess.services.catalogue import questionnaire_for
from riskassess.web.forms import AssessmentForm, DecisionForm, EmptyForm
from riskassess.web.loading import assessment_or_404

bp = Blueprint("assessments", __name__)


@bp.route("/")
@login_required
def home():
    if current_user.role == "dpo":
        return redirect(url_for("review.queue"))
    if current_user.role == "auditor":
        return redirect(url_for("reports.approved"))
    return redirect(url_for("assessments.index"))


@bp.route("/assessments")
@login_required
def index():
    return render_template(
        "assessments/index.html", assessments=service.visible_to(current_user)
    )


@bp.route("/assessments/new", methods=["GET", "POST"])
@login_required
def new():
    if not permissions.can_create(current_user):
        abort(403)
    form = AssessmentForm()
    if form.validate_on_submit():
        assessment = service.create(
            current_user, form.title.data, form.description.data or "", form.sector.data
        )
        flash(_("Assessment created. Answer the questionnaire module by module."), "success")
        first = questionnaire_for(assessment).modules[0]
        return redirect(url_for(".module", assessment_id=assessment.id, module_id=first.id))
    return render_template("assessments/new.html", form=form)


@bp.route("/assessments/<int:assessment_id>")
@login_required
def show(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    questionnaire = questionnaire_for(assessment)
    answers = assessment.answer_values()
    return render_template(
        "assessments/show.html",
        assessment=assessment,
        questionnaire=questionnaire,
        profile=service.profile(assessment),
        progress=module_progress(questionnaire, answers),
        missing=missing_required(questionnaire, answers),
        submit_form=EmptyForm(),
        decision_form=DecisionForm(),
    )


@bp.route("/assessments/<int:assessment_id>/modules/<module_id>", methods=["GET", "POST"])
@login_required
def module(assessment_id: int, module_id: str):
    assessment = assessment_or_404(assessment_id)
    questionnaire = questionnaire_for(assessment)
    current = questionnaire.module(module_id)
    if current is None:
        abort(404)
    editable = permissions.can_edit(current_user, assessment)
    values = assessment.answer_values()
    errors: dict[str, str] = {}
    conflict = False
    if request.method == "POST":
        if not editable:
            abort(403)
        raw = {
            q.id: request.form.getlist(q.id) if q.type == "multi" else request.form.get(q.id)
            for q in current.questions
        }
        try:
            expected = int(request.form.get("version", "0"))
        except ValueError:
            expected = 0
        try:
            errors = service.save_module(current_user, assessment, current, raw, expected)
        except service.ConflictError:
            conflict = True
        if request.headers.get("X-Autosave"):
            return _autosave_response(assessment, errors, conflict)
        if conflict:
            flash(_("Someone else saved this assessment since you opened it. Your answers are "
                    "shown below but were not saved: check them and save again."), "error")
        if errors:
            flash(_("Some answers need correcting; nothing was saved."), "error")
        if errors or conflict:
            values = {**values, **raw}
        else:
            flash(_("Answers saved."), "success")
            index = questionnaire.modules.index(current)
            if request.form.get("go") == "next" and index + 1 < len(questionnaire.modules):
                target = questionnaire.modules[index + 1].id
                return redirect(url_for(".module", assessment_id=assessment.id, module_id=target))
            if request.form.get("go") == "next":
                return redirect(url_for(".show", assessment_id=assessment.id))
            return redirect(url_for(".module", assessment_id=assessment.id, module_id=module_id))
    return render_template(
        "assessments/module.html",
        assessment=assessment,
        questionnaire=questionnaire,
        module=current,
        values=values,
        visible=visible_question_ids(questionnaire, values),
        errors=errors,
        editable=editable,
        progress=module_progress(questionnaire, assessment.answer_values()),
    ), (409 if conflict else 422 if errors else 200)


def _autosave_response(assessment, errors: dict[str, str], conflict: bool):
    """JSON answer to the page's background save (saved as you type)."""
    if conflict:
        message = _("Someone else saved this assessment meanwhile; automatic saving is paused. "
                    "Press Save to compare and keep your answers.")
        return jsonify(status="conflict", message=message), 409
    if errors:
        return jsonify(status="invalid", errors=errors,
                       message=_("Some answers need correcting; nothing was saved.")), 422
    return jsonify(status="saved", version=assessment.version, message=_("Answers saved."))


@bp.route("/assessments/<int:assessment_id>/submit", methods=["POST"])
@login_required
def submit(assessment_id: int):
    assessment = assessment_or_404(assessment_id, permissions.can_submit)
    try:
        service.submit(current_user, assessment)
    except service.IncompleteError as exc:
        flash(_("Answer the required questions before submitting (%(count)d missing).",
                count=len(exc.missing)), "error")
    except TransitionError:
        flash(_("This assessment cannot be submitted in its current state."), "error")
    else:
        flash(_("Assessment submitted to your DPO."), "success")
    return redirect(url_for(".show", assessment_id=assessment.id))
