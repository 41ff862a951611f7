"""The review's pages: the queue, the DPO's opinion and the decider's decision, remarks,
evaluations and adjustments."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user, login_required

from riskassess import unit_of_work
from riskassess.access import assessment_or_404
from riskassess.core import limits, permissions
from riskassess.core.limits import MAX_ID
from riskassess.core.workflow import TransitionError
from riskassess.pagination import found, page_number
from riskassess.services import lists
from riskassess.services import review as service
from riskassess.services.catalogue import questionnaire_for
from riskassess.web import list_filters
from riskassess.web.forms import DecisionForm, EmptyForm, OpinionForm

bp = Blueprint("review", __name__)

MESSAGES = {
    "request_changes": lambda: _("The assessment was sent back to its owner with your comment."),
    "give_opinion": lambda: _("Your opinion is recorded; the decider now decides."),
    "approve": lambda: _("The assessment is approved; its PDF report is ready below within "
                         "seconds."),
    "approve_with_conditions": lambda: _("The assessment is approved with conditions; its PDF "
                                         "report is ready below within seconds."),
    "reject": lambda: _("The assessment is refused."),
}


@bp.route("/review")
@login_required
def queue():
    if not permissions.can_see_review_queue(current_user):
        abort(403)
    filters, _status = list_filters.read(request.args)  # the two lists split by status
    return render_template(
        "review/queue.html", filters=filters, owners=lists.owners_seen(current_user),
        pending=found(lists.page_of(current_user, page_number(),
                                      lists.pending_for(current_user), filters=filters)),
        others=found(lists.page_of(current_user, page_number("others_page"),
                                     lists.not_pending_for(current_user), filters=filters)),
    )


def _decision_result(assessment, call, action: str):
    try:
        call()
    except TransitionError:
        unit_of_work.rollback()
        flash(_("This decision is not possible in the assessment's current state."), "error")
    except service.ReviewError as exc:
        unit_of_work.rollback()
        flash(REVIEW_MESSAGES[exc.code](), "error")
    else:
        flash(MESSAGES[action](), "success")
    return redirect(url_for("assessments.show", assessment_id=assessment.id) + "#decision")


@bp.route("/assessments/<int:assessment_id>/opinion", methods=["POST"])
@login_required
def opinion(assessment_id: int):
    """The DPO's part: send back, or give the opinion."""
    assessment = assessment_or_404(assessment_id, permissions.can_review)
    form = OpinionForm()
    if not form.validate_on_submit():
        if len(form.text.data or "") > limits.TEXT:
            flash(REVIEW_MESSAGES["too_long"](), "error")
        else:
            flash(_("Choose your step and write your opinion or what to change."), "error")
        return redirect(url_for("assessments.show", assessment_id=assessment.id) + "#decision")
    return _decision_result(assessment, lambda: service.advise(
        current_user, assessment, form.action.data, form.text.data,
        form.justification.data or "", form.opinion.data or ""), form.action.data)


@bp.route("/assessments/<int:assessment_id>/decision", methods=["POST"])
@login_required
def decide(assessment_id: int):
    """The decider's decision, after the DPO's opinion."""
    assessment = assessment_or_404(assessment_id, permissions.can_decide)
    form = DecisionForm()
    if not form.validate_on_submit():
        if len(form.text.data or "") > limits.TEXT:
            flash(REVIEW_MESSAGES["too_long"](), "error")
        elif form.review_on.errors:
            flash(REVIEW_MESSAGES["review_date"](), "error")
        else:
            flash(_("Choose a decision."), "error")
        return redirect(url_for("assessments.show", assessment_id=assessment.id) + "#decision")
    return _decision_result(assessment, lambda: service.decide(
        current_user, assessment, form.action.data, form.text.data or "",
        form.review_on.data), form.action.data)


SPOT = re.compile(r"[a-z0-9_-]{1,120}")


def _back(assessment, anchor: str = ""):
    """Back to where the form was: a wizard step (`back` = "module:<id>", with the `spot` to
    scroll to) or the assessment page at `anchor`."""
    kind, _sep, module_id = request.form.get("back", "").partition(":")
    spot = request.form.get("spot", "")
    if kind == "page" and SPOT.fullmatch(spot):  # a spot of the assessment page
        return redirect(url_for("assessments.show", assessment_id=assessment.id) + f"#{spot}")
    if kind == "module" and questionnaire_for(assessment).module(module_id) is not None:
        return redirect(url_for("wizard.module", assessment_id=assessment.id,
                                module_id=module_id) + (f"#{spot}" if SPOT.fullmatch(spot)
                                                        else ""))
    return redirect(url_for("assessments.show", assessment_id=assessment.id) + anchor)


