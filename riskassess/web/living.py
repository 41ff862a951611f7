"""Bringing an out-of-date assessment up to date (services/living.py): one page with only the
answers concerned, pre-filled with what the register record now says; saving it opens the new
revision of an approved assessment (and moves it to the current questionnaire content when
that was a cause), then stores those answers. The rest of the assessment stays as it was, and
the new revision goes through the usual review and decision."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from riskassess import unit_of_work
from riskassess.access import assessment_or_404
from riskassess.core import permissions
from riskassess.core.answers import AnswerError, parse_answer
from riskassess.services import assessments as service
from riskassess.services import living, review
from riskassess.services.catalogue import newer_version, questionnaire_for
from riskassess.web.answer_form import error_messages, raw_answer
from riskassess.web.forms import EmptyForm

bp = Blueprint("living", __name__)


@bp.route("/assessments/<int:assessment_id>/out-of-date", methods=["GET", "POST"])
@login_required
def update(assessment_id: int):
    assessment = assessment_or_404(assessment_id, permissions.can_bring_up_to_date)
    found = living.out_of_date(assessment)
    if found is None:
        flash(_("Nothing is out of date in this assessment."), "info")
        return redirect(url_for("assessments.show", assessment_id=assessment.id))
    questionnaire = questionnaire_for(assessment)
    questions = [q for q in map(questionnaire.question, found.question_ids) if q is not None]
    proposed = {q: new for q, _old, new in found.answers if new is not None}
    values = {**assessment.answer_values(), **proposed}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        raw = {q.id: raw_answer(q, request.form) for q in questions}
        problems = _check(questions, raw)
        conflict = str(assessment.version) != request.form.get("version", "")
        if not problems and not conflict:
            return _apply(assessment, found, questions, raw)
        if conflict:
            flash(_("Someone else saved this assessment since you opened it. Your answers are "
                    "shown below but were not saved: check them and save again."), "error")
        values, errors = {**values, **raw}, error_messages(problems)
        status = 409 if conflict else 422
    return render_template("assessments/update.html", assessment=assessment, found=found,
                           questionnaire=questionnaire, questions=questions, values=values,
                           errors=errors, form=EmptyForm()), status


def _check(questions, raw) -> dict:
    errors = {}
    for question in questions:
        try:
            parse_answer(question, raw.get(question.id))
        except AnswerError as exc:
            unit_of_work.rollback()
            errors[question.id] = exc
    return errors


def _apply(assessment, found, questions, raw):
    opened = assessment.status == "approved"
    if opened:
        review.revise(current_user, assessment)
    if found.content is not None and newer_version(assessment) is not None:
        service.adopt_latest(current_user, assessment)
    if questions:
        service.save_questions(current_user, assessment, questions, raw, assessment.version,
                               "out_of_date")
    if opened:
        flash(_("Revision %(n)d opened with these answers; the rest is as approved. Submit it "
                "to the DPO when ready.", n=assessment.revision), "success")
    else:
        flash(_("Answers saved."), "success")
    return redirect(url_for("assessments.show", assessment_id=assessment.id))
