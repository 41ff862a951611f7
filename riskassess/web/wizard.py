"""The questionnaire wizard: one module per step, saved as you go, and the summary page that
lists unanswered and "I don't know" answers before submission."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from riskassess import unit_of_work
from riskassess.access import assessment_or_404
from riskassess.core import permissions, remarks
from riskassess.core.answers import (
    draft_measures,
    finished_steps,
    is_draft_measure,
    missing_required,
    module_progress,
    unanswered,
    unknown_answers,
    visible_answers,
    visible_question_ids,
)
from riskassess.services import assessments as service
from riskassess.services import rounds
from riskassess.services.catalogue import questionnaire_for
from riskassess.web.answer_form import error_messages, raw_answers
from riskassess.web.forms import EmptyForm

bp = Blueprint("wizard", __name__)

@bp.route("/assessments/<int:assessment_id>/modules/<module_id>", methods=["GET", "POST"])
@login_required
def module(assessment_id: int, module_id: str):
    assessment = assessment_or_404(assessment_id)
    questionnaire = questionnaire_for(assessment)
    current = questionnaire.module(module_id)
    if current is None:
        abort(404)
    editable = permissions.can_edit(current_user, assessment)
    values = None  # the stored answers, loaded only when the page is rendered
    errors: dict[str, str] = {}
    conflict = False
    if request.method == "POST":
        if not editable:
            abort(403)
        raw = raw_answers(current, request.form)
        try:
            expected = int(request.form.get("version", "0"))
        except ValueError:
            expected = 0
        saved_version = expected
        try:
            saved = service.save_module(current_user, assessment, current, raw, expected)
            errors, saved_version = error_messages(saved.errors), saved.version
        except service.ConflictError:
            unit_of_work.rollback()
            conflict = True
        drafts = [] if errors or conflict else \
            [q for q in current.questions if is_draft_measure(raw.get(q.id))]
        if request.headers.get("X-Autosave"):
            return _autosave_response(saved_version, errors, conflict, drafts)
        if not errors and not conflict:
            flash(_("Answers saved."), "success")
            if drafts:
                flash(_draft_warning(drafts), "warning")
            return redirect(_after_save(assessment, questionnaire, current))
        if conflict:
            flash(_("Someone else saved this assessment since you opened it. Your answers are "
                    "shown below but were not saved: check them and save again."), "error")
        else:
            flash(_("Some answers need correcting; nothing was saved."), "error")
        values = {**assessment.answer_values(), **raw}  # nothing typed is lost
    page = _render_module(assessment, questionnaire, current, values, errors, editable)
    return page, (409 if conflict else 422 if errors else 200)


def _render_module(assessment, questionnaire, current, values, errors, editable) -> str:
    stored = assessment.answer_values()
    if values is None:
        values = stored
    # the answers that count, reduced once for the figures that read only them
    counted = visible_answers(questionnaire, values)
    counted_stored = counted if values is stored else visible_answers(questionnaire, stored)
    index = questionnaire.modules.index(current)
    found = remarks.threads(assessment.comments, assessment.revision)
    here = {("module", current.id), *(("question", q.id) for q in current.questions)}
    evaluation = next((e for e in assessment.evaluations if e.revision == assessment.revision
                       and e.module_id == current.id), None)
    # for readers of a resubmission: what changed since the previous submission
    changed = None if editable else rounds.changed_since_previous(assessment)
    return render_template(
        "wizard/module.html",
        changed=changed,
        since_approved=changed is not None and rounds.last_two(assessment) is None,
        changed_here=[q.id for q in current.questions if changed and q.id in changed],
        only_changed=changed is not None and request.args.get("changed") == "1",
        remarks=remarks.by_target(found),
        step_threads=[t for t in found if t.target in here],
        remark_targets=[(f"module:{current.id}", f"remark-module-{current.id}", "step-review"),
                        *((f"question:{q.id}", f"remark-{q.id}", f"block-{q.id}")
                          for q in current.questions)],
        evaluation=evaluation,
        assessment=assessment,
        questionnaire=questionnaire,
        module=current,
        step=index + 1,
        previous=questionnaire.modules[index - 1] if index else None,
        next=questionnaire.modules[index + 1] if index + 1 < len(questionnaire.modules) else None,
        values=values,
        visible=visible_question_ids(questionnaire, counted),
        outside_answers=_outside_answers(current, counted),
        errors=errors,
        drafts={q.id for q in current.questions if is_draft_measure(values.get(q.id))},
        editable=editable,
        progress=module_progress(questionnaire, counted_stored),
        finished=finished_steps(questionnaire, stored),
        prefilled={a.question_id for a in assessment.answers if a.prefilled},
    )


def _outside_answers(module, counted) -> dict:
    """Answers from other modules that this module's conditions depend on, for the browser
    to evaluate conditions as the user answers (`counted`: the answers that count)."""
    here = {q.id for q in module.questions}
    needed = set()
    for question in module.questions:
        if question.show_if is not None:
            needed |= question.show_if.questions() - here
    return {qid: counted.get(qid) for qid in sorted(needed)}


def _after_save(assessment, questionnaire, current) -> str:
    go = request.form.get("go")
    index = questionnaire.modules.index(current)
    if go == "next" and index + 1 < len(questionnaire.modules):
        target = questionnaire.modules[index + 1].id
        return url_for(".module", assessment_id=assessment.id, module_id=target)
    if go == "previous" and index > 0:
        target = questionnaire.modules[index - 1].id
        return url_for(".module", assessment_id=assessment.id, module_id=target)
    if go == "next":
        return url_for(".summary", assessment_id=assessment.id)
    return url_for(".module", assessment_id=assessment.id, module_id=current.id)


def _draft_warning(drafts: list) -> str:
    return ngettext("A planned measure of this step is saved as a draft: it counts once its "
                    "owner and due date are given.",
                    "%(num)d planned measures of this step are saved as drafts: each counts "
                    "once its owner and due date are given.", len(drafts))


def _autosave_response(version: int, errors: dict[str, str], conflict: bool,
                       drafts: list | None = None):
    """JSON answer to the page's background save (saved as you type), with the version this
    save wrote, which the page sends with its next save."""
    if conflict:
        message = _("Someone else saved this assessment meanwhile; automatic saving is paused. "
                    "Press Save to compare and keep your answers.")
        return jsonify(status="conflict", message=message), 409
    if errors:
        return jsonify(status="invalid", errors=errors,
                       message=_("Some answers need correcting; nothing was saved.")), 422
    warning = {"warning": _draft_warning(drafts)} if drafts else {}
    return jsonify(status="saved", version=version, message=_("Answers saved."), **warning)


@bp.route("/assessments/<int:assessment_id>/summary")
@login_required
def summary(assessment_id: int):
    return _render_summary(assessment_or_404(assessment_id))


def _render_summary(assessment) -> str:
    questionnaire = questionnaire_for(assessment)
    answers = assessment.answer_values()
    return render_template(
        "wizard/summary.html",
        assessment=assessment,
        questionnaire=questionnaire,
        progress=module_progress(questionnaire, answers),
        finished=finished_steps(questionnaire, answers),
        missing=missing_required(questionnaire, answers),
        drafts=draft_measures(questionnaire, answers),
        unanswered=unanswered(questionnaire, answers),
        unknown=unknown_answers(questionnaire, answers),
        module_of=questionnaire.module_of,
        submit_form=EmptyForm(),
    )