REVIEW_MESSAGES = {
    "empty": lambda: _("Write something before sending."),
    "target": lambda: _("This comment target does not exist."),
    "parent": lambda: _("The comment you answer does not exist."),
    "evaluation": lambda: _("Choose an evaluation for an existing module."),
    "comment_required": lambda: _("“To improve” and “to correct” need a comment."),
    "adjustment": lambda: _("Choose a risk and levels from 1 to 4."),
    "justification_required": lambda: _("An adjusted level needs a justification."),
    "unsettled": lambda: _("Modules are still “to correct” or remarks unresolved: say why you "
                           "give your opinion now, or settle them first."),
    "opinion": lambda: _("Choose your opinion: favourable, with reservations or unfavourable."),
    "archive_reason": lambda: _("Give the reason for archiving."),
    "departure": lambda: _("This decision departs from the DPO's opinion: write its reasons."),
    "review_date": lambda: _("The date of the next review must be in the future, within ten "
                             "years."),
    "too_long": lambda: _("This text is longer than %(limit)s characters: nothing was saved.",
                          limit=format_number(limits.TEXT)),
}


def _review_action(assessment, check, call, success: str, anchor: str):
    if not check(current_user, assessment):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        call()
    except service.ReviewError as exc:
        unit_of_work.rollback()
        flash(REVIEW_MESSAGES[exc.code](), "error")
    except TransitionError:
        unit_of_work.rollback()
        flash(_("This action is not possible in the assessment's current state."), "error")
    else:
        flash(success, "success")
    return _back(assessment, anchor)


def _int(name: str) -> int:
    """A number from the form, 0 when it is none or beyond any id or level."""
    try:
        value = int(request.form.get(name, ""))
    except ValueError:
        return 0
    return value if 0 <= value <= MAX_ID else 0


@bp.route("/assessments/<int:assessment_id>/comments", methods=["POST"])
@login_required
def comment(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    target = request.form.get("target", "assessment:")
    target_type, _sep, target_id = target.partition(":")
    parent = _int("parent_id") or None  # a reply names its comment; 0: none
    return _review_action(
        assessment, permissions.can_comment,
        lambda: service.comment(current_user, assessment, request.form.get("body", ""),
                                target_type, target_id or None, parent),
        _("Comment added."), "#discussion")


@bp.route("/assessments/<int:assessment_id>/comments/<int:comment_id>/resolve",
          methods=["POST"])
@login_required
def resolve(assessment_id: int, comment_id: int):
    assessment = assessment_or_404(assessment_id)
    return _review_action(
        assessment, permissions.can_resolve,
        lambda: service.resolve(current_user, assessment, comment_id),
        _("Remark resolved."), "#discussion")


@bp.route("/assessments/<int:assessment_id>/evaluations", methods=["POST"])
@login_required
def evaluate(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    if "module_id" in request.form:  # one module
        entries = {request.form["module_id"]: (request.form.get("status", ""),
                                               request.form.get("comment", ""))}
    else:  # the whole table: status-<module> and comment-<module>
        entries = {key.removeprefix("status-"): (value, request.form.get(
            "comment-" + key.removeprefix("status-"), ""))
            for key, value in request.form.items() if key.startswith("status-")}
    return _review_action(
        assessment, permissions.can_review,
        lambda: service.evaluate_all(current_user, assessment, entries),
        _("Evaluations recorded."), "#evaluations")


@bp.route("/assessments/<int:assessment_id>/adjustments", methods=["POST"])
@login_required
def adjust(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    return _review_action(
        assessment, permissions.can_review,
        lambda: service.adjust(current_user, assessment, request.form.get("risk_id", ""),
                               _int("severity"), _int("likelihood"),
                               request.form.get("justification", "")),
        _("Adjusted level recorded."), "#risks-title")


@bp.route("/assessments/<int:assessment_id>/data-subjects", methods=["POST"])
@login_required
def data_subjects(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    return _review_action(
        assessment, permissions.can_edit,
        lambda: service.data_subjects(current_user, assessment,
                                      request.form.get("sought") == "yes",
                                      request.form.get("opinion", "")),
        _("Data subjects' opinion recorded."), "#data-subjects")


@bp.route("/assessments/<int:assessment_id>/revise", methods=["POST"])
@login_required
def revise(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    return _review_action(assessment, permissions.can_revise,
                          lambda: service.revise(current_user, assessment),
                          _("A new revision is open; the approved version stays frozen."), "")


@bp.route("/assessments/<int:assessment_id>/archive", methods=["POST"])
@login_required
def archive(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    return _review_action(assessment, permissions.can_archive,
                          lambda: service.archive(current_user, assessment,
                                                  request.form.get("reason", "")),
                          _("The assessment is archived."), "")
